/**
 * The container credentials endpoint's answers, byte for byte as the ECS agent writes them
 * (ecs-agent/tmds/handlers/v1/credentials_handler.go, ecs-agent/credentials/manager.go). Pure: the
 * result of looking the id up is passed in.
 */
import { CredentialsEndpoint } from '../messages.js';
import { goMarshal } from './go-marshal.js';
import { rfc3339Seconds } from './times.js';

/** Credentials as the endpoint hands them out for a task role. */
export interface RoleCredentials {
  roleArn: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Empty for long-term keys (the SDKs accept an empty string, not a missing key). */
  sessionToken: string;
  expiration: Date;
}

export interface EndpointReply {
  status: number;
  /** Always JSON (`Content-Type: application/json`). */
  body: string;
}

/** `IAMRoleCredentials` marshalled by Go: the struct's field order, Expiration to the second. */
export function credentialsBody(c: RoleCredentials): string {
  return goMarshal({
    RoleArn: c.roleArn,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    Token: c.sessionToken,
    Expiration: rfc3339Seconds(c.expiration),
  });
}

export type CredentialsLookup =
  | { kind: 'found'; credentials: RoleCredentials }
  /** The id is known but its credentials could not be produced (yet). */
  | { kind: 'uninitialized' }
  | { kind: 'unknown' };

/**
 * The reply to `GET /v2/credentials/<id>` (version 2) or `GET /v1/credentials?id=<id>` (version 1):
 * 400 without an id (`no-id`) or for an unknown one, 503 while the credentials are not there, else 200.
 */
export function credentialsReply(version: 1 | 2, lookup: CredentialsLookup | 'no-id'): EndpointReply {
  const texts = version === 1 ? CredentialsEndpoint.v1 : CredentialsEndpoint;
  const error = (status: number, e: { code: string; message: string }): EndpointReply => ({
    status,
    body: goMarshal({ code: e.code, message: e.message }),
  });
  if (lookup === 'no-id') return error(400, texts.noId);
  if (lookup.kind === 'unknown') return error(400, texts.invalidId);
  if (lookup.kind === 'uninitialized') return error(503, texts.uninitialized);
  return { status: 200, body: credentialsBody(lookup.credentials) };
}
