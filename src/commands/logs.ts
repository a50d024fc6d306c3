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
  await printTaskLogs(await connectDocker(opts.env), {
    task: opts.task,
    ...(opts.container !== undefined ? { container: opts.container } : {}),
    follow: opts.follow,
    ...(opts.sinceSeconds !== undefined ? { sinceSeconds: opts.sinceSeconds } : {}),
    ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
    mode,
    colour: colourFor(opts.out as { isTTY?: boolean }, opts.env),
    out: opts.out,
  });
}
