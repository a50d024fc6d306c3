/**
 * SigV4 on the receiving side: the Authorization header taken apart, and a request's signature
 * computed again with the SDK's own signer (@smithy/signature-v4: its canonical headers, query and
 * request, its key derivation), then compared in constant time. No I/O; the keys are the caller's
 * to find.
 */
import { createHash, createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';
import { ALGORITHM_IDENTIFIER, SignatureV4Base, getCanonicalHeaders, getSigningKey } from '@smithy/signature-v4';

/** A request as it reached the server: header names lower-case, the path as sent (still escaped). */
export interface ReceivedRequest {
  method: string;
  path: string;
  /** The query string without `?`, as sent. */
  query: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

export interface Authorization {
  accessKeyId: string;
  /** `20260101`, as the credential scope says. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export type ParsedAuthorization =
  | { kind: 'signed'; auth: Authorization }
  /** No Authorization header at all. */
  | { kind: 'missing' }
  /** Present but not a usable SigV4 header: what is missing, or the part that is not `key=value`. */
  | { kind: 'incomplete'; missing: ('Credential' | 'Signature' | 'SignedHeaders' | 'date')[] }
  | { kind: 'malformed'; part: string };

const CREDENTIAL = /^([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request$/;

/** Takes `AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ssm/aws4_request, SignedHeaders=…, Signature=…` apart. */
export function parseAuthorization(header: string | undefined, hasDate: boolean): ParsedAuthorization {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  const [algorithm = '', ...rest] = header.trim().split(/[\s,]+/);
  const fields = new Map<string, string>();
  if (algorithm === ALGORITHM_IDENTIFIER) {
    for (const part of rest) {
      const eq = part.indexOf('=');
      if (eq < 0) return { kind: 'malformed', part };
      fields.set(part.slice(0, eq), part.slice(eq + 1));
    }
  }
  const credential = CREDENTIAL.exec(fields.get('Credential') ?? '');
  const signedHeaders = fields.get('SignedHeaders') ?? '';
  const signature = fields.get('Signature') ?? '';
  const missing: ('Credential' | 'Signature' | 'SignedHeaders' | 'date')[] = [];
  // [INF] A Credential that is not `key/date/region/service/aws4_request` counts as missing.
  if (!credential) missing.push('Credential');
  if (signature === '') missing.push('Signature');
  if (signedHeaders === '') missing.push('SignedHeaders');
  if (!hasDate) missing.push('date');
  if (missing.length > 0 || !credential) return { kind: 'incomplete', missing };
  const [, accessKeyId = '', scopeDate = '', region = '', service = ''] = credential;
  return { kind: 'signed', auth: { accessKeyId, scopeDate, region, service, signedHeaders: signedHeaders.split(';'), signature } };
}

/** `20260101T120000Z` from X-Amz-Date, or from a `Date` header; undefined if neither is a date. */
export function requestDate(headers: ReceivedRequest['headers']): { longDate: string; time: number } | undefined {
  const amz = header(headers, 'x-amz-date');
  if (amz !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amz);
    if (!m) return undefined;
    const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
    return Number.isNaN(time) ? undefined : { longDate: amz, time };
  }
  const date = header(headers, 'date');
  const time = date === undefined ? NaN : Date.parse(date);
  return Number.isNaN(time) ? undefined : { longDate: longDateOf(time), time };
}

/** `20260101T120000Z`, the form SigV4 and AWS's messages write dates in. */
export function longDateOf(time: number): string {
  return new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, '');
}

export function header(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** node:crypto's SHA-256 (and HMAC with a key) in the shape the SDK's signer hashes with. */
export class NodeSha256 {
  private hash;
  private readonly secret: BinaryLike | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret =
      secret === undefined || typeof secret === 'string'
        ? secret
        : secret instanceof ArrayBuffer
          ? new Uint8Array(secret)
          : new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength);
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.hash.digest());
  }
  reset(): void {
    this.hash = this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

/**
 * The signer's canonical request, reached through its base class. (Its string to sign is one line of
 * format around a SHA-256, done below without the signer's promises.)
 */
class Canonicalizer extends SignatureV4Base {
  constructor(service: string, uriEscapePath: boolean) {
    super({ service, region: 'us-east-1', credentials: { accessKeyId: '', secretAccessKey: '' }, sha256: NodeSha256, uriEscapePath });
  }
  canonicalRequest(request: unknown, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request as never, canonicalHeaders, payloadHash);
  }
}

// S3 signs the path as sent; the other services sign it normalised and escaped again (the SDK's rule).
const canonicalizers = { s3: new Canonicalizer('s3', false), other: new Canonicalizer('', true) };

export interface Computed {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/**
 * The signature the request should carry if it was signed with `secretAccessKey` at `longDate`. The
 * scope's date is taken from `longDate`, so a credential dated another day does not match.
 */
export async function expectedSignature(
  req: ReceivedRequest,
  auth: Authorization,
  longDate: string,
  key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
): Promise<Computed> {
  const s3 = auth.service === 's3';
  const signed: Record<string, string> = {};
  for (const name of auth.signedHeaders) {
    const value = header(req.headers, name);
    if (value !== undefined) signed[name] = value;
  }
  const canonicalHeaders = getCanonicalHeaders({ headers: signed } as never, undefined, new Set(auth.signedHeaders));
  const contentHash = header(req.headers, 'x-amz-content-sha256');
  // S3 signs the hash it was sent (or UNSIGNED-PAYLOAD); the JSON services sign the body's own hash.
  const payloadHash = s3 && contentHash !== undefined ? contentHash : createHash('sha256').update(req.body).digest('hex');
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(req.query)) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  const path = s3 ? req.path : safeDecode(req.path);
  const c = s3 ? canonicalizers.s3 : canonicalizers.other;
  const canonicalRequest = c.canonicalRequest({ method: req.method, path, query }, canonicalHeaders, payloadHash);
  const shortDate = longDate.slice(0, 8);
  const scope = `${shortDate}/${auth.region}/${auth.service}/aws4_request`;
  const stringToSign = `${ALGORITHM_IDENTIFIER}\n${longDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  const signingKey = await derivedKey(key, shortDate, auth.region, auth.service);
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return { canonicalRequest, stringToSign, signature };
}

/**
 * The signing key of a key, date, region and service, derived by the SDK's signer once and then
 * kept, as the signer keeps its own: four HMACs saved on every request. The secret is part of the
 * cache key, so a key id registered again with another secret never meets a stale entry. Bounded:
 * the oldest entry goes first.
 */
const signingKeys = new Map<string, Uint8Array>();
const MAX_SIGNING_KEYS = 256;

async function derivedKey(key: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }, shortDate: string, region: string, service: string): Promise<Uint8Array> {
  const id = `${key.accessKeyId}\n${key.secretAccessKey}\n${shortDate}\n${region}\n${service}`;
  const cached = signingKeys.get(id);
  if (cached !== undefined) return cached;
  const derived = await getSigningKey(NodeSha256, key, shortDate, region, service);
  if (signingKeys.size >= MAX_SIGNING_KEYS) signingKeys.delete(signingKeys.keys().next().value as string);
  signingKeys.set(id, derived);
  return derived;
}

/** Constant-time comparison of two signatures or tokens (a different length is simply unequal). */
export function equalInConstantTime(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
