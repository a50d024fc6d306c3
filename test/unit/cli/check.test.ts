import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeIds, runCli } from '../../support/cli.js';

const SEED = 'examples/seed';
const FARGATE = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';
const SECRET_VALUES = ['s3cret-from-the-vault', 'tp-api-key-0123456789', 'feature-flags=on'];

describe('ecs-local check (seed article example, local vault)', () => {
  it('passes on the seed task definition and masks every secret value', async () => {
    const r = await runCli(['check', `${SEED}/taskdef.json`]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^app\s+DB_PASSWORD\s+secret arn:aws:secretsmanager:us-east-1:123456789012:secret:production\/database\/app-abc123:password::\s+\*{8}$/m);
    expect(r.stdout).to.match(/^app\s+DB_HOST\s+environment\s+production-db\.cluster-abc123/m);
    expect(r.stdout).to.include('OK: ECS would start my-app (FARGATE, us-east-1): 4 secret(s)');
    expect(r.stdout).to.include('3 GetSecretValue and 1 GetParameters call(s)');
    for (const v of SECRET_VALUES) expect(r.stdout + r.stderr).to.not.include(v);
  });

  it('--reveal shows the values, JSON keys rendered as the agent does', async () => {
    const r = await runCli(['check', `${SEED}/taskdef.json`, '--reveal']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/DB_PASSWORD\s+.*\s+s3cret-from-the-vault$/m);
    expect(r.stdout).to.match(/DB_USERNAME\s+.*\s+app$/m);
    expect(r.stdout).to.match(/CONFIG_VALUE\s+.*\s+feature-flags=on$/m);
  });

  it('--json prints one object with masked values and the call counts', async () => {
    const r = await runCli(['check', `${SEED}/taskdef.json`, '--json']);
    expect(r.code).to.equal(0);
    const out = JSON.parse(r.stdout) as { status: string; calls: Record<string, number>; containers: { name: string; environment: { name: string; value: string; source: string }[] }[] };
    expect(out.status).to.equal('OK');
    expect(out.calls).to.deep.equal({ getSecretValue: 3, getParameters: 1, getObject: 0 });
    const api = out.containers[0]?.environment.find((v) => v.name === 'API_KEY');
    expect(api).to.deep.include({ value: '********', source: 'secret' });
  });

  const failures: [string, string, string][] = [
    [
      'error-resource-not-found.json',
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-XXXXXX from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret. status code: 400, request id: <uuid>`,
      "ResourceNotFoundException: The task can't retrieve the secret with ARN 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-XXXXXX' from AWS Secrets Manager. Check whether the secret exists in the specified Region: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: <uuid>, ResourceNotFoundException: Secrets Manager can't find the specified secret.",
    ],
    [
      'error-missing-json-key.json',
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key pasword`,
      'Retrieved secret from Secrets Manager did not contain json key pasword',
    ],
    [
      'error-invalid-arn-format.json',
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): trying to retrieve secret with value arn:aws:secretsmanager:us-east-1:123456789012:secret:production/database/app-abc123:password resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.`,
      'Trying to retrieve secret with value arn:aws:secretsmanager:us-east-1:123456789012:secret:production/database/app-abc123:password resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.',
    ],
    [
      'error-missing-parameter.json',
      `${FARGATE}unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /production/config/missing`,
      'Fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: /production/config/missing',
    ],
  ];
  for (const [file, fargate, ec2] of failures) {
    it(`${file}: exit 3 with the exact stoppedReason, Fargate and EC2`, async () => {
      const r = await runCli(['check', `${SEED}/${file}`]);
      expect(r.code).to.equal(3);
      expect(r.stdout).to.equal('');
      // ECS's text alone on the first line; our hints, if any, follow on their own lines.
      const [reason, ...rest] = normalizeIds(r.stderr).split('\n');
      expect(`${reason}\n`).to.equal(`${fargate}\n`);
      for (const line of rest.filter((l) => l !== '')) expect(line).to.match(/^ecs-local: hint: /);
      const e = await runCli(['check', `${SEED}/${file}`, '--launch-type', 'EC2']);
      expect(e.code).to.equal(3);
      expect(normalizeIds(e.stderr).split('\n')[0]).to.equal(ec2);
    });
  }

  it('a secret the vault holds under another suffix gets a hint after the stoppedReason', async () => {
    const r = await runCli(['check', `${SEED}/error-resource-not-found.json`]);
    expect(r.stderr.split('\n').slice(1)).to.deep.equal([
      'ecs-local: hint: arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-XXXXXX: the vault holds production/third-party-api as arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-def456 (suffix def456, the task asks for XXXXXX); set "arnSuffix": "XXXXXX" on it, or create it at the task\'s ARN with ecs-local vault put --create <that ARN>',
      '',
    ]);
  });

  it('--json on a failure prints the stopped task on stdout', async () => {
    const r = await runCli(['check', `${SEED}/error-missing-json-key.json`, '--json']);
    expect(r.code).to.equal(3);
    expect(JSON.parse(r.stdout)).to.deep.equal({
      lastStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key pasword`,
    });
  });
});

