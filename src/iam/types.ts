/**
 * IAM identity-based policies as ecs-local evaluates them: the documents attached to a role, read
 * from the vault's `policies` section (or expanded from an AWS managed policy ARN). Plain data.
 */

export type Effect = 'Allow' | 'Deny';

export interface Statement {
  sid?: string;
  effect: Effect;
  /** Exactly one of `action` / `notAction` is set, each a non-empty list of patterns. */
  action?: string[];
  notAction?: string[];
  /** Exactly one of `resource` / `notResource` is set. */
  resource?: string[];
  notResource?: string[];
  /** The statement has a Condition block (not evaluated: see evaluate.ts). */
  hasCondition: boolean;
  /** Where the statement was written, for messages: `vault.json:12:9: policies[…][0].Statement[1]`. */
  where: string;
}

export interface PolicyDocument {
  version?: string;
  statements: Statement[];
  /** The managed policy ARN this document was expanded from, if it was. */
  managedArn?: string;
}

/** The policies attached to one role. */
export interface RolePolicies {
  roleArn: string;
  documents: PolicyDocument[];
  /** Where the role's entry was written, for messages. */
  where: string;
}

/** How IAM decided one request. */
export type Decision = 'allow' | 'implicit-deny' | 'explicit-deny';

export interface Evaluation {
  decision: Decision;
  /** Statements that took part in the decision although they carry a Condition that was not evaluated. */
  ignoredConditions: Statement[];
}
