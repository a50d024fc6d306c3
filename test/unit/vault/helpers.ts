/** Loading a vault from text held in memory, so store tests need no files. */
import { loadVault, type LoadVaultOptions, type Vault } from '../../../src/vault/load.js';

export const VAULT_FILE = '/project/ecs-local.vault.json';

export function enoent(file: string): Error {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
}

/** `files` maps absolute paths to contents; the vault itself is `content` (an object is JSON-encoded). */
export function vaultFrom(
  content: unknown,
  opts: Partial<LoadVaultOptions> & { files?: Record<string, string> } = {},
): Vault {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  const files: Record<string, string> = { [VAULT_FILE]: text, ...opts.files };
  return loadVault(VAULT_FILE, {
    env: {},
    now: new Date('2024-05-01T10:00:00Z'),
    requestId: () => '00000000-0000-4000-8000-000000000000',
    readFile: (f) => {
      const t = files[f];
      if (t === undefined) throw enoent(f);
      return t;
    },
    ...opts,
  });
}

/** Runs `fn`, expecting it to throw; returns the error. */
export function thrown(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected an error, but none was thrown');
}
