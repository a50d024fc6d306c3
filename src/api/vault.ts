/**
 * `Vault`: a vault for a test, built in memory or on disk, changed with the operations `ecs-local
 * vault put/rotate/delete` run (the same functions, so AWS's semantics are the same): PutSecretValue
 * and CreateSecret, the rotation's stage moves, DeleteSecret's recovery window, PutParameter, and the
 * roles' IAM policies.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { putParameterValue, putSecretValue } from '../commands/vault-put.js';
import { rotateSecretValue } from '../commands/vault-rotate.js';
import { regionFor } from '../commands/vault.js';
import { errorCode } from '../files/problem.js';
import { withFileLock } from '../vault/file-lock.js';
import { vaultFromText } from '../vault/load.js';
import { changeVaultText, lockFileOf, updateVault, writeFileAtomic } from '../vault/save.js';
import type { VaultStore } from '../vault/store.js';
import type { ParameterType } from '../vault/types.js';

/** An IAM policy document (`{"Version": "2012-10-17", "Statement": [...]}`) or a managed policy's ARN. */
export type PolicyEntry = string | { Version?: string; Statement: unknown[] | Record<string, unknown> };

/** The vault file's JSON (schema/vault.schema.json); every field optional. */
export interface VaultDocument {
  region?: string;
  accountId?: string;
  secrets?: Record<string, unknown>;
  parameters?: Record<string, unknown>;
  environmentFiles?: Record<string, unknown>;
  policies?: Record<string, PolicyEntry[]>;
  [field: string]: unknown;
}

/** A secret's value: a string as given, or an object stored as its JSON (for `:key::` references). */
export type SecretValueInput = string | Record<string, unknown>;

/** Where the commands read the vault from (options.ts): a file, or the text in memory. */
export interface VaultBacking {
  file: string;
  read?: (file: string) => string;
}

let memoryCount = 0;

export class Vault {
  private constructor(
    /** The vault's file, or undefined for a vault in memory. */
    readonly file: string | undefined,
    private text: string,
    /** The name an in-memory vault goes by in messages. */
    private readonly name: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** A vault that lives in this process only; nothing is written to disk until a started task needs a file. */
  static inMemory(document: VaultDocument = {}, options: { env?: NodeJS.ProcessEnv } = {}): Vault {
    memoryCount += 1;
    // [INF] Absolute, so that no folder is joined to it; messages name the vault by it.
    const name = `/(in-memory vault ${memoryCount})/ecs-local.vault.json`;
    const vault = new Vault(undefined, `${JSON.stringify(document, null, 2)}\n`, name, options.env ?? process.env);
    vault.validate(vault.text);
    return vault;
  }

  /**
   * The vault at `file`. With `document`, the file is written with it (mode 0600: it holds
   * secrets), replacing what it held; without, it is used as it is, and created empty if missing.
   */
  static async onDisk(file: string, document?: VaultDocument, options: { env?: NodeJS.ProcessEnv } = {}): Promise<Vault> {
    const full = path.resolve(file);
    const env = options.env ?? process.env;
    let text: string;
    if (document !== undefined) {
      text = `${JSON.stringify(document, null, 2)}\n`;
      vaultFromText(full, text, { env });
      await fs.writeFile(full, text, { mode: 0o600 });
      await fs.chmod(full, 0o600);
    } else {
      text = await fs.readFile(full, 'utf8').catch(async (err: unknown) => {
        if (errorCode(err) !== 'ENOENT') throw err;
        const empty = '{}\n';
        await fs.writeFile(full, empty, { mode: 0o600, flag: 'wx' });
        return empty;
      });
    }
    const vault = new Vault(full, text, full, env);
    vault.validate(text);
    return vault;
  }

  /**
   * A new value for a secret: PutSecretValue (the new version takes AWSCURRENT, the old one
   * AWSPREVIOUS), or CreateSecret when there is no such secret yet. `name` may be the complete ARN
   * a task definition names: the secret is then created at that ARN (its suffix kept).
   */
  async put(name: string, value: SecretValueInput): Promise<{ arn: string; versionId: string }> {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return this.change((store, region) => {
      const at = regionFor(name, {}, region);
      const put = (create: boolean) => putSecretValue(store, at, { name, value: text, token: randomUUID(), create });
      let out;
      try {
        out = put(false);
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'ResourceNotFoundException') throw err;
        out = put(true);
      }
      return { arn: out.arn, versionId: out.versionId };
    });
  }

