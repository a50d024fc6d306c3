/**
 * `ecs-local vault get`: one secret or parameter value, in clear text on stdout (the user asked for
 * it), with a warning on stderr that it is a secret.
 */
import { parseParameterArn } from '../vault/arn.js';
import type { AwsServiceError } from '../aws/ports.js';
import { UsageError } from '../errors.js';
import { SecretsManager } from '../messages.js';
import { queryVault, regionFor, vaultPath, type VaultCommandOptions } from './vault.js';

export interface VaultGetOptions extends VaultCommandOptions {
  /** A secret name or ARN; with `parameter`, a parameter name (with `:version` / `:label`) or ARN. */
  id: string;
  versionStage?: string;
  versionId?: string;
  parameter?: boolean;
}

export function vaultGet(opts: VaultGetOptions): void {
  // An SSM ARN can only name a parameter.
  const parameter = opts.parameter === true || parseParameterArn(opts.id) !== undefined;
  if (parameter && (opts.versionStage !== undefined || opts.versionId !== undefined)) {
    throw new UsageError('--version-stage and --version-id are for secrets; select a parameter version as NAME:VERSION or NAME:LABEL');
  }
  const value = queryVault(
    opts,
    (store, vaultRegion) => {
      const region = regionFor(opts.id, opts, vaultRegion);
      if (parameter) return store.getParameter(region, { Name: opts.id, WithDecryption: true }).Parameter.Value;
      const out = store.getSecretValue(region, undefined, { SecretId: opts.id, VersionStage: opts.versionStage, VersionId: opts.versionId });
      // [INF] A binary secret prints as base64, as the AWS CLI prints SecretBinary.
      return out.SecretString ?? Buffer.from(out.SecretBinary ?? new Uint8Array()).toString('base64');
    },
    (err) => notFoundHint(err, opts),
  );
  opts.warn(`printing the value of ${parameter ? 'parameter' : 'secret'} ${opts.id}: it is a secret, keep it out of logs, files and shell history`);
  // One line break after the value; `vault put --stdin` drops it again.
  opts.out.write(`${value}\n`);
}

function notFoundHint(err: AwsServiceError, opts: VaultGetOptions): string | undefined {
  if (err.code === 'ParameterNotFound') return `no parameter ${opts.id} in ${vaultPath(opts)} (see ecs-local vault list)`;
  if (err.message === SecretsManager.resourceNotFound()) {
    return `no secret ${opts.id} in ${vaultPath(opts)}${opts.parameter ? '' : ' (for a parameter, add --parameter)'}`;
  }
  return undefined;
}
