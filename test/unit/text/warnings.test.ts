import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTaskSpec } from '../../../src/container/build-spec.js';
import { buildPlan } from '../../../src/secrets/plan.js';
import type { TaskDefinition } from '../../../src/taskdef/types.js';
import { MAX_LINES_PER_KIND, Warnings, WARNING_KINDS, warningKind } from '../../../src/text/warnings.js';
import { runCli } from '../../support/cli.js';

function collect(silenced: string[] = []): { lines: string[]; w: Warnings } {
  const lines: string[] = [];
  return { lines, w: new Warnings((l) => lines.push(l), silenced) };
}

describe('text/warnings: each warning once, a summary for the rest, silenced by name', () => {
  it('prints a repeated line once and counts it in the summary', () => {
    const { lines, w } = collect();
    w.warn('a thing');
    w.warn('a thing');
    w.warn('a thing');
    expect(lines).to.deep.equal(['a thing']);
    expect(w.summary()).to.equal('2 repeated not shown (--quiet-warning NAME silences a kind; README "Warnings" lists them)');
  });

  it(`shows at most ${MAX_LINES_PER_KIND} lines of one kind, and counts the others by name`, () => {
    const { lines, w } = collect();
    for (const field of ['hostname', 'links', 'dnsServers', 'dnsSearchDomains', 'extraHosts']) w.warn(`${field}: not applied locally`);
    expect(lines).to.have.length(MAX_LINES_PER_KIND);
    expect(w.summary()).to.match(/^2 more not-applied not shown/);
  });

  it('drops a silenced kind entirely, and says nothing of it', () => {
    const { lines, w } = collect(['task-limits']);
    w.warn('cpu/memory: task-level limits are enforced per container locally: each container is held to 0.25 vCPU and 512 MiB, but the 2 together may use more');
    w.warn('something else');
    expect(lines).to.deep.equal(['something else']);
    expect(w.summary()).to.equal(undefined);
  });

  it('names the warnings a task definition really produces', () => {
    const td: TaskDefinition = {
      family: 'f',
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: 'app', image: 'busybox', hostname: 'x', logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' } } },
        { name: 'sidecar', image: 'busybox' },
      ],
    };
    const spec = buildTaskSpec(
      {
        context: { taskId: '0'.repeat(32), region: 'us-east-1', accountId: '123456789012', launchType: 'FARGATE', cluster: 'default' },
        taskDefinition: td,
        plan: buildPlan(td, 'us-east-1'),
        containers: [
          { name: 'app', environment: [] },
          { name: 'sidecar', environment: [] },
        ],
        warnings: [],
      },
      { cwd: process.cwd() },
    );
    const kinds = spec.warnings.map((w) => warningKind(w));
    expect(kinds).to.include.members(['task-limits', 'log-driver', 'not-applied']);
    expect(kinds).to.not.include(undefined);
  });

  it("names the engine's warnings by the engine's name that starts them, and nothing else by it", () => {
    expect(warningKind("Podman 4.3.1: dropped the container's memory and cpu limits: they are not enforced")).to.equal('engine');
    expect(warningKind('Docker Desktop 4.41.2 (191736): Your kernel does not support swap limit capabilities')).to.equal('engine');
    expect(warningKind('Docker 20.10.24+dfsg1: runs containers without cgroups (cgroup driver "none")')).to.equal('engine');
    expect(warningKind('Dockerfile.env: line 3: skipped')).to.equal('env-file');
  });

  it('has unique names, each documented in README', () => {
    const names = WARNING_KINDS.map((k) => k.name);
    expect(new Set(names).size).to.equal(names.length);
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const n of names) expect(readme, n).to.include(`\`${n}\``);
  });
});

describe('--quiet-warning and .ecs-local.json', () => {
  const td = { family: 'w', containerDefinitions: [{ name: 'app', image: 'busybox', memoryReservation: 64, cpu: null }] };
  const NULLS = 'containerDefinitions[0].cpu: null, treated as absent';

  function folder(config?: unknown): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-warn-'));
    fs.writeFileSync(path.join(dir, 'td.json'), JSON.stringify(td));
    if (config !== undefined) fs.writeFileSync(path.join(dir, '.ecs-local.json'), JSON.stringify(config));
    return dir;
  }

  it('the flag silences a named warning', async () => {
    const dir = folder();
    expect((await runCli(['check', 'td.json'], { cwd: dir })).stderr).to.include(NULLS);
    const r = await runCli(['check', 'td.json', '--quiet-warning', 'null-fields'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
  });

  it('.ecs-local.json silences it for everyone working in the folder', async () => {
    const r = await runCli(['check', 'td.json'], { cwd: folder({ quietWarnings: ['null-fields'] }) });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal('');
  });

  it('an unknown name is one clear line with a near miss, exit 2', async () => {
    const dir = folder({ quietWarnings: ['null-field'] });
    const r = await runCli(['check', 'td.json'], { cwd: dir });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^ecs-local: error: .*\.ecs-local\.json: quietWarnings: no warning is named "null-field" \(did you mean "null-fields"\?\); the names: /);
    const flag = await runCli(['check', 'td.json', '--quiet-warning', 'nope'], { cwd: folder() });
    expect(flag.code).to.equal(2);
    expect(flag.stderr).to.match(/^ecs-local: error: --quiet-warning: no warning is named "nope"/);
  });
});
