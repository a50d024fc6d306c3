/**
 * Tells when a vault file changes on disk: fs.watch on its folder (the vault is replaced by rename,
 * which a watch on the file itself would miss) for a quick answer, and a read every second in case
 * the platform's watch misses it (network folders, some containers). Each change hands over the
 * vault as now written; a file that cannot be read for the moment (being edited) is skipped.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Vault } from './load.js';
import { VaultFile } from './vault-file.js';

export interface VaultWatchOptions {
  /** Fills `${VAR}` in the vault, as when it was loaded. */
  env: Record<string, string | undefined>;
  /** Called with the vault as first read, then after each change; one call at a time. */
  onChange: (vault: Vault) => void;
  /** Called when the changed file cannot be read (e.g. a broken edit), once per distinct message. */
  onError?: (message: string) => void;
  /** Default 1000 ms. */
  intervalMs?: number;
}

export interface VaultWatch {
  close(): void;
}

export function watchVault(file: string, opts: VaultWatchOptions): VaultWatch {
  const vault = new VaultFile(file, { env: opts.env });
  let last: Vault | undefined;
  let closed = false;
  let running: Promise<void> | undefined;
  let again = false;
  let lastError = '';

  const check = (): void => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = vault
      .read()
      .then(
        (v) => {
          lastError = '';
          // VaultFile keeps the same object until the file changes.
          if (closed || v === last) return;
          last = v;
          opts.onChange(v);
        },
        (err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          if (message !== lastError) opts.onError?.(message);
          lastError = message;
        },
      )
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          check();
        }
      });
  };

  let watcher: FSWatcher | undefined;
  try {
    const name = path.basename(file);
    watcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name) check();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // No watch on this platform or folder: the timer alone notices changes.
  }
  const timer = setInterval(check, opts.intervalMs ?? 1000);
  timer.unref();
  check();

  return {
    close: () => {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}
