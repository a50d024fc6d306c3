/**
 * The vault as an AWS backend: Secrets Manager, Parameter Store and S3 environment files answered
 * from plain data (`VaultData`) with AWS's semantics and AWS's errors. No I/O. Write operations
 * change `data` in place (and mark what they change); `VaultFile` writes it back.
 */
import { randomInt, randomUUID } from 'node:crypto';
import {
  AwsServiceError,
  type GetParametersInput,
  type GetParametersOutput,
  type GetSecretValueInput,
  type GetSecretValueOutput,
} from '../aws/ports.js';
import type * as Api from './api-types.js';
import { parameterArn, parseS3ObjectArn } from './arn.js';
import type { OpContext } from './op-context.js';
import { getParameter, getParametersByPath } from './parameter-read.js';
import { deleteParameter, putParameter } from './parameter-write.js';
import { getParameters, type GetParametersDeps } from './parameters.js';
import { batchGetSecretValue, describeSecret, listSecrets, listSecretVersionIds } from './secret-list.js';
import { getSecretValue } from './secret-value.js';
import { createSecret, deleteSecret, putSecretValue, restoreSecret, rotateSecret, updateSecretVersionStage } from './secret-write.js';
import type { EnvironmentFileRecord, Origin, VaultData } from './types.js';

export interface VaultStoreOptions {
  /** Request ids for errors; default a random UUID, as AWS sends. */
  requestId?: () => string;
  /** The clock for dates that write operations set; default the system clock. */
  clock?: () => Date;
  /** The 6-character suffix of a new secret's ARN; default random, as AWS. */
  randomSuffix?: () => string;
}

const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function randomArnSuffix(): string {
  let out = '';
  for (let i = 0; i < 6; i++) out += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return out;
}

/** A secret as `vault list` shows it: no values. */
export interface SecretSummary {
  name: string;
  arn: string;
  region: string;
  accountId: string;
  deleted: boolean;
  versions: { versionId: string; stages: string[] }[];
  origin: Origin;
}

export interface ParameterSummary {
  name: string;
  arn: string;
  region: string;
  accountId: string;
  type: string;
  version: number;
  labels: string[];
  origin: Origin;
}

export class VaultStore {
  private readonly requestId: () => string;
  private readonly clock: () => Date;
  private readonly randomSuffix: () => string;

  constructor(
    readonly data: VaultData,
    opts: VaultStoreOptions = {},
  ) {
    this.requestId = opts.requestId ?? randomUUID;
    this.clock = opts.clock ?? (() => new Date());
    this.randomSuffix = opts.randomSuffix ?? randomArnSuffix;
  }

  /** Secrets Manager GetSecretValue in `region`, called from `accountId` (default: the vault's). */
  getSecretValue(region: string, accountId: string | undefined, input: GetSecretValueInput): GetSecretValueOutput {
    return getSecretValue(this.data, region, accountId ?? this.data.accountId, input, this.error);
  }

  /** SSM GetParameters in `region`, called from the vault's account. */
  getParameters(region: string, input: GetParametersInput): GetParametersOutput {
    return getParameters(this.data, region, input, this.parameterDeps(region));
  }

  // Secrets Manager and SSM operations in `region`, called from the vault's account. Each throws
  // AwsServiceError with AWS's code and message.

  createSecret(region: string, input: Api.CreateSecretInput): Api.CreateSecretOutput {
    return createSecret(this.ctx(region), input);
  }

  putSecretValue(region: string, input: Api.PutSecretValueInput): Api.PutSecretValueOutput {
    return putSecretValue(this.ctx(region), input);
  }

  updateSecretVersionStage(region: string, input: Api.UpdateSecretVersionStageInput): Api.ArnAndName {
    return updateSecretVersionStage(this.ctx(region), input);
  }

  deleteSecret(region: string, input: Api.DeleteSecretInput): Api.DeleteSecretOutput {
    return deleteSecret(this.ctx(region), input);
  }

  restoreSecret(region: string, input: { SecretId: string }): Api.ArnAndName {
    return restoreSecret(this.ctx(region), input);
  }

  rotateSecret(region: string, input: Api.RotateSecretInput): Api.RotateSecretOutput {
    return rotateSecret(this.ctx(region), input);
  }

  describeSecret(region: string, input: { SecretId: string }): Api.DescribeSecretOutput {
    return describeSecret(this.ctx(region), input);
  }

  /** The ListSecrets operation. */
  listSecretEntries(region: string, input: Api.ListSecretsInput = {}): Api.ListSecretsOutput {
    return listSecrets(this.ctx(region), input);
  }

  listSecretVersionIds(region: string, input: Api.ListSecretVersionIdsInput): Api.ListSecretVersionIdsOutput {
    return listSecretVersionIds(this.ctx(region), input);
  }

  batchGetSecretValue(region: string, input: Api.BatchGetSecretValueInput): Api.BatchGetSecretValueOutput {
    return batchGetSecretValue(this.ctx(region), input);
  }

  getParameter(region: string, input: Api.GetParameterInput): Api.GetParameterOutput {
    return getParameter(this.ctx(region), input, this.parameterDeps(region));
  }

  getParametersByPath(region: string, input: Api.GetParametersByPathInput): Api.GetParametersByPathOutput {
    return getParametersByPath(this.ctx(region), input);
  }

  putParameter(region: string, input: Api.PutParameterInput): Api.PutParameterOutput {
    return putParameter(this.ctx(region), input);
  }

  deleteParameter(region: string, input: Api.DeleteParameterInput): Record<string, never> {
    return deleteParameter(this.ctx(region), input);
  }

  /** The local file standing in for an S3 object ARN, or undefined when the vault maps none. */
  getEnvironmentFile(arn: string): string | undefined {
    const object = parseS3ObjectArn(arn);
    return object ? this.findEnvironmentFile(object.bucket, object.key)?.path : undefined;
  }

  /** S3 object lookup: buckets are global, so neither region nor partition takes part. */
  findEnvironmentFile(bucket: string, key: string): EnvironmentFileRecord | undefined {
    return this.data.environmentFiles.find((f) => f.bucket === bucket && f.key === key);
  }

  /** Every secret, for `vault list` (not the ListSecrets operation: see `listSecretEntries`). */
  listSecrets(): SecretSummary[] {
    return this.data.secrets.map((s) => ({
      name: s.name,
      arn: s.arn,
      region: s.region,
      accountId: s.accountId,
      deleted: s.deletedDate !== undefined,
      versions: s.versions.map((v) => ({ versionId: v.versionId, stages: [...v.stages] })),
      origin: s.origin,
    }));
  }

  listParameters(): ParameterSummary[] {
    return this.data.parameters.flatMap((p) => {
      const current = p.versions[p.versions.length - 1];
      if (!current) return [];
      const arn = parameterArn(p.partition, p.region, p.accountId, p.name);
      const { name, region, accountId, origin } = p;
      return [{ name, arn, region, accountId, type: current.type, version: current.version, labels: [...current.labels], origin }];
    });
  }

  private ctx(region: string): OpContext {
    return {
      data: this.data,
      region,
      accountId: this.data.accountId,
      now: this.clock(),
      error: this.error,
      randomSuffix: this.randomSuffix,
    };
  }

  private parameterDeps(region: string): GetParametersDeps {
    return { error: this.error, getSecretValue: (secretId) => this.getSecretValue(region, undefined, { SecretId: secretId }) };
  }

  private readonly error = (code: string, message: string): AwsServiceError =>
    new AwsServiceError(code, message, 400, this.requestId());
}
