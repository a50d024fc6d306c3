/** Reads a vault file (and the `.env` beside it) into a ready store. */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { InputError } from '../errors.js';
import { fileProblem } from '../files/problem.js';
import { parseJson, type JsonValue } from '../json/parse.js';
import { buildVaultData } from './build.js';
import { VaultStore, type VaultStoreOptions } from './store.js';
import { sweepTempFiles } from './temp-files.js';

export interface Vault {
  /** The vault file as named to the user. */
  file: string;
  /** The vault's default region and the account its callers are in. */
  region: string;
  accountId: string;
  store: VaultStore;
  /** The file's text and its top-level JSON value, for writing the vault back (`save.ts`). */
  text: string;
  root: JsonValue;
}

export interface LoadVaultOptions extends VaultStoreOptions {
  /** The process environment (passed in, never read from `process.env` here). */
  env: Record<string, string | undefined>;
  /** Reads a file as UTF-8; throws a Node error (code ENOENT, …) when it cannot. */
  readFile?: (file: string) => string;
  /** The date entries get when they name none; default: now. */
  now?: Date;
}

export function loadVault(file: string, opts: LoadVaultOptions): Vault {
  const readFile = opts.readFile ?? ((f: string) => fs.readFileSync(f, 'utf8'));
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw cannotReadVault(err, file);
  }
  if (opts.readFile === undefined) sweepTempFiles(file);
  return vaultFromText(file, text, opts);
}

/** The one line for a vault that cannot be read. */
export function cannotReadVault(err: unknown, file: string): InputError {
  const p = fileProblem(err, file);
  const fix = p.code === 'ENOENT' ? 'create it, or name another file with --vault FILE' : p.fix;
  return new InputError(`${file}: cannot read the vault: ${p.reason} (${fix})`, { cause: err });
}

/** A vault from the text of its file (already read); the `.env` beside it is read here. */
export function vaultFromText(file: string, text: string, opts: LoadVaultOptions): Vault {
  const readFile = opts.readFile ?? ((f: string) => fs.readFileSync(f, 'utf8'));
  const dir = path.dirname(path.resolve(file));
  const dotenvFile = path.join(dir, '.env');

  // The .env is read, not loaded: its values fill `${VAR}` in the vault and nothing else.
  let dotenv: Record<string, string> = {};
  try {
    dotenv = parseDotenv(readFile(dotenvFile));
  } catch (err) {
    const p = fileProblem(err, dotenvFile);
    if (p.code !== 'ENOENT') throw new InputError(`${dotenvFile}: cannot read: ${p.reason} (${p.fix})`, { cause: err });
  }
  // [INF] The process environment wins over .env, as with docker compose and dotenv's own default.
  const lookup = (name: string) => opts.env[name] ?? (Object.hasOwn(dotenv, name) ? dotenv[name] : undefined);

  const parsed = parseJson(text, file);
  const data = buildVaultData(parsed, { file, dir, dotenvFile, lookup, now: opts.now ?? new Date() });
  return { file, region: data.region, accountId: data.accountId, store: new VaultStore(data, opts), text, root: parsed.value };
}
