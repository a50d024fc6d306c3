/**
 * The AWS JSON 1.1 envelope (aws-wire.md §1.1, §7): which operation a request names (X-Amz-Target),
 * which region it was signed for and with which access key id (the SigV4 credential; signatures are
 * checked in authenticate.ts), and how answers and errors are written. Pure: requests and replies are plain values.
 */
import { AwsJson, AwsJsonAuth } from '../messages.js';
import type { Refusal } from './authenticate.js';
import { TARGET_PREFIX, type ServiceName } from './operations.js';

export const CONTENT_TYPE = 'application/x-amz-json-1.1';

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type Target = { service: ServiceName; operation: string } | undefined;

/** `secretsmanager.GetSecretValue` → Secrets Manager's GetSecretValue; anything else is undefined. */
export function parseTarget(header: string | undefined): Target {
  const m = /^([A-Za-z]+)\.([A-Za-z]+)$/.exec(header ?? '');
  const service = m?.[1] === undefined ? undefined : TARGET_PREFIX[m[1]];
  return service && m?.[2] ? { service, operation: m[2] } : undefined;
}

/** The region of `Credential=AKID/20260101/<region>/<service>/aws4_request`, if the request was signed. */
export function regionOf(authorization: string | undefined): string | undefined {
  return /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/[^/,\s]+\/aws4_request/.exec(authorization ?? '')?.[1];
}

/** The access key id of `Credential=AKID/20260101/…`, if the request was signed (not checked here). */
export function accessKeyIdOf(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

export function ok(requestId: string, value: unknown): Reply {
  return { status: 200, headers: headers(requestId), body: JSON.stringify(value) };
}

/**
 * `{"__type":"<Code>","Message":"<text>"}` with `x-amzn-ErrorType: <Code>`. A message AWS does not
 * send (SSM's ParameterNotFound) is left out entirely, as AWS does.
 */
export function failure(requestId: string, status: number, code: string, message: string): Reply {
  const body: Record<string, string> = { __type: code };
  if (message !== '') body.Message = message;
  return { status, headers: { ...headers(requestId), 'x-amzn-ErrorType': code }, body: JSON.stringify(body) };
}

/**
 * A refused signature: Coral's authentication errors carry a lowercase `message` (messages.ts
 * AwsJsonAuth) and no x-amzn-ErrorType header (aws/aws-sdk-cpp#2407 lists the five headers AWS sent).
 */
export function authFailure(requestId: string, refusal: Refusal): Reply {
  const body = { __type: refusal.code, [AwsJsonAuth.messageKey]: refusal.message };
  return { status: refusal.status, headers: headers(requestId), body: JSON.stringify(body) };
}

/**
 * An X-Amz-Target the service does not route: Coral's own error type, and no message. [INF] When
 * the service is ours but the operation is not implemented, a message says so.
 */
export function unknownOperation(requestId: string, header: string | undefined, known: boolean): Reply {
  const body: Record<string, string> = { __type: AwsJson.unknownOperationType };
  if (known && header) body.Message = AwsJson.notImplemented(header);
  return {
    status: 400,
    headers: { ...headers(requestId), 'x-amzn-ErrorType': 'UnknownOperationException' },
    body: JSON.stringify(body),
  };
}

/** The code of an internal failure, per service (their API models). */
export function internalErrorCode(service: ServiceName | undefined): string {
  return service === 'ssm' ? 'InternalServerError' : 'InternalServiceError';
}

function headers(requestId: string): Record<string, string> {
  return { 'Content-Type': CONTENT_TYPE, 'x-amzn-RequestId': requestId };
}
