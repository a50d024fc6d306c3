/**
 * ECS container ordering, as pure functions: the order to start containers in and the checks
 * RegisterTaskDefinition makes on `dependsOn`. Rules from the ECS agent's
 * agent/engine/dependencygraph/graph.go [SRC] unless tagged.
 */
import { ClientException } from '../errors.js';
import { RegisterTaskDefinition } from '../messages.js';
import type { ContainerDefinition, ContainerDependency, VolumeFrom } from './types.js';

/** What start ordering needs of a container: the three ways ECS orders containers. */
export interface OrderingNode {
  name: string;
  dependsOn?: ContainerDependency[];
  /** `name` or `name:alias`; the linked container must run first. */
  links?: string[];
  volumesFrom?: VolumeFrom[];
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
