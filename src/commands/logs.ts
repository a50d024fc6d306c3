/** `ecs-local logs`: a task's container output, as `run` prints it, by task id prefix. */
import type { Writable } from 'node:stream';
import { colourFor } from '../text/colour.js';
import type { LogMode } from '../runtime/logs.js';

export interface LogsOptions {
  env: NodeJS.ProcessEnv;
  out: Writable;
  task: string;
  container?: string;
  follow: boolean;
  sinceSeconds?: number;
  tail?: number;
  noLogPrefix: boolean;
}

export async function logs(opts: LogsOptions): Promise<void> {
  const { connectDocker } = await import('../docker/connect.js');
  const { printTaskLogs } = await import('../runtime/task-logs.js');
  const mode: LogMode = opts.noLogPrefix ? 'plain' : 'prefixed';
  const engine = await connectDocker(opts.env);
  await printTaskLogs(engine, {
    task: opts.task,
    ...(opts.container !== undefined ? { container: opts.container } : {}),
    follow: opts.follow,
    ...(opts.sinceSeconds !== undefined ? { sinceSeconds: opts.sinceSeconds } : {}),
    ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
    mode,
    colour: colourFor(opts.out as { isTTY?: boolean }, opts.env),
    out: opts.out,
  }).catch(async (err: unknown) => {
    throw (await stoppedTaskProblem(opts.env, engine.endpoint, opts.task)) ?? err;
  });
}

/** A `run -d` task that has stopped: its containers, and their output, went with it. */
async function stoppedTaskProblem(env: NodeJS.ProcessEnv, engine: string, prefix: string): Promise<Error | undefined> {
  const { TaskRecords } = await import('../runtime/task-records.js');
  const wanted = prefix.trim().toLowerCase();
  const stopped = new TaskRecords(env, engine).list().filter((r) => r.task.lastStatus === 'STOPPED' && wanted !== '' && r.taskId.startsWith(wanted));
  const record = stopped.length === 1 ? stopped[0] : undefined;
  if (record === undefined) return undefined;
  const { UsageError } = await import('../errors.js');
  return new UsageError(`task ${record.taskId} has stopped (${record.task.stoppedReason ?? 'no reason'}): its containers and their output were removed with it`, {
    hint: `\`ecs-local logs -f TASK\` follows the output while a task runs; \`ecs-local describe ${record.taskId.slice(0, 8)}\` shows how this one ended`,
  });
}
