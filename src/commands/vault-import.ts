/**
 * `ecs-local vault import`: a dotenv file or a flat JSON object becomes secrets or parameters (name =
 * prefix + key), each created or given a new version as needed; a key whose value is already current
 * is left alone. All or nothing: one refused key leaves the vault unchanged. Reports counts only.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { InputError, UsageError } from '../errors.js';
import { fileProblem } from '../files/problem.js';
import { formatPath, parseJson } from '../json/parse.js';
import { SecretsManager } from '../messages.js';
import type { ParameterType } from '../vault/types.js';
import type { VaultStore } from '../vault/store.js';
import { changeVault, createVaultIfMissing, isAwsServiceError, regionFor, userError, type VaultCommandOptions } from './vault.js';
import { currentParameter } from './vault-put.js';

export type ImportFormat = 'dotenv' | 'json';
export type ImportTarget = 'secrets' | 'parameters';

export interface VaultImportOptions extends VaultCommandOptions {
  file: string;
  format?: ImportFormat;
  prefix?: string;
  as?: ImportTarget;
  type?: ParameterType;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export async function vaultImport(opts: VaultImportOptions): Promise<void> {
  const target = opts.as ?? 'secrets';
  if (opts.type !== undefined && target !== 'parameters') throw new UsageError('--type is for parameters (add --as parameters)');
  const type = opts.type;
  const format = opts.format ?? (path.extname(opts.file).toLowerCase() === '.json' ? 'json' : 'dotenv');
  const file = path.resolve(opts.cwd, opts.file);
  const entries = readEntries(file, opts.file, format);
  const prefix = opts.prefix ?? '';
  const what = target === 'secrets' ? 'secret' : 'parameter';
  if (entries.length === 0) {
    opts.out.write(`${opts.file}: nothing to import\n`);
    return;
  }

  createVaultIfMissing(opts);
  const counts = await changeVault(opts, (store, vaultRegion) => {
    const tally: ImportCounts = { created: 0, updated: 0, unchanged: 0 };
    for (const [key, value] of entries) {
      const name = prefix + key;
      const region = regionFor(name, opts, vaultRegion);
      try {
        tally[target === 'secrets' ? importSecret(store, region, name, value) : importParameter(store, region, name, value, type)]++;
      } catch (err) {
        // Name the key (never the value): the store's message alone does not say which one failed.
        if (isAwsServiceError(err)) throw userError(err, () => `importing ${key} from ${opts.file} as ${what} ${name}; nothing was imported`);
        throw err;
      }
    }
    return tally;
  });
  opts.out.write(
    `${opts.file}: ${entries.length} ${what}${entries.length === 1 ? '' : 's'}: ` +
      `${counts.created} created, ${counts.updated} updated, ${counts.unchanged} unchanged\n`,
  );
}

/** CreateSecret for a new name, PutSecretValue for a changed value; an equal AWSCURRENT is kept. */
export function importSecret(store: VaultStore, region: string, name: string, value: string): keyof ImportCounts {
  let current: string | undefined;
  try {
    current = store.getSecretValue(region, undefined, { SecretId: name }).SecretString;
  } catch (err) {
    if (!isAwsServiceError(err)) throw err;
    if (err.message === SecretsManager.resourceNotFound()) {
      store.createSecret(region, { Name: name, ClientRequestToken: randomUUID(), SecretString: value });
      return 'created';
    }
    // Any other refusal (marked for deletion, a bad name) is PutSecretValue's to give, as AWS gives it.
  }
  if (current === value) return 'unchanged';
  store.putSecretValue(region, { SecretId: name, ClientRequestToken: randomUUID(), SecretString: value });
  return 'updated';
}

/**
 * PutParameter with Overwrite when the value (or the type asked for) differs. [INF] A new parameter
 * without --type is a SecureString, as with `vault put --parameter`.
 */
export function importParameter(store: VaultStore, region: string, name: string, value: string, type: ParameterType | undefined): keyof ImportCounts {
  const current = currentParameter(store, region, name);
  if (current && current.Value === value && (type === undefined || type === current.Type)) return 'unchanged';
  store.putParameter(region, { Name: name, Value: value, Type: type ?? (current ? undefined : 'SecureString'), Overwrite: true });
  return current ? 'updated' : 'created';
}

/** The file's keys and values, in file order. */
export function readEntries(file: string, shown: string, format: ImportFormat): [string, string][] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const p = fileProblem(err, shown);
    throw new InputError(`${shown}: cannot read: ${p.reason} (${p.code === 'ENOENT' ? 'check the path' : p.fix})`);
  }
  if (format === 'dotenv') return Object.entries(parseDotenv(text));

  const parsed = parseJson(text, shown);
  const root = parsed.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new InputError(`${shown}:1:1: import takes a flat JSON object of names and values, e.g. {"DB_PASSWORD": "…"}`);
  }
  return Object.entries(root).map(([key, value]): [string, string] => {
    // [INF] Numbers and booleans are taken as their JSON text (5432 → "5432"), as dotenv would read them.
    if (typeof value === 'string') return [key, value];
    if (typeof value === 'number' || typeof value === 'boolean') return [key, JSON.stringify(value)];
    const at = parsed.positionOf([key]);
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : 'an object';
    throw new InputError(
      `${shown}:${at?.line ?? 1}:${at?.column ?? 1}: ${formatPath([key])}: the value is ${kind}; import takes strings (write nested JSON as a string, or one key per value)`,
    );
  });
}
