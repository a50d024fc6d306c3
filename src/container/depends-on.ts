/**
 * ECS container ordering, as pure functions: the order to start containers in, whether one
 * dependency is met given what Docker reports, and the checks RegisterTaskDefinition makes.
 * Rules from the ECS agent's agent/engine/dependencygraph/graph.go [SRC] unless tagged.
 */
import { ClientException } from '../errors.js';
import { RegisterTaskDefinition } from '../messages.js';
import type { ContainerDefinition, ContainerDependency, DependencyCondition, VolumeFrom } from '../taskdef/types.js';

/** What start ordering needs of a container: the three ways ECS orders containers. */
export interface OrderingNode {
  name: string;
  dependsOn?: ContainerDependency[];
  /** `name` or `name:alias`; the linked container must run first. */
  links?: string[];
  volumesFrom?: VolumeFrom[];
}

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

type EdgeKind = 'dependsOn' | 'link' | 'volumesFrom';

interface Edge {
  to: string;
  kind: EdgeKind;
}

function edgesOf(node: OrderingNode): Edge[] {
  const edges: Edge[] = [];
  for (const d of node.dependsOn ?? []) edges.push({ to: d.containerName, kind: 'dependsOn' });
  for (const l of node.links ?? []) edges.push({ to: l.split(':')[0] ?? l, kind: 'link' });
  for (const v of node.volumesFrom ?? []) {
    if (v.sourceContainer !== undefined) edges.push({ to: v.sourceContainer, kind: 'volumesFrom' });
  }
  return edges;
}

/**
 * The order to start containers in: each after everything it depends on, links to, or takes
 * volumes from; ties keep task definition order. Names that match no container are ignored here
 * (`validateDependsOn` reports them). A cycle throws ECS's ClientException naming the cycle.
 */
export function startOrder<T extends OrderingNode>(containers: readonly T[]): T[] {
  const names = new Set(containers.map((c) => c.name));
  const placed = new Set<string>();
  const order: T[] = [];
  const remaining = [...containers];
  while (remaining.length > 0) {
    const index = remaining.findIndex((c) =>
      edgesOf(c).every((e) => !names.has(e.to) || placed.has(e.to)),
    );
    if (index < 0) throw cycleError(remaining, names);
    const [next] = remaining.splice(index, 1);
    if (next === undefined) break;
    order.push(next);
    placed.add(next.name);
  }
  return order;
}

/** Finds one cycle among containers none of which can be placed, and words it as ECS would. */
function cycleError(remaining: readonly OrderingNode[], names: ReadonlySet<string>): ClientException {
  const byName = new Map(remaining.map((c) => [c.name, c]));
  // Every remaining container waits on another remaining one, so walking the first unplaced edge
  // from any of them must come back to a container already on the path.
  const path: string[] = [];
  const kinds: EdgeKind[] = [];
  let current = remaining[0]?.name ?? '';
  while (!path.includes(current)) {
    path.push(current);
    const edge = edgesOf(byName.get(current) ?? { name: current }).find((e) => names.has(e.to) && byName.has(e.to));
    if (edge === undefined) break;
    kinds.push(edge.kind);
    current = edge.to;
  }
  const start = path.indexOf(current);
  const cycle = [...path.slice(start), current];
  const cycleKinds = kinds.slice(start);
  if (cycleKinds.length > 0 && cycleKinds.every((k) => k === 'link')) {
    return new ClientException(RegisterTaskDefinition.linksCycle());
  }
  return new ClientException(RegisterTaskDefinition.dependsOnCycle(cycle));
}

/**
 * RegisterTaskDefinition's checks on `dependsOn`, in the order ECS reports them: a dependency on a
 * container that does not exist, COMPLETE/SUCCESS on an essential container, then cycles.
 */
export function validateDependsOn(containers: readonly ContainerDefinition[]): void {
  const byName = new Map(containers.map((c) => [c.name, c]));
  for (const container of containers) {
    for (const dep of container.dependsOn ?? []) {
      const target = byName.get(dep.containerName);
      if (target === undefined) {
        throw new ClientException(RegisterTaskDefinition.dependsOnUnknownContainer(dep.containerName));
      }
      if ((dep.condition === 'COMPLETE' || dep.condition === 'SUCCESS') && target.essential !== false) {
        throw new ClientException(RegisterTaskDefinition.dependencyOnEssential());
      }
    }
  }
  startOrder(containers);
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
