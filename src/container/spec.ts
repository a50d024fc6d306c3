/**
 * A container as the runtime starts it: the Docker create options derived from the container
 * definition plus the ECS semantics the runtime enforces itself (essential, dependsOn, timeouts).
 * Built by a pure function (`buildTaskSpec`) so the mapping is tested without Docker.
 */
import type { ContainerCreateOptions } from '../docker/types.js';
import type { ContainerDependency, NetworkMode } from '../taskdef/types.js';
import type { RegistryAuth } from '../secrets/types.js';

/** One published port, after ECS's defaults (protocol tcp, host port per network mode). */
export interface PortSpec {
  containerPort: number;
  /** Undefined: Docker picks a free host port (bridge mode without `hostPort`, as ECS dynamic ports). */
  hostPort?: number;
  protocol: 'tcp' | 'udp';
}

/** ECS container restart policy, enforced by the runtime (see `shouldRestart` in task-state.ts). */
export interface RestartPolicySpec {
  ignoredExitCodes: number[];
  /** Seconds a container must run before it may be restarted again (ECS default 300). */
  restartAttemptPeriodSeconds: number;
}

/** A Docker volume the task needs (host bind mounts need none). */
export interface VolumeSpec {
  /** The volume name in the task definition. */
  name: string;
  /** The Docker volume name the containers' `Binds` refer to. */
  dockerName: string;
  /**
   * `task`: created before the first container and removed with the task.
   * `shared`: outlives the task; created only when missing and `autoprovision` is true.
   */
  scope: 'task' | 'shared';
  /** For `shared`: whether a missing volume is created (ECS `autoprovision`); otherwise it is an error. */
  autoprovision: boolean;
  driver: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
}

export interface ContainerSpec {
  name: string;
  /** Deterministic Docker container name: `ecs-local-<family>-<taskId8>-<container>`. */
  dockerName: string;
  image: string;
  essential: boolean;
  dependsOn: ContainerDependency[];
  /**
   * ECS `startTimeout` of THIS container, in seconds. ECS applies it when another container waits on
   * this one (COMPLETE/SUCCESS/HEALTHY), counted from this container's start — not to this
   * container's own wait. See `dependencyTimedOut` in depends-on.ts.
   */
  startTimeoutSeconds: number;
  /** Seconds between SIGTERM and SIGKILL when the task stops (ECS `stopTimeout`, default 30). */
  stopTimeoutSeconds: number;
  /**
   * Docker create options. For `awsvpc` they hold nothing owned by the network namespace (ports):
   * those are in `TaskSpec.networkNamespace`, for the container that owns the namespace.
   */
  create: ContainerCreateOptions;
  /** Whether the definition has a healthCheck (HEALTHY dependencies need one). */
  hasHealthCheck: boolean;
  /** Published ports after ECS defaults, for display and for the namespace owner. */
  ports: PortSpec[];
  /** Present when the definition enables `restartPolicy`. */
  restartPolicy?: RestartPolicySpec;
  registryAuth?: RegistryAuth;
  /** The log driver the task definition asked for (the runtime always uses a local driver). */
  logDriver?: string;
  /** Stream name shown in logs for awslogs (`<prefix>/<container>/<task-id>`). */
  logStream?: string;
}

export interface TaskSpec {
  taskId: string;
  family: string;
  revision: number;
  networkMode: NetworkMode;
  /** Labels every Docker object of this task carries (see docker/labels.ts). */
  labels: Record<string, string>;
  /** Containers in task definition order (use `startOrder` for the order to start them). */
  containers: ContainerSpec[];
  /** Docker volumes to create (task scope) or ensure (shared) before the first container. */
  volumes: VolumeSpec[];
  /**
   * For `awsvpc`: the options of the shared network namespace (every container's ports), to set on
   * the container that owns it (the pause container). Absent for other modes.
   */
  networkNamespace?: Pick<ContainerCreateOptions, 'ExposedPorts'> & {
    PortBindings: Record<string, { HostIp?: string; HostPort: string }[]>;
  };
  /** Task `pidMode`/`ipcMode` `task`: the runtime joins every container to the namespace owner's. */
  pidMode?: 'task';
  ipcMode?: 'task';
  /**
   * Set by the runtime for an awsvpc task whose namespace is a warm holder of the engine's pool
   * (runtime/namespace-pool.ts) instead of its own pause container or its one container.
   */
  pooledNamespace?: boolean;
  /** Fields the runtime does not apply, one line each, naming the field. */
  warnings: string[];
}
