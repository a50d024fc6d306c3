/**
 * A lock file beside the vault, so that writers in several processes (or several servers in one)
 * take turns: created with O_EXCL, retried with growing random delays, and taken over when its
 * holder is gone (a dead process on this host) or it is older than any write could take.
 *
 * Not proper-lockfile: it judges a lock only by its age (a holder refreshes the mtime; stale after
 * 10 s at best), so a writer killed with SIGKILL would block every other for that long. This lock
 * records its holder's pid and host, and takes over at once the lock of a process that is gone.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { FileWriteError, InputError } from '../errors.js';
import { errorCode as code, fileProblem } from '../files/problem.js';
import { processAlive } from '../files/process-alive.js';

export interface LockOptions {
  /** Give up after this long; default 10 s. */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it; default 30 s (a write takes milliseconds). */
  staleMs?: number;
}

/**
 * [INF] A lock file that names no holder is written this instant (its holder is between creating
 * and filling it) or was left by a writer that failed or was killed in between: after this long it
 * is the latter, and is taken over.
 */
const UNNAMED_STALE_MS = 1_000;

interface Holder {
  pid: number;
  host: string;
  token: string;
}

/** Runs `fn` holding the lock at `lockPath`. */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const token = await acquire(lockPath, opts);
  try {
    return await fn();
  } finally {
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, opts: LockOptions): Promise<string> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const staleMs = opts.staleMs ?? 30_000;
  const me: Holder = { pid: process.pid, host: hostname(), token: randomBytes(12).toString('hex') };
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  for (;;) {
    let fh;
    try {
      fh = await fs.open(lockPath, 'wx', 0o600);
    } catch (err) {
      if (code(err) !== 'EEXIST') throw cannotLock(err, lockPath);
    }
    if (fh) {
      try {
        await fh.writeFile(JSON.stringify(me));
        await fh.close();
        return me.token;
      } catch (err) {
        // A full disk: the file exists but names nobody. Ours, so removed at once.
        await fh.close().catch(() => undefined);
        await fs.rm(lockPath, { force: true }).catch(() => undefined);
        throw cannotLock(err, lockPath);
      }
    }
    if (await removeIfStale(lockPath, staleMs)) continue;
    if (Date.now() >= deadline) {
      const holder = await readHolder(lockPath);
      const who = holder ? `process ${holder.pid} on ${holder.host}` : 'another process';
      throw new InputError(
        `${lockPath}: the vault is locked by ${who} for more than ${timeoutMs / 1000} s (if no ecs-local is writing this vault, remove the lock file)`,
      );
    }
    // Random delays so that waiting writers do not retry in step.
    await sleep(delay + Math.random() * delay);
    delay = Math.min(delay * 2, 50);
  }
}

async function release(lockPath: string, token: string): Promise<void> {
  // Only our own lock: if ours was taken over as stale, the file is someone else's now.
  const holder = await readHolder(lockPath);
  if (holder?.token === token) await fs.rm(lockPath, { force: true });
}

/** True when the lock was stale and is gone (or vanished meanwhile): try again at once. */
async function removeIfStale(lockPath: string, staleMs: number): Promise<boolean> {
  let mtimeMs: number;
  try {
    mtimeMs = (await fs.stat(lockPath)).mtimeMs;
  } catch (err) {
    if (code(err) === 'ENOENT') return true;
    throw cannotLock(err, lockPath);
  }
  const holder = await readHolder(lockPath);
  const age = Date.now() - mtimeMs;
  // No readable holder may be a lock being written this instant: only its age can tell.
  const old = age > (holder ? staleMs : Math.min(staleMs, UNNAMED_STALE_MS));
  const dead = holder !== undefined && holder.host === hostname() && !processAlive(holder.pid);
  if (!old && !dead) return false;

  // Move it aside before deleting, and check that what was moved is the lock judged stale: a
  // plain unlink could delete a fresh lock that replaced the stale one meanwhile.
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch (err) {
    if (code(err) === 'ENOENT') return true;
    throw cannotLock(err, lockPath);
  }
  const moved = await readHolder(aside);
  if (holder && moved && moved.token !== holder.token) {
    // A live lock: put it back if nobody took the place meanwhile.
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.rm(aside, { force: true });
  return true;
}

async function readHolder(file: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<Holder>;
    if (typeof h.pid === 'number' && typeof h.host === 'string' && typeof h.token === 'string') return h as Holder;
  } catch {
    // Missing, being written, or not ours: no holder to speak of.
  }
  return undefined;
}

function cannotLock(err: unknown, lockPath: string): FileWriteError {
  const p = fileProblem(err, lockPath, 'write');
  return new FileWriteError(`${lockPath}: cannot lock the vault for writing: ${p.reason} (${p.fix})`, { cause: err });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
