/**
 * GetParameters over the vault's data, with Parameter Store's name rules (reference: aws-wire.md
 * §2.1, §2.2): `foo` ≡ `/foo`, the requested name form echoed, ARNs accepted, `name:<version>` and
 * `name:<label>` selectors, unknown names listed in InvalidParameters, and
 * `/aws/reference/secretsmanager/<id>` passed through to Secrets Manager. Pure.
 */
import { createHash } from 'node:crypto';
import { Ssm } from '../messages.js';
import type { GetParametersInput, GetParametersOutput, GetSecretValueOutput, Parameter } from '../aws/ports.js';
import { parameterArn, parseParameterArn, partitionOf } from './arn.js';
import { parameterKey, parameterNameFromArnRest } from './names.js';
import type { MakeError } from './secret-value.js';
import type { ParameterRecord, ParameterVersionRecord, VaultData } from './types.js';

export const SECRETS_MANAGER_REFERENCE = '/aws/reference/secretsmanager/';
const MAX_NAMES = 10;

export interface GetParametersDeps {
  error: MakeError;
  /** GetSecretValue in the same region and account, for `/aws/reference/secretsmanager/<id>`. */
  getSecretValue: (secretId: string) => GetSecretValueOutput;
}

export function getParameters(
  data: VaultData,
  region: string,
  input: GetParametersInput,
  deps: GetParametersDeps,
): GetParametersOutput {
  const names = input.Names;
  if (names.length > MAX_NAMES) throw deps.error('ValidationException', Ssm.tooManyNames(names));
  if (names.length === 0) throw deps.error('ValidationException', Ssm.noNames());
  if (!input.WithDecryption && names.some((n) => n.startsWith(SECRETS_MANAGER_REFERENCE))) {
    throw deps.error('ValidationException', Ssm.referenceNeedsDecryption());
  }
  // [INF] A malformed path (`a/b`, `/a//b`) is an unknown name here, not a ValidationException as in
  // GetParameter: Fargate reported `invalid ssm parameters: /api//new-relic-license-key`
  // (HHS/simpler-grants-gov#4330), i.e. GetParameters listed it in InvalidParameters.

  const parameters: Parameter[] = [];
  const invalid: string[] = [];
  // [INF] A name asked for twice is answered once.
  for (const name of new Set(names)) {
    const found = name.startsWith(SECRETS_MANAGER_REFERENCE)
      ? referenceParameter(data, region, name, deps)
      : lookup(data, region, name, input.WithDecryption);
    if (found) parameters.push(found);
    else invalid.push(name);
  }
  // GetParameters lists its results in alphabetical order of Name (API reference).
  parameters.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return { Parameters: parameters, InvalidParameters: invalid };
}

/** `name:selector`; names cannot contain `:`, so more than one makes an unknown name. */
function splitSelector(text: string): { base: string; selector?: string } | undefined {
  const parts = text.split(':');
  if (parts.length === 1) return { base: text };
  if (parts.length > 2 || parts[1] === '') return undefined;
  return { base: parts[0] ?? '', selector: parts[1] ?? '' };
}

/** What a requested parameter name (or ARN, with an optional `:selector`) comes to. */
export type Resolved =
  | { kind: 'found'; parameter: Parameter }
  | { kind: 'missing' }
  | { kind: 'no-such-version'; version: string; name: string };

function lookup(data: VaultData, region: string, requested: string, withDecryption: boolean): Parameter | undefined {
  const r = resolveParameter(data, region, requested, withDecryption);
  return r.kind === 'found' ? r.parameter : undefined;
}

export function resolveParameter(data: VaultData, region: string, requested: string, withDecryption: boolean): Resolved {
  let record: ParameterRecord | undefined;
  let selector: string | undefined;
  let echoedName: string;
  if (requested.startsWith('arn:')) {
    const arn = parseParameterArn(requested);
    // An ARN names its region; this backend holds only `region`'s parameters.
    if (!arn || arn.region !== region || arn.partition !== partitionOf(region)) return { kind: 'missing' };
    const split = splitSelector(arn.rest);
    if (!split) return { kind: 'missing' };
    selector = split.selector;
    record = find(data, region, arn.accountId, parameterNameFromArnRest(split.base));
    // Asked by ARN, SSM answers with the name the parameter was created with.
    echoedName = record?.name ?? '';
  } else {
    const split = splitSelector(requested);
    if (!split) return { kind: 'missing' };
    selector = split.selector;
    record = find(data, region, data.accountId, split.base);
    // Asked by name, SSM echoes the form asked for (`foo` or `/foo`).
    echoedName = split.base;
  }
  if (!record) return { kind: 'missing' };

  const version = selectVersion(record, selector);
  if (!version) {
    // An unknown version number is its own error in GetParameter; an unknown label is not found (moto).
    return selector !== undefined && /^\d+$/.test(selector)
      ? { kind: 'no-such-version', version: selector, name: echoedName }
      : { kind: 'missing' };
  }
  const out = parameterOutput(record, version, echoedName, withDecryption);
  if (selector !== undefined) out.Selector = `:${selector}`;
  return { kind: 'found', parameter: out };
}

