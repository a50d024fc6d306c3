/**
 * Chooses the secret backend from the command's options. The local vault is the default and needs
 * no network; AWS-compatible backends are only used when asked for (never by accident).
 */
import { InputError } from '../errors.js';
import { findVaultFile } from '../vault/find.js';
import { loadVault } from '../vault/load.js';
import { createVaultSources } from './vault-source.js';
import type { SecretSources } from './ports.js';

export interface BackendOptions {
  /** `--vault FILE`. */
  vault?: string;
  taskDefinitionFile: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Backend {
  sources: SecretSources;
  /** Region and account the backend holds by default (the vault's), if it has them. */
  region?: string;
  accountId?: string;
  description: string;
}

export function openBackend(opts: BackendOptions): Backend {
  const file = findVaultFile({ explicit: opts.vault, taskDefinitionFile: opts.taskDefinitionFile, cwd: opts.cwd });
  if (file === undefined) {
    throw new InputError(
      `no vault found: looked for ecs-local.vault.json beside ${opts.taskDefinitionFile} and in ${opts.cwd} (create one, see README "The local vault", or pass --vault FILE)`,
    );
  }
  const vault = loadVault(file, { env: opts.env });
  return { sources: createVaultSources(vault), region: vault.region, accountId: vault.accountId, description: `vault ${file}` };
}
