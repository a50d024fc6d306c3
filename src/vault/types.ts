/**
 * The local vault's state as plain data: what `loadVault` builds from `ecs-local.vault.json` and what
 * `VaultStore` answers from. Kept free of methods and class instances (dates aside) so that write
 * operations (PutSecretValue, UpdateSecretVersionStage, PutParameter, …) change it in place and so
 * that it can be written back as JSON (`save.ts`).
 *
 * `source` fields keep an entry as the user wrote it (`${VAR}` templates unfilled), so that writing
 * the vault back copies it unchanged; write operations set `changed` on what they alter.
 */
import type { RolePolicies } from '../iam/types.js';
import type { JsonValue } from '../json/parse.js';

export type JsonObject = { [key: string]: JsonValue };

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
  /**
   * The version as written in the vault file, for writing it back: `{ value }` or `{ binary }` as
   * written (templates unfilled) and `createdDate` if it was written. Absent for versions made
   * through the API. A version's content never changes, so this stays valid.
   */
  source?: JsonObject;
}

export interface Tag {
  Key: string;
  Value: string;
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
  /** The secret's resource-based policy (PutResourcePolicy), as written; needed for callers from other accounts. */
  resourcePolicy?: JsonObject;
  createdDate: Date;
  /** Set when the secret is scheduled for deletion. */
  deletedDate?: Date;
  lastChangedDate?: Date;
  tags: Tag[];
  /** The rotation function configured for the secret, if any. */
  rotationLambdaArn?: string;
  versions: SecretVersionRecord[];
  origin: Origin;
  /** The entry as written in the vault file (absent for secrets made through the API). */
  source?: EntrySource;
  /** Set by write operations: the entry is written from this record, not copied from `source`. */
  changed?: boolean;
}

export interface EntrySource {
  /** The entry's key in its section (a name or an ARN). */
  key: string;
  entry: JsonValue;
}

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface ParameterVersionRecord {
  version: number;
  type: ParameterType;
  value: string;
  labels: string[];
  kmsKeyId?: string;
  description?: string;
  lastModifiedDate: Date;
  /** As for secret versions: `{ value }` as written and `lastModifiedDate` if written. */
  source?: JsonObject;
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
  source?: EntrySource;
  changed?: boolean;
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
  /** The `policies` section: the IAM policies of each role; absent when the vault has none. */
  policies?: RolePolicies[];
}
