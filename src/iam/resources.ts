/**
 * The resource ARNs the services authorize, built the way AWS builds them from a request:
 * - Secrets Manager authorizes the SecretId as requested when it is an ARN, so a partial ARN (no
 *   `-XXXXXX`) is matched against policies as the partial ARN and a policy naming the full ARN
 *   does not allow it (aws/aws-cdk#18555); a name is authorized as the ARN of the secret it names.
 * - SSM authorizes `arn:<partition>:ssm:<region>:<account>:parameter/<name without leading slash>`
 *   (the leading slash dropped, as in every observed message).
 * - KMS authorizes the key's ARN.
 * Pure.
 */

/** `arn:…:secret:<name>` for a name no secret has. [INF] The partial ARN of that name. */
export function secretNameResource(partition: string, region: string, accountId: string, name: string): string {
  return `arn:${partition}:secretsmanager:${region}:${accountId}:secret:${name}`;
}

/**
 * A GetParameters name (or ARN) as SSM authorizes it. [INF] A `:version` or `:label` selector is
 * not part of the resource.
 */
export function parameterResource(partition: string, region: string, accountId: string, requested: string): string {
  if (requested.startsWith('arn:')) return withoutSelector(requested, requested.indexOf(':parameter/'));
  const name = withoutSelector(requested, 0);
  return `arn:${partition}:ssm:${region}:${accountId}:parameter/${name.replace(/^\//, '')}`;
}

function withoutSelector(text: string, from: number): string {
  const at = text.indexOf(':', Math.max(from, 0) + 1);
  return from < 0 || at < 0 ? text : text.slice(0, at);
}

/** The keys AWS manages for the services; their key policies let every principal of the account decrypt. */
const AWS_MANAGED_KEYS = ['alias/aws/secretsmanager', 'alias/aws/ssm'];

export interface KmsKey {
  /** The ARN kms:Decrypt is evaluated on. */
  arn: string;
  /** The vault names the key by alias: AWS would evaluate the key's own ARN, which the vault does not know. */
  alias: boolean;
}

/**
 * The customer key a secret or parameter is encrypted with, as an ARN (key id, alias or ARN, in the
 * entry's region and account), or undefined for the AWS managed key (no kms:Decrypt needed).
 */
export function customerKey(kmsKeyId: string | undefined, partition: string, region: string, accountId: string): KmsKey | undefined {
  if (kmsKeyId === undefined || kmsKeyId === '') return undefined;
  const resource = kmsKeyId.startsWith('arn:') ? kmsKeyId.split(':').slice(5).join(':') : kmsKeyId;
  if (AWS_MANAGED_KEYS.includes(resource) || resource === 'DefaultEncryptionKey') return undefined;
  const alias = resource.startsWith('alias/');
  if (kmsKeyId.startsWith('arn:')) return { arn: kmsKeyId, alias };
  return { arn: `arn:${partition}:kms:${region}:${accountId}:${alias ? kmsKeyId : `key/${kmsKeyId}`}`, alias };
}