/** A version of a parameter as GetParameter(s) and GetParametersByPath return it. */
export function parameterOutput(
  record: ParameterRecord,
  version: ParameterVersionRecord,
  name: string,
  withDecryption: boolean,
): Parameter {
  return {
    Name: name,
    Type: version.type,
    Value: version.type === 'SecureString' && !withDecryption ? fakeCiphertext(record, version) : version.value,
    Version: version.version,
    ARN: parameterArn(record.partition, record.region, record.accountId, record.name),
    LastModifiedDate: new Date(version.lastModifiedDate.getTime()),
    DataType: 'text',
  };
}

export function find(data: VaultData, region: string, accountId: string, name: string): ParameterRecord | undefined {
  const key = parameterKey(name);
  return data.parameters.find((p) => p.region === region && p.accountId === accountId && parameterKey(p.name) === key);
}

/** A number selects a version, anything else a label (labels cannot start with a digit). */
function selectVersion(record: ParameterRecord, selector: string | undefined): ParameterVersionRecord | undefined {
  if (selector === undefined) return record.versions[record.versions.length - 1];
  if (/^\d+$/.test(selector)) return record.versions.find((v) => v.version === Number(selector));
  return record.versions.find((v) => v.labels.includes(selector));
}

/**
 * [INF] A SecureString read without WithDecryption: AWS returns the KMS ciphertext (base64). We
 * return a stand-in of the same shape, derived from the value so that it is stable but does not
 * reveal it. It starts like a KMS ciphertext blob (`AQICAH…`).
 */
export function fakeCiphertext(record: ParameterRecord, version: ParameterVersionRecord): string {
  const key = version.kmsKeyId ?? 'alias/aws/ssm';
  const parts = [key, record.region, record.accountId, parameterKey(record.name), String(version.version), version.value];
  const digest = createHash('sha256').update(parts.join('\0'), 'utf8').digest();
  return Buffer.concat([Buffer.from([0x01, 0x02, 0x02, 0x00, 0x78]), digest, digest]).toString('base64');
}

/**
 * `/aws/reference/secretsmanager/<secret-id>`: the secret's AWSCURRENT value as a SecureString.
 * [INF] Any Secrets Manager error (unknown, deleted, bad name) lists the name in InvalidParameters;
 * Version is 0 as in the AWS documentation's example (a reference has no parameter versions);
 * a binary secret's value is its base64 text; SourceResult is the GetSecretValue answer as JSON.
 */
export function referenceParameter(data: VaultData, region: string, requested: string, deps: GetParametersDeps): Parameter | undefined {
  const secretId = requested.slice(SECRETS_MANAGER_REFERENCE.length);
  let secret: GetSecretValueOutput;
  try {
    secret = deps.getSecretValue(secretId);
  } catch (err) {
    if (err instanceof Error && (err as { errorName?: unknown }).errorName === 'AwsServiceError') return undefined;
    throw err;
  }
  const value = secret.SecretString ?? Buffer.from(secret.SecretBinary ?? new Uint8Array()).toString('base64');
  const source: Record<string, unknown> = {
    ARN: secret.ARN,
    CreatedDate: secret.CreatedDate.getTime() / 1000,
    Name: secret.Name,
    VersionId: secret.VersionId,
    VersionStages: secret.VersionStages,
  };
  if (secret.SecretString !== undefined) source.SecretString = secret.SecretString;
  else source.SecretBinary = value;
  return {
    Name: requested,
    Type: 'SecureString',
    Value: value,
    Version: 0,
    ARN: parameterArn(partitionOf(region), region, data.accountId, requested),
    LastModifiedDate: new Date(secret.CreatedDate.getTime()),
    DataType: 'text',
    SourceResult: JSON.stringify(source),
  };
}
