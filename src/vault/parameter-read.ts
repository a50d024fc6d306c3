/**
 * SSM GetParameter and GetParametersByPath over the vault's data (aws-wire.md §2), beside
 * GetParameters in parameters.ts. Real AWS sends ParameterNotFound without a message. Pure.
 */
import { AwsJson, Ssm } from '../messages.js';
import type { Parameter } from '../aws/ports.js';
import type { GetParameterInput, GetParameterOutput, GetParametersByPathInput, GetParametersByPathOutput, ParameterStringFilter } from './api-types.js';
import { breaksPathRule, parameterKey } from './names.js';
import { checkRange, type OpContext } from './op-context.js';
import { page } from './page-token.js';
import { parameterOutput, referenceParameter, resolveParameter, SECRETS_MANAGER_REFERENCE, type GetParametersDeps } from './parameters.js';
import type { ParameterVersionRecord } from './types.js';

export function getParameter(ctx: OpContext, input: GetParameterInput, deps: GetParametersDeps): GetParameterOutput {
  const name = input.Name;
  const withDecryption = input.WithDecryption === true;
  if (name.startsWith(SECRETS_MANAGER_REFERENCE)) {
    if (!withDecryption) throw ctx.error('ValidationException', Ssm.referenceNeedsDecryption());
    const p = referenceParameter(ctx.data, ctx.region, name, deps);
    // This ParameterNotFound has a message (an AWS-validated test matches it), unlike the plain one.
    if (!p) throw ctx.error('ParameterNotFound', Ssm.referenceNotFound(name));
    return { Parameter: p };
  }
  // AWS rejects a malformed path (`a/b`, `/a//b`) even in GetParameter (AWS-recorded).
  if (!name.startsWith('arn:') && breaksPathRule(name.split(':')[0] ?? '')) {
    throw ctx.error('ValidationException', Ssm.invalidParameterName());
  }
  const r = resolveParameter(ctx.data, ctx.region, name, withDecryption);
  if (r.kind === 'found') return { Parameter: r.parameter };
  if (r.kind === 'no-such-version') throw ctx.error('ParameterVersionNotFound', Ssm.parameterVersionNotFound(r.version, r.name));
  throw ctx.error('ParameterNotFound', '');
}

/**
 * The parameters under `Path` (one level, or every level with Recursive), in name order so that
 * pages are stable. `foo` counts as `/foo`. Filters: Type, KeyId and Label (Equals or BeginsWith);
 * [INF] `tag:` filters match nothing, as the vault keeps no parameter tags.
 */
export function getParametersByPath(ctx: OpContext, input: GetParametersByPathInput): GetParametersByPathOutput {
  const path = input.Path;
  if (!path.startsWith('/') || path.includes('//') || !/^[A-Za-z0-9_.\-/]+$/.test(path)) {
    throw ctx.error('ValidationException', Ssm.invalidParameterName());
  }
  const size = input.MaxResults ?? 10;
  checkRange(ctx, size, 'maxResults', 1, 10);
  const filters = input.ParameterFilters ?? [];
  checkFilters(ctx, filters);

  const prefix = path.endsWith('/') ? path : `${path}/`;
  const withDecryption = input.WithDecryption === true;
  const found: Parameter[] = [];
  for (const record of ctx.data.parameters) {
    if (record.region !== ctx.region || record.accountId !== ctx.accountId) continue;
    const full = `/${parameterKey(record.name).replace(/^\//, '')}`;
    if (!full.startsWith(prefix)) continue;
    if (input.Recursive !== true && full.slice(prefix.length).includes('/')) continue;
    const current = record.versions[record.versions.length - 1];
    if (!current || !filters.every((f) => filterMatches(current, f))) continue;
    found.push(parameterOutput(record, current, record.name, withDecryption));
  }
  found.sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  const result = page(found, size, input.NextToken, () => ctx.error('InvalidNextToken', Ssm.invalidNextToken()));
  const out: GetParametersByPathOutput = { Parameters: result.items };
  if (result.next) out.NextToken = result.next;
  return out;
}

function checkFilters(ctx: OpContext, filters: readonly ParameterStringFilter[]): void {
  for (const f of filters) {
    const key = f.Key ?? '';
    if (!['Type', 'KeyId', 'Label'].includes(key) && !key.startsWith('tag:')) {
      if (['Name', 'Path', 'Tier'].includes(key)) throw ctx.error('InvalidFilterKey', Ssm.invalidFilterKeyByPath(key));
      const constraint = 'Member must satisfy regular expression pattern: tag:.+|Name|Type|KeyId|Path|Label|Tier';
      throw ctx.error('ValidationException', AwsJson.validation(key, 'parameterFilters.1.member.key', constraint));
    }
    const option = f.Option ?? 'Equals';
    if (option !== 'Equals' && option !== 'BeginsWith') throw ctx.error('InvalidFilterOption', Ssm.invalidFilterOption(option));
  }
}

function filterMatches(current: ParameterVersionRecord, f: ParameterStringFilter): boolean {
  const values = f.Values ?? [];
  const has = (what: readonly string[]) =>
    values.some((v) => what.some((w) => ((f.Option ?? 'Equals') === 'BeginsWith' ? w.startsWith(v) : w === v)));
  switch (f.Key) {
    case 'Type':
      return has([current.type]);
    case 'KeyId':
      return current.type === 'SecureString' && has([current.kmsKeyId ?? 'alias/aws/ssm']);
    case 'Label':
      return has(current.labels);
    default:
      return false;
  }
}
