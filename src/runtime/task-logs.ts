/**
 * `ecs-local logs`: the output of a task's application containers, found by label, printed as `run`
 * prints it (LogPrinter). The pause containers (and an older version's endpoint forwarders) are
 * plumbing and never shown.
 */
import type { Writable } from 'node:stream';
import type { ContainerEngine, ContainerSummary } from '../docker/container-engine.js';
import { Label, managedFilter } from '../docker/labels.js';
import { UsageError } from '../errors.js';
import { findTask } from './cleanup.js';
import { LogPrinter, type LogMode } from './logs.js';

/** A task container as the task definition names it, with the engine's id and state. */
export interface AppContainer {
  name: string;
  id: string;
  state: string;
}

/** The task's application containers (role `container`), by task definition name. Pure. */
export function appContainers(summaries: readonly ContainerSummary[]): AppContainer[] {
  return summaries
    .filter((c) => c.labels[Label.role] === 'container' && c.labels[Label.container] !== undefined)
    .map((c) => ({ name: c.labels[Label.container] ?? c.name, id: c.id, state: c.state }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `name`'s container, or all of them without a name; a UsageError naming the task's containers. Pure. */
export function pickContainers(taskId: string, containers: readonly AppContainer[], name?: string): AppContainer[] {
  if (name === undefined) return [...containers];
  const found = containers.filter((c) => c.name === name);
  if (found.length === 0) {
    throw new UsageError(`Task ${taskId} has no container "${name}"; its containers: ${containers.map((c) => c.name).join(', ') || 'none'}.`);
  }
  return found;
}

/** The task (by id prefix) and its application containers, or `name`'s. */
export async function taskContainers(engine: ContainerEngine, taskIdPrefix: string, verb: string, name?: string): Promise<{ taskId: string; containers: AppContainer[] }> {
  const task = await findTask(engine, taskIdPrefix, verb);
  const all = appContainers(await engine.listContainers({ ...managedFilter, [Label.taskId]: task.taskId }));
  return { taskId: task.taskId, containers: pickContainers(task.taskId, all, name) };
}

export interface TaskLogsOptions {
  task: string;
  container?: string;
  /** Keep printing until the containers stop. */
  follow: boolean;
  /** Only lines from this time on (seconds since the epoch). */
  sinceSeconds?: number;
  /** Only the last `tail` lines of each container. */
  tail?: number;
  mode: LogMode;
  colour: boolean;
  out: Writable;
}

/**
 * Prints the containers' output. [INF] Without --follow, each container's lines come in turn, in
 * container name order (the engine keeps no order across containers); with it, as they arrive.
 */
export async function printTaskLogs(engine: ContainerEngine, options: TaskLogsOptions): Promise<void> {
  const { containers } = await taskContainers(engine, options.task, 'show the logs of', options.container);
  const sources = containers.map((c) => ({ container: c.name, label: c.name }));
  const printer = new LogPrinter(options.out, { mode: options.mode, colour: options.colour, sources });
  const logOptions = {
    ...(options.sinceSeconds !== undefined ? { sinceSeconds: options.sinceSeconds } : {}),
    ...(options.tail !== undefined ? { tail: options.tail } : {}),
  };
  if (options.follow) {
    await Promise.all(
      containers.map(async (c, i) => {
        const logs = await engine.logs(c.id, true, logOptions);
        await printer.follow(sources[i] ?? { container: c.name, label: c.name }, logs.stdout, logs.stderr);
      }),
    );
    return;
  }
  for (const [i, c] of containers.entries()) {
    const logs = await engine.logs(c.id, false, logOptions);
    await printer.follow(sources[i] ?? { container: c.name, label: c.name }, logs.stdout, logs.stderr);
  }
}
