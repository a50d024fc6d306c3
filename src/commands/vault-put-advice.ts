/**
 * The exact `ecs-local vault put` command that sets a value a task reads, for `vault init` and for
 * check's placeholder warning: a parameter needs `--parameter`, an entry outside the vault's region
 * `--region`, and a vault that is not `./ecs-local.vault.json` (vault init writes it beside the task
 * definition, `.aws/` for a GitHub Actions file) `--vault`, or `vault put` looks in the wrong place. Pure.
 */
import path from 'node:path';
import { VAULT_FILE_NAME } from '../vault/find.js';

export interface PutTarget {
  kind: 'secret' | 'parameter';
  /** The secret's name (or its ARN when the name alone is ambiguous), or the parameter's name. */
  id: string;
  region: string;
  /** JSON keys the task reads from the secret: the value is then a JSON object holding them. */
  keys: readonly string[];
}

/** `--vault FILE` for a vault that `vault put` would not find by default, relative to `cwd` when shorter. */
export function vaultArgument(vaultFile: string, cwd: string): string | undefined {
  const absolute = path.resolve(cwd, vaultFile);
  if (absolute === path.resolve(cwd, VAULT_FILE_NAME)) return undefined;
  const relative = path.relative(cwd, absolute);
  return relative.length < absolute.length && !relative.startsWith('..') ? relative : absolute;
}

export function putCommand(target: PutTarget, vaultRegion: string, vaultArg: string | undefined): string {
  const words = ['ecs-local vault put', quote(target.id)];
  if (target.kind === 'parameter') words.push('--parameter');
  if (target.region !== vaultRegion && !target.id.startsWith('arn:')) words.push('--region', target.region);
  if (vaultArg !== undefined) words.push('--vault', quote(vaultArg));
  const keys = target.keys.length > 0 ? `   # a JSON object with ${target.keys.map((k) => JSON.stringify(k)).join(', ')}` : '';
  return words.join(' ') + keys;
}

/** One target per entry, in first-seen order, JSON keys merged. */
export function uniqueTargets(targets: readonly PutTarget[]): PutTarget[] {
  const byKey = new Map<string, PutTarget>();
  for (const t of targets) {
    const key = `${t.kind}|${t.region}|${t.id}`;
    const seen = byKey.get(key);
    if (seen === undefined) byKey.set(key, { ...t, keys: [...t.keys] });
    else byKey.set(key, { ...seen, keys: [...new Set([...seen.keys, ...t.keys])] });
  }
  return [...byKey.values()];
}

/** Single-quoted for a POSIX shell when it holds anything but safe characters. */
function quote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
