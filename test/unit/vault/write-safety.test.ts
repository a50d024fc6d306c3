/**
 * Vault writes a user can trust, on real files: a read-only folder, file or file system, a full disk,
 * a symlinked vault, a writer killed mid-write, a lock left by a dead process. Read-only and full
 * file systems are made in a private mount namespace (`unshare -rm`), so nothing outlives the test,
 * and root's permission to write anything is taken away by running the writer as `nobody`.
 */
import { spawn, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { runCli } from '../../support/cli.js';
import { lockFileOf, updateVault } from '../../../src/vault/save.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRY = path.join(ROOT, 'src', 'index.ts');
const VAULT = `${JSON.stringify({ region: 'us-east-1', secrets: { db: { value: 'old-value' } } }, null, 2)}\n`;
const T1 = '11111111-1111-4111-8111-111111111111';

/** The CLI in a new process, as a user runs it (the value on standard input). */
function cliCommand(args: string[]): string {
  return [process.execPath, '--import', 'tsx', ENTRY, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
}

function sh(script: string, opts: SpawnSyncOptions = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('sh', ['-uc', script], { encoding: 'utf8', cwd: ROOT, ...opts });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Runs `script` as root of its own user and mount namespace: its mounts vanish with it. */
function inPrivateMounts(script: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('unshare', ['-rm', 'sh', '-uc', script], { encoding: 'utf8', cwd: ROOT });
  if (r.error) throw r.error;
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('vault writes a user can trust', function () {
  this.timeout(60_000);
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-write-'));
    file = path.join(dir, 'ecs-local.vault.json');
    fs.writeFileSync(file, VAULT, { mode: 0o644 });
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const current = (vault = file) => (JSON.parse(fs.readFileSync(vault, 'utf8')) as { secrets: { db: { value?: string; versions?: { value: string; stages: string[] }[] } } }).secrets.db;
  const currentValue = (vault = file) => {
    const db = current(vault);
    return db.value ?? db.versions?.find((v) => v.stages.includes('AWSCURRENT'))?.value;
  };
  const put = (value: string, vault = file) => runCliWithStdin(['vault', 'put', 'db', '--vault', vault], value);

  it('refuses a read-only vault with one line and exit 74, and changes nothing', async () => {
    fs.chmodSync(file, 0o444);
    const r = await put('new-value');
    expect(r.stderr).to.equal(
      `ecs-local: error: ${file}: cannot write the vault: the file is read-only (mode 0444) (to allow changes, make it writable, e.g. chmod u+w ${file})\n`,
    );
    expect(r.code).to.equal(74);
    expect(fs.readFileSync(file, 'utf8')).to.equal(VAULT);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o444);
    expect(fs.readdirSync(dir)).to.deep.equal(['ecs-local.vault.json']);
  });

  it('keeps the mode of an existing vault', async () => {
    fs.chmodSync(file, 0o604);
    expect((await put('new-value')).code).to.equal(0);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o604);
    expect(currentValue()).to.equal('new-value');
  });

  it('writes a symlinked vault through to its target, locking the target', async () => {
    const real = path.join(dir, 'real');
    fs.mkdirSync(real);
    const target = path.join(real, 'team.vault.json');
    fs.renameSync(file, target);
    fs.symlinkSync(path.join('real', 'team.vault.json'), file);
    const r = await put('new-value');
    expect(r.stderr).to.equal('');
    expect(fs.lstatSync(file).isSymbolicLink()).to.equal(true);
    expect(currentValue(target)).to.equal('new-value');
    expect(fs.readdirSync(real)).to.deep.equal(['team.vault.json']);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['ecs-local.vault.json', 'real']);
  });

  it('refuses a folder it may not write in (EACCES) with one line and exit 74', () => {
    fs.chmodSync(dir, 0o555);
    // Root may write anywhere: the writer runs as nobody, as a user without the right would.
    const asNobody: SpawnSyncOptions = process.getuid?.() === 0 ? { uid: 65534, gid: 65534, env: { PATH: process.env.PATH ?? '', HOME: dir } } : {};
    const r = sh(`printf new-value | ${cliCommand(['vault', 'put', 'db', '--vault', file])}`, asNobody);
    expect(r.stderr).to.equal(
      `ecs-local: error: ${lockFileOf(file)}: cannot lock the vault for writing: permission denied (make the file and its folder writable for this user)\n`,
    );
    expect(r.code).to.equal(74);
    expect(fs.readFileSync(file, 'utf8')).to.equal(VAULT);
  });

  it('refuses a read-only file system (EROFS) with one line and exit 74', () => {
    const r = inPrivateMounts(
      `mount --bind '${dir}' '${dir}' && mount -o remount,bind,ro '${dir}' && printf new-value | ${cliCommand(['vault', 'put', 'db', '--vault', file])}`,
    );
    expect(r.stderr).to.equal(
      `ecs-local: error: ${lockFileOf(file)}: cannot lock the vault for writing: read-only file system (use a file on a writable disk, or remount this one read-write)\n`,
    );
    expect(r.code).to.equal(74);
    expect(fs.readFileSync(file, 'utf8')).to.equal(VAULT);
    expect(fs.readdirSync(dir)).to.deep.equal(['ecs-local.vault.json']);
  });

  it('on a full disk (ENOSPC) fails with one line and exit 74, leaves no lock or temp file, and the next write goes through at once', () => {
    const disk = path.join(dir, 'disk');
    fs.mkdirSync(disk);
    const vault = path.join(disk, 'ecs-local.vault.json');
    const report = (label: string) => `echo "${label} exit=$?"; ls -A '${disk}' | tr '\\n' ' '; echo`;
    // 64 KiB: full to the last page, then with room for the lock but not for a 100 KB value.
    const r = inPrivateMounts(
      [
        `mount -t tmpfs -o size=64k none '${disk}'`,
        `cp '${file}' '${vault}'`,
        `dd if=/dev/zero of='${disk}/filler' bs=4k 2>/dev/null`,
        `printf new-value | ${cliCommand(['vault', 'put', 'db', '--vault', vault])}`,
        report('full'),
        `rm '${disk}/filler' && dd if=/dev/zero of='${disk}/filler' bs=4k count=12 2>/dev/null`,
        `head -c 100000 /dev/zero | tr '\\0' x | ${cliCommand(['vault', 'put', 'db', '--vault', vault])}`,
        report('nearly-full'),
        `grep -c old-value '${vault}'`,
        `rm '${disk}/filler'`,
        `printf new-value | ${cliCommand(['vault', 'put', 'db', '--vault', vault])} >/dev/null`,
        report('freed'),
        `grep -c new-value '${vault}'`,
      ].join('\n'),
    );
    const lockError = `ecs-local: error: ${vault}.lock: cannot lock the vault for writing: no space left on the device (free some space on that disk and try again)\n`;
    const writeError = `ecs-local: error: ${vault}: cannot write the vault: no space left on the device (free some space on that disk and try again)\n`;
    expect(r.stderr).to.equal(lockError + writeError);
    expect(r.stdout.split('\n')).to.deep.equal([
      'full exit=74',
      'ecs-local.vault.json filler ',
      'nearly-full exit=74',
      'ecs-local.vault.json filler ',
      '1',
      'freed exit=0',
      'ecs-local.vault.json ',
      '1',
      '',
    ]);
  });

  it('leaves no plaintext behind a writer killed mid-write: the next read sweeps its temp file', async () => {
    const big = `secret-${'s'.repeat(150_000_000)}`;
    let leftover: string | undefined;
    // The kill must land between the temp file's creation and its rename; a try that misses is repeated.
    for (let attempt = 0; attempt < 5 && leftover === undefined; attempt++) {
      leftover = await killMidWrite(dir, cliCommand(['vault', 'put', 'db', '--vault', file]), big);
    }
    expect(leftover, 'a kill between the temp file and the rename').to.be.a('string');
    // The killed writer's lock names a dead process: the next write takes it over without waiting.
    await updateVault(file, { env: {}, lock: { timeoutMs: 500 } }, (s) =>
      s.putSecretValue('us-east-1', { SecretId: 'db', SecretString: 'after', ClientRequestToken: T1 }),
    );
    expect(fs.readdirSync(dir)).to.deep.equal(['ecs-local.vault.json']);
    expect(currentValue()).to.equal('after');
  });

  it('sweeps a dead writer\'s temp file when the vault is only read, and keeps a live one\'s', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const deadTemp = path.join(dir, `.ecs-local.vault.json.${dead}.0123456789ab.tmp`);
    const liveTemp = path.join(dir, `.ecs-local.vault.json.${process.pid}.0123456789ab.tmp`);
    fs.writeFileSync(deadTemp, VAULT);
    fs.writeFileSync(liveTemp, VAULT);
    const r = await runCli(['vault', 'list', '--vault', file]);
    expect(r.code).to.equal(0);
    expect(fs.readdirSync(dir).sort()).to.deep.equal([path.basename(liveTemp), 'ecs-local.vault.json']);
  });

  it('takes over at once a lock file that names no holder (left by a full disk)', async () => {
    fs.writeFileSync(lockFileOf(file), '');
    const old = new Date(Date.now() - 5_000);
    fs.utimesSync(lockFileOf(file), old, old);
    await updateVault(file, { env: {}, lock: { timeoutMs: 200 } }, (s) =>
      s.putSecretValue('us-east-1', { SecretId: 'db', SecretString: 'taken', ClientRequestToken: T1 }),
    );
    expect(currentValue()).to.equal('taken');
    expect(fs.existsSync(lockFileOf(file))).to.equal(false);
  });
});

/** Runs the CLI in a new process with `value` on standard input. */
async function runCliWithStdin(args: string[], value: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const r = spawnSync('sh', ['-uc', `${cliCommand(args)}`], { input: value, encoding: 'utf8', cwd: ROOT });
  return { code: r.status ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/**
 * Starts a writer of `value` and kills it (SIGKILL) as soon as its temp file appears. Returns the
 * temp file's name if it was still there after the kill (the kill landed mid-write).
 */
async function killMidWrite(dir: string, command: string, value: string): Promise<string | undefined> {
  const isTemp = (name: string) => name.startsWith('.ecs-local.vault.json.') && name.endsWith('.tmp');
  const child = spawn('sh', ['-uc', `exec ${command}`], { cwd: ROOT, stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const watcher = fs.watch(dir);
  const seen = new Promise<void>((resolve) => {
    watcher.on('change', (_event, name) => {
      if (typeof name === 'string' && isTemp(name)) resolve();
    });
    void exited.then(resolve);
  });
  child.stdin.end(value);
  await seen;
  child.kill('SIGKILL');
  await exited;
  watcher.close();
  return fs.readdirSync(dir).find(isTemp);
}
