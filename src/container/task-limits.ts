/**
 * Task-level `cpu` and `memory` → the limits each container gets on the engine, and the one warning
 * when they cannot hold for the task as a whole. Pure.
 *
 * [INF] ECS limits the task as a whole: its containers run in one cgroup holding the task's cpu and
 * memory (Fargate; the EC2 agent with ECS_ENABLE_TASK_CPU_MEM_LIMIT, its default). Doing the same
 * locally (a cgroup parent per task, or a Podman pod) needs write access to the engine host's cgroup
 * file system under the engine's own cgroup driver, which a remote engine, Docker Desktop or a
 * rootless engine does not give, and Podman's Docker API creates no pods. So ecs-local caps each
 * container at the task's limits instead, on every engine: a container can never use more than its
 * task, so the cap is always right, and for a task of one container (the usual Fargate task) it is
 * the task's limit exactly: its container is OOM-killed where ECS would kill it. Several containers
 * together may use more than the task's limits; one warning says so.
 *
 * Memory: a container without its own `memory` gets the task's as its hard limit (its
 * `memoryReservation` stays a soft limit, as on ECS). CPU: container `cpu` stays relative shares
 * (as the agent maps it), and every container gets a CFS quota of the task's vCPUs, as the agent
 * sets on the task's cgroup (period 100 ms). On Fargate there is no swap [DOC]: a container's swap
 * limit is its memory limit, so it is killed where Fargate would kill it, not slowed by swap.
 */
import type { HostConfig } from '../docker/types.js';
import type { ContainerDefinition, LaunchType, TaskDefinition } from '../taskdef/types.js';
import { taskCpuVcpu, taskMemoryMib } from '../taskdef/task-size.js';
import { MIB } from './linux-parameters.js';
import { fieldWarning } from './warning.js';

/** [SRC] agent task_linux.go: the CFS period of the task cgroup, 100 ms. */
export const CPU_PERIOD_US = 100_000;

export interface TaskSize {
  /** vCPU (`"256"` → 0.25), when the task definition sets `cpu`. */
  vcpu?: number;
  /** MiB, when the task definition sets `memory`. */
  memoryMiB?: number;
}

export function taskSize(td: TaskDefinition): TaskSize {
  const size: TaskSize = {};
  const vcpu = taskCpuVcpu(td.cpu);
  const memoryMiB = taskMemoryMib(td.memory);
  if (vcpu !== undefined && vcpu > 0) size.vcpu = vcpu;
  if (memoryMiB !== undefined && memoryMiB > 0) size.memoryMiB = memoryMiB;
  return size;
}

export type ResourceLimits = Pick<HostConfig, 'Memory' | 'MemoryReservation' | 'MemorySwap' | 'CpuPeriod' | 'CpuQuota'>;

/** One container's memory and CPU limits: its own, capped by the task's. */
export function containerLimits(def: ContainerDefinition, size: TaskSize, launchType: LaunchType): ResourceLimits {
  const limits: ResourceLimits = {};
  const memoryMiB = def.memory ?? size.memoryMiB;
  if (memoryMiB !== undefined) limits.Memory = memoryMiB * MIB;
  if (def.memoryReservation !== undefined) {
    // [INF] Docker refuses a reservation above the hard limit; the limit is what holds.
    limits.MemoryReservation = Math.min(def.memoryReservation, memoryMiB ?? def.memoryReservation) * MIB;
  }
  if (launchType === 'FARGATE' && limits.Memory !== undefined) limits.MemorySwap = limits.Memory;
  if (size.vcpu !== undefined) {
    limits.CpuPeriod = CPU_PERIOD_US;
    limits.CpuQuota = Math.max(1000, Math.round(size.vcpu * CPU_PERIOD_US));
  }
  return limits;
}

/**
 * The warning for a task whose containers together could use more than its limits (the caps hold
 * for each container alone), or undefined when they hold for the task.
 */
export function taskLimitsWarning(td: TaskDefinition, size: TaskSize): string | undefined {
  const containers = td.containerDefinitions;
  if (containers.length < 2) return undefined;
  const memoryOver =
    size.memoryMiB !== undefined && containers.reduce((sum, c) => sum + (c.memory ?? size.memoryMiB ?? 0), 0) > size.memoryMiB;
  const cpuOver = size.vcpu !== undefined;
  if (!memoryOver && !cpuOver) return undefined;
  const field = cpuOver && memoryOver ? 'cpu/memory' : cpuOver ? 'cpu' : 'memory';
  const caps = [cpuOver ? `${size.vcpu} vCPU` : undefined, memoryOver ? `${size.memoryMiB} MiB` : undefined].filter(Boolean).join(' and ');
  return fieldWarning(
    field,
    undefined,
    `task-level limits are enforced per container locally: each container is held to ${caps}, but the ${containers.length} together may use more`,
  );
}
