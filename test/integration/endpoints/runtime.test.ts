/**
 * Inside the task: the examples/runtime-retrieval app (the real AWS SDK, nothing ecs-local specific)
 * runs in a task of `ecs-local run` and reads its secret at run time from the `vault serve` started
 * with the task, as the task role, while the vault is rotated next to it.
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from '../../../src/commands/run.js';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { startVaultServer } from '../../../src/serve/server.js';
import { loadVault } from '../../../src/vault/load.js';
import { runCli } from '../../support/cli.js';
import { Capture } from '../../support/capture.js';
import { labelledObjects, testEngine, testEngineEnv } from '../../support/docker.js';
import { ensureNodeSdkImage } from '../../support/node-image.js';
import { waitFor } from '../../support/wait.js';

const PROJECT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
const APP = readFileSync(path.join(PROJECT, 'examples/runtime-retrieval/app.mjs'), 'utf8');
const SEED = path.join(PROJECT, 'examples/seed');
const DB_SECRET = 'production/database/app';

function fingerprint(value: string): string {
  return `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
}

/** The app's report lines: `runtime <id> <fp> (<source>) | injected <VAR> <fp>`. */
function reports(out: Capture): { runtime: string; source: string; injected: string }[] {
  return out.lines.flatMap((line) => {
    const m = /^runtime \S+ (\S+) \(([^)]*)\) \| injected \S+ (\S+)$/.exec(line);
    return m ? [{ runtime: m[1] ?? '', source: m[2] ?? '', injected: m[3] ?? '' }] : [];
  });
}

