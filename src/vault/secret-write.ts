/**
 * Secrets Manager's write operations over the vault's data (aws-wire.md §1.3–1.5, §6): CreateSecret,
 * PutSecretValue, UpdateSecretVersionStage, DeleteSecret, RestoreSecret, RotateSecret. Each checks
 * everything before it changes anything, so a failed call leaves the data as it was. Pure.
 */
import { AwsJson, SecretsManager } from '../messages.js';
import type {
  ArnAndName,
  CreateSecretInput,
  CreateSecretOutput,
  DeleteSecretInput,
  DeleteSecretOutput,
  PutSecretValueInput,
  PutSecretValueOutput,
  RotateSecretInput,
  RotateSecretOutput,
  UpdateSecretVersionStageInput,
} from './api-types.js';
import { partitionOf, secretArn } from './arn.js';
import { isValidSecretName } from './names.js';
import { checkLength, type OpContext } from './op-context.js';
import { findSecret } from './secret-value.js';
import {
  addLabel,
  attachLabels,
  CURRENT,
  holderOf,
  PENDING,
  previousTo,
  pruneVersions,
  removeLabel,
} from './secret-stages.js';
import type { SecretRecord, SecretVersionRecord } from './types.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_STAGES = 20;

type Content = { secretString: string } | { secretBinary: string };

export function createSecret(ctx: OpContext, input: CreateSecretInput): CreateSecretOutput {
  const content = contentOf(ctx, input);
  // [INF] The token is only required when a version is made (the recorded call had a value).
  if (content) requireToken(ctx, input.ClientRequestToken, 'InvalidRequestException');
  else if (input.ClientRequestToken !== undefined) checkLength(ctx, input.ClientRequestToken, 'clientRequestToken', 32, 64);
  if (!isValidSecretName(input.Name)) throw ctx.error('ValidationException', SecretsManager.invalidName());

  const existing = ctx.data.secrets.find((s) => s.region === ctx.region && s.accountId === ctx.accountId && s.name === input.Name);
  if (existing) {
    if (existing.deletedDate) throw ctx.error('InvalidRequestException', SecretsManager.scheduledForDeletionCreate());
    // A retry of the same call (same token, same value) succeeds without doing anything.
    const same = content && existing.versions.find((v) => v.versionId === input.ClientRequestToken);
    if (same && content && sameContent(same, content)) return { ARN: existing.arn, Name: existing.name, VersionId: same.versionId };
    if (same && input.ClientRequestToken !== undefined) {
      throw ctx.error('ResourceExistsException', SecretsManager.clientRequestTokenInUse(input.ClientRequestToken, existing.arn));
    }
    throw ctx.error('ResourceExistsException', SecretsManager.alreadyExists(input.Name));
  }

  const partition = partitionOf(ctx.region);
  const suffix = ctx.randomSuffix();
  const secret: SecretRecord = {
    name: input.Name,
    region: ctx.region,
    accountId: ctx.accountId,
    partition,
    arnSuffix: suffix,
    arn: secretArn(partition, ctx.region, ctx.accountId, input.Name, suffix),
    createdDate: ctx.now,
    lastChangedDate: ctx.now,
    tags: (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value })),
    versions: [],
    // [INF] The entry names the vault file it lives in; a line number only exists once it is written.
    origin: { file: '(created through the API)', line: 0, column: 0, path: `secrets[${JSON.stringify(input.Name)}]` },
    changed: true,
  };
  if (input.Description !== undefined) secret.description = input.Description;
  if (input.KmsKeyId !== undefined) secret.kmsKeyId = input.KmsKeyId;
  const out: CreateSecretOutput = { ARN: secret.arn, Name: secret.name };
  if (content && input.ClientRequestToken !== undefined) {
    secret.versions.push({ versionId: input.ClientRequestToken, stages: [CURRENT], ...content, createdDate: ctx.now });
    out.VersionId = input.ClientRequestToken;
  }
  ctx.data.secrets.push(secret);
  return out;
}

