/**
 * Dependency conditions at run time, as pure functions: whether one dependency is met given what
 * Docker reports, and which can never be met. (Start order and RegisterTaskDefinition's checks are
 * in taskdef/depends-on.ts.) Rules from the ECS agent's agent/engine/dependencygraph/graph.go [SRC]
 * unless tagged.
 */
import type { ContainerDefinition, ContainerDependency, DependencyCondition } from '../taskdef/types.js';

/** A container as Docker reports it, reduced to what dependency conditions look at. */
export interface ObservedContainer {
  status: 'pending' | 'created' | 'running' | 'exited';
  exitCode?: number;
  /** `none`: the container has no health check (ECS only runs the task definition's). */
  health?: 'healthy' | 'unhealthy' | 'starting' | 'none';
}

export type DependencyState = 'satisfied' | 'waiting' | 'failed';

export interface DependencyVerdict {
  state: DependencyState;
  /** Why it waits or failed, for the user (ecs-local's wording, not ECS's). */
  reason?: string;
}

/**
 * Dependencies that can never be met, so the task cannot start: HEALTHY on a container without a
 * healthCheck. The EC2 agent refuses such a task before starting any container (ValidDependencies
 * fails: HealthStatusShouldBeReported is false) and stops it with TaskDependencyError [SRC].
 */
export function unresolvableDependencies(
  containers: readonly ContainerDefinition[],
): { container: string; dependency: ContainerDependency }[] {
  const byName = new Map(containers.map((c) => [c.name, c]));
  const found: { container: string; dependency: ContainerDependency }[] = [];
  for (const container of containers) {
    for (const dependency of container.dependsOn ?? []) {
      const target = byName.get(dependency.containerName);
      if (dependency.condition === 'HEALTHY' && target !== undefined && target.healthCheck === undefined) {
        found.push({ container: container.name, dependency });
      }
    }
  }
  return found;
}

/** Whether `dep` is met, still pending, or can no longer be met, given its container's state. */
export function dependencyState(dep: ContainerDependency, observed: ObservedContainer): DependencyState {
  return explainDependency(dep, observed).state;
}

/** `dependencyState` with the reason, for messages. */
export function explainDependency(dep: ContainerDependency, observed: ObservedContainer): DependencyVerdict {
  const name = `"${dep.containerName}"`;
  const exited = observed.status === 'exited';
  switch (dep.condition) {
    case 'START':
      // A dependency that already ran and stopped still satisfies START (agent PR #3927).
      return observed.status === 'running' || exited
        ? { state: 'satisfied' }
        : { state: 'waiting', reason: `waiting for ${name} to start` };
    case 'COMPLETE':
      return exited ? { state: 'satisfied' } : { state: 'waiting', reason: `waiting for ${name} to exit` };
    case 'SUCCESS':
      if (!exited) return { state: 'waiting', reason: `waiting for ${name} to exit with code 0` };
      if (observed.exitCode === 0) return { state: 'satisfied' };
      return {
        state: 'failed',
        reason:
          observed.exitCode === undefined
            ? `${name} exited without an exit code; SUCCESS needs exit code 0`
            : `${name} exited with code ${observed.exitCode}; SUCCESS needs exit code 0`,
      };
    case 'HEALTHY':
      if (observed.health === 'none') {
        return {
          state: 'failed',
          reason: `${name} has no healthCheck in the task definition, so it can never be HEALTHY`,
        };
      }
      if (exited) return { state: 'failed', reason: `${name} exited before it was HEALTHY` };
      if (observed.health === 'healthy') return { state: 'satisfied' };
      // ECS keeps waiting on an unhealthy dependency (a later check may pass); only startTimeout
      // ends the wait ([SRC] graph.go resolves HEALTHY on healthy only; [OBS] containers-roadmap#2379).
      return {
        state: 'waiting',
        reason:
          observed.health === 'unhealthy'
            ? `waiting for ${name} to be HEALTHY (it is UNHEALTHY now)`
            : `waiting for ${name} to be HEALTHY`,
      };
    default:
      return assertNever(dep.condition);
  }
}

/**
 * Whether the wait on a dependency has run out. ECS measures the DEPENDENCY's own `startTimeout`
 * from when the dependency started, and only for COMPLETE, SUCCESS and HEALTHY; START never times
 * out, nor does a dependency that has already stopped ([SRC] graph.go hasDependencyTimedOut).
 */
export function dependencyTimedOut(
  condition: DependencyCondition,
  dependency: { startTimeoutSeconds: number; startedAtMs?: number; exited: boolean },
  nowMs: number,
): boolean {
  if (condition === 'START' || dependency.exited) return false;
  if (dependency.startedAtMs === undefined || dependency.startTimeoutSeconds <= 0) return false;
  return nowMs > dependency.startedAtMs + dependency.startTimeoutSeconds * 1000;
}

function assertNever(value: never): never {
  throw new Error(`unexpected dependency condition ${String(value)}`);
}
