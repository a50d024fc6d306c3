/**
 * S3 GetObject for `vault serve`, path-style (`GET /<bucket>/<key>`), answered from the vault's
 * `environmentFiles` mapping: what the `--endpoint` backend and emulator users (AWS_ENDPOINT_URL_S3)
 * fetch environment files with. Only reads; an object the vault does not map is S3's NoSuchKey, as
 * the local vault backend answers it. Free of HTTP plumbing.
 */
import { readFile } from 'node:fs/promises';
import { fileProblem } from '../files/problem.js';
import { AwsJson, S3 } from '../messages.js';
import { s3Ids, unreadableObjectFile, type S3Ids } from '../vault/s3-objects.js';
import type { VaultFile } from '../vault/vault-file.js';
import type { Refusal } from './authenticate.js';
import { AwsServiceError, type CallerIdentity } from '../aws/ports.js';
import { partitionOf } from '../vault/arn.js';
import { guardVault } from '../vault/guard.js';
import type { Vault } from '../vault/load.js';

/** The bucket and key of a path-style request path (`/bucket/dir/app.env`), decoded; undefined if it names none. */
export function parseObjectPath(urlPath: string): { bucket: string; key: string } | undefined {
  const pathOnly = urlPath.split('?')[0] ?? '';
  const m = /^\/([^/]+)\/(.+)$/s.exec(pathOnly);
  if (m === null) return undefined;
  try {
    const [bucket, key] = [decodeURIComponent(m[1] ?? ''), decodeURIComponent(m[2] ?? '')];
    return { bucket, key };
  } catch {
    return undefined;
  }
}

/** An S3 answer: the object's bytes as stored, or an XML error document. */
export interface ObjectReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * IAM for a known caller (the task role, through the task's runtime endpoint): `s3:GetObject` on the
 * object's ARN, when the vault has policies, as the JSON operations are (operation-guard.ts).
 */
export interface ObjectCaller {
  caller: CallerIdentity;
  warn: (message: string) => void;
}

export async function getObject(vault: VaultFile, bucket: string, key: string, asCaller?: ObjectCaller): Promise<ObjectReply> {
  const ids = s3Ids();
  let mapped;
  try {
    const now = await vault.read();
    // [INF] A vault without a `policies` section does not simulate IAM, as for the other services.
    // IAM first: S3 answers AccessDenied, not NoSuchKey, to a caller who may not read the object.
    if (asCaller !== undefined && now.store.data.policies !== undefined) {
      const denied = s3AccessDenied(now, bucket, key, asCaller, ids);
      if (denied !== undefined) return denied;
    }
    mapped = now.store.findEnvironmentFile(bucket, key);
  } catch (err) {
    return s3Error(500, 'InternalError', AwsJson.internalFailure(err instanceof Error ? err.message : String(err)), key, ids);
  }
  if (!mapped) return s3Error(404, 'NoSuchKey', S3.noSuchKey(), key, ids);
  let bytes: Buffer;
  try {
    bytes = await readFile(mapped.path);
  } catch (err) {
    return s3Error(500, 'InternalError', AwsJson.internalFailure(unreadableObjectFile(mapped, fileProblem(err, mapped.path).reason)), key, ids);
  }
  return {
    status: 200,
    // S3's type for an object stored without one.
    headers: { 'Content-Type': 'binary/octet-stream', ...idHeaders(ids) },
    body: bytes,
  };
}

/**
 * S3's AccessDenied (403, no Key element) when the caller's policies do not allow s3:GetObject on
 * the object. [OBS] S3's same-account denial text is IAM's, with the resource ARN in quotes
 * (`on resource: "arn:aws:s3:::bucket/key"`); [INF] the same for the explicit-deny form.
 */
function s3AccessDenied(vault: Vault, bucket: string, key: string, o: ObjectCaller, ids: S3Ids): ObjectReply | undefined {
  const resource = `arn:${partitionOf(vault.region)}:s3:::${bucket}/${key}`;
  try {
    guardVault(vault, { caller: o.caller, warn: o.warn, requestId: () => ids.requestId }).authorize('s3:GetObject', resource, `"${resource}"`);
    return undefined;
  } catch (err) {
    if (!(err instanceof AwsServiceError)) throw err;
    return s3Refusal({ status: 403, code: 'AccessDenied', message: err.message });
  }
}

/** A refused signature as S3 answers it: the error document with S3's extra elements, no Key. */
export function s3Refusal(refusal: Refusal): ObjectReply {
  const ids = s3Ids();
  const extra = (refusal.details ?? []).map(([name, value]) => `<${name}>${xml(value)}</${name}>`).join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xml(refusal.code)}</Code><Message>${xml(refusal.message)}</Message>${extra}` +
    `<RequestId>${ids.requestId}</RequestId><HostId>${xml(ids.hostId)}</HostId></Error>`;
  return { status: refusal.status, headers: { 'Content-Type': 'application/xml', ...idHeaders(ids) }, body: Buffer.from(body, 'utf8') };
}

/** S3's REST error document (application/xml), with the ids in the body and the headers. */
function s3Error(status: number, code: string, message: string, key: string, ids: S3Ids): ObjectReply {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message><Key>${xml(key)}</Key>` +
    `<RequestId>${ids.requestId}</RequestId><HostId>${xml(ids.hostId)}</HostId></Error>`;
  return { status, headers: { 'Content-Type': 'application/xml', ...idHeaders(ids) }, body: Buffer.from(body, 'utf8') };
}

function idHeaders(ids: S3Ids): Record<string, string> {
  return { 'x-amz-request-id': ids.requestId, 'x-amz-id-2': ids.hostId };
}

function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}
