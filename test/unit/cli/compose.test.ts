/**
 * `ecs-local compose` as a user types it: the compose file on stdout or in -o FILE, the secrets in
 * 0600 env files beside it and nowhere else, ECS's refusal when a secret cannot be resolved, and
 * every task definition form the other commands read.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { normalizeIds, runCli } from '../../support/cli.js';
import { awsOk, startFakeAwsServer } from '../../support/fake-aws-server.js';
import { DESCRIBE, describeOutput, secretsRoutes } from '../../support/registered-revision.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const seed = path.join(root, 'examples/seed');
const realShaped = path.join(root, 'test/fixtures/taskdefs/real-shaped');
const SECRET_VALUES = ['s3cret-from-the-vault', 'tp-api-key-0123456789', 'feature-flags=on'];
const env = { PATH: process.env.PATH };

interface ComposeDoc {
  name: string;
  services: Record<string, { image: string; environment?: string[]; env_file?: string[]; network_mode?: string; ports?: unknown[]; command?: string[] }>;
}

describe('ecs-local compose', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-compose-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('-o FILE: the compose file, and the secrets in a 0600 env file beside it, named on stderr', async () => {
    const out = path.join(dir, 'compose.yaml');
    const r = await runCli(['compose', path.join(seed, 'taskdef.json'), '-o', out], { env });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('');
    const text = fs.readFileSync(out, 'utf8');
    const doc = parse(text) as ComposeDoc;
    expect(doc.name).to.equal('my-app');
    expect(Object.keys(doc.services)).to.deep.equal(['ecs-local-pause', 'app']);
    expect(doc.services['app']?.network_mode).to.equal('service:ecs-local-pause');
    expect(doc.services['app']?.env_file).to.deep.equal(['./my-app.app.env']);
    expect(doc.services['app']?.environment).to.include('DB_HOST=production-db.cluster-abc123.us-east-1.rds.amazonaws.com');
    // The shell's $ in the command survives compose's interpolation.
    expect(doc.services['app']?.command?.[2]).to.include('$$DB_HOST');

    const envFile = path.join(dir, 'my-app.app.env');
    expect(fs.statSync(envFile).mode & 0o777).to.equal(0o600);
    expect(fs.readFileSync(envFile, 'utf8')).to.equal("API_KEY='tp-api-key-0123456789'\nCONFIG_VALUE='feature-flags=on'\nDB_PASSWORD='s3cret-from-the-vault'\nDB_USERNAME='app'\n");
    for (const v of SECRET_VALUES) expect(text + r.stdout + r.stderr, v).to.not.include(v);
    expect(r.stderr).to.include(`ecs-local: app: 4 secret and environment-file value(s) written to ${envFile} (mode 0600), referenced by env_file`);
    expect(text).to.match(/^# .*no 169\.254\.170\.2 endpoints/m);
    expect(text).to.match(/^# - an essential container \(app\) exiting does not stop the others/m);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['compose.yaml', 'my-app.app.env']);
  });

  it('standard output: the compose file; the env file goes to the current folder, an old one is replaced with mode 0600', async () => {
    const envFile = path.join(dir, 'my-app.app.env');
    fs.writeFileSync(envFile, 'OLD=1\n', { mode: 0o644 });
    const r = await runCli(['compose', path.join(seed, 'taskdef.json')], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
    expect((parse(r.stdout) as ComposeDoc).services['app']?.image).to.equal('ecs-local-example/busybox:latest');
    expect(fs.statSync(envFile).mode & 0o777).to.equal(0o600);
    expect(fs.readFileSync(envFile, 'utf8')).to.not.include('OLD=1');
  });

  it('--endpoints: the endpoints service, said in the header; the task role\'s credentials come from your profile', async () => {
    const r = await runCli(['compose', path.join(seed, 'taskdef.json'), '--endpoints'], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
    const doc = parse(r.stdout) as ComposeDoc;
    expect(Object.keys(doc.services)).to.deep.equal(['ecs-local-pause', 'app', 'ecs-local-endpoints']);
    expect(doc.services['app']?.environment).to.include('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/creds');
    expect(r.stdout).to.match(/^# - 169\.254\.170\.2 is ecs-local-endpoints \(AWS's amazon-ecs-local-container-endpoints\)/m);
  });

  it('a secret ECS cannot resolve: the same stoppedReason as check, exit 3, and nothing written', async () => {
    const file = path.join(seed, 'error-resource-not-found.json');
    const r = await runCli(['compose', file, '-o', path.join(dir, 'compose.yaml')], { cwd: dir, env });
    const c = await runCli(['check', file], { cwd: dir, env });
    expect(r.code).to.equal(3);
    expect(normalizeIds(r.stderr)).to.equal(normalizeIds(c.stderr));
    expect(r.stderr).to.include('ResourceNotFoundException: Secrets Manager can\'t find the specified secret.');
    expect(fs.readdirSync(dir)).to.deep.equal([]);
  });

  it('an output folder that does not exist is one line naming the file and the fix, exit 74', async () => {
    const out = path.join(dir, 'missing', 'compose.yaml');
    const r = await runCli(['compose', path.join(seed, 'taskdef.json'), '-o', out], { cwd: dir, env });
    expect(r.code).to.equal(74);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('ecs-local: error:'))).to.have.length(1);
    expect(r.stderr).to.include(`create the folder of ${path.join(dir, 'missing')}`);
  });

  it('a compose file that cannot be written leaves no env file behind', async () => {
    fs.mkdirSync(path.join(dir, 'compose.yaml'));
    const r = await runCli(['compose', path.join(seed, 'taskdef.json'), '-o', path.join(dir, 'compose.yaml')], { cwd: dir, env });
    expect(r.code).to.equal(74);
    expect(r.stderr).to.include('it is a directory');
    expect(fs.readdirSync(dir)).to.deep.equal(['compose.yaml']);
  });

  it('a registered revision through --endpoint (DescribeTaskDefinition, then the secrets, on a real HTTP server)', async () => {
    const server = await startFakeAwsServer({ [DESCRIBE]: awsOk(describeOutput()), ...secretsRoutes() });
    try {
      const r = await runCli(['compose', 'web-app:14', '--endpoint', server.url, '-o', path.join(dir, 'compose.yaml')], { cwd: dir, env });
      expect(r.code, r.stderr).to.equal(0);
      const doc = parse(fs.readFileSync(path.join(dir, 'compose.yaml'), 'utf8')) as ComposeDoc;
      expect(doc.name).to.equal('web-app');
      const envFile = fs.readdirSync(dir).find((f) => f.endsWith('.env'));
      expect(envFile).to.not.equal(undefined);
      expect(fs.readFileSync(path.join(dir, envFile ?? ''), 'utf8')).to.include("='db-pass-1'\n");
    } finally {
      await server.close();
    }
  });

  describe('every task definition form the loader reads', () => {
    const vault = path.join(realShaped, 'ecs-local.vault.json');
    const forms: [string, string[], string][] = [
      ['a CloudFormation YAML template with --var', ['cloudformation/fargate-service.yaml', '--var', 'EnvironmentName=production'], 'web'],
      ['a Terraform templatefile() with --var-file', ['terraform/container-definitions.json.tpl', '--var-file', 'terraform/production.tfvars'], ''],
      ['a describe-task-definition export', ['registered-describe-output.json'], ''],
      ['a GitHub Actions .aws/task-definition.json', ['gha-task-definition.json'], ''],
      ['terraform show -json of a plan, with --resource', ['terraform/show-plan.json', '--resource', 'aws_ecs_task_definition.web'], ''],
    ];
    for (const [what, args, service] of forms) {
      it(what, async () => {
        const out = path.join(dir, 'compose.yaml');
        const r = await runCli(['compose', ...args, '--vault', vault, '-o', out], { cwd: realShaped, env });
        expect(r.code, r.stderr).to.equal(0);
        const doc = parse(fs.readFileSync(out, 'utf8')) as ComposeDoc;
        expect(Object.keys(doc.services).length).to.be.greaterThan(0);
        if (service !== '') expect(doc.services).to.have.property(service);
        // Whatever the form, secret values are only in the env files (mode 0600).
        for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.env'))) {
          expect(fs.statSync(path.join(dir, f)).mode & 0o777, f).to.equal(0o600);
        }
        expect(fs.readFileSync(out, 'utf8')).to.not.match(/db-pass-1|api-key-1/);
      });
    }
  });
});
