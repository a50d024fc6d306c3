/**
 * The library's checkTask and Vault, offline: checkTask gives what `check --json` prints (the same
 * function makes both), and a Vault built in the test changes what ECS would do as the vault
 * commands would.
 */
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkTask, isEcsLocalError, Vault, type CheckVerdict, type Logger } from '../../../src/api/index.js';
import { startVaultServer } from '../../../src/serve/server.js';
import { normalizeIds, runCli } from '../../support/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SEED = path.join(ROOT, 'examples/seed');
const TASK_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production/database/app-abc123';
const API_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-def456';
const quiet: Logger = {};

function seedTaskDefinition(): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(SEED, 'taskdef.json'), 'utf8')) as Record<string, unknown>;
}

function stoppedReason(v: CheckVerdict): string {
  if (!('lastStatus' in v)) throw new Error(`expected a stopped verdict, got ${JSON.stringify(v)}`);
  return v.stoppedReason;
}

describe('api: checkTask gives what check --json prints', () => {
  for (const file of ['taskdef.json', 'error-resource-not-found.json', 'error-missing-json-key.json', 'error-access-denied.json']) {
    it(`examples/seed/${file}`, async () => {
      const cli = await runCli(['check', path.join(SEED, file), '--json'], { cwd: ROOT });
      const verdict = await checkTask(path.join(SEED, file), { cwd: ROOT, env: { PATH: process.env.PATH }, logger: quiet });
      // Request ids and task ids (the role session's name) are new on every call.
      const same = (text: string) => normalizeIds(text).replace(/\b[0-9a-f]{32}\b/g, '<task id>');
      expect(same(JSON.stringify(verdict) + '\n')).to.equal(same(cli.stdout));
    });
  }

  // Task definitions as projects keep them: each option gives what its flag gives.
  const REAL = path.join(ROOT, 'test/fixtures/taskdefs/real-shaped');
  for (const [args, options] of [
    [['cloudformation/fargate-service.yaml', '--var', 'EnvironmentName=production', '--region', 'eu-west-1'], { vars: { EnvironmentName: 'production' }, region: 'eu-west-1' }],
    [
      ['cloudformation/web-and-worker.json', '--resource', 'WorkerTaskDefinition', '--launch-type', 'EC2', '--var', `TokenSecretArn=${API_ARN}`],
      { resource: 'WorkerTaskDefinition', launchType: 'EC2', vars: { TokenSecretArn: API_ARN } },
    ],
    [['terraform/container-definitions.json.tpl', '--var-file', 'terraform/production.tfvars'], { varFiles: ['terraform/production.tfvars'] }],
    [['cdk.out'], {}],
  ] as const) {
    it(`${args.join(' ')}`, async () => {
      const cli = await runCli(['check', ...args, '--vault', 'ecs-local.vault.json', '--json'], { cwd: REAL });
      const verdict = await checkTask(args[0], { ...options, vault: 'ecs-local.vault.json', cwd: REAL, env: { PATH: process.env.PATH }, logger: quiet });
      const same = (text: string) => normalizeIds(text).replace(/\b[0-9a-f]{32}\b/g, '<task id>');
      expect(cli.stdout).to.match(/^\{"(status|lastStatus)"/);
      expect(same(JSON.stringify(verdict) + '\n')).to.equal(same(cli.stdout));
    });
  }

  it('never throws for a task ECS would not start: the verdict carries ECS stoppedReason', async () => {
    const verdict = await checkTask(path.join(SEED, 'error-resource-not-found.json'), { logger: quiet });
    expect(verdict).to.include({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(stoppedReason(verdict)).to.match(/ResourceNotFoundException: Secrets Manager can't find the specified secret\. status code: 400, request id: /);
  });

  it('says its own hint to the logger, apart from ECS text', async () => {
    const info: string[] = [];
    await checkTask(path.join(SEED, 'error-resource-not-found.json'), { logger: { info: (l) => info.push(l) } });
    expect(info.some((l) => l.startsWith('hint: ') && l.includes('suffix def456, the task asks for XXXXXX'))).to.equal(true);
  });

  it('takes the task definition as an object, and RunTask overrides as --overrides does', async () => {
    const verdict = await checkTask(seedTaskDefinition(), {
      vault: path.join(SEED, 'ecs-local.vault.json'),
      overrides: { containerOverrides: [{ name: 'app', environment: [{ name: 'LOG_LEVEL', value: 'debug' }] }] },
      reveal: true,
      logger: quiet,
    });
    if (!('status' in verdict)) throw new Error(verdict.stoppedReason);
    const env = verdict.containers[0]?.environment ?? [];
    expect(env.find((v) => v.name === 'LOG_LEVEL')).to.deep.equal({ name: 'LOG_LEVEL', value: 'debug', source: 'override' });
    expect(env.find((v) => v.name === 'DB_PASSWORD')?.value).to.equal('s3cret-from-the-vault');
  });

  it('reads secrets through an AWS-compatible endpoint (vault serve, as LocalStack) with the real SDK, as --endpoint', async () => {
    const server = await startVaultServer({ vaultFile: path.join(SEED, 'ecs-local.vault.json'), env: {} });
    try {
      const ok = await checkTask(path.join(SEED, 'taskdef.json'), { endpoint: server.url, env: { PATH: process.env.PATH }, logger: quiet });
      expect(ok).to.include({ status: 'OK', backend: `endpoint ${server.url}` });
      const bad = await checkTask(path.join(SEED, 'error-resource-not-found.json'), { endpoint: server.url, env: { PATH: process.env.PATH }, logger: quiet });
      expect(stoppedReason(bad)).to.include("ResourceNotFoundException: Secrets Manager can't find the specified secret.");
    } finally {
      await server.close();
    }
  });

  it('rejects input ECS refuses before any task exists, with an error a test can tell apart', async () => {
    const td = { ...seedTaskDefinition(), containerDefinitions: [] };
    const err = await checkTask(td, { logger: quiet }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isEcsLocalError(err)).to.equal(true);
    expect((err as { errorName: string }).errorName).to.equal('ClientException');
  });
});

describe('api: Vault', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-api-vault-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The seed's secrets, put one by one at the ARNs the task names. */
  async function seedVault(vault: Vault): Promise<void> {
    await vault.put(TASK_ARN, { username: 'app', password: 'pw-1' });
    await vault.put(API_ARN, 'api-key');
    await vault.putParameter('/production/config/value', 'on');
  }

  for (const where of ['in memory', 'on disk'] as const) {
    const make = async () => (where === 'in memory' ? Vault.inMemory({ region: 'us-east-1', accountId: '123456789012' }) : Vault.onDisk(path.join(dir, 'v.json'), { region: 'us-east-1', accountId: '123456789012' }));

    it(`${where}: put, rotate and delete change what the task gets, as on AWS`, async () => {
      const vault = await make();
      await seedVault(vault);
      const reveal = async () => {
        const v = await checkTask(seedTaskDefinition(), { vault, reveal: true, logger: quiet });
        if (!('status' in v)) return v.stoppedReason;
        return Object.fromEntries((v.containers[0]?.environment ?? []).map((e) => [e.name, e.value]));
      };
      expect(await reveal()).to.include({ DB_PASSWORD: 'pw-1', DB_USERNAME: 'app', API_KEY: 'api-key', CONFIG_VALUE: 'on' });
      const rotated = await vault.rotate(TASK_ARN, { username: 'app', password: 'pw-2' });
      expect(rotated.versionId).to.not.equal(rotated.previousVersionId);
      expect(await reveal()).to.include({ DB_PASSWORD: 'pw-2' });
      await vault.delete(API_ARN);
      // A secret scheduled for deletion cannot be read: ECS's stoppedReason for it.
      expect(await reveal()).to.match(/failed to fetch secret .*production\/third-party-api-def456 from secrets manager: InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion\./);
    });

    it(`${where}: policies deny what the role may not read, with IAM's AccessDeniedException`, async () => {
      const vault = await make();
      await seedVault(vault);
      await vault.policies('arn:aws:iam::123456789012:role/ecsTaskExecutionRole', [
        { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ssm:GetParameters', Resource: '*' }, { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: API_ARN }] },
      ]);
      const v = await checkTask(seedTaskDefinition(), { vault, logger: quiet });
      expect(stoppedReason(v)).to.include('AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/');
      expect(stoppedReason(v)).to.include(`is not authorized to perform: secretsmanager:GetSecretValue on resource: ${TASK_ARN}`);
    });
  }

  it('on disk: the file is the vault file the CLI reads, mode 0600', async () => {
    const file = path.join(dir, 'ecs-local.vault.json');
    const vault = await Vault.onDisk(file, { region: 'us-east-1', accountId: '123456789012' });
    await seedVault(vault);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    const cli = await runCli(['check', path.join(SEED, 'taskdef.json'), '--vault', file, '--json', '--reveal'], { cwd: ROOT });
    expect(cli.code).to.equal(0);
    expect(cli.stdout).to.include('"name":"DB_PASSWORD","value":"pw-1"');
  });

  it('in memory: nothing is written to disk', async () => {
    const vault = Vault.inMemory();
    await vault.put('plain', 'v');
    expect(vault.file).to.equal(undefined);
    expect((await vault.document()).secrets).to.have.property('plain');
  });

  it("rejects an operation AWS would refuse with AWS's error code", async () => {
    const vault = Vault.inMemory();
    const err = await vault.rotate('missing', 'x').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.include({ code: 'ResourceNotFoundException' });
  });
});
