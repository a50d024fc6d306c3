/**
 * The vault as an AWS backend: Secrets Manager, Parameter Store and S3 environment files answered
 * from plain data (`VaultData`) with AWS's semantics and AWS's errors. No I/O. Write operations can
 * be added as methods that change `data`.
 */
import { randomUUID } from 'node:crypto';
import {
  AwsServiceError,
  type GetParametersInput,
  type GetParametersOutput,
  type GetSecretValueInput,
  type GetSecretValueOutput,
} from '../sources/ports.js';
import { parameterArn, parseS3ObjectArn } from './arn.js';
import { getParameters } from './parameters.js';
import { getSecretValue } from './secret-value.js';
import type { EnvironmentFileRecord, Origin, VaultData } from './types.js';

export interface VaultStoreOptions {
  /** Request ids for errors; default a random UUID, as AWS sends. */
  requestId?: () => string;
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

  constructor(
    readonly data: VaultData,
    opts: VaultStoreOptions = {},
  ) {
    this.requestId = opts.requestId ?? randomUUID;
  }

  /** Secrets Manager GetSecretValue in `region`, called from `accountId` (default: the vault's). */
  getSecretValue(region: string, accountId: string | undefined, input: GetSecretValueInput): GetSecretValueOutput {
    return getSecretValue(this.data, region, accountId ?? this.data.accountId, input, this.error);
  }

  /** SSM GetParameters in `region`, called from the vault's account. */
  getParameters(region: string, input: GetParametersInput): GetParametersOutput {
    return getParameters(this.data, region, input, {
      error: this.error,
      getSecretValue: (secretId) => this.getSecretValue(region, undefined, { SecretId: secretId }),
    });
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

  private readonly error = (code: string, message: string): AwsServiceError =>
    new AwsServiceError(code, message, 400, this.requestId());
}
