/**
 * ECS task-level rules, pure: health aggregation, why and how a task stops, the exit code
 * `ecs-local run` returns, container restarts, and the task rendered as `aws ecs describe-tasks`
 * prints it. The runtime keeps a `TaskState` up to date and asks these functions what follows.
 */
import { ExitCode } from '../errors.js';
import { EcsContainerErrors, EcsTaskLifecycle } from '../messages.js';
import type { TaskContext } from '../secrets/types.js';
import { clusterArn, containerArn, taskArn, taskDefinitionArn } from './arns.js';
import type { RestartPolicySpec } from './spec.js';
import type { TaskOverride } from '../taskdef/overrides.js';

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
export type DockerHealth = 'healthy' | 'unhealthy' | 'starting' | 'none';
export type StopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated';
export type TaskLastStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';
export type ContainerLastStatus = 'PENDING' | 'RUNNING' | 'STOPPED';

export interface ContainerState {
  name: string;
  /** The random id in the container ARN; ECS gives every container of every task one. */
  containerUuid: string;
  image: string;
  essential: boolean;
  lastStatus: ContainerLastStatus;
  /** Docker's health status; `none` when the definition has no healthCheck. */
  health: DockerHealth;
  exitCode?: number;
  reason?: string;
  /** The Docker container id. */
  runtimeId?: string;
  /** When the container stopped, to tell which essential container stopped the task. */
  stoppedAt?: Date;
}

export interface TaskState {
  context: TaskContext;
  family: string;
  revision: number;
  lastStatus: TaskLastStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  stopCode?: StopCode;
  stoppedReason?: string;
  /** The essential container whose exit stopped the task (stopCode EssentialContainerExited). */
  stoppedBy?: string;
  createdAt: Date;
  startedAt?: Date;
  stoppingAt?: Date;
  stoppedAt?: Date;
  /** In task definition order. */
  containers: ContainerState[];
}

export interface StopDecision {
  stopCode: StopCode;
  stoppedReason: string;
}

/** [DOC] a container without a healthCheck, or whose check is still being evaluated, is UNKNOWN. */
export function containerHealthStatus(health: DockerHealth): HealthStatus {
  if (health === 'healthy') return 'HEALTHY';
  if (health === 'unhealthy') return 'UNHEALTHY';
  return 'UNKNOWN';
}

/**
 * Task health from the containers' [DOC] (API_HealthCheck): only essential containers count, with
 * priority UNHEALTHY > UNKNOWN > HEALTHY; non-essential containers count only when no essential
 * container has a health check. [INF] containers without a health check are left out (otherwise
 * any task with one unchecked essential sidecar could never be HEALTHY); no health check at all
 * → UNKNOWN.
 */
export function taskHealthStatus(containers: readonly Pick<ContainerState, 'essential' | 'health'>[]): HealthStatus {
  const checked = containers.filter((c) => c.health !== 'none');
  const essential = checked.filter((c) => c.essential);
  const counted = essential.length > 0 ? essential : checked;
  if (counted.length === 0) return 'UNKNOWN';
  const statuses = counted.map((c) => containerHealthStatus(c.health));
  if (statuses.includes('UNHEALTHY')) return 'UNHEALTHY';
  if (statuses.includes('UNKNOWN')) return 'UNKNOWN';
  return 'HEALTHY';
}

/** An essential container's exit stops the task; a non-essential one's does not [DOC]. */
export function stopForContainerExit(container: Pick<ContainerState, 'essential'>): StopDecision | undefined {
  if (!container.essential) return undefined;
  return {
    stopCode: EcsTaskLifecycle.stopCode.essentialContainerExited,
    stoppedReason: EcsTaskLifecycle.essentialContainerExited,
  };
}

/** `ecs-local stop` or Ctrl-C: what `aws ecs stop-task` without `--reason` records. */
/** How a container ended, as the engine reports it and as the task saw it. */
export interface ContainerExit {
  exitCode: number | undefined;
  /** The engine's `State.OOMKilled`. */
  oomKilled: boolean;
  /** The engine sets `OOMKilled` (Docker); Podman 4 never does (its profile says so). */
  engineReportsOom: boolean;
  /** The container had a memory hard limit (its own `memory`, or the task's). */
  memoryLimited: boolean;
  /** ecs-local was stopping the task, so a SIGKILL may be its own (stopTimeout). */
  taskStopping: boolean;
}

/** SIGKILL's exit status: 128 + 9. */
const KILLED = 137;

/**
 * The container's `reason` for its exit: ECS's OutOfMemoryError when the kernel killed it for memory
 * (the agent reads Docker's `State.OOMKilled`), else none.
 *
 * [INF] Podman 4 reports `OOMKilled: false` for a container the kernel killed at its memory limit
 * (conmon's OOM file is not read, containers/podman#13102). There a container with a memory limit
 * that exits with 137 (SIGKILL) while ecs-local is not stopping the task is taken to be killed for
 * memory: nothing else of ecs-local sends SIGKILL then; a `podman kill -s KILL` from outside would be
 * reported the same way.
 */
