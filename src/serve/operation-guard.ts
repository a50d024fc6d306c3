/**
 * IAM for the calls a task makes at run time through `vault serve` (as its task role): every
 * operation the server answers is evaluated on the resource AWS authorizes it on before it runs; a
 * denial is AWS's AccessDeniedException naming `assumed-role/<role>/<task id>`. GetSecretValue and
 * GetParameter(s) also check kms:Decrypt for customer keys, as for the execution role (vault/guard.ts).
 */
import type { ServiceName } from './operations.js';
import { partitionOf } from '../vault/arn.js';
import type { Vault } from '../vault/load.js';
import { guardVault, secretResource, type VaultGuardOptions } from '../vault/guard.js';
import { parameterResource, secretNameResource } from '../iam/resources.js';

export interface OperationRequest {
  service: ServiceName;
  /** The operation's name, e.g. `GetSecretValue`. */
  operation: string;
  region: string;
  /** The operation's input as parsed from the request. */
  input: Record<string, unknown>;
}

/** Secrets Manager operations authorized on the secret their SecretId names. */
const ON_SECRET = new Set([
  'GetSecretValue',
  'DescribeSecret',
  'ListSecretVersionIds',
  'PutSecretValue',
  'UpdateSecretVersionStage',
  'DeleteSecret',
  'RestoreSecret',
  'RotateSecret',
]);

/** SSM operations authorized on the parameter their Name names. */
const ON_PARAMETER = new Set(['PutParameter', 'DeleteParameter']);

/** Throws AwsServiceError (AccessDeniedException) when IAM denies the request; returns when it allows it. */
export function authorizeOperation(vault: Vault, req: OperationRequest, opts: VaultGuardOptions): void {
  const guard = guardVault(vault, opts);
  const { region, input } = req;
  const partition = partitionOf(region);
  const text = (name: string): string => (typeof input[name] === 'string' ? (input[name] as string) : '');
  const check = (action: string, resource: string, shown: string = resource): void => guard.authorize(action, resource, shown);

  if (req.service === 'secretsmanager') {
    const action = `secretsmanager:${req.operation}`;
    if (req.operation === 'GetSecretValue') {
      // IAM, then the secret, then kms:Decrypt: the order AWS answers in.
      guard.getSecretValue(region, {
        SecretId: text('SecretId'),
        ...(text('VersionId') !== '' ? { VersionId: text('VersionId') } : {}),
        ...(text('VersionStage') !== '' ? { VersionStage: text('VersionStage') } : {}),
      });
      return;
    }
    if (ON_SECRET.has(req.operation)) {
      check(action, secretResource(vault, region, text('SecretId')), text('SecretId'));
      return;
    }
    if (req.operation === 'CreateSecret') {
      // [INF] The new secret's ARN has a suffix nobody knows yet: `-??????` stands for it, so a
      // policy on `name-??????` or `name-*` allows the call.
      check(action, `${secretNameResource(partition, region, vault.accountId, text('Name'))}-??????`);
      return;
    }
    // ListSecrets and BatchGetSecretValue are authorized on `*`.
    check(action, '*');
    if (req.operation === 'BatchGetSecretValue') {
      // [INF] A secret of the list the role may not read denies the whole call (AWS lists it under
      // Errors instead); kms:Decrypt is not checked here.
      const ids = Array.isArray(input.SecretIdList) ? input.SecretIdList.filter((x): x is string => typeof x === 'string') : [];
      for (const id of ids) check('secretsmanager:GetSecretValue', secretResource(vault, region, id), id);
    }
    return;
  }

  const action = `ssm:${req.operation}`;
  if (req.operation === 'GetParameters' || req.operation === 'GetParameter') {
    const names = req.operation === 'GetParameters' ? (input.Names as string[] | undefined) ?? [] : [text('Name')];
    guard.getParameters(region, { Names: names, WithDecryption: input.WithDecryption === true }, action);
    return;
  }
  if (ON_PARAMETER.has(req.operation)) {
    check(action, parameterResource(partition, region, vault.accountId, text('Name')));
    return;
  }
  if (req.operation === 'GetParametersByPath') {
    // [INF] The path as given, as a parameter ARN; kms:Decrypt of what it returns is not checked.
    check(action, parameterResource(partition, region, vault.accountId, text('Path')));
    return;
  }
  check(action, '*');
}
