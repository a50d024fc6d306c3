/**
 * A minimal ustar writer: enough to hand the Engine API a root filesystem to import as an image
 * (the pause image, the test busybox image) without pulling anything and without a tar dependency.
 */

export type TarEntry =
  | { type: 'file'; path: string; data: Uint8Array; mode?: number }
  | { type: 'dir'; path: string; mode?: number }
  | { type: 'symlink'; path: string; target: string };

const BLOCK = 512;
/** A fixed mtime keeps the archive, and so the imported layer, byte-for-byte reproducible. */
const MTIME = 0;

/** Concatenated ustar archive of `entries`, in order, with the two closing zero blocks. */
export function writeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const data = entry.type === 'file' ? Buffer.from(entry.data) : Buffer.alloc(0);
    parts.push(header(entry, data.length));
    if (data.length > 0) {
      parts.push(data);
      const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (pad > 0) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

function header(entry: TarEntry, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  const path = entry.type === 'dir' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path;
  const [prefix, name] = splitPath(path);
  const mode = entry.type === 'symlink' ? 0o777 : (entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644));
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, mode);
  writeOctal(h, 108, 8, 0); // uid
  writeOctal(h, 116, 8, 0); // gid
  writeOctal(h, 124, 12, size);
  writeOctal(h, 136, 12, MTIME);
  h.fill(0x20, 148, 156); // checksum is computed with its own field as spaces
  h.write(entry.type === 'file' ? '0' : entry.type === 'dir' ? '5' : '2', 156, 'latin1');
  if (entry.type === 'symlink') writeString(h, 157, 100, entry.target);
  h.write('ustar\0', 257, 'latin1');
  h.write('00', 263, 'latin1');
  writeString(h, 265, 32, 'root');
  writeString(h, 297, 32, 'root');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const byte of h) sum += byte;
  // Six octal digits, NUL, space: the layout GNU tar writes.
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return h;
}

/** ustar stores long paths as prefix (155) + '/' + name (100). */
function splitPath(path: string): [string, string] {
  const bytes = Buffer.byteLength(path);
  if (bytes <= 100) return ['', path];
  for (let i = path.length - 1; i > 0; i--) {
    if (path[i] !== '/') continue;
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name.length > 0) return [prefix, name];
  }
  throw new Error(`tar: path too long for ustar: ${path}`);
}

function writeString(h: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`tar: field too long: ${value}`);
  bytes.copy(h, offset);
}

function writeOctal(h: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`tar: number too large for field: ${value}`);
  h.write(`${digits.padStart(length - 1, '0')}\0`, offset, 'latin1');
}
