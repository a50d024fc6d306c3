/**
 * What RegisterTaskDefinition accepts as a secret's `valueFrom`: a Secrets Manager ARN (its suffix is
 * not checked until the task starts), a well-formed SSM parameter ARN, or a valid SSM parameter name.
 * Pure.
 */

export type ValueFromProblem = 'invalidSsmParameterName' | 'invalidSsmParameterArn';

/** Secrets Manager ARNs are accepted whatever follows: a bad suffix fails at task start. [OBS] */
const SECRETS_MANAGER_ARN = /^arn:[^:]+:secretsmanager:/;
const SSM_PARAMETER_ARN = /^arn:[^:]+:ssm:([^:]+):(\d{12}):parameter\/(.+)$/s;
/** The SSM-to-Secrets-Manager reference; the rest is a secret name (Secrets Manager's characters). [DOC] */
const SECRETS_MANAGER_REFERENCE = /^\/aws\/reference\/secretsmanager\/[A-Za-z0-9/_+=.@!-]+$/;
const SSM_NAME_CHARACTERS = /^[A-Za-z0-9_.\-/]+$/;
const MAX_NAME_LENGTH = 2048;
const MAX_LEVELS = 15;

/** Undefined when registration would accept `valueFrom`; otherwise which ClientException it gets. */
export function valueFromProblem(valueFrom: string): ValueFromProblem | undefined {
  if (valueFrom.startsWith('arn:')) {
    if (SECRETS_MANAGER_ARN.test(valueFrom)) return undefined;
    const m = SSM_PARAMETER_ARN.exec(valueFrom);
    return m && isValidArnParameterName(m[3] ?? '') ? undefined : 'invalidSsmParameterArn';
  }
  return isValidSsmParameterName(valueFrom) ? undefined : 'invalidSsmParameterName';
}

/**
 * SSM's rules for a parameter name: letters, digits, `_ . - /`; a hierarchical name starts with `/`
 * and has no empty level; at most 15 levels and 2048 characters; no `aws`/`ssm` prefix (any case),
 * except the `/aws/reference/secretsmanager/<secret-name>` reference. A `:` is not allowed, which is
 * why `secret-name:key::` (a Secrets Manager suffix on a bare name) is refused. [DOC][OBS]
 */
export function isValidSsmParameterName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return false;
  if (SECRETS_MANAGER_REFERENCE.test(name)) return true;
  if (!SSM_NAME_CHARACTERS.test(name)) return false;
  if (name.includes('/')) {
    if (!name.startsWith('/')) return false;
    const levels = name.slice(1).split('/');
    if (levels.some((level) => level === '') || levels.length > MAX_LEVELS) return false;
  }
  return !/^\/?(aws|ssm)/i.test(name);
}

/**
 * The name after `parameter/` in an SSM ARN. [INF] Only its characters and length are checked: ECS
 * registered `arn:…:parameter/api//new-relic-license-key` (an empty level) and failed only at task
 * start with `invalid ssm parameters: /api//new-relic-license-key` (HHS/simpler-grants-gov#4330).
 */
function isValidArnParameterName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && SSM_NAME_CHARACTERS.test(name) && !/^\/+$/.test(name);
}
