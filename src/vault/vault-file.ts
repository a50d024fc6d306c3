/**
 * A vault file shared by many callers (the requests of `vault serve`, or several processes): reads
 * come from memory until the file changes on disk; writes are queued and applied in batches, each
 * batch one read-modify-write of the file under its lock (save.ts). A batch is one file write
 * however many requests it holds, so a busy server does not rewrite the file per request, and each
 * operation still sees every write before it.
 */
import { promises as fs } from 'node:fs';
import { readStamped, sameStamp, updateVault, type FileStamp, type UpdateVaultOptions } from './save.js';
import { vaultFromText, type Vault } from './load.js';
import type { VaultStore } from './store.js';

export type VaultFileOptions = Omit<UpdateVaultOptions, 'now'>;

interface Pending {
  op: (store: VaultStore) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class VaultFile {
  private cache: { text: string; stamp: FileStamp; vault?: Vault } | undefined;
  private loading: Promise<{ vault: Vault; stamp: FileStamp }> | undefined;
  private statting: Promise<FileStamp | undefined> | undefined;
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(
    readonly file: string,
    private readonly opts: VaultFileOptions,
  ) {}

  /** The vault as the file is now; read again only when the file changed since last read or written. */
  async read(): Promise<Vault> {
    for (let attempt = 0; ; attempt++) {
      const stamp = await this.stamp();
      if (this.cache && sameStamp(stamp, this.cache.stamp)) {
        if (!this.cache.vault) this.cache.vault = this.build(this.cache.text);
        return this.cache.vault;
      }
      // One reload for all the readers that noticed the change at the same time; a reader that
      // joined a reload begun before the file changed again reads once more.
      this.loading ??= this.reload().finally(() => {
        this.loading = undefined;
      });
      const loaded = await this.loading;
      if (sameStamp(loaded.stamp, stamp) || attempt >= 3) return loaded.vault;
    }
  }

  /** Runs `op` on the vault as the file is when its turn comes, and saves what it changed. */
  write<T>(op: (store: VaultStore) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ op, resolve: resolve as (value: unknown) => void, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        try {
          const update = await updateVault(this.file, this.loadOptions(), (store) =>
            batch.map((p): Outcome => {
              try {
                return { ok: true, value: p.op(store) };
              } catch (error) {
                return { ok: false, error };
              }
            }),
          );
          // The data in memory is rebuilt from the text when next read, like any reader's.
          // A large vault written in pieces has no text here: it is read back when next read.
          this.cache = update.text === undefined ? undefined : { text: update.text, stamp: update.stamp };
          update.result.forEach((o, i) => (o.ok ? batch[i]?.resolve(o.value) : batch[i]?.reject(o.error)));
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async reload(): Promise<{ vault: Vault; stamp: FileStamp }> {
    const { text, stamp } = await readStamped(this.file);
    const vault = this.build(text);
    this.cache = { text, stamp, vault };
    return { vault, stamp };
  }

  private build(text: string): Vault {
    return vaultFromText(this.file, text, this.loadOptions());
  }

  private loadOptions(): UpdateVaultOptions {
    return { ...this.opts, now: this.opts.clock?.() ?? new Date() };
  }

  /**
   * The file's stamp now. Readers that ask while a stat is under way share it: it began after they
   * were called, so it is as fresh for them, and a busy server does not stat once per request.
   */
  private stamp(): Promise<FileStamp | undefined> {
    this.statting ??= this.statNow().finally(() => {
      this.statting = undefined;
    });
    return this.statting;
  }

  private async statNow(): Promise<FileStamp | undefined> {
    try {
      const st = await fs.stat(this.file);
      return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
    } catch {
      // Gone or unreadable: reading it again says why.
      return undefined;
    }
  }
}
