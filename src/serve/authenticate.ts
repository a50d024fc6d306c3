/**
 * Who signed a request, or why AWS would refuse it: the request's SigV4 signature checked against
 * the keys a server knows (src/serve/callers.ts), with each service's own error code, status and
 * text (src/messages.ts AwsJsonAuth, S3Auth). The order of the checks is [INF]: AWS does not say;
 * this one names the first thing a user has to fix (a missing header, the key, its token, the
 * clock, then the signature itself). [INF] Only the Authorization header is read: a presigned URL
 * (the signature in the query) counts as unsigned, which the SDKs never send to these services.
 */
import { AwsJsonAuth, S3Auth } from '../messages.js';
import type { CallerIdentity } from '../aws/ports.js';
import { expectedSignature, header, longDateOf, parseAuthorization, requestDate, equalInConstantTime, type ReceivedRequest } from './sigv4.js';

/** The SigV4 signing name each answered service expects in the credential scope. */
export type SigningService = 'secretsmanager' | 'ssm' | 's3';

/** A key a server accepts: its secret, its session token if temporary, and whose it is. */
export interface KnownKey {
  secretAccessKey: string;
  /** Empty or absent for long-term keys; otherwise the request must carry exactly this token. */
  sessionToken?: string;
  /** After this the key is refused as expired. */
  expiration?: Date;
  /** The task (and role) the key was issued to; absent for a local user's own key. */
  caller?: CallerIdentity;
}

export interface KeyDirectory {
  keyOf(accessKeyId: string): KnownKey | undefined;
}

/** A refusal as the service words it; `details` are S3's extra XML elements, in order. */
export interface Refusal {
  status: number;
  code: string;
  message: string;
  details?: [string, string][];
}

export type Authentication = { ok: true; key: KnownKey; accessKeyId: string } | { ok: false; refusal: Refusal };

/** JSON services allow 5 minutes of clock skew [OBS the "- 5 min." texts]; S3 allows 15 [DOC]. */
const JSON_SKEW_MS = 5 * 60_000;
const S3_SKEW_MS = 15 * 60_000;

/**
 * `service` is the signing name the request must be scoped to; `undefined` takes the scope's (a
 * request for an operation the server does not route, which it then answers as AWS does).
 */
export async function authenticate(
  req: ReceivedRequest,
  service: SigningService | undefined,
  keys: KeyDirectory,
  now: number = Date.now(),
): Promise<Authentication> {
  const s3 = service === 's3';
  const authorization = header(req.headers, 'authorization');
  const date = requestDate(req.headers);
  const parsed = parseAuthorization(authorization, date !== undefined);
  const refuse = (refusal: Refusal): Authentication => ({ ok: false, refusal });

  if (parsed.kind === 'missing') {
    return refuse(s3 ? s3Refusal(403, 'AccessDenied', S3Auth.accessDenied()) : json('MissingAuthenticationTokenException', AwsJsonAuth.missingAuthenticationToken()));
  }
  if (parsed.kind === 'malformed') {
    return refuse(s3 ? s3Refusal(400, 'AuthorizationHeaderMalformed', S3Auth.authorizationHeaderMalformed()) : json('IncompleteSignatureException', AwsJsonAuth.notKeyValuePair(parsed.part, authorization ?? '')));
  }
  if (parsed.kind === 'incomplete') {
    return refuse(s3 ? s3Refusal(400, 'AuthorizationHeaderMalformed', S3Auth.authorizationHeaderMalformed()) : json('IncompleteSignatureException', AwsJsonAuth.incompleteSignature(parsed.missing, authorization ?? '')));
  }
  const { auth } = parsed;
  if (!s3 && service !== undefined && auth.service !== service) return refuse(json('InvalidSignatureException', AwsJsonAuth.wrongService(service)));

  const key = keys.keyOf(auth.accessKeyId);
  if (key === undefined) {
    return refuse(s3 ? s3Refusal(403, 'InvalidAccessKeyId', S3Auth.invalidAccessKeyId(), [['AWSAccessKeyId', auth.accessKeyId]]) : json('UnrecognizedClientException', AwsJsonAuth.unrecognizedClient()));
  }
  // The token must be the one issued with the key, and a long-term key takes none.
  if (!equalInConstantTime(header(req.headers, 'x-amz-security-token') ?? '', key.sessionToken ?? '')) {
    return refuse(s3 ? s3Refusal(400, 'InvalidToken', S3Auth.invalidToken()) : json('UnrecognizedClientException', AwsJsonAuth.unrecognizedClient()));
  }
  if (key.expiration !== undefined && key.expiration.getTime() <= now) {
    return refuse(s3 ? s3Refusal(400, 'ExpiredToken', S3Auth.expiredToken()) : json('ExpiredTokenException', AwsJsonAuth.expiredToken()));
  }

  const signedAt = date as { longDate: string; time: number };
  const skew = s3 ? S3_SKEW_MS : JSON_SKEW_MS;
  if (Math.abs(signedAt.time - now) > skew) {
    if (s3) {
      return refuse(
        s3Refusal(403, 'RequestTimeTooSkewed', S3Auth.requestTimeTooSkewed(), [
          ['RequestTime', signedAt.longDate],
          ['ServerTime', new Date(now).toISOString()],
          ['MaxAllowedSkewMilliseconds', String(S3_SKEW_MS)],
        ]),
      );
    }
    const message =
      signedAt.time < now
        ? AwsJsonAuth.signatureExpired(signedAt.longDate, longDateOf(now - skew), longDateOf(now))
        : AwsJsonAuth.signatureNotYetCurrent(signedAt.longDate, longDateOf(now + skew), longDateOf(now));
    return refuse(json('InvalidSignatureException', message));
  }

  const expected = await expectedSignature(req, auth, signedAt.longDate, { accessKeyId: auth.accessKeyId, ...key });
  if (!equalInConstantTime(expected.signature, auth.signature)) {
    if (s3) {
      return refuse(
        s3Refusal(403, 'SignatureDoesNotMatch', S3Auth.signatureDoesNotMatch(), [
          ['AWSAccessKeyId', auth.accessKeyId],
          ['StringToSign', expected.stringToSign],
          ['SignatureProvided', auth.signature],
          ['StringToSignBytes', bytes(expected.stringToSign)],
          ['CanonicalRequest', expected.canonicalRequest],
          ['CanonicalRequestBytes', bytes(expected.canonicalRequest)],
        ]),
      );
    }
    return refuse(json('InvalidSignatureException', AwsJsonAuth.invalidSignature(expected.canonicalRequest, expected.stringToSign)));
  }
  return { ok: true, key, accessKeyId: auth.accessKeyId };
}

function json(code: string, message: string): Refusal {
  return { status: 400, code, message };
}

function s3Refusal(status: number, code: string, message: string, details?: [string, string][]): Refusal {
  return details ? { status, code, message, details } : { status, code, message };
}

/** S3's `…Bytes` elements: each byte in two hex digits, separated by spaces. */
function bytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
