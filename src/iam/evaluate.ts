/**
 * The decision IAM makes for a request from identity-based policies alone (IAM User Guide, "Policy
 * evaluation logic", same account, no resource policy, boundary or SCP): an explicit Deny in any
 * matching statement wins; otherwise any matching Allow allows; otherwise the request is implicitly
 * denied. Pure.
 *
 * [INF] Condition blocks are not evaluated: a statement with a Condition counts as if it had none,
 * and the caller is told when the decision rests on such statements (it warns once).
 */
import type { Evaluation, PolicyDocument, Statement } from './types.js';
import { matchesAction, matchesResource } from './wildcard.js';

export interface Request {
  /** `service:Action`, e.g. `secretsmanager:GetSecretValue`. */
  action: string;
  /** The resource ARN the service authorizes. */
  resource: string;
}

export function evaluate(documents: readonly PolicyDocument[], request: Request): Evaluation {
  const matching = documents.flatMap((d) => d.statements).filter((s) => statementApplies(s, request));
  const denies = matching.filter((s) => s.effect === 'Deny');
  if (denies.length > 0) return { decision: 'explicit-deny', ignoredConditions: dependsOn(denies) };
  const allows = matching.filter((s) => s.effect === 'Allow');
  if (allows.length > 0) return { decision: 'allow', ignoredConditions: dependsOn(allows) };
  return { decision: 'implicit-deny', ignoredConditions: [] };
}

/** The conditional statements a decision rests on: none when an unconditional one decides alike. */
function dependsOn(decisive: Statement[]): Statement[] {
  return decisive.every((s) => s.hasCondition) ? decisive : [];
}

export function statementApplies(s: Statement, request: Request): boolean {
  const action = s.action
    ? s.action.some((p) => matchesAction(p, request.action))
    : !(s.notAction ?? []).some((p) => matchesAction(p, request.action));
  if (!action) return false;
  return s.resource
    ? s.resource.some((p) => matchesResource(p, request.resource))
    : !(s.notResource ?? []).some((p) => matchesResource(p, request.resource));
}
