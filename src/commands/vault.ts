/**
 * What every `ecs-local vault …` command shares: which vault file, which region a name is looked up
 * in, reading and updating the file, and turning the store's AWS errors into the user's error line
 * (`ecs-local: error: <Code>: <Message>`, exit 2).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { FileWriteError, UsageError } from '../errors.js';
import { errorCode, fileProblem } from '../files/problem.js';
import type { AwsServiceError } from '../aws/ports.js';
import { splitArn } from '../vault/arn.js';
import { DEFAULT_ACCOUNT_ID, DEFAULT_REGION } from '../vault/build.js';
import { VAULT_FILE_NAME } from '../vault/find.js';
import { loadVault, type Vault } from '../vault/load.js';
import { updateVault } from '../vault/save.js';
import type { VaultStore } from '../vault/store.js';

export interface VaultCommandOptions {
  /** `--vault FILE`, relative to `cwd`; default `ecs-local.vault.json` in `cwd`. */
  vault?: string;
  /** `--region`: the region the operation is sent to; default the ARN's, else the vault's. */
  region?: string;
  cwd: string;
  /** Fills `${VAR}` in the vault (with the `.env` beside it). */
  env: NodeJS.ProcessEnv;
  out: Writable;
  warn: (line: string) => void;
}

export function vaultPath(opts: Pick<VaultCommandOptions, 'vault' | 'cwd'>): string {
  return path.resolve(opts.cwd, opts.vault ?? VAULT_FILE_NAME);
}

export function readVault(opts: VaultCommandOptions): Vault {
  return loadVault(vaultPath(opts), { env: opts.env });
}

/**
 * The region a request about `id` goes to: `--region` when given (as the region of an AWS CLI call,
 * so an ARN of another region is not found there, as on AWS), else the ARN's region, else the vault's.
 */
export function regionFor(id: string, opts: Pick<VaultCommandOptions, 'region'>, vaultRegion: string): string {
  if (opts.region !== undefined) return opts.region;
  const arnRegion = id.startsWith('arn:') ? splitArn(id)?.region : undefined;
  return arnRegion !== undefined && arnRegion !== '' ? arnRegion : vaultRegion;
}

/**
 * Runs `change` on the vault under its lock and saves what it changed, atomically: when `change`
 * throws, the file is left as it was. AWS errors become the user's error line.
 */
export async function changeVault<T>(
  opts: VaultCommandOptions,
  change: (store: VaultStore, vaultRegion: string) => T,
  hint?: (err: AwsServiceError) => string | undefined,
): Promise<T> {
  const file = vaultPath(opts);
  try {
    const update = await updateVault(file, { env: opts.env }, (store) => change(store, store.data.region));
    return update.result;
  } catch (err) {
    throw userError(err, hint);
  }
}

/** A read-only operation on the store, with AWS errors shown as for writes. */
export function queryVault<T>(
  opts: VaultCommandOptions,
  query: (store: VaultStore, vaultRegion: string) => T,
  hint?: (err: AwsServiceError) => string | undefined,
): T {
  const vault = readVault(opts);
  try {
    return query(vault.store, vault.region);
  } catch (err) {
    throw userError(err, hint);
  }
}

/**
 * [INF] A write to a vault file that does not exist yet (`vault put --create`, `vault import`)
 * creates it (mode 0600: it will hold secrets), with the region of the call as its default region.
 * Returns true when it was created.
 */
export function createVaultIfMissing(opts: VaultCommandOptions): boolean {
  const file = vaultPath(opts);
  const region = opts.region ?? nonEmpty(opts.env.AWS_REGION) ?? nonEmpty(opts.env.AWS_DEFAULT_REGION) ?? DEFAULT_REGION;
  const text = `${JSON.stringify({ region, accountId: DEFAULT_ACCOUNT_ID }, null, 2)}\n`;
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (err) {
    // It exists, or it cannot be created: reading it next says why, with the fix.
    if (errorCode(err) === 'EEXIST' || errorCode(err) === 'ENOENT') return false;
    const p = fileProblem(err, file, 'write');
    throw new FileWriteError(`${file}: cannot create the vault: ${p.reason} (${p.fix})`, { cause: err });
  }
  try {
    fs.writeFileSync(fd, text);
    fs.closeSync(fd);
  } catch (err) {
    // A full disk: an empty vault would fail every later command, so none is left.
    fs.closeSync(fd);
    fs.rmSync(file, { force: true });
    const p = fileProblem(err, file, 'write');
    throw new FileWriteError(`${file}: cannot create the vault: ${p.reason} (${p.fix})`, { cause: err });
  }
  opts.warn(`created the vault ${file} (region ${region}, account ${DEFAULT_ACCOUNT_ID})`);
  return true;
}

export function isAwsServiceError(err: unknown): err is AwsServiceError {
  return err instanceof Error && (err as Partial<AwsServiceError>).errorName === 'AwsServiceError';
}

/**
 * `<Code>: <Message>` as AWS sent them, then a hint on its own line when we have one. [INF] AWS sends
 * some errors without a message (SSM ParameterNotFound): then the code alone.
 */
export function userError(err: unknown, hint?: (err: AwsServiceError) => string | undefined): unknown {
  if (!isAwsServiceError(err)) return err;
  const line = err.message === '' ? err.code : `${err.code}: ${err.message}`;
  const extra = hint?.(err);
  return new UsageError(extra === undefined ? line : `${line}\n  ${extra}`, { cause: err });
}

/** Version ids are UUIDs; tables show their first 8 characters, as enough to tell them apart. */
export function shortId(versionId: string): string {
  return versionId.length > 8 ? versionId.slice(0, 8) : versionId;
}

/** `AWSCURRENT on 1a2b3c4d…, AWSPREVIOUS on 5e6f…` from DescribeSecret's VersionIdsToStages. */
export function describeStages(versionIdsToStages: Record<string, string[]> | undefined): string {
  const parts = Object.entries(versionIdsToStages ?? {}).flatMap(([id, stages]) => stages.map((s) => `${s} ${id}`));
  return parts.length > 0 ? parts.sort().join(', ') : 'no labelled version';
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
