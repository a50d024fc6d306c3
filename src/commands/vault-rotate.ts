/**
 * `ecs-local vault rotate`: what a rotation Lambda does when Secrets Manager rotates a secret, on the
 * vault (aws-wire.md §6): createSecret puts the new value as AWSPENDING; finishSecret moves
 * AWSCURRENT to it (the old version becomes AWSPREVIOUS) and the label AWSPENDING is then removed,
 * which is the end state AWS records. The steps run in one locked update of the file, so a reader
 * never sees the rotation half done. Prints the new version id, never the value.
 */
import { randomUUID } from 'node:crypto';
import { UsageError } from '../errors.js';
import { SecretsManager } from '../messages.js';
import { AwsServiceError, type GetSecretValueOutput } from '../aws/ports.js';
import { CURRENT, PENDING } from '../vault/secret-stages.js';
import type { VaultStore } from '../vault/store.js';
import { changeVault, regionFor, type VaultCommandOptions } from './vault.js';
import { generateValue, readValue, replaceJsonKey, type ValueIO, type ValueSource } from './vault-value.js';

export interface VaultRotateOptions extends VaultCommandOptions, ValueSource {
  name: string;
  /** `--generate N`: a random value of N letters and digits. */
  generate?: number;
  /** `--json-key K`: the new value replaces key K of the current JSON value. */
  jsonKey?: string;
  io: ValueIO;
}

export async function vaultRotate(opts: VaultRotateOptions): Promise<void> {
  if (opts.generate !== undefined && (opts.file !== undefined || opts.stdin === true)) {
    throw new UsageError('choose one source for the new value: --generate, --file or --stdin');
  }
  const fresh =
    opts.generate !== undefined
      ? generateValue(opts.generate)
      : await readValue(opts, opts.io, `use --generate N, --file FILE, or pipe the value: printf %s "$VALUE" | ecs-local vault rotate ${opts.name} --stdin`);
  const jsonKey = opts.jsonKey;
  const result = await changeVault(
    opts,
    (store, vaultRegion) =>
      rotateSecretValue(store, regionFor(opts.name, opts, vaultRegion), {
        secretId: opts.name,
        token: randomUUID(),
        newValue: (current) => {
          if (jsonKey === undefined) return fresh;
          if (current.SecretString === undefined) throw new UsageError(`--json-key ${jsonKey}: ${opts.name} holds a binary value, not JSON`);
          return replaceJsonKey(current.SecretString, jsonKey, fresh, opts.name);
        },
      }),
    (err) =>
      err.message === SecretsManager.rotationInProgress()
        ? `AWSPENDING is on another version than AWSCURRENT; a new value with ecs-local vault put ${opts.name} abandons that rotation, as on AWS`
        : undefined,
  );
  opts.out.write(`${result.name}: rotated; version ${result.versionId} is AWSCURRENT, version ${result.previousVersionId} is AWSPREVIOUS\n`);
}

export interface RotationInput {
  secretId: string;
  /** The ClientRequestToken: the new version's id. */
  token: string;
  /** The new value, from the current version (for --json-key). */
  newValue: (current: GetSecretValueOutput) => string;
}

export interface RotationResult {
  arn: string;
  name: string;
  versionId: string;
  previousVersionId: string;
}

export function rotateSecretValue(store: VaultStore, region: string, input: RotationInput): RotationResult {
  const { secretId, token } = input;
  // createSecret reads AWSCURRENT first; a missing or deleted secret fails here with AWS's error.
  const current = store.getSecretValue(region, undefined, { SecretId: secretId, VersionStage: CURRENT });
  // RotateSecret's own check: a rotation left half done (AWSPENDING on another version) blocks a new one.
  const stages = store.describeSecret(region, { SecretId: secretId }).VersionIdsToStages ?? {};
  const pendingOn = Object.entries(stages).find(([, labels]) => labels.includes(PENDING))?.[0];
  if (pendingOn !== undefined && pendingOn !== current.VersionId) {
    throw new AwsServiceError('InvalidRequestException', SecretsManager.rotationInProgress(), 400, randomUUID());
  }
  const value = input.newValue(current);
  store.putSecretValue(region, { SecretId: secretId, ClientRequestToken: token, SecretString: value, VersionStages: [PENDING] });
  // finishSecret: AWSCURRENT to the new version; Secrets Manager moves AWSPREVIOUS to the old one.
  store.updateSecretVersionStage(region, { SecretId: secretId, VersionStage: CURRENT, MoveToVersionId: token, RemoveFromVersionId: current.VersionId });
  store.updateSecretVersionStage(region, { SecretId: secretId, VersionStage: PENDING, RemoveFromVersionId: token });
  return { arn: current.ARN, name: current.Name, versionId: token, previousVersionId: current.VersionId };
}