export function containerExitReason(exit: ContainerExit): string | undefined {
  if (exit.oomKilled) return EcsContainerErrors.outOfMemory;
  if (!exit.engineReportsOom && exit.memoryLimited && !exit.taskStopping && exit.exitCode === KILLED) return EcsContainerErrors.outOfMemory;
  return undefined;
}

export function stopByUser(): StopDecision {
  return { stopCode: EcsTaskLifecycle.stopCode.userInitiated, stoppedReason: EcsTaskLifecycle.stoppedByUser };
}

/**
 * The exit code `ecs-local run` returns for a task that ended by its containers. [INF] It is the
 * exit code of the essential container whose exit stopped the task: the others were then stopped
 * by ecs-local (SIGTERM, 143; SIGKILL, 137), so their codes say nothing about the work. When no
 * container is named as the cause but every essential container has exited, it is 0 if all exited
 * 0, else the code of the first (by stop time, then definition order) that did not. Undefined when
 * the containers did not end the task (stopped by the user, failed to start, still running).
 */
export function taskExitCode(state: Pick<TaskState, 'stoppedBy' | 'containers'>): number | undefined {
  if (state.stoppedBy !== undefined) {
    return state.containers.find((c) => c.name === state.stoppedBy)?.exitCode;
  }
  const essential = state.containers.filter((c) => c.essential);
  if (essential.length === 0 || essential.some((c) => c.lastStatus !== 'STOPPED' || c.exitCode === undefined)) {
    return undefined;
  }
  const failed = essential
    .map((c, order) => ({ c, order }))
    .filter(({ c }) => c.exitCode !== 0)
    .sort((a, b) => (a.c.stoppedAt?.getTime() ?? Infinity) - (b.c.stoppedAt?.getTime() ?? Infinity) || a.order - b.order);
  return failed[0]?.c.exitCode ?? 0;
}

/**
 * What `ecs-local wait` exits with. [INF] The code of the essential container whose exit stopped the
 * task (`taskExitCode`), also when the user stopped it (143 after SIGTERM, 137 after
 * SIGKILL, as `docker wait`); 3 when it failed
 * to start; 1 when no essential container has a code.
 */
export function waitExitCode(state: TaskState): number {
  const essential = state.containers.filter((c) => c.essential && c.exitCode !== undefined);
  const code = taskExitCode(state) ?? essential[0]?.exitCode;
  if (code !== undefined) return code;
  return state.stopCode === EcsTaskLifecycle.stopCode.taskFailedToStart ? ExitCode.TaskFailedToStart : 1;
}

/**
 * Whether to restart an exited container in place, by the ECS agent's rules ([SRC]
 * ecs-agent/api/container/restart/restart_tracker.go ShouldRestart): never once the task is
 * stopping or without an exit code; never for an ignored exit code; and only when the container
 * ran for `restartAttemptPeriod` since its start (or its last restart).
 */
export function shouldRestart(
  policy: RestartPolicySpec | undefined,
  run: { exitCode?: number; startedAtMs: number; lastRestartAtMs?: number; taskStopping: boolean },
  nowMs: number,
): { restart: boolean; reason?: string } {
  if (policy === undefined) return { restart: false, reason: 'restart policy is not enabled' };
  if (run.taskStopping) return { restart: false, reason: 'the task is stopping' };
  if (run.exitCode === undefined) return { restart: false, reason: 'exit code is unknown' };
  if (policy.ignoredExitCodes.includes(run.exitCode)) {
    return { restart: false, reason: `exit code ${run.exitCode} is in ignoredExitCodes` };
  }
  const since = run.lastRestartAtMs ?? run.startedAtMs;
  if (nowMs - since < policy.restartAttemptPeriodSeconds * 1000) {
    return {
      restart: false,
      reason: `it ran less than restartAttemptPeriod (${policy.restartAttemptPeriodSeconds} s) since its last start`,
    };
  }
  return { restart: true };
}

/**
 * AWS CLI v2 prints timestamps as ISO 8601 with microseconds (omitted when zero, as Python's
 * isoformat does) and the local offset; ecs-local prints UTC [INF].
 */
export function cliTimestamp(date: Date): string {
  const iso = date.toISOString(); // 2025-02-03T15:26:53.096Z
  const ms = date.getUTCMilliseconds();
  const base = iso.slice(0, 19);
  return ms === 0 ? `${base}+00:00` : `${base}.${String(ms).padStart(3, '0')}000+00:00`;
}

export interface DescribedContainer {
  containerArn: string;
  taskArn: string;
  name: string;
  image: string;
  runtimeId?: string;
  lastStatus: ContainerLastStatus;
  exitCode?: number;
  reason?: string;
  healthStatus: HealthStatus;
}

