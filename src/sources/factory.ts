/**
 * Chooses the secret backend from the command's options. The local vault is the default and needs
 * no network; the AWS-compatible backends (LocalStack or `vault serve` through --endpoint, real AWS
 * through --aws) are used only when asked for, so nothing reaches AWS by accident.
 */
import { InputError, UsageError } from '../errors.js';
import { findVaultFile } from '../vault/find.js';
import { loadVault, vaultFromText, type Vault } from '../vault/load.js';
import { createVaultSources } from './vault-source.js';
import type { CallerIdentity, SecretSources } from '../aws/ports.js';
import { hasEndpoints, resolveEndpoints } from './endpoints.js';

export interface BackendOptions {
  /** `--vault FILE`. */
  vault?: string;
  /** Reads the vault file: the library's in-memory vault answers here; default: the file system. */
  readVaultFile?: (file: string) => string;
  /** `--endpoint [URL]`: a URL, or `true` to take it from AWS_ENDPOINT_URL[_SERVICE]. */
  endpoint?: string | boolean;
  /** `--aws`: real AWS with the default credential chain. */
  aws?: boolean;
  /** `--timeout` seconds for one service call (the agent's round trip is 5 s). */
  timeoutSeconds?: number;
  taskDefinitionFile: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Who the calls are made as, for the vault's IAM policies; asked at the first call. */
  caller?: () => CallerIdentity | undefined;
  /** Non-fatal findings (e.g. a vault without IAM policies), one line each. */
  warn?: (line: string) => void;
  /**
   * False when the task reads no secret, parameter, registry credentials or environment file: then
   * a missing vault is no error (an empty one answers). Default true.
   */
  needed?: boolean;
}

export interface Backend {
  kind: 'vault' | 'endpoint' | 'aws';
  sources: SecretSources;
  /** The local vault as read for this backend (its file, and the data the calls are answered from). */
  vault?: Vault;
  /** Region and account the backend holds by default (the vault's), if it has them. */
  region?: string;
  accountId?: string;
  description: string;
  /** Releases sockets and clients. */
  close(): void;
}

export async function openBackend(opts: BackendOptions): Promise<Backend> {
  const chosen = [opts.vault !== undefined && '--vault', opts.endpoint !== undefined && opts.endpoint !== false && '--endpoint', opts.aws && '--aws'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`choose one backend: ${chosen.join(' and ')} cannot be used together`);
  if (opts.endpoint !== undefined && opts.endpoint !== false) return sdkBackend(opts, 'endpoint');
  if (opts.aws) return sdkBackend(opts, 'aws');

  const file = findVaultFile({ explicit: opts.vault, taskDefinitionFile: opts.taskDefinitionFile, cwd: opts.cwd });
  if (file === undefined && opts.needed === false) return emptyBackend(opts);
  if (file === undefined) {
    throw new InputError(
      `no vault found: looked for ecs-local.vault.json beside ${opts.taskDefinitionFile} and in ${opts.cwd} (write a starter one with ecs-local vault init <taskdef>, pass --vault FILE, or use --endpoint URL / --aws)`,
    );
  }
  const vault = loadVault(file, { env: opts.env, ...(opts.readVaultFile !== undefined ? { readFile: opts.readVaultFile } : {}) });
  const sources = createVaultSources(vault, { caller: opts.caller, warn: opts.warn });
  return { kind: 'vault', sources, vault, region: vault.region, accountId: vault.accountId, description: `vault ${file}`, close: () => {} };
}

/** No vault, as nothing is read: an empty one answers (no file, no `.env`, no network). */
function emptyBackend(opts: BackendOptions): Backend {
  const vault = vaultFromText('(no vault)', '{}', { env: opts.env, readFile: noFile });
  const sources = createVaultSources(vault, { warn: opts.warn });
  return { kind: 'vault', sources, description: 'no vault (the task reads no secret)', close: () => {} };
}

function noFile(file: string): never {
  throw Object.assign(new Error(`${file}: no such file`), { code: 'ENOENT' });
}

async function sdkBackend(opts: BackendOptions, mode: 'endpoint' | 'aws'): Promise<Backend> {
  const { createSdkSources } = await import('./sdk-source.js');
  const endpoint = resolveEndpoints({ endpoint: typeof opts.endpoint === 'string' ? opts.endpoint : undefined, env: opts.env });
  if (mode === 'endpoint' && !hasEndpoints(endpoint)) {
    throw new UsageError('--endpoint needs a URL (e.g. --endpoint http://localhost:4566) or AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM set');
  }
  const timeoutMs = Math.round((opts.timeoutSeconds ?? 5) * 1000);
  // LocalStack files requests under the account the fake access key names: use the task's account
  // (the execution role's), so secrets named by ARN in that account are found.
  const accountId = /^arn:[^:]*:iam::(\d{12}):/.exec(opts.caller?.()?.roleArn ?? '')?.[1];
  const sources = createSdkSources({ endpoint, credentials: mode === 'aws' ? 'default-chain' : 'fake', timeoutMs, env: opts.env, ...(accountId ? { accountId } : {}) });
  const where = Object.values(endpoint).map((e) => e?.url);
  return {
    kind: mode,
    sources,
    description: mode === 'aws' ? 'AWS account (default credential chain)' : `endpoint ${[...new Set(where)].join(', ')}`,
    close: () => sources.destroy(),
  };
}
