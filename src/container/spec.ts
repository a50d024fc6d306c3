/**
 * A container as the runtime starts it: the Docker create options derived from the container
 * definition plus the ECS semantics the runtime enforces itself (essential, dependsOn, timeouts).
 * Built by a pure function (`buildTaskSpec`) so the mapping is tested without Docker.
 */
import type Docker from 'dockerode';
import type { ContainerDependency, NetworkMode } from '../taskdef/types.js';
import type { RegistryAuth } from '../secrets/types.js';

export interface ContainerSpec {
  name: string;
  image: string;
  essential: boolean;
  dependsOn: ContainerDependency[];
  /** Seconds to wait for dependencies of this container (ECS `startTimeout`). */
  startTimeoutSeconds: number;
  /** Seconds between SIGTERM and SIGKILL when the task stops (ECS `stopTimeout`, default 30). */
  stopTimeoutSeconds: number;
  /** Docker create options without networking, which the runtime sets per network mode. */
  create: Docker.ContainerCreateOptions;
  /** Whether the definition has a healthCheck (HEALTHY dependencies need one). */
  hasHealthCheck: boolean;
  registryAuth?: RegistryAuth;
  /** Stream name prefix shown in logs for awslogs (`<prefix>/<container>/<task-id>`). */
  logStream?: string;
}

export interface TaskSpec {
  taskId: string;
  family: string;
  revision: number;
  networkMode: NetworkMode;
  /** Labels every Docker object of this task carries (see docker/labels.ts). */
  labels: Record<string, string>;
  containers: ContainerSpec[];
  /** Fields the runtime does not apply, one line each, naming the field. */
  warnings: string[];
}