export interface DescribedTask {
  clusterArn: string;
  containers: DescribedContainer[];
  createdAt: string;
  desiredStatus: string;
  healthStatus: HealthStatus;
  lastStatus: TaskLastStatus;
  launchType: string;
  overrides: DescribedOverrides;
  startedAt?: string;
  stopCode?: StopCode;
  stoppedAt?: string;
  stoppedReason?: string;
  stoppingAt?: string;
  taskArn: string;
  taskDefinitionArn: string;
}

/** describe-tasks `overrides`: one entry per container, overridden or not, as ECS lists them. */
export interface DescribedOverrides {
  containerOverrides: Record<string, unknown>[];
  cpu?: string;
  ephemeralStorage?: { sizeInGiB: number };
  executionRoleArn?: string;
  inferenceAcceleratorOverrides: unknown[];
  memory?: string;
  taskRoleArn?: string;
}

export interface DescribeTasksOutput {
  tasks: DescribedTask[];
  failures: never[];
}

/**
 * The task as `aws ecs describe-tasks` shows it. Keys come in the order ECS sends them: task keys
 * alphabetically, container keys in the API model's order [OBS]; absent values are left out, as
 * ECS leaves them out.
 */
export function describeTask(state: TaskState, overrides: TaskOverride = {}): DescribeTasksOutput {
  const ctx = state.context;
  const arn = taskArn(ctx);
  const containers = state.containers.map((c): DescribedContainer => {
    const described: DescribedContainer = {
      containerArn: containerArn(ctx, c.containerUuid),
      taskArn: arn,
      name: c.name,
      image: c.image,
      lastStatus: c.lastStatus,
      healthStatus: containerHealthStatus(c.health),
    };
    return orderKeys(
      {
        ...described,
        ...(c.runtimeId !== undefined && { runtimeId: c.runtimeId }),
        ...(c.exitCode !== undefined && { exitCode: c.exitCode }),
        ...(c.reason !== undefined && { reason: c.reason }),
      },
      ['containerArn', 'taskArn', 'name', 'image', 'runtimeId', 'lastStatus', 'exitCode', 'reason', 'healthStatus'],
    );
  });
  const task: DescribedTask = {
    clusterArn: clusterArn(ctx),
    containers,
    createdAt: cliTimestamp(state.createdAt),
    desiredStatus: state.desiredStatus,
    healthStatus: taskHealthStatus(state.containers),
    lastStatus: state.lastStatus,
    launchType: ctx.launchType,
    overrides: describeOverrides(state.containers.map((c) => c.name), overrides),
    ...(state.startedAt !== undefined && { startedAt: cliTimestamp(state.startedAt) }),
    ...(state.stopCode !== undefined && { stopCode: state.stopCode }),
    ...(state.stoppedAt !== undefined && { stoppedAt: cliTimestamp(state.stoppedAt) }),
    ...(state.stoppedReason !== undefined && { stoppedReason: state.stoppedReason }),
    ...(state.stoppingAt !== undefined && { stoppingAt: cliTimestamp(state.stoppingAt) }),
    taskArn: arn,
    taskDefinitionArn: taskDefinitionArn(ctx, state.family, state.revision),
  };
  return { tasks: [task], failures: [] };
}

/** `describeTask` as the AWS CLI prints it (JSON, four-space indent). */
export function renderDescribeTasks(state: TaskState, overrides: TaskOverride = {}): string {
  return JSON.stringify(describeTask(state, overrides), null, 4);
}

/**
 * [OBS] describe-tasks lists every container in `containerOverrides`, as `{"name": ...}` when it was
 * not overridden, and an empty `inferenceAcceleratorOverrides`. [INF] An overridden container's
 * fields in the API model's order; task-level fields in alphabetical order, as the task's keys.
 */
export function describeOverrides(containers: readonly string[], overrides: TaskOverride): DescribedOverrides {
  const given = overrides.containerOverrides ?? [];
  const containerOverrides = containers.map((name) => {
    const mine = given.filter((o) => o.name === name);
    const merged = Object.assign({}, ...mine, { name }) as Record<string, unknown>;
    return orderKeys(merged, ['name', 'command', 'environment', 'environmentFiles', 'cpu', 'memory', 'memoryReservation', 'resourceRequirements']);
  });
  return {
    containerOverrides,
    ...(overrides.cpu !== undefined && { cpu: overrides.cpu }),
    ...(overrides.ephemeralStorage !== undefined && { ephemeralStorage: overrides.ephemeralStorage }),
    ...(overrides.executionRoleArn !== undefined && { executionRoleArn: overrides.executionRoleArn }),
    inferenceAcceleratorOverrides: overrides.inferenceAcceleratorOverrides ?? [],
    ...(overrides.memory !== undefined && { memory: overrides.memory }),
    ...(overrides.taskRoleArn !== undefined && { taskRoleArn: overrides.taskRoleArn }),
  };
}

function orderKeys<T extends object>(value: T, order: readonly string[]): T {
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of order) if (key in record) out[key] = record[key];
  return out as T;
}
