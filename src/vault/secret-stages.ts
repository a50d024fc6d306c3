/**
 * Staging labels of a secret's versions (aws-wire.md §1.3): a label is on at most one version;
 * moving AWSCURRENT moves AWSPREVIOUS to the version AWSCURRENT left; a version without labels is
 * deprecated; AWS removes deprecated versions beyond 100 that are older than a day. Pure.
 */
import { sortedStages } from './op-context.js';
import type { SecretRecord, SecretVersionRecord } from './types.js';

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
export const PENDING = 'AWSPENDING';

const KEEP_VERSIONS = 100;
const KEEP_YOUNGER_THAN_MS = 24 * 60 * 60 * 1000;

export function addLabel(version: SecretVersionRecord, label: string): void {
  if (!version.stages.includes(label)) version.stages = sortedStages([...version.stages, label]);
}

export function removeLabel(version: SecretVersionRecord, label: string): void {
  version.stages = version.stages.filter((s) => s !== label);
}

export function holderOf(secret: SecretRecord, label: string): SecretVersionRecord | undefined {
  return secret.versions.find((v) => v.stages.includes(label));
}

/** AWSCURRENT left `from`: it becomes the only AWSPREVIOUS. */
export function previousTo(secret: SecretRecord, from: SecretVersionRecord): void {
  for (const v of secret.versions) if (v !== from) removeLabel(v, PREVIOUS);
  addLabel(from, PREVIOUS);
}

/**
 * Attaches `labels` to `target`, taking each from the version that holds it. AWSCURRENT goes first
 * so that an AWSPREVIOUS the caller lists explicitly wins over the automatic move.
 */
export function attachLabels(secret: SecretRecord, target: SecretVersionRecord, labels: readonly string[]): void {
  const ordered = [...new Set(labels)].sort((a, b) => (a === CURRENT ? -1 : b === CURRENT ? 1 : 0));
  for (const label of ordered) {
    const holder = secret.versions.find((v) => v !== target && v.stages.includes(label));
    if (holder) removeLabel(holder, label);
    addLabel(target, label);
    if (label === CURRENT && holder) previousTo(secret, holder);
  }
}

/** AWS's retention: beyond 100 versions, drop the oldest deprecated ones created more than a day ago. */
export function pruneVersions(secret: SecretRecord, now: Date): void {
  while (secret.versions.length > KEEP_VERSIONS) {
    const i = secret.versions.findIndex((v) => v.stages.length === 0 && now.getTime() - v.createdDate.getTime() > KEEP_YOUNGER_THAN_MS);
    if (i < 0) return;
    secret.versions.splice(i, 1);
  }
}