  /** PutParameter with Overwrite; a new parameter is a SecureString unless `type` says otherwise. */
  async putParameter(name: string, value: string, options: { type?: ParameterType } = {}): Promise<{ version: number }> {
    return this.change((store, region) => ({ version: putParameterValue(store, regionFor(name, {}, region), name, value, options.type).version }));
  }

  /** What a rotation Lambda does: the new value becomes AWSCURRENT, the old one AWSPREVIOUS. */
  async rotate(name: string, value: SecretValueInput): Promise<{ versionId: string; previousVersionId: string }> {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return this.change((store, region) => {
      const out = rotateSecretValue(store, regionFor(name, {}, region), { secretId: name, token: randomUUID(), newValue: () => text });
      return { versionId: out.versionId, previousVersionId: out.previousVersionId };
    });
  }

  /**
   * DeleteSecret: scheduled for deletion (a task using it then fails to start, as on AWS), or gone
   * at once with `forceDeleteWithoutRecovery`.
   */
  async delete(name: string, options: { recoveryWindowInDays?: number; forceDeleteWithoutRecovery?: boolean } = {}): Promise<void> {
    await this.change((store, region) => {
      store.deleteSecret(regionFor(name, {}, region), {
        SecretId: name,
        RecoveryWindowInDays: options.recoveryWindowInDays,
        ForceDeleteWithoutRecovery: options.forceDeleteWithoutRecovery === true ? true : undefined,
      });
    });
  }

  async deleteParameter(name: string): Promise<void> {
    await this.change((store, region) => {
      store.deleteParameter(regionFor(name, {}, region), { Name: name });
    });
  }

  /** Sets the IAM policies of `roleArn` (the execution or task role), replacing the ones it had. */
  async policies(roleArn: string, entries: readonly PolicyEntry[]): Promise<void> {
    const edit = (text: string): string => {
      const doc = JSON.parse(text) as VaultDocument;
      doc.policies = { ...(doc.policies ?? {}), [roleArn]: [...entries] };
      const next = `${JSON.stringify(doc, null, 2)}\n`;
      this.validate(next);
      return next;
    };
    if (this.file === undefined) {
      this.text = edit(this.text);
      return;
    }
    const file = this.file;
    await withFileLock(lockFileOf(file), async () => {
      const next = edit(await fs.readFile(file, 'utf8'));
      await writeFileAtomic(file, next);
      this.text = next;
    });
  }

  /** The vault file's JSON as it is now. */
  async document(): Promise<VaultDocument> {
    return JSON.parse(this.file === undefined ? this.text : await fs.readFile(this.file, 'utf8')) as VaultDocument;
  }

  /** For the commands: the file, or the in-memory text behind a name only this vault answers to. */
  backing(): VaultBacking {
    if (this.file !== undefined) return { file: this.file };
    const name = this.name;
    return {
      file: name,
      read: (file) => {
        if (file === name) return this.text;
        throw Object.assign(new Error(`${file}: no such file`), { code: 'ENOENT' });
      },
    };
  }

  /**
   * A file a started task's `vault serve` can read: the vault's own, or for one in memory a copy in
   * a private folder (0700, the file 0600), removed by `remove`. [INF] The task's own writes through
   * its runtime endpoint go to that copy and are not seen in memory.
   */
  async materialize(): Promise<{ file: string; dir?: string; remove: () => Promise<void> }> {
    if (this.file !== undefined) return { file: this.file, remove: async () => {} };
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ecs-local-vault-'));
    const file = path.join(dir, 'ecs-local.vault.json');
    await fs.writeFile(file, this.text, { mode: 0o600 });
    return { file, dir, remove: () => fs.rm(dir, { recursive: true, force: true }) };
  }

  private validate(text: string): void {
    vaultFromText(this.name, text, { env: this.env, ...(this.file === undefined ? { readFile: noDotenv } : {}) });
  }

  private async change<T>(op: (store: VaultStore, region: string) => T): Promise<T> {
    if (this.file === undefined) {
      const out = changeVaultText(this.name, this.text, { env: this.env, readFile: noDotenv }, (store) => op(store, store.data.region));
      this.text = out.text;
      return out.result;
    }
    const update = await updateVault(this.file, { env: this.env }, (store) => op(store, store.data.region));
    if (update.text !== undefined) this.text = update.text;
    return update.result;
  }
}

function noDotenv(file: string): never {
  throw Object.assign(new Error(`${file}: no such file`), { code: 'ENOENT' });
}
