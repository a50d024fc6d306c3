/**
 * The local vault behind the secret-source ports: Secrets Manager and SSM answered by the vault's
 * store, S3 environment files read from the local files the vault maps them to. No network.
 */
import { randomUUID } from 'node:crypto';
import { readFile as readFileAsync } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { fileProblem } from '../files/problem.js';
import { guardVault, type GuardedVault } from '../vault/guard.js';
import { S3 } from '../messages.js';
import type { Vault } from '../vault/load.js';
import { s3Ids, unreadableObjectFile } from '../vault/s3-objects.js';
import { AwsServiceError, type CallerIdentity, type SecretSources } from '../aws/ports.js';

export interface VaultSourcesOptions {
  /** Reads a mapped environment file as UTF-8; default fs.promises.readFile. */
  readFile?: (file: string) => Promise<string>;
  /**
   * Who makes the calls (ECS: the task execution role, session = task id); the vault's IAM policies
   * are applied to it. A function is asked at the first call. Without a caller nothing is checked.
   */
  caller?: CallerIdentity | (() => CallerIdentity | undefined);
  /** Notes about IAM, each given once (e.g. a vault without policies). */
  warn?: (line: string) => void;
  /** Request ids of IAM's errors; default a random UUID, as AWS sends. */
  requestId?: () => string;
}

export function createVaultSources(vault: Vault, opts: VaultSourcesOptions = {}): SecretSources {
  const store = vault.store;
  const readFile = opts.readFile ?? ((file: string) => readFileAsync(file, 'utf8'));
  let guard: GuardedVault | undefined;
  const guarded = (): GuardedVault | undefined => {
    const caller = typeof opts.caller === 'function' ? opts.caller() : opts.caller;
    if (caller === undefined) return undefined;
    guard ??= guardVault(vault, { caller, warn: opts.warn ?? (() => {}), requestId: opts.requestId ?? randomUUID });
    return guard;
  };
  return {
    secretsManager: {
      getSecretValue: async (region, input) => {
        const g = guarded();
        return g ? g.getSecretValue(region, input) : store.getSecretValue(region, undefined, input);
      },
    },
    ssm: {
      getParameters: async (region, input) => {
        const g = guarded();
        return g ? g.getParameters(region, input) : store.getParameters(region, input);
      },
    },
    s3: {
      getObjectText: async (_region, bucket, key) => {
        const mapped = store.findEnvironmentFile(bucket, key);
        // What S3 answers for an object that does not exist (the caller may read the bucket).
        if (!mapped) {
          const ids = s3Ids();
          throw new AwsServiceError('NoSuchKey', S3.noSuchKey(), 404, ids.requestId, ids.hostId);
        }
        try {
          return await readFile(mapped.path);
        } catch (err) {
          // The vault is wrong, not S3.
          const p = fileProblem(err, mapped.path);
          const fix = p.code === 'ENOENT' ? 'create the file, or fix the path in the vault' : p.fix;
          throw new InputError(`${unreadableObjectFile(mapped, p.reason)} (${fix})`);
        }
      },
    },
  };
}
