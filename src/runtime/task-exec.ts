/**
 * `ecs-local exec`: a command in a running task container, as `aws ecs execute-command
 * --interactive` runs one, found by task id prefix and task definition container name.
 */
import type { ContainerEngine, ExecStreams } from '../docker/container-engine.js';
import { UsageError } from '../errors.js';
import { pickContainers, taskContainers, type AppContainer } from './task-logs.js';

/** The container to run in: `name`'s, or the task's only one. Pure. */
export function execTarget(taskId: string, containers: readonly AppContainer[], name?: string): AppContainer {
  const picked = pickContainers(taskId, containers, name);
  const target = picked[0];
  if (target === undefined) throw new UsageError(`Task ${taskId} has no container to run a command in.`);
  if (picked.length > 1) {
    throw new UsageError(`Task ${taskId} has ${picked.length} containers (${picked.map((c) => c.name).join(', ')}): name one, as in \`ecs-local exec ${taskId.slice(0, 8)} ${target.name} -- sh\`.`);
  }
  if (target.state !== 'running') {
    throw new UsageError(`Container ${target.name} of task ${taskId} is not running (${target.state}): \`ecs-local logs ${taskId.slice(0, 8)} ${target.name}\` shows its output.`);
  }
  return target;
}

export interface TaskExecOptions {
  task: string;
  container?: string;
  command: string[];
  streams: ExecStreams;
}

/** Runs the command; resolves to its exit code. */
export async function execInTask(engine: ContainerEngine, options: TaskExecOptions): Promise<number> {
  if (options.command.length === 0) throw new UsageError('Give the command to run after --, as in `ecs-local exec 3f2a app -- sh`.');
  const { taskId, containers } = await taskContainers(engine, options.task, 'run a command in');
  const target = execTarget(taskId, containers, options.container);
  try {
    return await engine.execAttached(target.id, options.command, options.streams);
  } catch (err) {
    // It stopped between the listing and the exec.
    if ((err as { statusCode?: number }).statusCode === 409) {
      throw new UsageError(`Container ${target.name} of task ${taskId} is not running: \`ecs-local logs ${taskId.slice(0, 8)} ${target.name}\` shows its output.`);
    }
    throw err;
  }
}
