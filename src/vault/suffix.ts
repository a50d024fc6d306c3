/**
 * Stable stand-ins for what AWS generates at random: the 6-character ARN suffix of a secret and the
 * VersionId of a secret version written as a single `value`. Derived from a hash so that ARNs and
 * version ids stay the same from run to run and between machines.
 */
import { createHash } from 'node:crypto';
import { ARN_SUFFIX_PATTERN as ARN_SUFFIX_SOURCE } from './schema.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** AWS's suffix shape: a hyphen is added before it in the ARN. */
export const ARN_SUFFIX_PATTERN = new RegExp(ARN_SUFFIX_SOURCE);

/** `[A-Za-z0-9]{6}` from SHA-256 of the name: the same name always gets the same suffix. */
export function secretArnSuffix(name: string): string {
  const digest = createHash('sha256').update(`ecs-local secret suffix\0${name}`, 'utf8').digest();
  let out = '';
  for (let i = 0; out.length < 6; i++) out += ALPHABET[(digest[i] ?? 0) % ALPHABET.length];
  return out;
}

// A fixed namespace for our name-based UUIDs (itself a random v4 UUID, chosen once).
const VERSION_ID_NAMESPACE = Buffer.from('6f0c2f1e8b5a4c3d9e7f1a2b3c4d5e6f', 'hex');

/**
 * [INF] A deterministic VersionId: an RFC 4122 version-5 (SHA-1, name-based) UUID of the secret's
 * region, account, name and value, so that it looks like the UUIDs AWS SDKs generate and changes
 * only when the value does.
 */
export function stableVersionId(parts: readonly string[]): string {
  // The parts joined by NULs, fed one by one: a value may be megabytes, and is not copied.
  const hash = createHash('sha1').update(VERSION_ID_NAMESPACE);
  parts.forEach((part, i) => {
    if (i > 0) hash.update('\0', 'utf8');
    hash.update(part, 'utf8');
  });
  const digest = hash.digest();
  const b = Buffer.from(digest.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
