/**
 * Why a task resource could not be created, as data. The resolver produces these; stopped-reason.ts
 * renders them in the EC2 agent's or Fargate's words. Keeping them structured lets one failure be
 * rendered both ways and tested without string matching.
 */
import type { AwsServiceError, ServiceUnreachableError } from '../aws/ports.js';

export type ServiceFault = { kind: 'aws'; error: AwsServiceError } | { kind: 'unreachable'; error: ServiceUnreachableError };

export type AsmSecretFailure =
  /** The valueFrom could not be split (arn.Parse or the 2-or-5-part rule). */
  | { kind: 'bad-value-from'; valueFrom: string; detail: string }
  | { kind: 'fetch'; secretId: string; fault: ServiceFault }
  /** A Go json error or the missing-key text: returned by the agent as is. */
  | { kind: 'extract'; error: string };

export type SsmFailure =
  | { kind: 'invalid-parameters'; names: string[] }
  | { kind: 'fetch'; fault: ServiceFault };

export type RegistryAuthFailure = { kind: 'fetch'; fault: ServiceFault } | { kind: 'auth-data'; error: string };

export type EnvFileFailure =
  | { kind: 'bad-arn'; arn: string }
  | { kind: 'download'; bucket: string; key: string; fault: ServiceFault }
  | { kind: 'parse'; arn: string; error: string };

/** One failed task resource; the first in the agent's resource order becomes the stoppedReason. */
export type ResourceFailure =
  | { resource: 'asmauth'; container: string; secretId: string; failure: RegistryAuthFailure }
  | { resource: 'ssmsecret'; region: string; failure: SsmFailure }
  /** Every failed secret of the task, in plan order (the agent joins them all). */
  | { resource: 'asmsecret'; failures: AsmSecretFailure[] }
  | { resource: 'envfile'; container: string; failures: EnvFileFailure[] };
