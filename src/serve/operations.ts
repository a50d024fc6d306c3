/**
 * The operations `vault serve` answers, by X-Amz-Target: each with its input members, whether it
 * writes, and the store method that answers it.
 */
import type * as Api from '../vault/api-types.js';
import type { VaultStore } from '../vault/store.js';
import type { InputShape } from './wire.js';

export type ServiceName = 'secretsmanager' | 'ssm';

export interface Operation extends InputShape {
  /** Writes go through the vault file's lock and are saved; reads use the file as it is. */
  write: boolean;
  run(store: VaultStore, region: string, input: Record<string, unknown>): unknown;
}

/** The X-Amz-Target prefix of each service (aws-wire.md §1.1, §2.1). */
export const TARGET_PREFIX: Readonly<Record<string, ServiceName>> = { secretsmanager: 'secretsmanager', AmazonSSM: 'ssm' };

const SECRET_ID = { SecretId: 'string' } as const;

const secretsManager: Record<string, Operation> = {
  GetSecretValue: {
    write: false,
    members: { ...SECRET_ID, VersionId: 'string', VersionStage: 'string' },
    required: ['SecretId'],
    run: (s, r, i) => s.getSecretValue(r, undefined, i as never),
  },
  DescribeSecret: { write: false, members: SECRET_ID, required: ['SecretId'], run: (s, r, i) => s.describeSecret(r, i as never) },
  ListSecrets: {
    write: false,
    members: {
      IncludePlannedDeletion: 'boolean',
      MaxResults: 'integer',
      NextToken: 'string',
      Filters: 'filters',
      SortOrder: 'string',
      SortBy: 'string',
    },
    run: (s, r, i) => s.listSecretEntries(r, i as Api.ListSecretsInput),
  },
  ListSecretVersionIds: {
    write: false,
    members: { ...SECRET_ID, MaxResults: 'integer', NextToken: 'string', IncludeDeprecated: 'boolean' },
    required: ['SecretId'],
    run: (s, r, i) => s.listSecretVersionIds(r, i as never),
  },
  BatchGetSecretValue: {
    write: false,
    members: { SecretIdList: 'strings', Filters: 'filters', MaxResults: 'integer', NextToken: 'string' },
    run: (s, r, i) => s.batchGetSecretValue(r, i as Api.BatchGetSecretValueInput),
  },
  CreateSecret: {
    write: true,
    members: {
      Name: 'string',
      ClientRequestToken: 'string',
      Description: 'string',
      KmsKeyId: 'string',
      SecretString: 'string',
      SecretBinary: 'blob',
      Tags: 'tags',
    },
    required: ['Name'],
    run: (s, r, i) => s.createSecret(r, i as never),
  },
  PutSecretValue: {
    write: true,
    members: { ...SECRET_ID, ClientRequestToken: 'string', SecretString: 'string', SecretBinary: 'blob', VersionStages: 'strings' },
    required: ['SecretId'],
    run: (s, r, i) => s.putSecretValue(r, i as never),
  },
  UpdateSecretVersionStage: {
    write: true,
    members: { ...SECRET_ID, VersionStage: 'string', RemoveFromVersionId: 'string', MoveToVersionId: 'string' },
    required: ['SecretId', 'VersionStage'],
    run: (s, r, i) => s.updateSecretVersionStage(r, i as never),
  },
  DeleteSecret: {
    write: true,
    members: { ...SECRET_ID, RecoveryWindowInDays: 'integer', ForceDeleteWithoutRecovery: 'boolean' },
    required: ['SecretId'],
    run: (s, r, i) => s.deleteSecret(r, i as never),
  },
  RestoreSecret: { write: true, members: SECRET_ID, required: ['SecretId'], run: (s, r, i) => s.restoreSecret(r, i as never) },
  RotateSecret: {
    write: true,
    members: { ...SECRET_ID, ClientRequestToken: 'string', RotationLambdaARN: 'string', RotationRules: 'object', RotateImmediately: 'boolean' },
    required: ['SecretId'],
    run: (s, r, i) => s.rotateSecret(r, i as never),
  },
};

const ssm: Record<string, Operation> = {
  GetParameter: {
    write: false,
    members: { Name: 'string', WithDecryption: 'boolean' },
    required: ['Name'],
    run: (s, r, i) => s.getParameter(r, i as never),
  },
  GetParameters: {
    write: false,
    members: { Names: 'strings', WithDecryption: 'boolean' },
    required: ['Names'],
    run: (s, r, i) => s.getParameters(r, { Names: i.Names as string[], WithDecryption: i.WithDecryption === true }),
  },
  GetParametersByPath: {
    write: false,
    members: {
      Path: 'string',
      Recursive: 'boolean',
      WithDecryption: 'boolean',
      MaxResults: 'integer',
      NextToken: 'string',
      ParameterFilters: 'parameterFilters',
    },
    required: ['Path'],
    run: (s, r, i) => s.getParametersByPath(r, i as never),
  },
  PutParameter: {
    write: true,
    members: {
      Name: 'string',
      Value: 'string',
      Type: 'string',
      Overwrite: 'boolean',
      Description: 'string',
      KeyId: 'string',
      Tags: 'tags',
      DataType: 'string',
    },
    required: ['Name', 'Value'],
    run: (s, r, i) => s.putParameter(r, i as never),
  },
  DeleteParameter: { write: true, members: { Name: 'string' }, required: ['Name'], run: (s, r, i) => s.deleteParameter(r, i as never) },
};

export const OPERATIONS: Readonly<Record<ServiceName, Record<string, Operation>>> = { secretsmanager: secretsManager, ssm };
