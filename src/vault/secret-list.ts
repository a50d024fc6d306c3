/**
 * Secrets Manager's read operations beyond GetSecretValue (aws-wire.md §1.4): DescribeSecret,
 * ListSecrets (filters, planned deletions, sorting, pages), ListSecretVersionIds and
 * BatchGetSecretValue. Fields AWS leaves out when empty are left out. Pure.
 */
import { AwsJson, SecretsManager } from '../messages.js';
import type { AwsServiceError } from '../aws/ports.js';
import type {
  BatchGetSecretValueInput,
  BatchGetSecretValueOutput,
  DescribeSecretOutput,
  Filter,
  ListSecretsInput,
  ListSecretsOutput,
  ListSecretVersionIdsInput,
  ListSecretVersionIdsOutput,
  SecretDescription,
  SecretListEntry,
} from './api-types.js';
import { checkRange, type OpContext } from './op-context.js';
import { page } from './page-token.js';
import { findSecret, getSecretValue } from './secret-value.js';
import type { SecretRecord } from './types.js';

const FILTER_KEYS = ['description', 'name', 'tag-key', 'tag-value', 'primary-region', 'owning-service', 'all'];
const SORT_BY = ['created-date', 'last-accessed-date', 'last-changed-date', 'name'];
const SORT_ORDER = ['asc', 'desc'];

export function describeSecret(ctx: OpContext, input: { SecretId: string }): DescribeSecretOutput {
  // Works on a secret scheduled for deletion (AWS-recorded): DeletedDate says so.
  const secret = findSecret(ctx.data, ctx.region, ctx.accountId, input.SecretId, ctx.error);
  const out: DescribeSecretOutput = describe(secret);
  const stages = versionsToStages(secret);
  if (stages) out.VersionIdsToStages = stages;
  return out;
}

export function listSecrets(ctx: OpContext, input: ListSecretsInput): ListSecretsOutput {
  const size = input.MaxResults ?? 100;
  checkRange(ctx, size, 'maxResults', 1, 100);
  const matching = filterSecrets(ctx, input.Filters ?? [], input.IncludePlannedDeletion === true);
  const sorted = sortSecrets(ctx, matching, input.SortBy, input.SortOrder);
  const result = page(sorted, size, input.NextToken, () => ctx.error('InvalidNextTokenException', SecretsManager.invalidNextToken()));
  const out: ListSecretsOutput = {
    SecretList: result.items.map((s) => {
      const entry: SecretListEntry = describe(s);
      const stages = versionsToStages(s);
      if (stages) entry.SecretVersionsToStages = stages;
      return entry;
    }),
  };
  if (result.next) out.NextToken = result.next;
  return out;
}

export function listSecretVersionIds(ctx: OpContext, input: ListSecretVersionIdsInput): ListSecretVersionIdsOutput {
  const size = input.MaxResults ?? 100;
  checkRange(ctx, size, 'maxResults', 1, 100);
  const secret = findSecret(ctx.data, ctx.region, ctx.accountId, input.SecretId, ctx.error);
  // Deprecated versions (no labels) are hidden unless asked for (AWS-recorded).
  const versions = secret.versions.filter((v) => input.IncludeDeprecated === true || v.stages.length > 0);
  const result = page(versions, size, input.NextToken, () => ctx.error('InvalidNextTokenException', SecretsManager.invalidNextToken()));
  const out: ListSecretVersionIdsOutput = {
    Versions: result.items.map((v) => {
      const entry: ListSecretVersionIdsOutput['Versions'][number] = {
        VersionId: v.versionId,
        CreatedDate: new Date(v.createdDate.getTime()),
        KmsKeyIds: [secret.kmsKeyId ?? 'DefaultEncryptionKey'],
      };
      // A deprecated version has no VersionStages key at all.
      if (v.stages.length > 0) entry.VersionStages = [...v.stages];
      return entry;
    }),
    ARN: secret.arn,
    Name: secret.name,
  };
  if (result.next) out.NextToken = result.next;
  return out;
}

export function batchGetSecretValue(ctx: OpContext, input: BatchGetSecretValueInput): BatchGetSecretValueOutput {
  const ids = input.SecretIdList;
  const filters = input.Filters;
  if ((ids === undefined) === (filters === undefined)) throw ctx.error('InvalidParameterException', SecretsManager.batchIdsOrFilters());
  if (input.MaxResults !== undefined && filters === undefined) {
    throw ctx.error('InvalidParameterException', SecretsManager.batchMaxResultsNeedsFilters());
  }
  const out: BatchGetSecretValueOutput = { SecretValues: [], Errors: [] };
  let wanted: string[];
  if (ids !== undefined) {
    if (ids.length < 1 || ids.length > 20) {
      const constraint = ids.length < 1 ? 'Member must have length greater than or equal to 1' : 'Member must have length less than or equal to 20';
      throw ctx.error('ValidationException', AwsJson.validation(`[${ids.join(', ')}]`, 'secretIdList', constraint));
    }
    wanted = ids;
  } else {
    const size = input.MaxResults ?? 20;
    checkRange(ctx, size, 'maxResults', 1, 20);
    const matching = filterSecrets(ctx, filters ?? [], false);
    const result = page(matching, size, input.NextToken, () => ctx.error('InvalidNextTokenException', SecretsManager.invalidNextToken()));
    if (result.next) out.NextToken = result.next;
    wanted = result.items.map((s) => s.arn);
  }
  // [INF] Each secret that GetSecretValue would refuse is reported in Errors with that error.
  for (const id of wanted) {
    try {
      out.SecretValues.push(getSecretValue(ctx.data, ctx.region, ctx.accountId, { SecretId: id }, ctx.error));
    } catch (err) {
      const e = err as AwsServiceError;
      if (e.errorName !== 'AwsServiceError') throw err;
      out.Errors.push({ SecretId: id, ErrorCode: e.code, Message: e.message });
    }
  }
  return out;
}

