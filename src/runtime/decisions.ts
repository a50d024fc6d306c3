/**
 * The runtime's pure decisions: when a waiting container may start (or never will), and which
 * running containers to stop next. The ECS rules themselves live in container/depends-on.ts.
 */
import { dependencyTimedOut, explainDependency, type ObservedContainer } from '../container/depends-on.js';
import type { ContainerSpec } from '../container/spec.js';
import type { ContainerDependency } from '../taskdef/types.js';

/** What the runtime knows of one container, as the decisions need it. */
export interface ContainerView {
  observed: ObservedContainer;
  /** It will never run: its own dependencies failed, or it could not be created or started. */
  skipped: boolean;
  startTimeoutSeconds: number;
  startedAtMs?: number;
}

export type StartDecision = { action: 'start' } | { action: 'wait'; reason: string } | { action: 'fail'; reason: string };

/**
 * Every dependency of a container: its `dependsOn`, plus START on the containers it links to or takes
 * volumes from, which Docker needs running (links) or existing (volumesFrom) first, as the agent
 * orders them.
 */
export function dependenciesOf(container: ContainerSpec, all: readonly ContainerSpec[]): ContainerDependency[] {
  const byDockerName = new Map(all.map((c) => [c.dockerName, c.name]));
  const deps = [...container.dependsOn];
  const implicit = (dockerName: string): void => {
    const name = byDockerName.get(dockerName);
    if (name !== undefined && name !== container.name && !deps.some((d) => d.containerName === name)) {
      deps.push({ containerName: name, condition: 'START' });
    }
  };
  for (const link of container.create.HostConfig?.Links ?? []) implicit(link.split(':')[0] ?? link);
  for (const from of container.create.HostConfig?.VolumesFrom ?? []) implicit(from.split(':')[0] ?? from);
  return deps;
}

/**
 * Whether a waiting container may be created and started now. A dependency that can no longer be
 * met, or whose wait ran past the dependency's `startTimeout`, means it never starts.
 * [INF] the reasons are ecs-local's wording: ECS shows none for a container that never started.
 */
export function decideStart(
  deps: readonly ContainerDependency[],
  views: ReadonlyMap<string, ContainerView>,
  nowMs: number,
): StartDecision {
  let waiting: string | undefined;
  for (const dep of deps) {
    const view = views.get(dep.containerName);
    if (view === undefined) continue; // RegisterTaskDefinition refuses unknown names; nothing to wait for
    if (view.skipped) return { action: 'fail', reason: `not started: "${dep.containerName}" never ran` };
    const verdict = explainDependency(dep, view.observed);
    if (verdict.state === 'failed') return { action: 'fail', reason: `not started: ${verdict.reason ?? 'dependency failed'}` };
    if (verdict.state === 'satisfied') continue;
    const timedOut = dependencyTimedOut(
      dep.condition,
      { startTimeoutSeconds: view.startTimeoutSeconds, startedAtMs: view.startedAtMs, exited: view.observed.status === 'exited' },
      nowMs,
    );
    if (timedOut) {
      return {
        action: 'fail',
        reason: `not started: timed out after ${view.startTimeoutSeconds} s (the startTimeout of "${dep.containerName}") ${verdict.reason ?? ''}`.trimEnd(),
      };
    }
    waiting ??= verdict.reason ?? `waiting for "${dep.containerName}"`;
  }
  return waiting === undefined ? { action: 'start' } : { action: 'wait', reason: waiting };
}

/**
 * The running containers to stop next: those no other running container depends on, so that a
 * container outlives everything that needs it (the agent's shutdown order, graph.go
 * verifyShutdownOrder). If a cycle leaves none, all of them.
 */
export function shutdownWave(
  running: ReadonlySet<string>,
  dependencies: ReadonlyMap<string, readonly ContainerDependency[]>,
): string[] {
  const needed = new Set<string>();
  for (const name of running) {
    for (const dep of dependencies.get(name) ?? []) {
      if (dep.containerName !== name && running.has(dep.containerName)) needed.add(dep.containerName);
    }
  }
  const wave = [...running].filter((name) => !needed.has(name));
  return wave.length > 0 ? wave : [...running];
}