describe('ecs-local check: refusals and bad input', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-cli-'));
    fs.copyFileSync(`${SEED}/ecs-local.vault.json`, path.join(dir, 'ecs-local.vault.json'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  };
  const seed = () => JSON.parse(fs.readFileSync(`${SEED}/taskdef.json`, 'utf8')) as Record<string, unknown>;

  it('a task definition with secrets and no executionRoleArn is a ClientException, exit 2', async () => {
    const td = seed();
    delete td.executionRoleArn;
    const r = await runCli(['check', write('td.json', td)]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal("ClientException: When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.\n");
  });

  it("an EC2 task with no memory limit anywhere is ECS's ClientException for check and run alike, exit 2, before any engine", async () => {
    const td = { family: 'ec2', requiresCompatibilities: ['EC2'], containerDefinitions: [{ name: 'web', image: 'busybox', memory: 128 }, { name: 'log-router', image: 'busybox' }] };
    const file = write('td.json', td);
    const expected =
      "ClientException: Invalid setting for container 'log-router'. At least one of 'memory' or 'memoryReservation' must be specified.\n" +
      'ecs-local: hint: set the task\'s "memory", or "memoryReservation" (a soft limit) or "memory" (a hard limit) in container "log-router"\n';
    // No engine is reachable: the refusal comes first, offline.
    const offline = { env: { PATH: process.env.PATH, XDG_STATE_HOME: dir, DOCKER_HOST: 'unix:///nonexistent/docker.sock' } };
    for (const command of ['check', 'run']) {
      const r = await runCli([command, file], offline);
      expect(r.code, `${command}: ${r.stderr}`).to.equal(2);
      expect(r.stderr, command).to.equal(expected);
    }
    // The same containers in a bare array (Terraform's container_definitions) pass: the task's memory is in the resource.
    const r = await runCli(['check', write('containers.json', td.containerDefinitions)]);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('malformed JSON names the file, line and column, exit 2, no stack trace', async () => {
    const file = write('td.json', '{\n  "family": "x",\n  "containerDefinitions": [\n    { "name": "a", }\n  ]\n}\n');
    const r = await runCli(['check', file]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(new RegExp(`^ecs-local: error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: `));
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.not.match(/\n\s+at /);
  });

  it('no vault anywhere is one clear line, exit 2', async () => {
    fs.rmSync(path.join(dir, 'ecs-local.vault.json'));
    const file = write('td.json', seed());
    const r = await runCli(['check', file], { cwd: dir });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include('no vault found');
    expect(r.stderr).to.include('ecs-local vault init <taskdef>');
    expect(r.stderr).to.include('--vault');
  });

  it('a describe-task-definition output and a bare containerDefinitions array check the same', async () => {
    const td = seed();
    const described = await runCli(['check', write('described.json', { taskDefinition: td, tags: [] })]);
    expect(described.code, described.stderr).to.equal(0);
    const bare = await runCli(['check', write('my-app.json', td.containerDefinitions), '--launch-type', 'FARGATE']);
    expect(bare.code, bare.stderr).to.equal(0);
    expect(bare.stderr).to.include('assuming executionRoleArn arn:aws:iam::123456789012:role/ecsTaskExecutionRole');
  });

  it('unknown flags and launch types are usage errors (exit 2)', async () => {
    expect((await runCli(['check', `${SEED}/taskdef.json`, '--launch-type', 'EXTERNAL'])).code).to.equal(2);
    expect((await runCli(['check', `${SEED}/taskdef.json`, '--nope'])).code).to.equal(2);
  });
});

describe('ecs-local env', () => {
  it('prints the final environment as dotenv, with a warning on stderr', async () => {
    const r = await runCli(['env', `${SEED}/taskdef.json`, '--container', 'app']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('DB_PASSWORD=s3cret-from-the-vault\n');
    expect(r.stdout).to.include('AWS_EXECUTION_ENV=AWS_ECS_FARGATE\n');
    expect(r.stderr).to.include('secret values in clear text');
  });

  it('--format json and --format shell', async () => {
    const j = await runCli(['env', `${SEED}/taskdef.json`, '--format', 'json']);
    expect(JSON.parse(j.stdout)).to.include({ DB_USERNAME: 'app', API_KEY: 'tp-api-key-0123456789', CONFIG_VALUE: 'feature-flags=on' });
    const s = await runCli(['env', `${SEED}/taskdef.json`, '--format', 'shell']);
    expect(s.stdout).to.include("export CONFIG_VALUE='feature-flags=on'\n");
  });

  it('fails as check does when ECS would not start the task', async () => {
    const r = await runCli(['env', `${SEED}/error-missing-json-key.json`]);
    expect(r.code).to.equal(3);
    expect(r.stdout).to.equal('');
  });
});