export function putSecretValue(ctx: OpContext, input: PutSecretValueInput): PutSecretValueOutput {
  const token = requireToken(ctx, input.ClientRequestToken, 'InvalidRequestException');
  const content = contentOf(ctx, input);
  if (!content) throw ctx.error('InvalidRequestException', SecretsManager.valueRequired());
  const secret = writableSecret(ctx, input.SecretId);
  const stages = input.VersionStages ?? [CURRENT];
  checkStages(ctx, stages);

  const existing = secret.versions.find((v) => v.versionId === token);
  if (existing) {
    // Idempotent: the same token with the same data does nothing; versions never change.
    if (!sameContent(existing, content)) {
      throw ctx.error('ResourceExistsException', SecretsManager.clientRequestTokenInUse(token, secret.arn));
    }
    return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...existing.stages] };
  }

  // The first version of a secret always gets AWSCURRENT.
  const labels = secret.versions.length === 0 && !stages.includes(CURRENT) ? [...stages, CURRENT] : stages;
  const version: SecretVersionRecord = { versionId: token, stages: [], ...content, createdDate: ctx.now };
  secret.versions.push(version);
  attachLabels(secret, version, labels);
  // A new AWSCURRENT made by hand abandons a rotation in progress: AWSPENDING goes
  // (AWS-recorded test_update_secret_version_stages_current_pending, step 4).
  if (labels.includes(CURRENT) && !labels.includes(PENDING)) {
    for (const v of secret.versions) removeLabel(v, PENDING);
  }
  pruneVersions(secret, ctx.now);
  touch(ctx, secret);
  return { ARN: secret.arn, Name: secret.name, VersionId: token, VersionStages: [...version.stages] };
}

export function updateSecretVersionStage(ctx: OpContext, input: UpdateSecretVersionStageInput): ArnAndName {
  const secret = writableSecret(ctx, input.SecretId);
  const label = input.VersionStage;
  checkLength(ctx, label, 'versionStage', 1, 256);
  const versionById = (id: string) => {
    const v = secret.versions.find((x) => x.versionId === id);
    if (!v) throw ctx.error('InvalidParameterException', SecretsManager.notAValidVersion(id));
    return v;
  };
  const removeFrom = input.RemoveFromVersionId === undefined ? undefined : versionById(input.RemoveFromVersionId);
  const moveTo = input.MoveToVersionId === undefined ? undefined : versionById(input.MoveToVersionId);
  if (removeFrom && !removeFrom.stages.includes(label)) {
    throw ctx.error('InvalidParameterException', SecretsManager.stageNotInVersion(label, removeFrom.versionId));
  }
  const holder = holderOf(secret, label);
  // Taking a label from the version that has it must name that version (for AWSCURRENT always).
  if (holder && !removeFrom && (label === CURRENT || (moveTo && moveTo !== holder))) {
    throw ctx.error('InvalidParameterException', SecretsManager.removeFromVersionIdRequired(label, holder.versionId));
  }
  if (removeFrom && label === CURRENT && !moveTo) {
    throw ctx.error('InvalidParameterException', SecretsManager.cannotRemoveCurrent(removeFrom.versionId));
  }
  // [INF] Neither version named (for a label other than AWSCURRENT): nothing to do.
  if (!removeFrom && !moveTo) return { ARN: secret.arn, Name: secret.name };

  if (moveTo !== holder) {
    if (holder) removeLabel(holder, label);
    if (moveTo) addLabel(moveTo, label);
    if (label === CURRENT && holder) previousTo(secret, holder);
    touch(ctx, secret);
  }
  return { ARN: secret.arn, Name: secret.name };
}

export function deleteSecret(ctx: OpContext, input: DeleteSecretInput): DeleteSecretOutput {
  const window = input.RecoveryWindowInDays;
  const force = input.ForceDeleteWithoutRecovery === true;
  if (window !== undefined && (window < 7 || window > 30)) {
    throw ctx.error('InvalidParameterException', SecretsManager.recoveryWindowRange());
  }
  if (window !== undefined && force) throw ctx.error('InvalidParameterException', SecretsManager.forceDeleteWithRecoveryWindow());

  const secret = lookupSecret(ctx, input.SecretId);
  if (!secret) {
    // AWS-recorded: a forced delete of a secret that does not exist succeeds, as if it existed.
    if (!force) throw ctx.error('ResourceNotFoundException', SecretsManager.resourceNotFound());
    // [INF] The ARN is the SecretId when it is one, else made up with a random suffix.
    const arn = input.SecretId.startsWith('arn:')
      ? input.SecretId
      : secretArn(partitionOf(ctx.region), ctx.region, ctx.accountId, input.SecretId, ctx.randomSuffix());
    return { ARN: arn, Name: input.SecretId, DeletionDate: ctx.now };
  }
  if (secret.deletedDate && !force) throw ctx.error('InvalidRequestException', SecretsManager.alreadyMarkedDeleted());

  if (force) {
    ctx.data.secrets.splice(ctx.data.secrets.indexOf(secret), 1);
    return { ARN: secret.arn, Name: secret.name, DeletionDate: ctx.now };
  }
  secret.deletedDate = ctx.now;
  touch(ctx, secret);
  // [INF] The vault never purges a scheduled secret by itself: it stays until restored or force-deleted.
  return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(ctx.now.getTime() + (window ?? 30) * DAY_MS) };
}

