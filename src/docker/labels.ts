/**
 * The labels every Docker object ecs-local creates carries. Cleanup (`down`, a failed run, the test
 * suite's after-hook) finds objects by these labels only, never by name.
 */

export const Label = {
  /** `true` on every object ecs-local created. */
  managed: 'ecs-local.managed',
  taskId: 'ecs-local.task-id',
  family: 'ecs-local.family',
  revision: 'ecs-local.revision',
  /**
   * The container name from the task definition (absent on the pause container and volumes).
   */
  container: 'ecs-local.container',
  /** The pid of the ecs-local process that started the task, to tell a live run from a leftover. */
  ownerPid: 'ecs-local.owner-pid',
  /**
   * A random id of the library process that started the task: its reaper removes only what carries
   * it, as a pid alone may be another PID namespace's process (CI jobs in containers sharing an engine).
   */
  session: 'ecs-local.session',
  role: 'ecs-local.role',
  /**
   * A task container's port mappings, `8080/tcp,53/udp`: in awsvpc mode the pause container publishes
   * every container's ports, and `ps` tells from this whose a published port is.
   */
  ports: 'ecs-local.ports',
  /**
   * The engine's endpoints container and network (shared by every task, see
   * endpoints/shared-container.ts), valued with the version of their scripts. They carry no
   * `managed` label: they belong to no task, and only an unfiltered `down` removes them.
   */
  endpoints: 'ecs-local.endpoints',
  /**
   * A warm network namespace of the engine's pool (runtime/namespace-pool.ts), valued with the
   * pool's protocol. No `managed` label either: between tasks it belongs to none; only an
   * unfiltered `down` removes the idle ones.
   */
  netns: 'ecs-local.netns',
} as const;

/**
 * `endpoint`: a task's own endpoint forwarder, as ecs-local made them before the engine's endpoints
 * container: still known, so that an older version's leftovers stay plumbing in `ps` and `logs`.
 */
export type ObjectRole = 'pause' | 'container' | 'volume' | 'endpoint';

export interface TaskLabelInput {
  taskId: string;
  family: string;
  revision?: number;
}

/** Labels shared by every object of one task. */
export function taskLabels(task: TaskLabelInput, ownerPid: number = process.pid): Record<string, string> {
  const labels: Record<string, string> = {
    [Label.managed]: 'true',
    [Label.taskId]: task.taskId,
    [Label.family]: task.family,
    [Label.ownerPid]: String(ownerPid),
  };
  if (task.revision !== undefined) labels[Label.revision] = String(task.revision);
  return labels;
}

/** The task's labels plus the role (and, for task containers, the container name). */
export function objectLabels(
  task: Record<string, string>,
  role: ObjectRole,
  containerName?: string,
): Record<string, string> {
  const labels: Record<string, string> = { ...task, [Label.role]: role };
  if (containerName !== undefined) labels[Label.container] = containerName;
  return labels;
}

/**
 * Docker `label` filter values (`key=value`) selecting objects that carry all of `labels`; an
 * empty value selects the key with any value (`key`).
 */
export function labelFilter(labels: Record<string, string>): string[] {
  return Object.entries(labels).map(([k, v]) => (v === '' ? k : `${k}=${v}`));
}

/** Selects every object ecs-local created, whatever the task. */
export const managedFilter: Record<string, string> = { [Label.managed]: 'true' };
