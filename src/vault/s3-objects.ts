/**
 * What the vault's environment files look like as S3 objects, for both ways they are read (the vault
 * file directly and `vault serve`): S3's request ids, and the one-line complaint when the vault maps
 * an object to a local file that cannot be read.
 */
import { randomBytes } from 'node:crypto';
import type { EnvironmentFileRecord } from './types.js';

export interface S3Ids {
  /** x-amz-request-id: 16 upper-case hex digits. */
  requestId: string;
  /** x-amz-id-2, S3's extended request id: base64. */
  hostId: string;
}

export function s3Ids(): S3Ids {
  return { requestId: randomBytes(8).toString('hex').toUpperCase(), hostId: randomBytes(57).toString('base64') };
}

/** The object exists in the vault but its local file does not: the vault is wrong, so say where. */
export function unreadableObjectFile(mapped: EnvironmentFileRecord, reason: string): string {
  const o = mapped.origin;
  return `${o.file}:${o.line}:${o.column}: ${o.path}: cannot read ${mapped.path}: ${reason}`;
}
