/**
 * `ecs-local ps`, `stop` and `down`: tasks as Docker knows them, found by label only, so that they
 * work for detached runs and for what a killed run left behind.
 */
import type { Writable } from 'node:stream';
import { table } from '../text/output.js';

export interface EngineOptions {
  env: NodeJS.ProcessEnv;
  out: Writable;
}

async function engineFor(env: NodeJS.ProcessEnv) {
  const { connectDocker } = await import('../docker/connect.js');
  return connectDocker(env);
}

export async function ps(opts: EngineOptions & { json?: boolean }): Promise<void> {
  const { listTasks } = await import('../runtime/cleanup.js');
  const tasks = await listTasks(await engineFor(opts.env));
  if (opts.json) {
    opts.out.write(JSON.stringify(tasks, null, 2) + '\n');
    return;
  }
  const rows = tasks.map((t) => [
    t.taskId,
    t.revision === undefined ? t.family : `${t.family}:${t.revision}`,
    t.status,
    t.containers.map((c) => `${c.name} (${c.status})`).join(', '),
    t.ports.join(', '),
    `${t.ageSeconds}s`,
  ]);
  opts.out.write(table(['TASK ID', 'FAMILY', 'STATUS', 'CONTAINERS', 'PORTS', 'AGE'], rows));
}

export async function stop(opts: EngineOptions & { task: string }): Promise<void> {
  const { stopTask } = await import('../runtime/cleanup.js');
  const stopped = await stopTask(await engineFor(opts.env), opts.task);
  opts.out.write(`stopped ${stopped.taskId} (${stopped.family}): removed ${stopped.removed.containers.length} container(s), ${stopped.removed.volumes.length} volume(s)\n`);
}

export async function down(opts: EngineOptions & { task?: string; family?: string }): Promise<void> {
  const { downAll } = await import('../runtime/cleanup.js');
  const removed = await downAll(await engineFor(opts.env), { taskId: opts.task, family: opts.family });
  opts.out.write(`removed ${removed.containers.length} container(s) and ${removed.volumes.length} volume(s)\n`);
}
