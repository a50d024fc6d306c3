/**
 * A secret's resource-based policy (PutResourcePolicy), as IAM weighs it for a caller from another
 * account: such a request needs an Allow in the caller's identity policies *and* in the secret's
 * resource policy, and an explicit Deny in either wins. [DOC] IAM User Guide, "Policy evaluation
 * logic" (cross-account) and Secrets Manager "Access secrets across accounts". Pure.
 *
 * [INF] Only `Effect`, `Principal` (`*`, or `{"AWS": ...}` naming the role ARN, the account id or
 * `arn:<partition>:iam::<account>:root`), `Action`/`NotAction` and `Resource` are read; `Condition`
 * is not evaluated (as for identity policies).
 */
import type { JsonValue } from '../json/parse.js';
import type { Decision } from './types.js';
import { matchesAction, matchesResource } from './wildcard.js';

export interface ResourceRequest {
  /** The caller's role ARN, `arn:aws:iam::<account>:role/<name>`. */
  roleArn: string;
  action: string;
  resource: string;
}

export function resourcePolicyDecision(policy: JsonValue | undefined, request: ResourceRequest): Decision {
  if (!isObject(policy)) return 'implicit-deny';
  const statements = Array.isArray(policy.Statement) ? policy.Statement : policy.Statement === undefined ? [] : [policy.Statement];
  let allowed = false;
  for (const s of statements) {
    if (!isObject(s) || !principalMatches(s.Principal, request.roleArn)) continue;
    if (!actionMatches(s, request.action)) continue;
    if (s.Resource !== undefined && !strings(s.Resource).some((r) => matchesResource(r, request.resource))) continue;
    if (s.Effect === 'Deny') return 'explicit-deny';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function principalMatches(principal: JsonValue | undefined, roleArn: string): boolean {
  if (principal === '*') return true;
  if (!isObject(principal)) return false;
  const account = /^arn:[^:]*:iam::(\d{12}):/.exec(roleArn)?.[1];
  return strings(principal.AWS ?? null).some(
    (p) => p === '*' || p === roleArn || (account !== undefined && (p === account || /^arn:[^:]*:iam::(\d{12}):root$/.exec(p)?.[1] === account)),
  );
}

function actionMatches(s: { [key: string]: JsonValue }, action: string): boolean {
  if (s.Action !== undefined) return strings(s.Action).some((a) => matchesAction(a, action));
  if (s.NotAction !== undefined) return !strings(s.NotAction).some((a) => matchesAction(a, action));
  return false;
}

function strings(value: JsonValue): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
