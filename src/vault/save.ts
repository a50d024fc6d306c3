/**
 * Writing the vault back to its file: read-modify-write under the vault's lock, so that concurrent
 * writers (processes, or requests to `vault serve`) lose nothing, and an atomic replace (a temp file
 * in the same folder, mode 0600, fsync, rename) so that a reader never sees half a file and a crash
 * never leaves one. The text keeps the user's format (render.ts).
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { withFileLock, type LockOptions } from './file-lock.js';
import { vaultFromText, type LoadVaultOptions } from './load.js';
import { formatVaultText, renderVault } from './render.js';
import type { VaultStore } from './store.js';

/** Enough of a file's stat to tell whether it changed since it was read. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface UpdateVaultOptions extends LoadVaultOptions {
  lock?: LockOptions;
}

export interface UpdateResult<T> {
  result: T;
  /** The file's text after the update, and its stamp. */
  text: string;
  stamp: FileStamp;
  written: boolean;
}

export function lockFileOf(vaultFile: string): string {
  return `${vaultFile}.lock`;
}

/**
 * Reads the vault under its lock, lets `change` apply operations to the store, and writes the file
 * back if anything changed. `change` runs on data read under the lock, so it sees every write made
 * before it.
 */
export async function updateVault<T>(file: string, opts: UpdateVaultOptions, change: (store: VaultStore) => T): Promise<UpdateResult<T>> {
  return withFileLock(
    lockFileOf(file),
    async () => {
      const before = await readStamped(file);
      const vault = vaultFromText(file, before.text, opts);
      const result = change(vault.store);
      const doc = renderVault(vault.root, vault.store.data);
      // Nothing changed: leave the file as the user wrote it, formatting and all.
      if (isDeepStrictEqual(doc, vault.root)) return { result, text: before.text, stamp: before.stamp, written: false };
      const text = formatVaultText(doc, before.text);
      const stamp = await writeFileAtomic(file, text);
      return { result, text, stamp, written: true };
    },
    opts.lock,
  );
}

export async function readStamped(file: string): Promise<{ text: string; stamp: FileStamp }> {
  let fh;
  try {
    fh = await fs.open(file, 'r');
  } catch (err) {
    const why = (err as { code?: string }).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new InputError(`${file}: cannot read the vault: ${why} (create it, or name another file with --vault FILE)`);
  }
  try {
    // One open file for both, so that the stamp belongs to the text read.
    const st = await fh.stat();
    const text = await fh.readFile('utf8');
    return { text, stamp: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs } };
  } finally {
    await fh.close();
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** Replaces `file` with `text` atomically; the file ends with mode 0600 (it holds secrets). */
export async function writeFileAtomic(file: string, text: string): Promise<FileStamp> {
  const dir = path.dirname(path.resolve(file));
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let stamp: FileStamp;
  const fh = await fs.open(temp, 'wx', 0o600);
  try {
    await fh.writeFile(text, 'utf8');
    // The umask can only take bits away; chmod makes sure of 0600 whatever it is.
    await fh.chmod(0o600);
    await fh.sync();
    const st = await fh.stat();
    stamp = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    await fh.close();
    await fs.rm(temp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await fs.rename(temp, file);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw err;
  }
  // The rename itself is durable once the folder is synced (best effort: not every system allows it).
  const dh = await fs.open(dir, 'r').catch(() => undefined);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
  return stamp;
}
