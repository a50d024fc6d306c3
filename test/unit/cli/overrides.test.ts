import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.js';

const SEED = 'examples/seed';

interface CheckJson {
  containers: { name: string; environment: { name: string; value: string; source: string }[] }[];
  overrides?: unknown;
}

describe('overrides on the command line (check and env)', () => {
  it('-e adds and replaces variables, shown as overrides; a secret of the same name still wins', async () => {
    const r = await runCli(['check', `${SEED}/taskdef.json`, '-e', 'DB_PORT=6543', '-e', 'NEW=1', '-e', 'API_KEY=mine', '--json', '--reveal']);
    expect(r.code, r.stderr).to.equal(0);
    const out = JSON.parse(r.stdout) as CheckJson;
    const env = out.containers[0]?.environment ?? [];
    expect(env.find((v) => v.name === 'DB_PORT')).to.deep.equal({ name: 'DB_PORT', value: '6543', source: 'override' });
    expect(env.find((v) => v.name === 'NEW')).to.deep.equal({ name: 'NEW', value: '1', source: 'override' });
    expect(env.find((v) => v.name === 'API_KEY')).to.deep.include({ value: 'tp-api-key-0123456789', source: 'secret' });
    expect(r.stderr).to.include("API_KEY of container app is also one of its secrets: the secret's value wins, as on ECS");
    expect(out.overrides).to.deep.equal({
      containerOverrides: [{ name: 'app', environment: [{ name: 'DB_PORT', value: '6543' }, { name: 'NEW', value: '1' }, { name: 'API_KEY', value: 'mine' }] }],
    });
  });

  it('env honours --overrides from a file, and --env-file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-ov-'));
    fs.writeFileSync(path.join(dir, 'o.json'), JSON.stringify({ containerOverrides: [{ name: 'app', environment: [{ name: 'FROM_JSON', value: 'j' }] }] }));
    fs.writeFileSync(path.join(dir, 'local.env'), '# comment\nFROM_FILE=f\nDB_HOST=localhost\n');
    const r = await runCli(['env', path.resolve(`${SEED}/taskdef.json`), '--overrides', 'file://o.json', '--env-file', 'local.env'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^FROM_JSON=j$/m);
    expect(r.stdout).to.match(/^FROM_FILE=f$/m);
    expect(r.stdout).to.match(/^DB_HOST=localhost$/m);
  });

  it("refuses an override for a container the task lacks with RunTask's InvalidParameterException, exit 2", async () => {
    const r = await runCli(['check', `${SEED}/taskdef.json`, '--overrides', '{"containerOverrides":[{"name":"web","command":["x"]}]}']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      'InvalidParameterException: Override for container named web is not a container in the TaskDefinition.\necs-local: hint: containers of my-app: app\n',
    );
  });

  it('refuses an unknown field as the AWS CLI does, and bad JSON naming --overrides', async () => {
    const r = await runCli(['check', `${SEED}/taskdef.json`, '--overrides', '{"containerOverride":[]}']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^Parameter validation failed:\nUnknown parameter in overrides: "containerOverride", must be one of: containerOverrides, cpu,/);
    const bad = await runCli(['check', `${SEED}/taskdef.json`, '--overrides', '{oops']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.match(/^ecs-local: error: --overrides:1:2: /);
    expect(bad.stderr).to.not.include('    at ');
  });

  it('asks which container when the task has several', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-ov-'));
    const td = { family: 'two', memory: '512', containerDefinitions: [{ name: 'web', image: 'busybox' }, { name: 'worker', image: 'busybox' }] };
    fs.writeFileSync(path.join(dir, 'td.json'), JSON.stringify(td));
    const r = await runCli(['check', 'td.json', '--command', 'echo hi'], { cwd: dir });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`ecs-local: error: ${path.join(dir, 'td.json')} has 2 containers: say which one --command, -e and --env-file apply to with --container (web, worker)\n`);
    const ok = await runCli(['check', 'td.json', '--command', 'echo hi', '--container', 'worker', '--json'], { cwd: dir });
    expect(ok.code, ok.stderr).to.equal(0);
    expect((JSON.parse(ok.stdout) as CheckJson).overrides).to.deep.equal({ containerOverrides: [{ name: 'worker', command: ['echo', 'hi'] }] });
  });
});
