/**
 * Naming rules of Secrets Manager and Parameter Store, shared by the vault loader (which refuses a
 * name AWS would refuse to create) and the store (which applies AWS's lookup rules to requests).
 */

/** Secret names: letters, digits and `/_+=.@-`, 1 to 512 characters. */
export const SECRET_NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export function isValidSecretName(name: string): boolean {
  return SECRET_NAME_PATTERN.test(name);
}

/** What is wrong with a name for a parameter to be created, and how to fix it. */
export interface NameProblem {
  problem: string;
  fix: string;
}

const PARAMETER_CHARS = /^[A-Za-z0-9_.\-/]+$/;
const MAX_LEVELS = 15;

/**
 * A hierarchical name must start with `/` and have no empty sub-path (`a/b/c`, `/a//b`). AWS rejects
 * such names even in GetParameter(s) with a ValidationException (AWS-recorded test_hierarchical_parameter).
 */
export function breaksPathRule(name: string): boolean {
  return name.includes('//') || (name.includes('/') && !name.startsWith('/'));
}

export function parameterNameProblem(name: string): NameProblem | undefined {
  if (name === '' || name === '/') return { problem: 'the parameter name is empty', fix: 'give the parameter a name' };
  if (!PARAMETER_CHARS.test(name)) {
    return {
      problem: `parameter name ${JSON.stringify(name)} has characters SSM does not allow`,
      fix: 'use only letters, digits and the symbols . - _ and / between path levels',
    };
  }
  if (breaksPathRule(name)) {
    return {
      problem: `parameter name ${JSON.stringify(name)} is not a valid path`,
      fix: 'a name with "/" must start with "/" and have no empty level, e.g. /app/prod/db',
    };
  }
  if (name.endsWith('/')) {
    return { problem: `parameter name ${JSON.stringify(name)} ends with "/"`, fix: 'remove the trailing "/"' };
  }
  // AWS reserves every name whose first level starts with "aws" or "ssm", in any case.
  if (/^\/?(aws|ssm)/i.test(name)) {
    return {
      problem: `parameter name ${JSON.stringify(name)} starts with "aws" or "ssm", which AWS reserves (any case)`,
      fix: 'rename it; to reach a Secrets Manager secret, use /aws/reference/secretsmanager/<secret> in the task definition',
    };
  }
  if (name.split('/').filter((s) => s !== '').length > MAX_LEVELS) {
    return { problem: `parameter name ${JSON.stringify(name)} has more than ${MAX_LEVELS} levels`, fix: 'shorten the path' };
  }
  return undefined;
}

/** The identity of a parameter name: `foo` and `/foo` are one parameter; `/a/b` stays as is. */
export function parameterKey(name: string): string {
  return name.startsWith('/') && name.indexOf('/', 1) < 0 ? name.slice(1) : name;
}

/** The name an SSM parameter ARN stands for: `parameter/a/b` is `/a/b`, `parameter/foo` is `foo`. */
export function parameterNameFromArnRest(rest: string): string {
  return rest.includes('/') ? `/${rest}` : rest;
}
