/**
 * Writing the vault back to its file: read-modify-write under the vault's lock, so that concurrent
 * writers (processes, or requests to `vault serve`) lose nothing, and an atomic replace (a temp file
 * in the same folder, mode 0600, fsync, rename) so that a reader never sees half a file and a crash
 * never leaves one (nor, after the next read, its temp file: temp-files.ts). The text keeps the
 * user's format (render.ts). Every file-system failure is a FileWriteError naming the file and the fix.
 */
import { constants as fsConstants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { FileWriteError } from '../errors.js';
import type { JsonValue } from '../json/parse.js';
import { errorCode, fileProblem } from '../files/problem.js';
import { withFileLock, type LockOptions } from './file-lock.js';
import { cannotReadVault, vaultFromText, type LoadVaultOptions } from './load.js';
import { sweepTempFiles, tempFileFor } from './temp-files.js';
import { formatVaultPieces, formatVaultText, renderVault } from './render.js';
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
  /** The file's text after the update (undefined for a large vault, written in pieces), and its stamp. */
  text: string | undefined;
  stamp: FileStamp;
  written: boolean;
}

/**
 * A vault larger than this is written piece by piece rather than as one text: its new text and the
 * copies made while writing it would double the memory a large vault takes.
 */
const STREAMED_SIZE = 16 * 1024 * 1024;

export function lockFileOf(vaultFile: string): string {
  return `${vaultFile}.lock`;
}

/**
 * Reads the vault under its lock, lets `change` apply operations to the store, and writes the file
 * back if anything changed. `change` runs on data read under the lock, so it sees every write made
 * before it. A symlinked vault is locked and written at its target.
 */
export async function updateVault<T>(file: string, opts: UpdateVaultOptions, change: (store: VaultStore) => T): Promise<UpdateResult<T>> {
  const target = await targetOf(file);
  return withFileLock(
    lockFileOf(target),
    async () => {
      sweepTempFiles(file);
      const before = await readStamped(file);
      const vault = vaultFromText(file, before.text, opts);
      const result = change(vault.store);
      const doc = renderVault(vault.root, vault.store.data);
      // Nothing changed: leave the file as the user wrote it, formatting and all.
      if (sameJson(doc, vault.root)) return { result, text: before.text, stamp: before.stamp, written: false };
      if (before.text.length > STREAMED_SIZE) {
        const stamp = await writeFileAtomic(file, formatVaultPieces(doc, before.text));
        return { result, text: undefined, stamp, written: true };
      }
      const text = formatVaultText(doc, before.text);
      const stamp = await writeFileAtomic(file, text);
      return { result, text, stamp, written: true };
    },
    opts.lock,
  );
}

/**
 * `change` applied to a vault held as text (the library's in-memory vault), as `updateVault` applies
 * it to a file: the text after it, the user's formatting kept, unchanged when nothing changed.
 */
export function changeVaultText<T>(file: string, text: string, opts: LoadVaultOptions, change: (store: VaultStore) => T): { result: T; text: string } {
  const vault = vaultFromText(file, text, opts);
  const result = change(vault.store);
  const doc = renderVault(vault.root, vault.store.data);
  return { result, text: sameJson(doc, vault.root) ? text : formatVaultText(doc, text) };
}

/**
 * Deep equality of two JSON values, as util.isDeepStrictEqual judges them (the order of keys does
 * not matter), without its bookkeeping: the rendered vault shares every unchanged entry with the
 * parsed one, so a vault of 100,000 entries is compared in a pass over its keys.
 */
export function sameJson(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return Object.is(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => sameJson(v, b[i] as JsonValue));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => Object.hasOwn(b, k) && sameJson(a[k] as JsonValue, b[k] as JsonValue));
}

export async function readStamped(file: string): Promise<{ text: string; stamp: FileStamp }> {
  let fh;
  try {
    fh = await fs.open(file, 'r');
  } catch (err) {
    throw cannotReadVault(err, file);
  }
  try {
    // One open file for both, so that the stamp belongs to the text read.
    const st = await fh.stat();
    const text = await fh.readFile('utf8').catch((err: unknown) => {
      throw cannotReadVault(err, file);
    });
    return { text, stamp: { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs } };
  } finally {
    await fh.close();
  }
}

