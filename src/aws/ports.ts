/**
 * The narrow ports the resolver calls, one per AWS API the ECS agent uses for secrets (the agent's
 * one-method `SecretsManagerAPI` / `SSMClient`). Backends implement them: the local vault, and the
 * AWS SDK clients (LocalStack, `vault serve`, real AWS). The request and response shapes are the
 * AWS API's, so a backend is a thin adapter.
 */

export interface GetSecretValueInput {
  SecretId: string;
  VersionId?: string;
  VersionStage?: string;
}

export interface GetSecretValueOutput {
  ARN: string;
  Name: string;
  VersionId: string;
  SecretString?: string;
  SecretBinary?: Uint8Array;
  VersionStages: string[];
  CreatedDate: Date;
}

export interface GetParametersInput {
  Names: string[];
  WithDecryption: boolean;
}

export interface Parameter {
  Name: string;
  Type: 'String' | 'StringList' | 'SecureString';
  Value: string;
  Version: number;
  ARN: string;
  LastModifiedDate: Date;
  DataType: string;
  Selector?: string;
  SourceResult?: string;
}

export interface GetParametersOutput {
  Parameters: Parameter[];
  InvalidParameters: string[];
}

/** The caller the request is made as: ECS uses the task execution role, session name = task id. */
export interface CallerIdentity {
  roleArn: string;
  sessionName: string;
}

export interface SecretsManagerPort {
  /** Throws AwsServiceError or ServiceUnreachableError. */
  getSecretValue(region: string, input: GetSecretValueInput): Promise<GetSecretValueOutput>;
}

export interface SsmPort {
  /** Throws AwsServiceError or ServiceUnreachableError. */
  getParameters(region: string, input: GetParametersInput): Promise<GetParametersOutput>;
}

export interface S3ObjectPort {
  /** The object's bytes as text. Throws AwsServiceError (e.g. NoSuchKey) or ServiceUnreachableError. */
  getObjectText(region: string, bucket: string, key: string): Promise<string>;
}

/** Everything a resolution needs from the outside world. */
export interface SecretSources {
  secretsManager: SecretsManagerPort;
  ssm: SsmPort;
  s3: S3ObjectPort;
}

/** An error response from an AWS service, as the service sent it. */
export class AwsServiceError extends Error {
  readonly errorName = 'AwsServiceError';
  constructor(
    /** `__type` / error code, e.g. `ResourceNotFoundException`. */
    readonly code: string,
    /** The service's `Message` exactly, or '' when it sent none (SSM ParameterNotFound). */
    message: string,
    readonly statusCode: number,
    readonly requestId: string,
    /** S3's extended request id, when the service is S3. */
    readonly hostId?: string,
  ) {
    super(message);
  }
}

/** No answer from the service: connection refused, DNS failure, or timeout. */
export class ServiceUnreachableError extends Error {
  readonly errorName = 'ServiceUnreachableError';
  constructor(
    readonly reason: 'timeout' | 'connection',
    /** The URL that was called, e.g. `https://secretsmanager.us-east-1.amazonaws.com/`. */
    readonly url: string,
    /** Go-style detail for connection failures, e.g. `dial tcp 127.0.0.1:4566: connect: connection refused`. */
    readonly detail: string,
  ) {
    super(`${reason}: ${url}: ${detail}`);
  }
}
