/**
 * What a successful resolution hands to the next layer (container specs): per container, the final
 * environment in ECS precedence order with where each value came from, the log options with
 * `secretOptions` applied, and registry credentials from `repositoryCredentials`.
 */
import type { EnvVar } from '../env/types.js';
import type { LaunchType, TaskDefinition } from '../taskdef/types.js';
import type { ResolutionPlan } from './plan.js';

export interface RegistryAuth {
  username: string;
  password: string;
}

export interface ResolvedContainer {
  name: string;
  /** Final environment, sorted by name; image ENV is applied underneath by Docker. */
  environment: EnvVar[];
  /** `logConfiguration.options` with non-empty `secretOptions` values written over them. */
  logOptions?: Record<string, string>;
  registryAuth?: RegistryAuth;
}

export interface TaskContext {
  /** 32 lowercase hex characters, as Fargate task ids. */
  taskId: string;
  region: string;
  accountId: string;
  launchType: LaunchType;
  cluster: string;
}

export interface ResolvedTask {
  context: TaskContext;
  taskDefinition: TaskDefinition;
  containers: ResolvedContainer[];
  /** The plan the secrets were fetched by (its calls, the SecretIds it read). */
  plan: ResolutionPlan;
  warnings: string[];
}
