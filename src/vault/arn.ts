/**
 * The ARNs the vault deals in: Secrets Manager secrets, SSM parameters and S3 objects. Building them
 * the way AWS prints them, and taking apart the ones a caller (or a vault key) gives.
 */
import { parseArn, partitionOf, type Arn } from '../aws/arn.js';
import { vaultDefs } from './schema.js';

export type ArnParts = Arn;
export { partitionOf };

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; the resource keeps any further colons. */
export function splitArn(text: string): ArnParts | undefined {
  const parsed = parseArn(text);
  return parsed.ok ? parsed.arn : undefined;
}


export const REGION_PATTERN = new RegExp(vaultDefs.region.pattern);
export const ACCOUNT_ID_PATTERN = new RegExp(vaultDefs.accountId.pattern);

export function secretArn(partition: string, region: string, accountId: string, name: string, suffix: string): string {
  // Joined, not concatenated: one flat string per secret, where `+` would keep a chain of eight.
  return ['arn:', partition, ':secretsmanager:', region, ':', accountId, ':secret:', name, '-', suffix].join('');
}

/** `parameter/a/b` for `/a/b`, `parameter/foo` for `foo` and `/foo`. */
export function parameterArn(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`;
}

/** A Secrets Manager ARN: the name part, and the suffix when the ARN ends in `-XXXXXX`. */
export interface SecretArnParts extends ArnParts {
  /** Everything after `secret:`. */
  rest: string;
  /** Set when `rest` ends in `-[A-Za-z0-9]{6}`: then it is a complete ARN. */
  complete?: { name: string; suffix: string };
}

export function parseSecretArn(text: string): SecretArnParts | undefined {
  const parts = splitArn(text);
  if (!parts || parts.service !== 'secretsmanager' || !parts.resource.startsWith('secret:')) return undefined;
  const rest = parts.resource.slice('secret:'.length);
  if (rest === '') return undefined;
  const m = /^(.+)-([A-Za-z0-9]{6})$/s.exec(rest);
  return m ? { ...parts, rest, complete: { name: m[1] ?? '', suffix: m[2] ?? '' } } : { ...parts, rest };
}

/** An SSM parameter ARN: the text after `parameter/` (no leading slash). */
export function parseParameterArn(text: string): (ArnParts & { rest: string }) | undefined {
  const parts = splitArn(text);
  if (!parts || parts.service !== 'ssm' || !parts.resource.startsWith('parameter/')) return undefined;
  return { ...parts, rest: parts.resource.slice('parameter/'.length) };
}

/** `arn:aws:s3:::bucket/key`: S3 object ARNs carry no region or account. */
export function parseS3ObjectArn(text: string): { partition: string; bucket: string; key: string } | undefined {
  const m = /^arn:(aws[a-z-]*):s3:::([^/]+)\/(.+)$/s.exec(text);
  if (!m) return undefined;
  return { partition: m[1] ?? '', bucket: m[2] ?? '', key: m[3] ?? '' };
}
