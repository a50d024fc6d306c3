/**
 * Which version of each watched Secrets Manager secret is AWSCURRENT in a vault, and which secrets
 * moved to a new one between two readings: what `run --redeploy-on-rotation` reacts to. Pure.
 */
import { AwsServiceError } from '../aws/ports.js';
import type { Vault } from './load.js';
import { findSecret } from './secret-value.js';

/** A SecretId as a task definition names it (ARN, partial ARN or name), in the region it is fetched from. */
export interface WatchedSecret {
  secretId: string;
  region: string;
}

export interface CurrentVersion {
  /** The secret's name, for messages; the SecretId when the vault has no such secret. */
  name: string;
  /** Undefined when the secret is gone, scheduled for deletion, or has no AWSCURRENT version. */
  versionId: string | undefined;
}

export interface Rotation {
  secretId: string;
  name: string;
  from: string | undefined;
  to: string;
}

function keyOf(s: WatchedSecret): string {
  return `${s.region}\n${s.secretId}`;
}

export function currentVersions(vault: Vault, secrets: readonly WatchedSecret[]): Map<string, CurrentVersion> {
  const out = new Map<string, CurrentVersion>();
  for (const s of secrets) {
    try {
      const secret = findSecret(vault.store.data, s.region, vault.accountId, s.secretId, (code, message) => new AwsServiceError(code, message, 400, ''));
      const current = secret.deletedDate ? undefined : secret.versions.find((v) => v.stages.includes('AWSCURRENT'));
      out.set(keyOf(s), { name: secret.name, versionId: current?.versionId });
    } catch {
      out.set(keyOf(s), { name: s.secretId, versionId: undefined });
    }
  }
  return out;
}

/**
 * The watched secrets whose AWSCURRENT version changed to another one. [INF] A secret that went away
 * (deleted, or no AWSCURRENT) is not a rotation: a new task could not start with it.
 */
export function rotationsBetween(
  secrets: readonly WatchedSecret[],
  before: ReadonlyMap<string, CurrentVersion>,
  after: ReadonlyMap<string, CurrentVersion>,
): Rotation[] {
  const seen = new Set<string>();
  const out: Rotation[] = [];
  for (const s of secrets) {
    const key = keyOf(s);
    if (seen.has(key)) continue;
    seen.add(key);
    const was = before.get(key)?.versionId;
    const now = after.get(key);
    if (now?.versionId !== undefined && now.versionId !== was) out.push({ secretId: s.secretId, name: now.name, from: was, to: now.versionId });
  }
  return out;
}
