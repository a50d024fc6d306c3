/**
 * From a parsed vault file to the vault's plain data, checking everything on the way (pure: the
 * caller reads the files and supplies the environment).
 */
import { formatPath, type JsonPath, type JsonValue, type ParsedJson } from '../json/parse.js';
import { Checker } from './check.js';
import { readEnvironmentFiles } from './environment-files-section.js';
import type { Lookup } from './interpolate.js';
import { readParameters } from './parameters-section.js';
import { readPolicies } from './policies-section.js';
import { vaultSchema } from './schema.js';
import { readSecrets } from './secrets-section.js';
import type { VaultData } from './types.js';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT_ID = '123456789012';

const TOP_FIELDS = Object.keys(vaultSchema.properties);

export interface BuildOptions {
  /** The vault file as named to the user. */
  file: string;
  /** The vault's folder (absolute): environment file paths are relative to it. */
  dir: string;
  /** The `.env` file beside the vault, for messages. */
  dotenvFile: string;
  lookup: Lookup;
  now: Date;
}

export function buildVaultData(parsed: ParsedJson, opts: BuildOptions): VaultData {
  const c = new Checker({ file: opts.file, parsed, lookup: opts.lookup, dotenvFile: opts.dotenvFile });
  // JSON lets the last duplicate win; in a vault that silently drops a secret, so refuse it.
  const duplicate = parsed.duplicateKeys[0];
  if (duplicate !== undefined) {
    const at = findPath(parsed.value, duplicate) ?? [];
    c.fail(at, `"${String(at[at.length - 1] ?? duplicate)}" appears more than once in this object`, 'keep one of them');
  }

  const root = c.object(parsed.value, [], 'the vault is a JSON object: { "secrets": { … }, "parameters": { … } }');
  c.fields(root, [], TOP_FIELDS);
  if (root.$schema !== undefined) c.string(root.$schema, ['$schema'], 'write the schema path as a string');
  const region = c.region(root, []) ?? DEFAULT_REGION;
  const accountId = c.accountId(root, []) ?? DEFAULT_ACCOUNT_ID;

  const defaults = { region, accountId, now: opts.now };
  const data: VaultData = {
    region,
    accountId,
    secrets: readSecrets(c, root.secrets, defaults),
    parameters: readParameters(c, root.parameters, defaults),
    environmentFiles: readEnvironmentFiles(c, root.environmentFiles, opts.dir),
  };
  const policies = readPolicies(c, root.policies);
  if (policies) data.policies = policies;
  return data;
}

/** The raw path whose formatted form is `formatted` (the parser reports duplicates formatted). */
function findPath(value: JsonValue, formatted: string, path: JsonPath = []): JsonPath | undefined {
  if (path.length > 0 && formatPath(path) === formatted) return path;
  if (value === null || typeof value !== 'object') return undefined;
  const children: [string | number, JsonValue][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
  for (const [k, v] of children) {
    const found = findPath(v, formatted, [...path, k]);
    if (found) return found;
  }
  return undefined;
}
