import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { main } from '../../../src/main.js';
import { runCli, type CliResult } from '../../support/cli.js';
import { Capture } from '../../support/capture.js';

const SEED = 'examples/seed';
const SEED_VALUES = ['s3cret-from-the-vault', 'tp-api-key-0123456789', 'feature-flags=on'];
const DB = 'production/database/app';
const API = 'production/third-party-api';
const DB_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production/database/app-abc123';
const CREDENTIALS = { accessKeyId: 'AKIDECSLOCALTEST', secretAccessKey: 'not-a-real-secret-key' };

interface Started {
  out: Capture;
  err: Capture;
  done: Promise<number>;
}

/** The CLI in-process as runCli runs it, with a stdin (`vault put/rotate` read values from it). */
function start(args: string[], cwd: string, stdin?: string | { tty: true }, env: NodeJS.ProcessEnv = { PATH: process.env.PATH }): Started {
  const out = new Capture();
  const err = new Capture();
  const input =
    stdin === undefined ? Readable.from([]) : typeof stdin === 'string' ? Readable.from([Buffer.from(stdin)]) : Object.assign(Readable.from([]), { isTTY: true });
  // The extra `stdin` member is what registerVaultCommands reads (default: process.stdin).
  const io = { out, err, env, cwd, stdin: input };
  return { out, err, done: main(args, io) };
}

async function cli(dir: string, args: string[], stdin?: string | { tty: true }): Promise<CliResult> {
  const s = start(args, dir, stdin);
  const code = await s.done;
  return { code, stdout: s.out.text, stderr: s.err.text };
}

/** A temp folder with the seed's task definition and vault. */
function seedDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-vault-cli-'));
  for (const f of ['taskdef.json', 'ecs-local.vault.json']) fs.copyFileSync(path.join(SEED, f), path.join(dir, f));
  return dir;
}

const vaultText = (dir: string) => fs.readFileSync(path.join(dir, 'ecs-local.vault.json'), 'utf8');

interface ListedSecret {
  name: string;
  arn: string;
  deleted: boolean;
  versions: { versionId: string; stages: string[] }[];
}
interface Listed {
  secrets: ListedSecret[];
  parameters: { name: string; type: string; version: number }[];
}

async function listed(dir: string): Promise<Listed> {
  const r = await runCli(['vault', 'list', '--json'], { cwd: dir });
  expect(r.code, r.stderr).to.equal(0);
  return JSON.parse(r.stdout) as Listed;
}

async function stagesOf(dir: string, name: string): Promise<Record<string, string[]>> {
  const s = (await listed(dir)).secrets.find((x) => x.name === name);
  return Object.fromEntries((s?.versions ?? []).map((v) => [v.versionId, v.stages]));
}

async function valueOf(dir: string, args: string[]): Promise<string> {
  const r = await runCli(['vault', 'get', ...args], { cwd: dir });
  expect(r.code, r.stderr).to.equal(0);
  return r.stdout;
}