export function sameStamp(a: FileStamp | undefined, b: FileStamp | undefined): boolean {
  return a !== undefined && b !== undefined && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The file a write to `file` replaces: the target of a symbolic link (so the link stays one). */
export async function targetOf(file: string): Promise<string> {
  try {
    if ((await fs.lstat(file)).isSymbolicLink()) return await fs.realpath(file);
  } catch {
    // Missing, dangling or a loop: used as named, and reading it says what is wrong.
  }
  return file;
}

/**
 * Replaces `file` (or a symlink's target) with `text` atomically: a temp file beside it, created
 * 0600, written, synced and renamed over it. An existing file keeps its mode (and, for root, its
 * owner); a new one is 0600. A read-only file (no write bit) is refused rather than replaced. On any
 * failure the file is left as it was and the temp file is removed.
 */
export async function writeFileAtomic(file: string, text: string | Iterable<string>): Promise<FileStamp> {
  const target = await targetOf(file);
  const existing = await fs.stat(target).catch((err: unknown) => {
    if (errorCode(err) === 'ENOENT') return undefined;
    throw cannotWrite(err, file);
  });
  if (existing) {
    const mode = existing.mode & 0o7777;
    // Root may write anything, so the mode bits are checked here, not left to the kernel.
    if ((mode & 0o222) === 0) {
      throw new FileWriteError(
        `${file}: cannot write the vault: the file is read-only (mode ${mode.toString(8).padStart(4, '0')}) (to allow changes, make it writable, e.g. chmod u+w ${file})`,
      );
    }
    await fs.access(target, fsConstants.W_OK).catch((err: unknown) => {
      throw cannotWrite(err, file);
    });
  }
  const temp = tempFileFor(target);
  let stamp: FileStamp;
  let fh;
  try {
    fh = await fs.open(temp, 'wx', 0o600);
  } catch (err) {
    throw cannotWrite(err, file);
  }
  try {
    await writeInSlices(fh, text);
    // The umask can only take bits away; chmod makes sure of the mode whatever it is.
    await fh.chmod(existing ? existing.mode & 0o7777 : 0o600);
    if (existing && process.getuid?.() === 0 && (existing.uid !== 0 || existing.gid !== 0)) {
      // Root writing a user's vault: it stays the user's.
      await fh.chown(existing.uid, existing.gid).catch(() => undefined);
    }
    await fh.sync();
    const st = await fh.stat();
    stamp = { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    await fh.close();
    fh = undefined;
    await fs.rename(temp, target);
  } catch (err) {
    await fh?.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw cannotWrite(err, file);
  }
  // The rename itself is durable once the folder is synced (best effort: not every system allows it).
  const dh = await fs.open(path.dirname(target), 'r').catch(() => undefined);
  if (dh) {
    await dh.sync().catch(() => undefined);
    await dh.close();
  }
  return stamp;
}

/**
 * Slices of 64 KiB: a 100 MB vault is never copied whole into one buffer, and each slice is small
 * enough to be collected young (a large string or buffer lives until the next full collection).
 */
const SLICE = 64 * 1024;

async function writeInSlices(fh: FileHandle, text: string | Iterable<string>): Promise<void> {
  if (typeof text !== 'string') {
    // Pieces, gathered into slices.
    let batch: string[] = [];
    let size = 0;
    for (const piece of text) {
      batch.push(piece);
      size += piece.length;
      if (size >= SLICE) {
        await fh.write(batch.join(''), null, 'utf8');
        batch = [];
        size = 0;
      }
    }
    if (size > 0) await fh.write(batch.join(''), null, 'utf8');
    return;
  }
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + SLICE, text.length);
    // Never between the two halves of a surrogate pair, which would be written as two U+FFFD.
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    await fh.write(text.slice(at, end), null, 'utf8');
    at = end;
  }
}

function cannotWrite(err: unknown, file: string): FileWriteError {
  if (err instanceof FileWriteError) return err;
  const p = fileProblem(err, file, 'write');
  return new FileWriteError(`${file}: cannot write the vault: ${p.reason} (${p.fix})`, { cause: err });
}