describe('endpoints (Docker): secrets read at run time inside the task', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;
  let image: string;
  let dir: string;

  before(async () => {
    engine = await testEngine();
    image = await ensureNodeSdkImage(engine);
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-runtime-'));
    copyFileSync(path.join(SEED, 'ecs-local.vault.json'), path.join(dir, 'ecs-local.vault.json'));
  });

  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true });
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  /** The example's task definition, with the test image running the example's app.mjs. */
  function taskdef(file: string, environment: Record<string, string>, secret = 'DB_PASSWORD'): string {
    const source = JSON.parse(readFileSync(path.join(PROJECT, file), 'utf8')) as {
      containerDefinitions: { image: string; command?: string[]; environment: { name: string; value: string }[]; secrets: { name: string }[] }[];
    };
    const app = source.containerDefinitions[0];
    if (!app) throw new Error(`${file} has no container`);
    app.image = image;
    app.command = ['--input-type=module', '-e', APP];
    const env = new Map(app.environment.map((e) => [e.name, e.value]));
    for (const [name, value] of Object.entries(environment)) env.set(name, value);
    app.environment = [...env].map(([name, value]) => ({ name, value }));
    expect(app.secrets.map((s) => s.name)).to.include(secret);
    const out = path.join(dir, 'taskdef.json');
    writeFileSync(out, JSON.stringify(source));
    return out;
  }

  function currentPassword(): string {
    const vault = loadVault(path.join(dir, 'ecs-local.vault.json'), { env: {} });
    const value = vault.store.getSecretValue('us-east-1', undefined, { SecretId: DB_SECRET }).SecretString ?? '';
    return (JSON.parse(value) as { password: string }).password;
  }

  async function rotate(): Promise<string> {
    const r = await runCli(['vault', 'rotate', DB_SECRET, '--generate', '24', '--json-key', 'password'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    return currentPassword();
  }

  /** `ecs-local run` in this process, stopped (as by Ctrl-C) when `stop` is aborted. */
  function start(file: string, extra: { redeployOnRotation?: boolean } = {}) {
    const out = new Capture();
    const err = new Capture();
    const stop = new AbortController();
    const done = run({
      taskDefinition: file,
      cwd: dir,
      env: { PATH: process.env.PATH, ...testEngineEnv() },
      warn: (line) => err.write(`ecs-local: warning: ${line}\n`),
      pull: 'never',
      noLogPrefix: true,
      out,
      err,
      signal: stop.signal,
      ...extra,
    }).then(
      () => 0,
      (e: unknown) => (e as { exitCode?: number }).exitCode ?? -1,
    );
    return { out, err, stop, done };
  }

  it('sees a rotation through GetSecretValue at run time while the injected variable stays as it was', async () => {
    const original = currentPassword();
    const task = start(taskdef('examples/runtime-retrieval/taskdef.json', { CACHE_TTL_SECONDS: '0', INTERVAL_SECONDS: '0.2' }));
    await waitFor('the first report', () => reports(task.out).length > 0, 30_000);
    const rotated = await rotate();
    await waitFor('a report with the new value', () => reports(task.out).some((r) => r.runtime === fingerprint(rotated)));
    task.stop.abort();
    expect(await task.done, task.err.text).to.equal(130);

    const all = reports(task.out);
    expect(all[0]).to.deep.equal({ runtime: fingerprint(original), source: 'Secrets Manager', injected: fingerprint(original) });
    expect(all[all.length - 1]).to.deep.equal({ runtime: fingerprint(rotated), source: 'Secrets Manager', injected: fingerprint(original) });
    expect(task.err.text).to.contain('ecs-local: the task\'s Secrets Manager and SSM calls go to http://169.254.170.2:4566 (vault serve over');
  });

  it('--redeploy-on-rotation replaces the task with one that gets the new value injected', async () => {
    const original = currentPassword();
    const task = start(taskdef('examples/runtime-retrieval/taskdef.json', { INTERVAL_SECONDS: '0.2' }), { redeployOnRotation: true });
    await waitFor('the first report', () => reports(task.out).length > 0, 30_000);
    const rotated = await rotate();
    await waitFor('a report of the new task', () => reports(task.out).some((r) => r.injected === fingerprint(rotated)), 30_000);
    task.stop.abort();
    expect(await task.done, task.err.text).to.equal(130);

    const lines = task.err.lines;
    const trigger = lines.find((l) => l.includes(' was rotated: replacing task '));
    const m = /^ecs-local: production\/database\/app \(AWSCURRENT (\S+) -> (\S+)\) was rotated: replacing task ([0-9a-f]{32}), as update-service --force-new-deployment does$/.exec(trigger ?? '');
    expect(m, task.err.text).to.not.equal(null);
    const [, from, to, first] = m ?? [];
    expect(from).to.not.equal(to);
    expect(lines).to.satisfy((ls: string[]) =>
      ls.some((l) => new RegExp(`^ecs-local: task ${first} STOPPED: Scaling activity initiated by \\(deployment ecs-svc/\\d{19}\\) \\[app=0\\]$`).test(l)),
    );
    const replacement = lines.map((l) => new RegExp(`^ecs-local: task ([0-9a-f]{32}) replaces task ${first}$`).exec(l)?.[1]).find((id) => id !== undefined);
    expect(replacement, task.err.text).to.match(/^[0-9a-f]{32}$/).and.not.equal(first);
    expect(lines).to.include(`ecs-local: task ${replacement} STOPPED: Task stopped by user [app=0]`);

    const all = reports(task.out);
    expect(all[0]?.injected).to.equal(fingerprint(original));
    // The replacement's first report (later ones may come from the app's cache).
    expect(all.find((r) => r.injected === fingerprint(rotated))).to.deep.equal({ runtime: fingerprint(rotated), source: 'Secrets Manager', injected: fingerprint(rotated) });
  });

  it('denies the task role a secret the execution role may inject, with AWS\'s text', async () => {
    const file = taskdef('examples/seed/runtime-access-denied.json', {}, 'API_KEY');
    const r = await runCli(['run', file, '--pull', 'never', '--no-log-prefix'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const taskId = /^ecs-local: task ([0-9a-f]{32}) STOPPED: Essential container in task exited \[app=0\]$/m.exec(r.stderr)?.[1];
    expect(taskId, r.stderr).to.match(/^[0-9a-f]{32}$/);
    // The app's own lines (the SDK may add a warning about Node's version).
    const appLines = r.stdout.split('\n').filter((l) => l.startsWith('Warning: Failed') || l.startsWith('runtime '));
    expect(appLines).to.deep.equal([
      `Warning: Failed to refresh secret production/third-party-api: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskRole/${taskId} is not authorized to perform: secretsmanager:GetSecretValue on resource: production/third-party-api because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      `runtime production/third-party-api ${fingerprint('tp-api-key-0123456789')} (fallback to API_KEY) | injected API_KEY ${fingerprint('tp-api-key-0123456789')}`,
    ]);
  });

  it('verifies a long-term key handed out with --credentials host (no session token) as the task role', async () => {
    const file = taskdef('examples/seed/runtime-access-denied.json', {}, 'API_KEY');
    // `host` takes this machine's keys from the SDK's default chain, which reads the process environment.
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY, token: process.env.AWS_SESSION_TOKEN };
    process.env.AWS_ACCESS_KEY_ID = 'AKIAECSLOCALHOSTKEY1';
    process.env.AWS_SECRET_ACCESS_KEY = 'host-secret-access-key';
    delete process.env.AWS_SESSION_TOKEN;
    let r;
    try {
      r = await runCli(['run', file, '--pull', 'never', '--no-log-prefix', '--credentials', 'host'], { cwd: dir });
    } finally {
      for (const [name, value] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret], ['AWS_SESSION_TOKEN', saved.token]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    expect(r.code, r.stderr).to.equal(0);
    const taskId = /^ecs-local: task ([0-9a-f]{32}) STOPPED/m.exec(r.stderr)?.[1];
    const appLines = r.stdout.split('\n').filter((l) => l.startsWith('Warning: Failed') || l.startsWith('runtime '));
    expect(appLines[0]).to.equal(
      `Warning: Failed to refresh secret production/third-party-api: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ecsTaskRole/${taskId} is not authorized to perform: secretsmanager:GetSecretValue on resource: production/third-party-api because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );
  });

  it("answers only the task's own signed calls: unsigned and foreign keys get AWS's errors inside the task", async () => {
    const file = taskdef('examples/seed/runtime-access-denied.json', {}, 'API_KEY');
    // The same task, its app replaced by one that calls the endpoint unsigned, then with a key of its own.
    const td = JSON.parse(readFileSync(file, 'utf8')) as { containerDefinitions: { command: string[] }[] };
    const probe = [
      "import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';",
      'const url = process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;',
      "const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.GetSecretValue' }, body: '{\"SecretId\":\"production/third-party-api\"}' });",
      "console.log('unsigned', r.status, await r.text());",
      "const c = new SecretsManagerClient({ credentials: { accessKeyId: 'AKIAEXAMPLEOTHERKEY1', secretAccessKey: 'guessed' }, maxAttempts: 1 });",
      "await c.send(new GetSecretValueCommand({ SecretId: 'production/third-party-api' })).then(() => console.log('foreign answered'), (e) => console.log('foreign', e.name, e.message));",
    ].join('\n');
    const app = td.containerDefinitions[0];
    if (!app) throw new Error('no container');
    app.command = ['--input-type=module', '-e', probe];
    writeFileSync(file, JSON.stringify(td));
    const r = await runCli(['run', file, '--pull', 'never', '--no-log-prefix'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('unsigned ') || l.startsWith('foreign '));
    expect(lines).to.deep.equal([
      'unsigned 400 {"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}',
      'foreign UnrecognizedClientException The security token included in the request is invalid.',
    ]);
  });

  it('relays a --runtime-endpoint URL on this machine through 169.254.170.2, where keys it did not issue are not checked', async () => {
    // Another `vault serve`, as LocalStack published with -p: it knows no task's keys.
    const server = await startVaultServer({ vaultFile: path.join(dir, 'ecs-local.vault.json'), env: {}, host: '0.0.0.0' });
    try {
      const port = new URL(server.url).port;
      const file = taskdef('examples/seed/runtime-access-denied.json', {}, 'API_KEY');
      const r = await runCli(['run', file, '--pull', 'never', '--no-log-prefix', '--runtime-endpoint', `http://localhost:${port}`], { cwd: dir });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.contain(
        `ecs-local: http://localhost:${port} names this machine, which the task's containers cannot reach as is: the task calls http://169.254.170.2:${port}, relayed to port ${port} of this host`,
      );
      const appLines = r.stdout.split('\n').filter((l) => l.startsWith('Warning: Failed') || l.startsWith('runtime '));
      const key = fingerprint('tp-api-key-0123456789');
      expect(appLines).to.deep.equal([`runtime production/third-party-api ${key} (Secrets Manager) | injected API_KEY ${key}`]);
    } finally {
      await server.close();
    }
  });
});
