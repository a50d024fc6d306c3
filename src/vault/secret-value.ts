/**
 * GetSecretValue over the vault's data, with Secrets Manager's SecretId matching and its checks in
 * AWS's order (reference: aws-wire.md §1.2, §1.4). Pure: errors are made by the caller's factory.
 */
import { SecretsManager } from '../messages.js';
import type { AwsServiceError, GetSecretValueInput, GetSecretValueOutput } from '../aws/ports.js';
import { parseSecretArn } from './arn.js';
import { isValidSecretName } from './names.js';
import type { SecretRecord, VaultData } from './types.js';

export type MakeError = (code: string, message: string) => AwsServiceError;

const CURRENT = 'AWSCURRENT';

/**
 * The secret a SecretId names in `region` (the backend's region), for a caller in `accountId`:
 * - a name (no `arn:` prefix) is matched exactly, in the caller's account; bad characters are a
 *   ValidationException;
 * - an ARN ending in `-` and 6 letters/digits is a complete ARN, matched exactly;
 * - any other ARN is partial: the text after `secret:` is the name. So a secret whose own name ends
 *   in `-XXXXXX` cannot be found by partial ARN, as on AWS.
 * An ARN of another region is not in this backend. [INF] An ARN of another account in the vault is
 * found (as cross-account access with a resource policy would be); IAM is not modelled here.
 */
export function findSecret(data: VaultData, region: string, accountId: string, secretId: string, error: MakeError): SecretRecord {
  let found: SecretRecord | undefined;
  if (secretId.startsWith('arn:')) {
    const arn = parseSecretArn(secretId);
    if (arn && arn.region === region) {
      found = arn.complete
        ? data.secrets.find((s) => s.arn === secretId)
        : data.secrets.find(
            (s) => s.partition === arn.partition && s.region === region && s.accountId === arn.accountId && s.name === arn.rest,
          );
    }
  } else {
    if (!isValidSecretName(secretId)) throw error('ValidationException', SecretsManager.invalidName());
    found = data.secrets.find((s) => s.region === region && s.accountId === accountId && s.name === secretId);
  }
  if (!found) throw error('ResourceNotFoundException', SecretsManager.resourceNotFound());
  return found;
}

export function getSecretValue(
  data: VaultData,
  region: string,
  accountId: string,
  input: GetSecretValueInput,
  error: MakeError,
): GetSecretValueOutput {
  const secret = findSecret(data, region, accountId, input.SecretId, error);
  if (secret.deletedDate) throw error('InvalidRequestException', SecretsManager.markedForDeletion());

  // [INF] An empty string is treated as not given, as the ECS agent leaves empty valueFrom fields unset.
  const versionId = input.VersionId || undefined;
  const stage = input.VersionStage || undefined;
  let version;
  if (versionId !== undefined) {
    version = secret.versions.find((v) => v.versionId === versionId);
    if (version && stage !== undefined && !version.stages.includes(stage)) {
      throw error('InvalidRequestException', SecretsManager.stageVersionMismatch());
    }
    if (!version) throw error('ResourceNotFoundException', SecretsManager.versionIdNotFound(versionId));
  } else {
    const wanted = stage ?? CURRENT;
    version = secret.versions.find((v) => v.stages.includes(wanted));
    if (!version) throw error('ResourceNotFoundException', SecretsManager.stageNotFound(wanted));
  }

  const out: GetSecretValueOutput = {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    VersionStages: [...version.stages],
    CreatedDate: new Date(version.createdDate.getTime()),
  };
  if (version.secretString !== undefined) out.SecretString = version.secretString;
  if (version.secretBinary !== undefined) out.SecretBinary = new Uint8Array(Buffer.from(version.secretBinary, 'base64'));
  return out;
}