export function restoreSecret(ctx: OpContext, input: { SecretId: string }): ArnAndName {
  const secret = findSecret(ctx.data, ctx.region, ctx.accountId, input.SecretId, ctx.error);
  if (secret.deletedDate) {
    delete secret.deletedDate;
    touch(ctx, secret);
  }
  return { ARN: secret.arn, Name: secret.name };
}

/**
 * [INF] The vault cannot invoke a Lambda function. Without one (given or configured) RotateSecret
 * fails as AWS does; with one it fails as AWS does for a function it cannot invoke, and stores no
 * rotation settings (as AWS). `ecs-local vault rotate` rotates with PutSecretValue(AWSPENDING) and
 * UpdateSecretVersionStage instead.
 */
export function rotateSecret(ctx: OpContext, input: RotateSecretInput): RotateSecretOutput {
  requireToken(ctx, input.ClientRequestToken, 'InvalidParameterException');
  const secret = writableSecret(ctx, input.SecretId);
  const days = input.RotationRules?.AutomaticallyAfterDays;
  if (days !== undefined && (days < 1 || days > 1000)) throw ctx.error('InvalidParameterException', SecretsManager.rotationDaysRange());
  const pending = holderOf(secret, PENDING);
  if (pending && !pending.stages.includes(CURRENT)) throw ctx.error('InvalidRequestException', SecretsManager.rotationInProgress());
  const lambda = input.RotationLambdaARN ?? secret.rotationLambdaArn;
  if (lambda === undefined || lambda === '') throw ctx.error('InvalidRequestException', SecretsManager.noRotationLambda());
  throw ctx.error('AccessDeniedException', SecretsManager.cannotInvokeLambda());
}

/** The secret a SecretId names, or undefined when there is none (a bad name is still an error). */
export function lookupSecret(ctx: OpContext, secretId: string): SecretRecord | undefined {
  try {
    return findSecret(ctx.data, ctx.region, ctx.accountId, secretId, ctx.error);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ResourceNotFoundException') return undefined;
    throw err;
  }
}

/** A secret that exists and is not scheduled for deletion. */
function writableSecret(ctx: OpContext, secretId: string): SecretRecord {
  const secret = findSecret(ctx.data, ctx.region, ctx.accountId, secretId, ctx.error);
  if (secret.deletedDate) throw ctx.error('InvalidRequestException', SecretsManager.markedForDeletion());
  return secret;
}

/**
 * The SDKs and the CLI always send a ClientRequestToken; a raw request without one is refused
 * before the secret is even looked up (AWS-recorded on a secret that does not exist).
 */
function requireToken(ctx: OpContext, token: string | undefined, code: string): string {
  if (token === undefined) throw ctx.error(code, SecretsManager.clientRequestTokenRequired());
  checkLength(ctx, token, 'clientRequestToken', 32, 64);
  return token;
}

function contentOf(ctx: OpContext, input: { SecretString?: string; SecretBinary?: Uint8Array }): Content | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) {
    throw ctx.error('InvalidParameterException', SecretsManager.bothValues());
  }
  if (input.SecretString !== undefined) return { secretString: input.SecretString };
  if (input.SecretBinary !== undefined) return { secretBinary: Buffer.from(input.SecretBinary).toString('base64') };
  return undefined;
}

function sameContent(v: SecretVersionRecord, content: Content): boolean {
  return 'secretString' in content ? v.secretString === content.secretString : v.secretBinary === content.secretBinary;
}

function checkStages(ctx: OpContext, stages: readonly string[]): void {
  if (stages.length < 1 || stages.length > MAX_STAGES) {
    const constraint =
      stages.length < 1 ? 'Member must have length greater than or equal to 1' : `Member must have length less than or equal to ${MAX_STAGES}`;
    throw ctx.error('ValidationException', AwsJson.validation(`[${stages.join(', ')}]`, 'versionStages', constraint));
  }
  for (const s of stages) checkLength(ctx, s, 'versionStages', 1, 256);
}

function touch(ctx: OpContext, secret: SecretRecord): void {
  secret.lastChangedDate = ctx.now;
  secret.changed = true;
}
