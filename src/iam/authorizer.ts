/**
 * IAM as a backend's calls meet it: the caller's role, its policies, the decision for each request
 * and the AccessDeniedException a denial gives. Notes the user should see go to `warn`, each once.
 *
 * [INF] A vault without a `policies` section does not simulate IAM: every call is allowed (with a
 * warning). A vault with the section but no entry for the caller's role denies every call, as IAM
 * does for a role with no policies attached.
 */
import { AwsServiceError, type CallerIdentity } from '../aws/ports.js';
import { Iam } from '../messages.js';
import { didYouMean } from '../text/did-you-mean.js';
import { evaluate } from './evaluate.js';
import { assumedRoleArn } from './principal.js';
import type { Decision, PolicyDocument, RolePolicies } from './types.js';

export interface AuthorizerOptions {
  /** The vault's `policies` section; undefined when it has none. */
  policies: readonly RolePolicies[] | undefined;
  /** The caller; its role as a full ARN. */
  caller: CallerIdentity;
  warn: (line: string) => void;
  /** Request ids of the errors; AWS sends a random UUID. */
  requestId: () => string;
}

export class Authorizer {
  /** `arn:aws:sts::<account>:assumed-role/<role name>/<session>`, as denials name the caller. */
  readonly principalArn: string;
  private readonly documents: readonly PolicyDocument[] | undefined;
  private readonly warned = new Set<string>();

  constructor(private readonly opts: AuthorizerOptions) {
    this.principalArn = assumedRoleArn(opts.caller.roleArn, opts.caller.sessionName);
    this.documents = opts.policies?.find((p) => p.roleArn === opts.caller.roleArn)?.documents;
  }

  /** IAM's decision for `action` on `resource` by the caller. */
  decide(action: string, resource: string): Decision {
    const role = this.opts.caller.roleArn;
    if (this.opts.policies === undefined) {
      this.warnOnce('no-policies', `the vault has no IAM policies for ${role}: every call is allowed (add a "policies" section to the vault to check the role's permissions as IAM does)`);
      return 'allow';
    }
    if (this.documents === undefined) {
      const guess = didYouMean(role, this.opts.policies.map((p) => p.roleArn));
      const hint = guess ? `; did you mean ${guess}?` : '';
      this.warnOnce('no-role', `the vault's "policies" name no role ${role}: IAM denies every call of a role without policies${hint}`);
      return 'implicit-deny';
    }
    const result = evaluate(this.documents, { action, resource });
    for (const s of result.ignoredConditions) {
      this.warnOnce('condition', `IAM Condition blocks are not evaluated: ${s.where} was applied as if it had no Condition`);
    }
    return result.decision;
  }

  /**
   * The AccessDeniedException for a denied request (HTTP 400), naming `shownResource`: what the
   * caller asked for, which is not always the resource evaluated (a secret asked for by name).
   */
  accessDenied(action: string, shownResource: string, decision: Exclude<Decision, 'allow'>): AwsServiceError {
    return new AwsServiceError('AccessDeniedException', this.denialMessage(action, shownResource, decision), 400, this.opts.requestId());
  }

  /** IAM's text for a denial. */
  denialMessage(action: string, resource: string, decision: Exclude<Decision, 'allow'>): string {
    return decision === 'explicit-deny'
      ? Iam.explicitDeny(this.principalArn, action, resource)
      : Iam.accessDenied(this.principalArn, action, resource);
  }

  requestId(): string {
    return this.opts.requestId();
  }

  warnOnce(key: string, line: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.opts.warn(line);
  }
}