describe('ecs-local vault', () => {
  let dir: string;
  beforeEach(() => {
    dir = seedDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  describe('list', () => {
    it('shows secrets (ARN, region, staging labels) and parameters (type, version), never values', async () => {
      const r = await runCli(['vault', 'list'], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`^${DB}\\s+us-east-1\\s+active\\s+AWSCURRENT [0-9a-f]{8}\\s+${DB_ARN}$`, 'm'));
      expect(r.stdout).to.match(/^\/production\/config\/value\s+us-east-1\s+SecureString\s+1\s+-$/m);
      for (const v of [...SEED_VALUES, 'username', 'app"']) expect(r.stdout + r.stderr).to.not.include(v);
    });

    it('--json: names, ARNs, versions and stages, no values', async () => {
      const r = await runCli(['vault', 'list', '--json'], { cwd: dir });
      const out = JSON.parse(r.stdout) as Listed;
      expect(out.secrets.map((s) => s.name)).to.deep.equal([DB, API]);
      expect(out.secrets[0]).to.deep.include({ arn: DB_ARN, deleted: false });
      expect(out.secrets[0]?.versions[0]?.stages).to.deep.equal(['AWSCURRENT']);
      expect(out.parameters).to.deep.equal([
        {
          name: '/production/config/value',
          arn: 'arn:aws:ssm:us-east-1:123456789012:parameter/production/config/value',
          region: 'us-east-1',
          accountId: '123456789012',
          type: 'SecureString',
          version: 1,
          labels: [],
        },
      ]);
      for (const v of SEED_VALUES) expect(r.stdout).to.not.include(v);
    });

    it('--vault FILE names another vault; a missing one is one line, exit 2', async () => {
      fs.renameSync(path.join(dir, 'ecs-local.vault.json'), path.join(dir, 'other.json'));
      expect((await runCli(['vault', 'list', '--vault', 'other.json'], { cwd: dir })).code).to.equal(0);
      const r = await runCli(['vault', 'list'], { cwd: dir });
      expect(r.code).to.equal(2);
      expect(r.stderr).to.equal(`ecs-local: error: ${path.join(dir, 'ecs-local.vault.json')}: cannot read the vault: no such file (create it, or name another file with --vault FILE)\n`);
    });
  });

  describe('get', () => {
    it('prints the value on stdout and warns on stderr that it is a secret', async () => {
      const r = await runCli(['vault', 'get', API], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal('tp-api-key-0123456789\n');
      expect(r.stderr).to.match(/^ecs-local: warning: printing the value of secret production\/third-party-api: it is a secret/);
      expect(JSON.parse(await valueOf(dir, [DB_ARN]))).to.include({ password: 's3cret-from-the-vault' });
    });

    it('--parameter, a parameter ARN, and a version selector', async () => {
      expect(await valueOf(dir, ['/production/config/value', '--parameter'])).to.equal('feature-flags=on\n');
      expect(await valueOf(dir, ['arn:aws:ssm:us-east-1:123456789012:parameter/production/config/value'])).to.equal('feature-flags=on\n');
      expect(await valueOf(dir, ['/production/config/value:1', '--parameter'])).to.equal('feature-flags=on\n');
    });

    it("AWS's errors as <Code>: <Message>, exit 2, with a hint on the next line", async () => {
      const r = await runCli(['vault', 'get', 'production/nope'], { cwd: dir });
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal('');
      expect(r.stderr.split('\n')[0]).to.equal("ecs-local: error: ResourceNotFoundException: Secrets Manager can't find the specified secret.");
      const stage = await runCli(['vault', 'get', API, '--version-stage', 'AWSPREVIOUS'], { cwd: dir });
      expect(stage.code).to.equal(2);
      expect(stage.stderr).to.equal(
        "ecs-local: error: ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS\n",
      );
      const id = await runCli(['vault', 'get', API, '--version-id', 'no-such-version-id'], { cwd: dir });
      expect(id.stderr).to.equal("ecs-local: error: ResourceNotFoundException: Secrets Manager can't find the specified secret value for VersionId: no-such-version-id\n");
      const p = await runCli(['vault', 'get', '/production/nope', '--parameter'], { cwd: dir });
      expect(p.code).to.equal(2);
      // [INF] SSM sends ParameterNotFound without a message: the code alone.
      expect(p.stderr.split('\n')[0]).to.equal('ecs-local: error: ParameterNotFound');
      const bad = await runCli(['vault', 'get', 'bad name!'], { cwd: dir });
      expect(bad.stderr).to.include('ecs-local: error: ValidationException: Invalid name. Must be a valid name containing alphanumeric characters');
    });

    it('--version-stage with --parameter is a usage error', async () => {
      const r = await runCli(['vault', 'get', '/production/config/value', '--parameter', '--version-stage', 'AWSCURRENT'], { cwd: dir });
      expect(r.code).to.equal(2);
      expect(r.stdout).to.equal('');
    });
  });

  describe('put', () => {
    it('PutSecretValue from stdin: the new version is AWSCURRENT, the old one AWSPREVIOUS; prints the id, not the value', async () => {
      const before = Object.keys(await stagesOf(dir, API))[0] ?? '';
      const r = await cli(dir, ['vault', 'put', API], 'new-api-key-42\n');
      expect(r.code, r.stderr).to.equal(0);
      const id = /version ([0-9a-f-]{36}) \(AWSCURRENT\)/.exec(r.stdout)?.[1] ?? '';
      expect(id).to.not.equal('');
      expect(r.stdout + r.stderr).to.not.include('new-api-key-42');
      expect(await stagesOf(dir, API)).to.deep.equal({ [before]: ['AWSPREVIOUS'], [id]: ['AWSCURRENT'] });
      // One trailing line break from stdin is dropped; `get` prints one after the value.
      expect(await valueOf(dir, [API])).to.equal('new-api-key-42\n');
      expect(await valueOf(dir, [API, '--version-stage', 'AWSPREVIOUS'])).to.equal('tp-api-key-0123456789\n');
      expect(await valueOf(dir, [API, '--version-id', before])).to.equal('tp-api-key-0123456789\n');
    });

    it('get | put copies a value exactly, and --file takes the file as it is', async () => {
      const copied = await valueOf(dir, [DB]);
      expect((await cli(dir, ['vault', 'put', API, '--stdin'], copied)).code).to.equal(0);
      expect(await valueOf(dir, [API])).to.equal(copied);
      fs.writeFileSync(path.join(dir, 'key.pem'), '-----BEGIN-----\nabc\n-----END-----\n');
      const r = await runCli(['vault', 'put', API, '--file', 'key.pem'], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      expect(await valueOf(dir, [API])).to.equal('-----BEGIN-----\nabc\n-----END-----\n\n');
    });

    it('a missing secret needs --create (CreateSecret); --create on an existing one is refused as AWS does', async () => {
      const missing = await cli(dir, ['vault', 'put', 'production/new'], 'v1');
      expect(missing.code).to.equal(2);
      expect(missing.stderr).to.equal(
        "ecs-local: error: ResourceNotFoundException: Secrets Manager can't find the specified secret.\n" +
          `  no secret production/new in ${path.join(dir, 'ecs-local.vault.json')}: add --create to create it (CreateSecret)\n`,
      );
      const created = await cli(dir, ['vault', 'put', 'production/new', '--create'], 'v1');
      expect(created.code, created.stderr).to.equal(0);
      expect(created.stdout).to.match(/^production\/new: created with version [0-9a-f-]{36} \(AWSCURRENT\)\n {2}arn:aws:secretsmanager:us-east-1:123456789012:secret:production\/new-[A-Za-z0-9]{6}: /);
      expect(await valueOf(dir, ['production/new'])).to.equal('v1\n');
      const again = await cli(dir, ['vault', 'put', 'production/new', '--create'], 'v2');
      expect(again.code).to.equal(2);
      expect(again.stderr.split('\n')[0]).to.equal('ecs-local: error: ResourceExistsException: The operation failed because the secret production/new already exists.');
    });

    it('--region: the region the call goes to; an ARN names its own region', async () => {
      const r = await cli(dir, ['vault', 'put', 'eu/only', '--create', '--region', 'eu-west-1'], 'in-eu');
      expect(r.code, r.stderr).to.equal(0);
      const arn = /(arn:aws:secretsmanager:eu-west-1:123456789012:secret:eu\/only-[A-Za-z0-9]{6})/.exec(r.stdout)?.[1] ?? '';
      expect(arn).to.not.equal('');
      expect((await runCli(['vault', 'get', 'eu/only'], { cwd: dir })).code).to.equal(2);
      expect(await valueOf(dir, ['eu/only', '--region', 'eu-west-1'])).to.equal('in-eu\n');
      expect(await valueOf(dir, [arn])).to.equal('in-eu\n');
      // As on AWS, an ARN sent to another region is not found there.
      expect((await runCli(['vault', 'get', arn, '--region', 'us-east-1'], { cwd: dir })).code).to.equal(2);
    });

    it('--version-stages puts a version without moving AWSCURRENT', async () => {
      const r = await cli(dir, ['vault', 'put', API, '--version-stages', 'AWSPENDING,CUSTOM'], 'pending-value');
      expect(r.code, r.stderr).to.equal(0);
      expect(await valueOf(dir, [API])).to.equal('tp-api-key-0123456789\n');
      expect(await valueOf(dir, [API, '--version-stage', 'CUSTOM'])).to.equal('pending-value\n');
      expect(Object.values(await stagesOf(dir, API))).to.deep.include(['AWSPENDING', 'CUSTOM']);
    });

    it('--parameter: PutParameter with Overwrite; a new parameter is a SecureString unless --type says', async () => {
      const over = await cli(dir, ['vault', 'put', '/production/config/value', '--parameter'], 'feature-flags=off');
      expect(over.code, over.stderr).to.equal(0);
      expect(over.stdout).to.equal('/production/config/value: version 2 (SecureString)\n');
      expect(await valueOf(dir, ['/production/config/value', '--parameter'])).to.equal('feature-flags=off\n');
      expect(await valueOf(dir, ['/production/config/value:1', '--parameter'])).to.equal('feature-flags=on\n');
      expect((await cli(dir, ['vault', 'put', '/production/new', '--parameter'], 'x')).stdout).to.equal('/production/new: version 1 (SecureString)\n');
      expect((await cli(dir, ['vault', 'put', '/production/plain', '--parameter', '--type', 'String'], 'x')).stdout).to.equal('/production/plain: version 1 (String)\n');
      const reserved = await cli(dir, ['vault', 'put', 'aws-thing', '--parameter'], 'x');
      expect(reserved.code).to.equal(2);
      expect(reserved.stderr).to.equal('ecs-local: error: ValidationException: Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).\n');
    });

    it('refuses a value from a terminal, an empty value, and --file with --stdin; the vault is untouched', async () => {
      const before = vaultText(dir);
      const tty = await cli(dir, ['vault', 'put', API], { tty: true });
      expect(tty.code).to.equal(2);
      expect(tty.stderr).to.include('never from the command line');
      expect((await cli(dir, ['vault', 'put', API], '')).stderr).to.equal('ecs-local: error: the value is empty (standard input gave nothing)\n');
      fs.writeFileSync(path.join(dir, 'v.txt'), 'x');
      expect((await cli(dir, ['vault', 'put', API, '--file', 'v.txt', '--stdin'], 'y')).code).to.equal(2);
      expect((await runCli(['vault', 'put', API, '--file', 'missing.txt'], { cwd: dir })).stderr).to.equal(
        'ecs-local: error: missing.txt: cannot read the value: no such file (check the path given to --file)\n',
      );
      expect(vaultText(dir)).to.equal(before);
    });

    it('keeps ${VAR} templates of the vault file, and a value with "${" comes back as written', async () => {
      const doc = JSON.parse(vaultText(dir)) as { secrets: Record<string, { value: unknown }> };
      (doc.secrets[DB] as { value: Record<string, unknown> }).value.password = '${DB_PASSWORD}';
      fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify(doc, null, 2));
      fs.writeFileSync(path.join(dir, '.env'), 'DB_PASSWORD=from-dotenv\n');
      expect(JSON.parse(await valueOf(dir, [DB]))).to.include({ password: 'from-dotenv' });

      expect((await cli(dir, ['vault', 'put', DB], 'literal ${NOT_A_VAR}')).code).to.equal(0);
      const text = vaultText(dir);
      expect(text).to.include('"password": "${DB_PASSWORD}"');
      expect(text).to.not.include('from-dotenv');
      expect(await valueOf(dir, [DB])).to.equal('literal ${NOT_A_VAR}\n');
      expect(JSON.parse(await valueOf(dir, [DB, '--version-stage', 'AWSPREVIOUS']))).to.include({ password: 'from-dotenv' });
    });
  });

  describe('rotate', () => {
    it('--generate N --json-key: old → AWSPREVIOUS, new → AWSCURRENT, no AWSPENDING; check --reveal sees the new value', async () => {
      const old = Object.keys(await stagesOf(dir, DB))[0] ?? '';
      const r = await runCli(['vault', 'rotate', DB, '--generate', '24', '--json-key', 'password'], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      const id = /version ([0-9a-f-]{36}) is AWSCURRENT/.exec(r.stdout)?.[1] ?? '';
      expect(r.stdout).to.equal(`${DB}: rotated; version ${id} is AWSCURRENT, version ${old} is AWSPREVIOUS\n`);
      expect(await stagesOf(dir, DB)).to.deep.equal({ [old]: ['AWSPREVIOUS'], [id]: ['AWSCURRENT'] });

      const now = JSON.parse(await valueOf(dir, [DB])) as Record<string, unknown>;
      const password = String(now.password);
      expect(password).to.match(/^[A-Za-z0-9]{24}$/);
      expect(r.stdout + r.stderr).to.not.include(password);
      // Only the key asked for changed, and the key order is kept.
      expect(Object.keys(now)).to.deep.equal(['username', 'password', 'host', 'port', 'dbname']);
      expect(now).to.deep.include({ username: 'app', port: 5432, dbname: 'myapp' });

      const check = await runCli(['check', 'taskdef.json', '--reveal'], { cwd: dir });
      expect(check.code, check.stderr).to.equal(0);
      expect(check.stdout).to.match(new RegExp(`^app\\s+DB_PASSWORD\\s+secret \\S+\\s+${password}$`, 'm'));
      const masked = await runCli(['check', 'taskdef.json'], { cwd: dir });
      expect(masked.stdout).to.not.include(password);
    });

    it('--file replaces the whole value; a second rotation leaves the first version without labels', async () => {
      const first = Object.keys(await stagesOf(dir, API))[0] ?? '';
      fs.writeFileSync(path.join(dir, 'k1'), 'rotated-1');
      fs.writeFileSync(path.join(dir, 'k2'), 'rotated-2');
      expect((await runCli(['vault', 'rotate', API, '--file', 'k1'], { cwd: dir })).code).to.equal(0);
      expect((await runCli(['vault', 'rotate', API, '--file', 'k2'], { cwd: dir })).code).to.equal(0);
      expect(await valueOf(dir, [API])).to.equal('rotated-2\n');
      expect(await valueOf(dir, [API, '--version-stage', 'AWSPREVIOUS'])).to.equal('rotated-1\n');
      const list = await runCli(['vault', 'list'], { cwd: dir });
      expect(list.stdout).to.match(/AWSPREVIOUS [0-9a-f]{8}; AWSCURRENT [0-9a-f]{8}; \+1 deprecated/);
      expect((await listed(dir)).secrets.find((s) => s.name === API)?.versions.find((v) => v.versionId === first)?.stages).to.deep.equal([]);
    });

    it('from stdin, and refusals: a missing JSON key, a value that is not JSON, a bad length; the vault is untouched', async () => {
      expect((await cli(dir, ['vault', 'rotate', API, '--stdin'], 'from-stdin\n')).code).to.equal(0);
      expect(await valueOf(dir, [API])).to.equal('from-stdin\n');
      const before = vaultText(dir);
      const typo = await runCli(['vault', 'rotate', DB, '--generate', '16', '--json-key', 'pasword'], { cwd: dir });
      expect(typo.code).to.equal(2);
      expect(typo.stderr).to.equal(
        `ecs-local: error: --json-key pasword: the current value of ${DB} has no key "pasword" (its keys: username, password, host, port, dbname)\n`,
      );
      const notJson = await runCli(['vault', 'rotate', API, '--generate', '16', '--json-key', 'password'], { cwd: dir });
      expect(notJson.stderr).to.include('is not a JSON object');
      for (const n of ['0', '4097', 'abc', '1.5']) {
        const bad = await runCli(['vault', 'rotate', API, '--generate', n], { cwd: dir });
        expect(bad.code).to.equal(2);
        expect(bad.stderr).to.equal(`ecs-local: error: --generate takes a length from 1 to 4096 characters, got "${n}"\n`);
      }
      expect((await cli(dir, ['vault', 'rotate', API, '--generate', '8', '--stdin'], 'x')).code).to.equal(2);
      expect(vaultText(dir)).to.equal(before);
    });

    it('a rotation left half done (AWSPENDING on another version) blocks a new one, as RotateSecret does', async () => {
      expect((await cli(dir, ['vault', 'put', API, '--version-stages', 'AWSPENDING'], 'half-done')).code).to.equal(0);
      const r = await runCli(['vault', 'rotate', API, '--generate', '16'], { cwd: dir });
      expect(r.code).to.equal(2);
      expect(r.stderr.split('\n')[0]).to.equal('ecs-local: error: InvalidRequestException: Previous rotation request is still in progress.');
      // A new value put by hand abandons that rotation (AWS removes AWSPENDING); then rotate works.
      expect((await cli(dir, ['vault', 'put', API], 'manual')).code).to.equal(0);
      expect((await runCli(['vault', 'rotate', API, '--generate', '16'], { cwd: dir })).code).to.equal(0);
      expect(Object.values(await stagesOf(dir, API)).flat()).to.not.include('AWSPENDING');
    });
  });

  describe('delete and restore', () => {
    const FARGATE = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';
    const MARKED = "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion.";

    it('after delete, check fails with AWS\'s "marked for deletion" in the stoppedReason; restore undoes it', async () => {
      const r = await runCli(['vault', 'delete', API], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^production\/third-party-api: scheduled for deletion on \d{4}-\d\d-\d\dT[\d:.]+Z \(arn:/);
      expect(r.stdout).to.include(`Undo with: ecs-local vault restore ${API}`);

      const check = await runCli(['check', 'taskdef.json'], { cwd: dir });
      expect(check.code).to.equal(3);
      // The stoppedReason is the last line, byte for byte (warnings may come before it).
      expect(check.stderr).to.match(
        new RegExp(
          `(^|\n)${escape(`${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-def456 from secrets manager: ${MARKED} status code: 400, request id: `)}[0-9a-f-]{36}\n$`,
        ),
      );
      const ec2 = await runCli(['check', 'taskdef.json', '--launch-type', 'EC2'], { cwd: dir });
      expect(ec2.code).to.equal(3);
      expect(ec2.stderr).to.include(MARKED);

      const get = await runCli(['vault', 'get', API], { cwd: dir });
      expect(get.code).to.equal(2);
      expect(get.stderr).to.equal(`ecs-local: error: ${MARKED}\n`);
      expect((await listed(dir)).secrets.find((s) => s.name === API)?.deleted).to.equal(true);
      expect((await runCli(['vault', 'list'], { cwd: dir })).stdout).to.match(/^production\/third-party-api\s+us-east-1\s+deleted\s/m);
      const twice = await runCli(['vault', 'delete', API], { cwd: dir });
      expect(twice.stderr).to.equal("ecs-local: error: InvalidRequestException: You tried to perform the operation on a secret that's currently marked deleted.\n");

      const restored = await runCli(['vault', 'restore', API], { cwd: dir });
      expect(restored.code, restored.stderr).to.equal(0);
      expect(restored.stdout).to.equal(`${API}: restored (arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-def456)\n`);
      expect((await runCli(['check', 'taskdef.json'], { cwd: dir })).code).to.equal(0);
    });

    it('--recovery-window-in-days and --force-delete-without-recovery, checked as DeleteSecret checks them', async () => {
      const short = await runCli(['vault', 'delete', API, '--recovery-window-in-days', '3'], { cwd: dir });
      expect(short.code).to.equal(2);
      expect(short.stderr).to.equal('ecs-local: error: InvalidParameterException: The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).\n');
      const both = await runCli(['vault', 'delete', API, '--recovery-window-in-days', '7', '--force-delete-without-recovery'], { cwd: dir });
      expect(both.stderr).to.equal("ecs-local: error: InvalidParameterException: You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.\n");
      expect((await runCli(['vault', 'delete', API, '--recovery-window-in-days', 'week'], { cwd: dir })).code).to.equal(2);

      const week = await runCli(['vault', 'delete', API, '--recovery-window-in-days', '7'], { cwd: dir });
      expect(week.code, week.stderr).to.equal(0);
      const date = new Date(/on (\S+) \(/.exec(week.stdout)?.[1] ?? '');
      expect(date.getTime() - Date.now()).to.be.within(6.9 * 86400e3, 7 * 86400e3 + 1);

      const gone = await runCli(['vault', 'delete', DB, '--force-delete-without-recovery'], { cwd: dir });
      expect(gone.code, gone.stderr).to.equal(0);
      expect(gone.stdout).to.equal(`${DB}: deleted without recovery (${DB_ARN})\n`);
      expect((await listed(dir)).secrets.map((s) => s.name)).to.deep.equal([API]);
      expect((await runCli(['vault', 'restore', DB], { cwd: dir })).stderr).to.equal(
        "ecs-local: error: ResourceNotFoundException: Secrets Manager can't find the specified secret.\n",
      );
    });

    it('--parameter: DeleteParameter', async () => {
      const r = await runCli(['vault', 'delete', '/production/config/value', '--parameter'], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      expect((await listed(dir)).parameters).to.deep.equal([]);
      const again = await runCli(['vault', 'delete', '/production/config/value', '--parameter'], { cwd: dir });
      expect(again.code).to.equal(2);
      expect(again.stderr.split('\n')[0]).to.equal('ecs-local: error: ParameterNotFound');
    });
  });

  describe('import', () => {
    it('a dotenv file becomes secrets (prefix + key): created, then unchanged, then updated; counts only', async () => {
      fs.writeFileSync(path.join(dir, '.env.app'), '# app secrets\nDB_PASSWORD=pw-1\nAPI_TOKEN="tok en"\n');
      const r = await runCli(['vault', 'import', '.env.app', '--prefix', 'app/'], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal('.env.app: 2 secrets: 2 created, 0 updated, 0 unchanged\n');
      expect(r.stdout + r.stderr).to.not.match(/pw-1|tok en/);
      expect(await valueOf(dir, ['app/API_TOKEN'])).to.equal('tok en\n');

      expect((await runCli(['vault', 'import', '.env.app', '--prefix', 'app/'], { cwd: dir })).stdout).to.equal(
        '.env.app: 2 secrets: 0 created, 0 updated, 2 unchanged\n',
      );
      fs.writeFileSync(path.join(dir, '.env.app'), 'DB_PASSWORD=pw-2\nAPI_TOKEN="tok en"\n');
      expect((await runCli(['vault', 'import', '.env.app', '--prefix', 'app/'], { cwd: dir })).stdout).to.equal(
        '.env.app: 2 secrets: 0 created, 1 updated, 1 unchanged\n',
      );
      expect(await valueOf(dir, ['app/DB_PASSWORD'])).to.equal('pw-2\n');
      expect(await valueOf(dir, ['app/DB_PASSWORD', '--version-stage', 'AWSPREVIOUS'])).to.equal('pw-1\n');
    });

    it('a flat JSON object becomes parameters of --type; numbers as their text', async () => {
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ LOG_LEVEL: 'debug', PORT: 8080, value: 'feature-flags=on' }));
      const r = await runCli(['vault', 'import', 'config.json', '--as', 'parameters', '--prefix', '/production/config/', '--type', 'String'], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      // /production/config/value exists as a SecureString: the type asked for changes it (a new version).
      expect(r.stdout).to.equal('config.json: 3 parameters: 2 created, 1 updated, 0 unchanged\n');
      expect(await valueOf(dir, ['/production/config/PORT', '--parameter'])).to.equal('8080\n');
      expect((await listed(dir)).parameters.map((p) => [p.name, p.type, p.version])).to.deep.equal([
        ['/production/config/value', 'String', 2],
        ['/production/config/LOG_LEVEL', 'String', 1],
        ['/production/config/PORT', 'String', 1],
      ]);
    });

    it('a nested JSON value is refused with file:line:col; a refused key imports nothing and is named', async () => {
      fs.writeFileSync(path.join(dir, 'bad.json'), '{\n  "A": "x",\n  "B": { "nested": true }\n}\n');
      const bad = await runCli(['vault', 'import', 'bad.json'], { cwd: dir });
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.match(/^ecs-local: error: bad\.json:3:\d+: B: the value is an object; import takes strings/);

      expect((await runCli(['vault', 'delete', API], { cwd: dir })).code).to.equal(0);
      const before = vaultText(dir);
      fs.writeFileSync(path.join(dir, 'prod.env'), 'new-one=1\nthird-party-api=2\n');
      const r = await runCli(['vault', 'import', 'prod.env', '--prefix', 'production/'], { cwd: dir });
      expect(r.code).to.equal(2);
      expect(r.stderr).to.equal(
        `ecs-local: error: ${"InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion."}\n` +
          '  importing third-party-api from prod.env as secret production/third-party-api; nothing was imported\n',
      );
      expect(vaultText(dir)).to.equal(before);
    });

    it('[INF] importing into a vault file that does not exist creates it, mode 0600', async () => {
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-vault-new-'));
      try {
        fs.writeFileSync(path.join(empty, '.env.prod'), 'TOKEN=t0k\n');
        const r = await runCli(['vault', 'import', '.env.prod', '--prefix', 'prod/', '--region', 'eu-west-1'], { cwd: empty });
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stderr).to.include(`created the vault ${path.join(empty, 'ecs-local.vault.json')} (region eu-west-1`);
        expect(fs.statSync(path.join(empty, 'ecs-local.vault.json')).mode & 0o777).to.equal(0o600);
        expect(await valueOf(empty, ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/TOKEN'])).to.equal('t0k\n');
      } finally {
        fs.rmSync(empty, { recursive: true, force: true });
      }
    });
  });

  describe('serve', () => {
    it('serves the vault to the real Secrets Manager SDK until SIGTERM, then closes cleanly', async () => {
      const listeners = process.listenerCount('SIGTERM');
      const s = start(['vault', 'serve', '--port', '0'], dir);
      const [, url] = await s.out.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)\n/);
      expect(s.out.text).to.include(`export AWS_ENDPOINT_URL=${url?.replace(/\/$/, '')}\n`);
      const sm = new SecretsManagerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
      try {
        const got = await sm.send(new GetSecretValueCommand({ SecretId: DB_ARN }));
        expect(JSON.parse(got.SecretString ?? '{}')).to.include({ password: 's3cret-from-the-vault' });
        await sm.send(new PutSecretValueCommand({ SecretId: API, SecretString: 'via-sdk' }));
      } finally {
        sm.destroy();
      }
      // Writes through the server land in the file: the CLI reads them.
      expect(await valueOf(dir, [API])).to.equal('via-sdk\n');

      process.emit('SIGTERM', 'SIGTERM');
      expect(await s.done).to.equal(0);
      expect(s.out.text).to.match(/Stopped\.\n$/);
      expect(s.out.text + s.err.text).to.not.match(/s3cret|via-sdk/);
      expect(process.listenerCount('SIGTERM')).to.equal(listeners);
      // The port is closed.
      const after = new SecretsManagerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
      try {
        const e = await after.send(new GetSecretValueCommand({ SecretId: API })).then(() => undefined, (err: Error) => err);
        expect(e?.message).to.match(/ECONNREFUSED/);
      } finally {
        after.destroy();
      }
    });

    it('warns when binding anything but loopback; a bad port or a broken vault exits 2', async () => {
      const s = start(['vault', 'serve', '--host', '0.0.0.0', '--port', '0'], dir);
      await s.out.waitFor(/Stop with Ctrl-C/);
      expect(s.err.text).to.include('ecs-local: warning: serving on 0.0.0.0: every machine that can reach this one can read and change');
      process.emit('SIGINT', 'SIGINT');
      expect(await s.done).to.equal(0);

      const bad = await runCli(['vault', 'serve', '--port', '70000'], { cwd: dir });
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.equal('ecs-local: error: --port takes a port number from 0 to 65535 (0: any free port), got "70000"\n');
      fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), '{ "secrets": ');
      const broken = await runCli(['vault', 'serve', '--port', '0'], { cwd: dir });
      expect(broken.code).to.equal(2);
      expect(broken.stderr).to.match(/^ecs-local: error: .*ecs-local\.vault\.json:1:\d+: invalid JSON/);
    });
  });

  describe('serve --verify-signatures', () => {
    it("answers only the key of its environment; another key gets AWS's UnrecognizedClientException", async () => {
      const s = start(['vault', 'serve', '--port', '0', '--verify-signatures'], dir, undefined, {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      });
      const [, url] = await s.out.waitFor(/at (http:\/\/127\.0\.0\.1:\d+\/)\n/);
      await s.out.waitFor(/Stop with Ctrl-C/);
      expect(s.out.text).to.include(`Only requests signed with ${CREDENTIALS.accessKeyId} (AWS_ACCESS_KEY_ID of this environment) are answered`);
      expect(s.out.text + s.err.text).to.not.include(CREDENTIALS.secretAccessKey);
      const own = new SecretsManagerClient({ endpoint: url, region: 'us-east-1', credentials: CREDENTIALS, maxAttempts: 1 });
      const other = new SecretsManagerClient({ endpoint: url, region: 'us-east-1', credentials: { ...CREDENTIALS, accessKeyId: 'AKIDSOMEONEELSE' }, maxAttempts: 1 });
      try {
        const got = await own.send(new GetSecretValueCommand({ SecretId: DB_ARN }));
        expect(JSON.parse(got.SecretString ?? '{}')).to.include({ password: 's3cret-from-the-vault' });
        const refused = await other.send(new GetSecretValueCommand({ SecretId: DB_ARN })).then(
          () => undefined,
          (err: Error) => err,
        );
        expect([refused?.name, refused?.message]).to.deep.equal(['UnrecognizedClientException', 'The security token included in the request is invalid.']);
      } finally {
        own.destroy();
        other.destroy();
      }
      process.emit('SIGINT', 'SIGINT');
      expect(await s.done).to.equal(0);
    });

    it('without a key in the environment, exits 2 and says which variables to set', async () => {
      const r = await runCli(['vault', 'serve', '--port', '0', '--verify-signatures'], { cwd: dir });
      expect(r.code).to.equal(2);
      expect(r.stderr).to.equal(
        'ecs-local: error: --verify-signatures accepts the key of this environment, and it has none: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), the key your clients sign with\n',
      );
    });
  });

  it('every vault command has --help with an example and the exit codes', async () => {
    for (const cmd of ['list', 'get', 'put', 'rotate', 'delete', 'restore', 'import', 'serve']) {
      const r = await runCli(['vault', cmd, '--help']);
      expect(r.code, cmd).to.equal(0);
      expect(r.stdout, cmd).to.include('Examples:\n  $ ');
      expect(r.stdout.slice(r.stdout.indexOf('Examples:')), cmd).to.include(`ecs-local vault ${cmd} `);
      expect(r.stdout, cmd).to.include('"ecs-local: error: <Code>: <Message>"');
    }
    expect((await runCli(['vault', 'serve', '--help'])).stdout).to.match(/--port <port>[\s\S]*default: 4566\)/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