function describe(secret: SecretRecord): SecretDescription {
  const out: SecretDescription = { ARN: secret.arn, Name: secret.name, CreatedDate: new Date(secret.createdDate.getTime()) };
  if (secret.description !== undefined && secret.description !== '') out.Description = secret.description;
  if (secret.kmsKeyId !== undefined) out.KmsKeyId = secret.kmsKeyId;
  // [INF] A rotation Lambda in the vault entry is shown as rotation configured and enabled.
  if (secret.rotationLambdaArn !== undefined) {
    out.RotationEnabled = true;
    out.RotationLambdaARN = secret.rotationLambdaArn;
  }
  if (secret.lastChangedDate) out.LastChangedDate = new Date(secret.lastChangedDate.getTime());
  if (secret.deletedDate) out.DeletedDate = new Date(secret.deletedDate.getTime());
  if (secret.tags.length > 0) out.Tags = secret.tags.map((t) => ({ ...t }));
  return out;
}

/** Labelled versions only: deprecated ones are left out (AWS-recorded). */
function versionsToStages(secret: SecretRecord): Record<string, string[]> | undefined {
  const labelled = secret.versions.filter((v) => v.stages.length > 0);
  if (labelled.length === 0) return undefined;
  const out: Record<string, string[]> = {};
  for (const v of labelled) Object.defineProperty(out, v.versionId, { value: [...v.stages], enumerable: true, writable: true, configurable: true });
  return out;
}

/** The caller's secrets in this region that pass every filter (AND of filters, OR of values). */
function filterSecrets(ctx: OpContext, filters: readonly Filter[], includeDeleted: boolean): SecretRecord[] {
  filters.forEach((f, i) => {
    if (f.Key === undefined) throw ctx.error('InvalidParameterException', SecretsManager.filterKeyMissing());
    if (!FILTER_KEYS.includes(f.Key)) throw ctx.error('ValidationException', SecretsManager.invalidFilterKey(f.Key, i + 1));
    if (f.Values === undefined) throw ctx.error('InvalidParameterException', SecretsManager.filterValuesMissing(f.Key));
  });
  return ctx.data.secrets.filter(
    (s) =>
      s.region === ctx.region &&
      s.accountId === ctx.accountId &&
      (includeDeleted || !s.deletedDate) &&
      filters.every((f) => filterMatches(s, f.Key ?? '', f.Values ?? [])),
  );
}

/**
 * name, tag-key and tag-value are case-sensitive prefix matches; description and all split the
 * value into words, each a case-insensitive prefix of a word of the attributes (AWS docs, moto).
 * `!` negates a value. [INF] Attributes are split into words at spaces and at / _ + = . @ -;
 * primary-region and owning-service match nothing (the vault has no replicas or managed secrets).
 */
function filterMatches(secret: SecretRecord, key: string, values: readonly string[]): boolean {
  const keys = secret.tags.map((t) => t.Key);
  const tagValues = secret.tags.map((t) => t.Value);
  const description = secret.description ?? '';
  const one = (value: string): boolean => {
    switch (key) {
      case 'name':
        return secret.name.startsWith(value);
      case 'tag-key':
        return keys.some((k) => k.startsWith(value));
      case 'tag-value':
        return tagValues.some((v) => v.startsWith(value));
      case 'description':
        return wordsMatch(value, [description]);
      case 'all':
        return wordsMatch(value, [secret.name, description, ...keys, ...tagValues]);
      default:
        return false;
    }
  };
  const positive = values.filter((v) => !v.startsWith('!'));
  const negative = values.filter((v) => v.startsWith('!')).map((v) => v.slice(1));
  return (positive.length === 0 || positive.some(one)) && !negative.some(one);
}

function wordsMatch(value: string, attributes: readonly string[]): boolean {
  const words = attributes.flatMap((a) => a.toLowerCase().split(/[\s/_+=.@-]+/)).filter((w) => w !== '');
  const wanted = value.toLowerCase().split(/\s+/).filter((w) => w !== '');
  return wanted.length > 0 && wanted.every((w) => words.some((word) => word.startsWith(w)));
}

/** [INF] Without SortBy or SortOrder, secrets are listed in vault order; SortOrder alone sorts by CreatedDate. */
function sortSecrets(ctx: OpContext, secrets: SecretRecord[], sortBy: string | undefined, sortOrder: string | undefined): SecretRecord[] {
  if (sortBy !== undefined && !SORT_BY.includes(sortBy)) {
    throw ctx.error('ValidationException', AwsJson.validation(sortBy, 'sortBy', `Member must satisfy enum value set: [${SORT_BY.join(', ')}]`));
  }
  if (sortOrder !== undefined && !SORT_ORDER.includes(sortOrder)) {
    throw ctx.error('ValidationException', AwsJson.validation(sortOrder, 'sortOrder', 'Member must satisfy enum value set: [asc, desc]'));
  }
  if (sortBy === undefined && sortOrder === undefined) return secrets;
  const key = (s: SecretRecord): string | number => {
    if (sortBy === 'name') return s.name;
    if (sortBy === 'last-changed-date') return (s.lastChangedDate ?? s.createdDate).getTime();
    // [INF] Access dates are not tracked: last-accessed-date sorts by creation.
    return s.createdDate.getTime();
  };
  const sign = sortOrder === 'desc' ? -1 : 1;
  return [...secrets].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -sign : ka > kb ? sign : 0;
  });
}
