/**
 * The temporary files of vault writes: `.<vault name>.<pid>.<random>.tmp`, created 0600 beside the
 * file they replace (a rename is atomic only within one file system). A write that fails removes its
 * own; one killed mid-write (SIGKILL, power loss) cannot, and its file holds the vault's plaintext,
 * so the next read or write of the vault sweeps every such file whose writer is gone.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from '../files/process-alive.js';

/**
 * [INF] A temp file older than this is left over whoever wrote it (its pid may have been reused):
 * even a 100 MB vault is written in seconds.
 */
const LEFT_OVER_MS = 10 * 60_000;

export function tempFileFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Removes the temp files of writers of `file` (of its target, for a symlink) that are gone. Best
 * effort: a folder that cannot be read or written (a read-only vault) is left as it is.
 */
export function sweepTempFiles(file: string, now = Date.now()): void {
  let target = file;
  try {
    if (fs.lstatSync(file).isSymbolicLink()) target = fs.realpathSync(file);
  } catch {
    return;
  }
  const dir = path.dirname(target);
  const prefix = `.${path.basename(target)}.`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const m = /^(\d+)\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      const old = now - fs.lstatSync(file).mtimeMs > LEFT_OVER_MS;
      if (old || !processAlive(Number(m[1]))) fs.rmSync(file, { force: true });
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}

