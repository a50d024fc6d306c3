/**
 * When a task cannot find a secret in the local vault, what the vault holds that is nearly it: the
 * same name under another ARN suffix, in another region or account, a JSON key in other case, an SSM
 * name in other case or region. Hints of our own, printed after ECS's text, never inside it. Pure.
 */
import { customerKey } from '../iam/resources.js';
import type { ResolutionPlan } from '../secrets/plan.js';
import type { SecretRecord, VaultData } from '../vault/types.js';

const COMPLETE_ARN = /^arn:([^:]*):secretsmanager:([^:]*):([^:]*):secret:(.+)-([A-Za-z0-9]{6})$/;
const PARTIAL_ARN = /^arn:([^:]*):secretsmanager:([^:]*):([^:]*):secret:(.+)$/;

interface Wanted {
  name: string;
  suffix?: string;
  region: string;
  accountId?: string;
}

/**
 * One line per reference the vault does not hold as asked but holds nearly; with the execution
 * role's account, also a secret of another account that lacks what AWS requires to share it.
 */
export function nearMisses(plan: ResolutionPlan, data: VaultData, roleAccount?: string): string[] {
  const hints: string[] = [];
  const live = data.secrets.filter((s) => s.deletedDate === undefined);
  for (const ref of plan.asm) {
    if (!ref.parsed.ok) continue;
    const wanted = wantedSecret(ref.parsed.secretId, ref.region);
    const exact = live.find((s) => matches(s, wanted));
    if (exact === undefined) {
      const hint = secretNearMiss(ref.valueFrom, wanted, live);
      if (hint !== undefined) hints.push(hint);
      continue;
    }
    if (roleAccount !== undefined && exact.accountId !== roleAccount) {
      // "Access to KMS is not allowed" does not say which setting of the vault is missing.
      const missing = [exact.resourcePolicy === undefined ? '"resourcePolicy" allowing the role' : '', customerKey(exact.kmsKeyId, exact.partition, exact.region, exact.accountId) === undefined ? 'customer-managed "kmsKeyId"' : ''].filter((m) => m !== '');
      if (missing.length > 0) {
        hints.push(
          `${ref.valueFrom}: the secret is in account ${exact.accountId}, the execution role in ${roleAccount}; as on AWS, the vault entry needs a ${missing.join(' and a ')} (README "The local vault")`,
        );
      }
    }
    const key = ref.parsed.jsonKey;
    if (key === '') continue;
    const current = exact.versions.find((v) => v.stages.includes('AWSCURRENT'))?.secretString;
    const keys = jsonKeys(current);
    if (keys !== undefined && !keys.includes(key)) {
      const other = keys.find((k) => k.toLowerCase() === key.toLowerCase());
      if (other !== undefined) hints.push(`${ref.valueFrom}: the secret has the JSON key "${other}", not "${key}" (JSON keys are case-sensitive)`);
    }
  }
  const names = new Set(plan.ssm.flatMap((r) => r.batches.flat().map((name) => `${r.region}\u0000${name}`)));
  for (const entry of names) {
    const [region = '', name = ''] = entry.split('\u0000');
    const bare = (n: string) => n.replace(/^\//, '');
    const same = (p: { name: string }) => bare(p.name) === bare(name);
    if (data.parameters.some((p) => p.region === region && same(p))) continue;
    const elsewhere = data.parameters.find((p) => same(p));
    if (elsewhere !== undefined) {
      hints.push(`parameter ${name}: the vault holds it in ${elsewhere.region}, the task reads it in ${region}`);
      continue;
    }
    const cased = data.parameters.find((p) => p.region === region && bare(p.name).toLowerCase() === bare(name).toLowerCase());
    if (cased !== undefined) hints.push(`parameter ${name}: the vault holds ${cased.name} (parameter names are case-sensitive)`);
  }
  return hints;
}

function wantedSecret(secretId: string, region: string): Wanted {
  const complete = COMPLETE_ARN.exec(secretId);
  if (complete) return { name: complete[4] ?? '', suffix: complete[5] ?? '', region: complete[2] || region, accountId: complete[3] || undefined };
  const partial = PARTIAL_ARN.exec(secretId);
  if (partial) return { name: partial[4] ?? '', region: partial[2] || region, accountId: partial[3] || undefined };
  return { name: secretId, region };
}

function matches(s: SecretRecord, w: Wanted): boolean {
  if (s.region !== w.region || (w.accountId !== undefined && s.accountId !== w.accountId)) return false;
  // A complete ARN names one secret; a partial one (or a name ending like a suffix) may name it too.
  if (w.suffix !== undefined) return (s.name === w.name && s.arnSuffix === w.suffix) || s.name === `${w.name}-${w.suffix}`;
  return s.name === w.name;
}

function secretNearMiss(valueFrom: string, w: Wanted, secrets: readonly SecretRecord[]): string | undefined {
  const sameName = secrets.filter((s) => s.name === w.name);
  const here = sameName.find((s) => s.region === w.region && (w.accountId === undefined || s.accountId === w.accountId));
  if (here !== undefined && w.suffix !== undefined) {
    return `${valueFrom}: the vault holds ${w.name} as ${here.arn} (suffix ${here.arnSuffix}, the task asks for ${w.suffix}); set "arnSuffix": "${w.suffix}" on it, or create it at the task's ARN with ecs-local vault put --create <that ARN>`;
  }
  const elsewhere = sameName.find((s) => s.region !== w.region || (w.accountId !== undefined && s.accountId !== w.accountId));
  if (elsewhere !== undefined) {
    const where = elsewhere.region !== w.region ? `region ${elsewhere.region}` : `account ${elsewhere.accountId}`;
    const asked = elsewhere.region !== w.region ? `region ${w.region}` : `account ${w.accountId ?? ''}`;
    return `${valueFrom}: the vault holds ${w.name} in ${where} (${elsewhere.arn}), the task reads it in ${asked}`;
  }
  const cased = secrets.find((s) => s.region === w.region && s.name.toLowerCase() === w.name.toLowerCase());
  if (cased !== undefined) return `${valueFrom}: the vault holds ${cased.arn} (secret names are case-sensitive)`;
  return undefined;
}

function jsonKeys(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : undefined;
  } catch {
    return undefined;
  }
}
