/**
 * `ecs-local vault put`: a new value with AWS's semantics. For a secret, PutSecretValue (the new
 * version takes AWSCURRENT, the old one becomes AWSPREVIOUS) or, with --create, CreateSecret; for a
 * parameter, PutParameter with Overwrite. The value comes from a file or stdin, never from argv.
 */
import { randomUUID } from 'node:crypto';
import { UsageError } from '../errors.js';
import { SecretsManager } from '../messages.js';
import type { AwsServiceError, Parameter } from '../aws/ports.js';
import type { ParameterType } from '../vault/types.js';
import type { VaultStore } from '../vault/store.js';
import { ACCOUNT_ID_PATTERN, parseSecretArn, secretArn } from '../vault/arn.js';
import { changeVault, createVaultIfMissing, describeStages, readVault, regionFor, vaultPath, type VaultCommandOptions } from './vault.js';
import { readValue, type ValueIO, type ValueSource } from './vault-value.js';

export interface VaultPutOptions extends VaultCommandOptions, ValueSource {
  name: string;
  parameter?: boolean;
  /** Parameter type; for a new parameter default SecureString. */
  type?: ParameterType;
  /** PutSecretValue's VersionStages (default AWSCURRENT). */
  versionStages?: string[];
  /** CreateSecret instead of PutSecretValue. */
  create?: boolean;
  io: ValueIO;
}

export async function vaultPut(opts: VaultPutOptions): Promise<void> {
  if (opts.parameter && (opts.versionStages !== undefined || opts.create)) {
    throw new UsageError('--version-stages and --create are for secrets; PutParameter creates or overwrites a parameter');
  }
  if (!opts.parameter && opts.type !== undefined) throw new UsageError('--type is for parameters (add --parameter)');
  if (opts.create && opts.versionStages !== undefined) {
    throw new UsageError('--version-stages cannot be used with --create: the first version of a secret is AWSCURRENT');
  }
  const value = await readValue(opts, opts.io, `e.g. printf %s "$VALUE" | ecs-local vault put ${opts.name} --stdin, or --file FILE`);
  if (opts.create || opts.parameter) createVaultIfMissing(opts);

  if (opts.parameter) {
    const result = await changeVault(opts, (store, vaultRegion) => putParameterValue(store, regionFor(opts.name, opts, vaultRegion), opts.name, value, opts.type));
    opts.out.write(`${opts.name}: version ${result.version} (${result.type})\n`);
    return;
  }
  const result = await changeVault(
    opts,
    (store, vaultRegion) => putSecretValue(store, regionFor(opts.name, opts, vaultRegion), { ...opts, value, token: randomUUID() }),
    (err) => putHint(err, opts),
  );
  opts.out.write(`${result.name}: ${opts.create ? 'created with ' : ''}version ${result.versionId} (${result.stages.join(', ') || 'no label'})\n`);
  opts.out.write(`  ${result.arn}: ${result.summary}\n`);
}

export interface PutSecretInput {
  name: string;
  value: string;
  token: string;
  versionStages?: string[];
  create?: boolean;
}

export interface PutSecretResult {
  arn: string;
  name: string;
  versionId: string;
  stages: string[];
  /** Every labelled version afterwards, for the user to see where AWSPREVIOUS went. */
  summary: string;
}

export function putSecretValue(store: VaultStore, region: string, input: PutSecretInput): PutSecretResult {
  let arn: string;
  let name: string;
  if (input.create) {
    // CreateSecret takes a name; a complete ARN (the one a task definition names) gives the name,
    // and its suffix and account are kept, so that the task finds the secret at that exact ARN.
    const full = parseSecretArn(input.name)?.complete !== undefined ? parseSecretArn(input.name) : undefined;
    const out = store.createSecret(region, { Name: full?.complete?.name ?? input.name, ClientRequestToken: input.token, SecretString: input.value });
    ({ ARN: arn, Name: name } = out);
    const record = full?.complete ? store.data.secrets.find((s) => s.arn === out.ARN) : undefined;
    if (full?.complete && record) {
      record.arnSuffix = full.complete.suffix;
      if (ACCOUNT_ID_PATTERN.test(full.accountId)) record.accountId = full.accountId;
      record.arn = secretArn(record.partition, record.region, record.accountId, record.name, record.arnSuffix);
      arn = record.arn;
    }
  } else {
    const out = store.putSecretValue(region, {
      SecretId: input.name,
      ClientRequestToken: input.token,
      SecretString: input.value,
      VersionStages: input.versionStages,
    });
    ({ ARN: arn, Name: name } = out);
  }
  const described = store.describeSecret(region, { SecretId: arn });
  const stages = described.VersionIdsToStages?.[input.token] ?? [];
  return { arn, name, versionId: input.token, stages, summary: describeStages(described.VersionIdsToStages) };
}

/** [INF] A new parameter without --type is a SecureString: the vault is for secrets. */
export function putParameterValue(store: VaultStore, region: string, name: string, value: string, type: ParameterType | undefined): { version: number; type: string } {
  const current = currentParameter(store, region, name);
  const effective: ParameterType | undefined = type ?? (current ? undefined : 'SecureString');
  const out = store.putParameter(region, { Name: name, Value: value, Type: effective, Overwrite: true });
  return { version: out.Version, type: effective ?? current?.Type ?? 'String' };
}

/** The parameter GetParameter finds, else undefined; a bad name is left for PutParameter to report. */
export function currentParameter(store: VaultStore, region: string, name: string): Parameter | undefined {
  try {
    return store.getParameter(region, { Name: name, WithDecryption: true }).Parameter;
  } catch {
    return undefined;
  }
}

/** Whether the vault holds a parameter of that name in the request's region (`vault init` writes both kinds). */
function holdsParameter(opts: VaultPutOptions): boolean {
  try {
    const vault = readVault(opts);
    return currentParameter(vault.store, regionFor(opts.name, opts, vault.region), opts.name) !== undefined;
  } catch {
    return false;
  }
}

function putHint(err: AwsServiceError, opts: VaultPutOptions): string | undefined {
  if (!opts.create && err.message === SecretsManager.resourceNotFound()) {
    if (holdsParameter(opts)) return `${opts.name} is a parameter in ${vaultPath(opts)}, not a secret: add --parameter (PutParameter)`;
    return `no secret ${opts.name} in ${vaultPath(opts)}: add --create to create it (CreateSecret)`;
  }
  if (opts.create && err.code === 'ResourceExistsException') return 'drop --create to put a new version (PutSecretValue)';
  return undefined;
}
