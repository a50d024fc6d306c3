/**
 * The vault's GetSecretValue and GetParameters as the task execution role meets them on AWS: IAM
 * first (a denied request never reaches the secret, so a missing secret the role may not read is
 * AccessDeniedException, not ResourceNotFoundException), then the vault's answer, then kms:Decrypt
 * when the value is encrypted with a customer key (the services decrypt as the caller).
 */
import { partitionOf, parameterArn } from './arn.js';
import type { Vault } from './load.js';
import { findSecret } from './secret-value.js';
import { Iam, SecretsManager, Ssm } from '../messages.js';
import {
  AwsServiceError,
  type CallerIdentity,
  type GetParametersInput,
  type GetParametersOutput,
  type GetSecretValueInput,
  type GetSecretValueOutput,
} from '../aws/ports.js';
import { Authorizer } from '../iam/authorizer.js';
import { resourcePolicyDecision } from '../iam/resource-policy.js';
import { customerKey, parameterResource, secretNameResource, type KmsKey } from '../iam/resources.js';

export interface VaultGuardOptions {
  caller: CallerIdentity;
  warn: (line: string) => void;
  requestId: () => string;
}

export interface GuardedVault {
  /** Throws AccessDeniedException naming `shown` when IAM does not allow `action` on `resource`. */
  authorize(action: string, resource: string, shown: string): void;
  getSecretValue(region: string, input: GetSecretValueInput): GetSecretValueOutput;
  /** `action` is the one IAM evaluates: ssm:GetParameters, or ssm:GetParameter for a single read. */
  getParameters(region: string, input: GetParametersInput, action?: string): GetParametersOutput;
}

const GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';
const GET_PARAMETERS = 'ssm:GetParameters';
const DECRYPT = 'kms:Decrypt';

export function guardVault(vault: Vault, opts: VaultGuardOptions): GuardedVault {
  const data = vault.store.data;
  // [INF] A role given by name (not ARN) is the role of that name in the vault's account.
  const roleArn = opts.caller.roleArn.startsWith('arn:')
    ? opts.caller.roleArn
    : `arn:${partitionOf(vault.region)}:iam::${vault.accountId}:role/${opts.caller.roleArn}`;
  const callerAccount = /^arn:[^:]*:iam::(\d{12}):/.exec(roleArn)?.[1] ?? vault.accountId;
  const iam = new Authorizer({
    policies: data.policies,
    caller: { roleArn, sessionName: opts.caller.sessionName },
    warn: opts.warn,
    requestId: opts.requestId,
  });

  const decrypt = (key: KmsKey, owner: string): ReturnType<Authorizer['decide']> => {
    if (key.alias) {
      iam.warnOnce(
        `alias ${key.arn}`,
        `${owner} names its KMS key by alias (${key.arn}): IAM evaluates kms:Decrypt on the key's own ARN, which the vault does not know, so the alias ARN is evaluated instead (write the key ARN in "kmsKeyId" to check it as AWS does)`,
      );
    }
    return iam.decide(DECRYPT, key.arn);
  };

  return {
    authorize(action, resource, shown) {
      const decision = iam.decide(action, resource);
      if (decision !== 'allow') throw iam.accessDenied(action, shown, decision);
    },

    getSecretValue(region, input) {
      const requested = input.SecretId;
      const decision = iam.decide(GET_SECRET_VALUE, secretResource(vault, region, requested));
      if (decision !== 'allow') throw iam.accessDenied(GET_SECRET_VALUE, requested, decision);
      const out = vault.store.getSecretValue(region, undefined, input);
      const secret = data.secrets.find((s) => s.arn === out.ARN);
      const key = secret && customerKey(secret.kmsKeyId, secret.partition, secret.region, secret.accountId);
      if (secret && secret.accountId !== callerAccount) {
        // Another account's secret: its resource policy must allow the role too, and only a
        // customer-managed key can be shared (the aws/secretsmanager key cannot).
        const shared = resourcePolicyDecision(secret.resourcePolicy, { roleArn, action: GET_SECRET_VALUE, resource: secret.arn });
        if (shared !== 'allow') {
          const text = shared === 'explicit-deny' ? Iam.resourceExplicitDeny : Iam.noResourcePolicy;
          throw new AwsServiceError('AccessDeniedException', text(iam.principalArn, GET_SECRET_VALUE, requested), 400, iam.requestId());
        }
        if (!key) throw new AwsServiceError('AccessDeniedException', SecretsManager.kmsAccessDenied(), 400, iam.requestId());
      }
      if (secret && key && decrypt(key, `secret ${secret.name}`) !== 'allow') {
        // Secrets Manager says the same for any KMS refusal, implicit or explicit.
        throw new AwsServiceError('AccessDeniedException', SecretsManager.kmsAccessDenied(), 400, iam.requestId());
      }
      return out;
    },

    getParameters(region, input, action = GET_PARAMETERS) {
      // The whole batch fails on the first name the role may not read.
      for (const name of input.Names) {
        const resource = parameterResource(partitionOf(region), region, vault.accountId, name);
        const decision = iam.decide(action, resource);
        if (decision !== 'allow') throw iam.accessDenied(action, resource, decision);
      }
      const out = vault.store.getParameters(region, input);
      if (!input.WithDecryption) return out;
      for (const p of out.Parameters) {
        if (p.Type !== 'SecureString') continue;
        const record = data.parameters.find((r) => parameterArn(r.partition, r.region, r.accountId, r.name) === p.ARN);
        const version = record?.versions.find((v) => v.version === p.Version);
        const key = record && customerKey(version?.kmsKeyId, record.partition, record.region, record.accountId);
        if (!record || !key) continue;
        const decision = decrypt(key, `parameter ${record.name}`);
        if (decision !== 'allow') {
          const iamText = iam.denialMessage(DECRYPT, key.arn, decision);
          throw new AwsServiceError('AccessDeniedException', Ssm.kmsAccessDenied(iamText, iam.requestId()), 400, iam.requestId());
        }
      }
      return out;
    },
  };
}

/** The ARN a Secrets Manager call is authorized on: the ARN as asked for, or the ARN of the secret a name names. */
export function secretResource(vault: Vault, region: string, secretId: string): string {
  if (secretId.startsWith('arn:')) return secretId;
  try {
    return findSecret(vault.store.data, region, vault.accountId, secretId, (code, message) => new AwsServiceError(code, message, 400, '')).arn;
  } catch {
    return secretNameResource(partitionOf(region), region, vault.accountId, secretId);
  }
}
