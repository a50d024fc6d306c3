/**
 * The local vault's state as plain data: what `loadVault` builds from `ecs-local.vault.json` and what
 * `VaultStore` answers from. Kept free of methods and class instances (dates aside) so that write
 * operations (PutSecretValue, UpdateSecretVersionStage, PutParameter, …) can later change it in place
 * and so that it can be written back as JSON.
 */

/** Where an entry was written, for messages: `vault.json:12:5: secrets["db"]`. */
export interface Origin {
  file: string;
  line: number;
  column: number;
  /** The path inside the file, formatted (`secrets["production/db"]`). */
  path: string;
}

export interface SecretVersionRecord {
  versionId: string;
  /** Staging labels; a label is on at most one version of a secret. Empty = deprecated. */
  stages: string[];
  /** Exactly one of secretString / secretBinary (base64) is set. */
  secretString?: string;
  secretBinary?: string;
  createdDate: Date;
}

export interface SecretRecord {
  name: string;
  region: string;
  accountId: string;
  partition: string;
  /** The 6 characters after the name in the ARN. */
  arnSuffix: string;
  arn: string;
  description?: string;
  kmsKeyId?: string;
  createdDate: Date;
  /** Set when the secret is scheduled for deletion. */
  deletedDate?: Date;
  versions: SecretVersionRecord[];
  origin: Origin;
}

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface ParameterVersionRecord {
  version: number;
  type: ParameterType;
  value: string;
  labels: string[];
  kmsKeyId?: string;
  lastModifiedDate: Date;
}

export interface ParameterRecord {
  /** The name as created (`plain`, `/plain` or `/a/b`); AWS returns it for ARN lookups. */
  name: string;
  region: string;
  accountId: string;
  partition: string;
  /** Oldest first; the last is the current version. */
  versions: ParameterVersionRecord[];
  origin: Origin;
}

export interface EnvironmentFileRecord {
  /** The S3 object ARN as written, `arn:aws:s3:::bucket/key`. */
  arn: string;
  bucket: string;
  key: string;
  /** Absolute local path the object's content is read from. */
  path: string;
  origin: Origin;
}

export interface VaultData {
  /** Defaults for entries that name no region/account, and the caller's account for name lookups. */
  region: string;
  accountId: string;
  secrets: SecretRecord[];
  parameters: ParameterRecord[];
  environmentFiles: EnvironmentFileRecord[];
}
