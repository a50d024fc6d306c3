import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { hostname } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadVault } from '../../../src/vault/load.js';
import { lockFileOf, updateVault, writeFileAtomic } from '../../../src/vault/save.js';
import { VaultFile } from '../../../src/vault/vault-file.js';

const REGION = 'us-east-1';
const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const NOW = new Date('2024-06-01T12:00:00Z');
const ENV = { DB_PASSWORD: 'hunter2', API_TOKEN: 'tok' };

describe('vault/save', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-save-'));
    file = path.join(dir, 'ecs-local.vault.json');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (text: string, mode = 0o644) => {
    fs.writeFileSync(file, text);
    fs.chmodSync(file, mode);
  };
  const update = <T>(change: Parameters<typeof updateVault<T>>[2]) => updateVault(file, { env: ENV, clock: () => NOW }, change);
  const reload = () => loadVault(file, { env: ENV });

  it('keeps $schema, region, the entry order and untouched entries; templates stay templates', async () => {
    const original = [
      '{',
      '\t"$schema": "./node_modules/ecs-local/schema/vault.schema.json",',
      '\t"region": "us-east-1",',
      '\t"secrets": {',
      '\t\t"first": { "value": "${API_TOKEN}" },',
      '\t\t"db": { "description": "main", "value": { "user": "app", "password": "${DB_PASSWORD}" } },',
      '\t\t"last": { "value": "z" }',
      '\t},',
      '\t"parameters": { "plain": "${API_TOKEN}" },',
      '\t"environmentFiles": { "arn:aws:s3:::b/app.env": "./app.env" }',
      '}',
      '',
    ].join('\n');
    write(original);
    const out = await update((s) => s.putSecretValue(REGION, { SecretId: 'db', SecretString: '{"user":"app","password":"rotated"}', ClientRequestToken: T1 }));
    expect(out.written).to.equal(true);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).to.not.include('hunter2');
    expect(text).to.not.include('"tok"');
    const doc = JSON.parse(text);
    expect(Object.keys(doc)).to.deep.equal(['$schema', 'region', 'secrets', 'parameters', 'environmentFiles']);
    expect(Object.keys(doc.secrets)).to.deep.equal(['first', 'db', 'last']);
    expect(doc.secrets.first).to.deep.equal({ value: '${API_TOKEN}' });
    expect(doc.parameters).to.deep.equal({ plain: '${API_TOKEN}' });
    expect(doc.secrets.db.description).to.equal('main');
    const [old, current] = doc.secrets.db.versions;
    expect(old).to.deep.include({ stages: ['AWSPREVIOUS'], value: { user: 'app', password: '${DB_PASSWORD}' } });
    expect(current).to.deep.equal({ id: T1, stages: ['AWSCURRENT'], value: '{"user":"app","password":"rotated"}', createdDate: NOW.toISOString() });
    // The style of the file: tabs, short arrays inline, a final newline.
    expect(text).to.match(/^\{\n\t"\$schema"/);
    expect(text).to.include('"stages": ["AWSPREVIOUS"]');
    expect(text.endsWith('}\n')).to.equal(true);
    // And it loads back to the same answers.
    const store = reload().store;
    expect(store.getSecretValue(REGION, undefined, { SecretId: 'db', VersionStage: 'AWSPREVIOUS' }).SecretString).to.equal(
      '{"user":"app","password":"hunter2"}',
    );
    expect(store.getSecretValue(REGION, undefined, { SecretId: 'db' }).VersionId).to.equal(T1);
  });

  it('writes nothing when nothing changed (a failed write, a read)', async () => {
    const original = '{"secrets":{"db":{"value":"x"}}}';
    write(original);
    const before = fs.statSync(file);
    const out = await update((s) => {
      try {
        s.putSecretValue(REGION, { SecretId: 'nope', SecretString: 'v', ClientRequestToken: T1 });
      } catch {
        // refused: nothing changed
      }
      return s.describeSecret(REGION, { SecretId: 'db' }).Name;
    });
    expect(out).to.deep.include({ result: 'db', written: false });
    expect(fs.readFileSync(file, 'utf8')).to.equal(original);
    expect(fs.statSync(file).ino).to.equal(before.ino);
  });

  it('escapes ${ in values that came through the API, so that they load back unchanged', async () => {
    write('{ "secrets": { "db": { "value": "x" } }, "parameters": {} }\n');
    const tricky = 'a${B}c $${d} $$ ${';
    await update((s) => {
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: tricky, ClientRequestToken: T1 });
      s.putParameter(REGION, { Name: '/p', Value: tricky, Type: 'String' });
    });
    const store = reload().store;
    expect(store.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretString).to.equal(tricky);
    expect(store.getParameter(REGION, { Name: '/p' }).Parameter.Value).to.equal(tricky);
  });

  it('keys new entries by name, with a region field outside the default region, or by ARN when the name is taken', async () => {
    write('{ "region": "us-east-1", "secrets": { "db": { "value": "x" } } }');
    await updateVault(file, { env: {}, clock: () => NOW, randomSuffix: () => 'AbCd12' }, (s) => {
      s.createSecret('eu-west-1', { Name: 'db', SecretString: 'eu', ClientRequestToken: T1 });
      s.createSecret('eu-west-1', { Name: 'eu-only', SecretString: 'e', ClientRequestToken: T2 });
      s.putParameter('eu-west-1', { Name: '/x', Value: 'v', Type: 'String' });
    });
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(Object.keys(doc.secrets)).to.deep.equal(['db', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCd12', 'eu-only']);
    expect(doc.secrets['eu-only']).to.include({ region: 'eu-west-1', arnSuffix: 'AbCd12' });
    expect(doc.parameters['/x']).to.include({ region: 'eu-west-1', type: 'String', value: 'v' });
    const store = reload().store;
    expect(store.getSecretValue('eu-west-1', undefined, { SecretId: 'db' }).SecretString).to.equal('eu');
    expect(store.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretString).to.equal('x');
    expect(store.getSecretValue('eu-west-1', undefined, { SecretId: 'eu-only' }).ARN).to.match(/-AbCd12$/);
  });

  it('writes deletions, restores and parameter history, and drops force-deleted entries', async () => {
    write('{ "secrets": { "a": { "value": "x" }, "b": { "value": "y" } }, "parameters": { "p": "one" } }');
    await update((s) => {
      s.deleteSecret(REGION, { SecretId: 'a' });
      s.deleteSecret(REGION, { SecretId: 'b', ForceDeleteWithoutRecovery: true });
      s.putParameter(REGION, { Name: 'p', Value: 'two', Overwrite: true, Description: 'second' });
    });
    let doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.secrets).to.deep.equal({ a: { value: 'x', deleted: true, deletedDate: NOW.toISOString(), lastChangedDate: NOW.toISOString() } });
    expect(doc.parameters.p).to.deep.equal({
      type: 'String',
      value: 'two',
      version: 2,
      description: 'second',
      lastModifiedDate: NOW.toISOString(),
      history: [{ version: 1, value: 'one' }],
    });
    expect(reload().store.describeSecret(REGION, { SecretId: 'a' }).DeletedDate).to.deep.equal(NOW);
    await update((s) => s.restoreSecret(REGION, { SecretId: 'a' }));
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(doc.secrets.a).to.deep.equal({ value: 'x', lastChangedDate: NOW.toISOString() });
  });

  it('replaces the file atomically keeping its mode, a new file 0600, and leaves no temporary file', async () => {
    write('{ "secrets": { "db": { "value": "x" } } }', 0o640);
    await update((s) => s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'y', ClientRequestToken: T1 }));
    expect(fs.statSync(file).mode & 0o777).to.equal(0o640);
    expect(fs.readdirSync(dir)).to.deep.equal(['ecs-local.vault.json']);
    const stamp = await writeFileAtomic(path.join(dir, 'other.json'), '{}');
    expect(fs.statSync(path.join(dir, 'other.json')).mode & 0o777).to.equal(0o600);
    expect(stamp.size).to.equal(2);
  });

  it('loses no write when many writers in this process share the file', async () => {
    write('{ "secrets": { "shared": { "value": "v0" } } }');
    // Two VaultFiles stand for two servers on one file; each also queues its own writes.
    const a = new VaultFile(file, { env: {} });
    const b = new VaultFile(file, { env: {} });
    const writes = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).write((s) =>
        s.putSecretValue(REGION, { SecretId: 'shared', SecretString: `v${i + 1}`, ClientRequestToken: `token-${String(i).padStart(26, '0')}` }),
      ),
    );
    await Promise.all(writes);
    const versions = reload().store.listSecrets()[0]?.versions ?? [];
    expect(versions).to.have.length(41);
    expect(versions.filter((v) => v.stages.includes('AWSCURRENT'))).to.have.length(1);
    expect((await a.read()).store.listSecrets()[0]?.versions).to.have.length(41);
  });

  it('loses no write when several processes write at once', async function () {
    this.timeout(60_000);
    write('{ "secrets": { "shared": { "value": "v0" } } }');
    const writer = fileURLToPath(new URL('./concurrent-writer.ts', import.meta.url));
    const run = (name: string) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', writer, file, name, '15'], { stdio: 'inherit' });
        child.on('exit', resolve);
      });
    expect(await Promise.all([run('p1'), run('p2'), run('p3')])).to.deep.equal([0, 0, 0]);
    const versions = reload().store.listSecrets()[0]?.versions ?? [];
    expect(versions).to.have.length(46);
    expect(fs.existsSync(lockFileOf(file))).to.equal(false);
  });

  it('takes over the lock of a process that is gone', async () => {
    write('{ "secrets": { "db": { "value": "x" } } }');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: dead, host: hostname(), token: 'left-behind' }));
    const started = Date.now();
    await update((s) => s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'y', ClientRequestToken: T1 }));
    expect(Date.now() - started).to.be.below(2000);
    expect(reload().store.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretString).to.equal('y');
    expect(fs.existsSync(lockFileOf(file))).to.equal(false);
  });

  it('waits for a live holder, and gives up with a message naming it', async () => {
    write('{ "secrets": { "db": { "value": "x" } } }');
    fs.writeFileSync(lockFileOf(file), JSON.stringify({ pid: process.pid, host: hostname(), token: 'someone-else' }));
    let message = '';
    try {
      await updateVault(file, { env: {}, lock: { timeoutMs: 200 } }, () => undefined);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).to.equal(
      `${lockFileOf(file)}: the vault is locked by process ${process.pid} on ${hostname()} for more than 0.2 s (if no ecs-local is writing this vault, remove the lock file)`,
    );
    // A lock older than staleMs is taken over whoever holds it.
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFileOf(file), old, old);
    await updateVault(file, { env: {}, lock: { timeoutMs: 200, staleMs: 30_000 } }, () => undefined);
    expect(fs.existsSync(lockFileOf(file))).to.equal(false);
  });
});
