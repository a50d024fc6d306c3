/**
 * ARN parsing with the exact semantics of aws-sdk-go-v2 `aws/arn.Parse`, which the ECS agent uses:
 * prefix `arn:`, then `strings.SplitN(s, ":", 6)` must give 6 sections; the resource is everything
 * after the fifth colon. Nothing else is validated (empty fields are accepted).
 */
import { EcsAgent } from '../messages.js';

export interface Arn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  resource: string;
}

export type ArnParseResult = { ok: true; arn: Arn } | { ok: false; error: string };

export function parseArn(text: string): ArnParseResult {
  if (!text.startsWith('arn:')) return { ok: false, error: EcsAgent.arnInvalidPrefix };
  const sections = splitN(text, ':', 6);
  if (sections.length !== 6) return { ok: false, error: EcsAgent.arnNotEnoughSections };
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = sections;
  return { ok: true, arn: { partition, service, region, accountId, resource } };
}

/** Go's strings.SplitN: at most n parts, the last holding the rest. */
export function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const at = rest.indexOf(sep);
    if (at < 0) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}

/** The partition a region belongs to (`aws`, `aws-cn`, `aws-us-gov`, …). */
export function partitionOf(region: string): string {
  const prefixes: [string, string][] = [
    ['cn-', 'aws-cn'],
    ['us-gov-', 'aws-us-gov'],
    ['us-isob-', 'aws-iso-b'],
    ['us-isof-', 'aws-iso-f'],
    ['us-iso-', 'aws-iso'],
    ['eu-isoe-', 'aws-iso-e'],
    ['eusc-', 'aws-eusc'],
  ];
  for (const [prefix, partition] of prefixes) if (region.startsWith(prefix)) return partition;
  return 'aws';
}
