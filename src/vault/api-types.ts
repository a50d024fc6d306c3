/**
 * Request and response shapes of the Secrets Manager and SSM operations the vault answers, named and
 * typed as in the AWS API (and the SDK v3 clients): dates as Date, SecretBinary as bytes. Only the
 * members the vault acts on are listed; `serve` passes others through untouched.
 */
import type { GetSecretValueOutput, Parameter } from '../aws/ports.js';
import type { ParameterType, Tag } from './types.js';

export type { Tag };

export interface Filter {
  Key?: string;
  Values?: string[];
}

export interface CreateSecretInput {
  Name: string;
  ClientRequestToken?: string;
  Description?: string;
  KmsKeyId?: string;
  SecretString?: string;
  SecretBinary?: Uint8Array;
  Tags?: Tag[];
}
export interface CreateSecretOutput {
  ARN: string;
  Name: string;
  VersionId?: string;
}

export interface PutSecretValueInput {
  SecretId: string;
  ClientRequestToken?: string;
  SecretString?: string;
  SecretBinary?: Uint8Array;
  VersionStages?: string[];
}
export interface PutSecretValueOutput {
  ARN: string;
  Name: string;
  VersionId: string;
  VersionStages: string[];
}

export interface UpdateSecretVersionStageInput {
  SecretId: string;
  VersionStage: string;
  RemoveFromVersionId?: string;
  MoveToVersionId?: string;
}
export interface ArnAndName {
  ARN: string;
  Name: string;
}

export interface DeleteSecretInput {
  SecretId: string;
  RecoveryWindowInDays?: number;
  ForceDeleteWithoutRecovery?: boolean;
}
export interface DeleteSecretOutput extends ArnAndName {
  DeletionDate: Date;
}

export interface RotateSecretInput {
  SecretId: string;
  ClientRequestToken?: string;
  RotationLambdaARN?: string;
  RotationRules?: { AutomaticallyAfterDays?: number; Duration?: string; ScheduleExpression?: string };
  RotateImmediately?: boolean;
}
export interface RotateSecretOutput extends ArnAndName {
  VersionId: string;
}

export interface SecretDescription {
  ARN: string;
  Name: string;
  Description?: string;
  KmsKeyId?: string;
  RotationEnabled?: boolean;
  RotationLambdaARN?: string;
  LastChangedDate?: Date;
  DeletedDate?: Date;
  Tags?: Tag[];
  CreatedDate: Date;
}
export interface DescribeSecretOutput extends SecretDescription {
  VersionIdsToStages?: Record<string, string[]>;
}
export interface SecretListEntry extends SecretDescription {
  SecretVersionsToStages?: Record<string, string[]>;
}

export interface ListSecretsInput {
  IncludePlannedDeletion?: boolean;
  MaxResults?: number;
  NextToken?: string;
  Filters?: Filter[];
  SortOrder?: string;
  SortBy?: string;
}
export interface ListSecretsOutput {
  SecretList: SecretListEntry[];
  NextToken?: string;
}

export interface ListSecretVersionIdsInput {
  SecretId: string;
  MaxResults?: number;
  NextToken?: string;
  IncludeDeprecated?: boolean;
}
export interface SecretVersionsListEntry {
  VersionId: string;
  VersionStages?: string[];
  CreatedDate: Date;
  KmsKeyIds: string[];
}
export interface ListSecretVersionIdsOutput extends ArnAndName {
  Versions: SecretVersionsListEntry[];
  NextToken?: string;
}

export interface BatchGetSecretValueInput {
  SecretIdList?: string[];
  Filters?: Filter[];
  MaxResults?: number;
  NextToken?: string;
}
/** BatchGetSecretValue's entries are GetSecretValue's answer. */
export type SecretValueEntry = GetSecretValueOutput;
export interface APIErrorType {
  SecretId: string;
  ErrorCode: string;
  Message: string;
}
export interface BatchGetSecretValueOutput {
  SecretValues: SecretValueEntry[];
  Errors: APIErrorType[];
  NextToken?: string;
}

export interface GetParameterInput {
  Name: string;
  WithDecryption?: boolean;
}
export interface GetParameterOutput {
  Parameter: Parameter;
}

export interface ParameterStringFilter {
  Key?: string;
  Option?: string;
  Values?: string[];
}
export interface GetParametersByPathInput {
  Path: string;
  Recursive?: boolean;
  WithDecryption?: boolean;
  MaxResults?: number;
  NextToken?: string;
  ParameterFilters?: ParameterStringFilter[];
}
export interface GetParametersByPathOutput {
  Parameters: Parameter[];
  NextToken?: string;
}

export interface PutParameterInput {
  Name: string;
  Value?: string;
  Type?: ParameterType | string;
  Overwrite?: boolean;
  Description?: string;
  KeyId?: string;
  Tags?: Tag[];
  DataType?: string;
}
export interface PutParameterOutput {
  Version: number;
  Tier: 'Standard';
}

export interface DeleteParameterInput {
  Name: string;
}
