/**
 * `ecs-local ps`, `stop` and `down`: tasks as Docker knows them, found by label only, so that they
 * work for detached runs and for what a killed run left behind.
 */
import type { Writable } from 'node:stream';
import { EcsLocalError, ExitCode } from '../errors.js';
import type { ContainerEngine } from '../docker/container-engine.js';
import type { SupervisorRequest } from '../runtime/supervisor-channel.js';
import type { TaskRecord } from '../runtime/task-records.js';
import { table } from '../text/output.js';

/** A detached task's supervisor died: nothing knows how its task ends. */
class SupervisorGoneError extends EcsLocalError {
  readonly errorName = 'SupervisorGone';
  readonly exitCode = ExitCode.Usage;
}

export interface EngineOptions {
  env: NodeJS.ProcessEnv;
  out: Writable;
}

async function engineFor(env: NodeJS.ProcessEnv) {
  const { connectDocker } = await import('../docker/connect.js');
  return connectDocker(env);
}

export async function ps(opts: EngineOptions & { json?: boolean; all?: boolean }): Promise<void> {
  const { listTasks } = await import('../runtime/cleanup.js');
  const [{ TaskRecords }, { processAlive }] = await Promise.all([import('../runtime/task-records.js'), import('../files/process-alive.js')]);
  const engine = await engineFor(opts.env);
  const tasks = await listTasks(engine);
  const records = new Map(new TaskRecords(opts.env, engine.endpoint).list().map((r) => [r.taskId, r]));
  // A detached task whose supervisor died: its containers run on, watched by nobody.
  const unwatched = (taskId: string): boolean => {
    const r = records.get(taskId);
    return r !== undefined && r.task.lastStatus !== 'STOPPED' && !processAlive(r.pid);
  };
  const listed = new Set(tasks.map((t) => t.taskId));
  const stopped = opts.all ? [...records.values()].filter((r) => r.task.lastStatus === 'STOPPED' && !listed.has(r.taskId)) : [];
  const now = Date.now();
  if (opts.json) {
    const json = [
      ...tasks.map((t) => ({ ...t, ...(unwatched(t.taskId) ? { supervisorGone: true } : {}) })),
      ...stopped.map((r) => ({
        taskId: r.taskId,
        family: r.family,
        revision: r.revision,
        status: 'STOPPED',
        ...(r.task.stopCode !== undefined ? { stopCode: r.task.stopCode } : {}),
        ...(r.task.stoppedReason !== undefined ? { stoppedReason: r.task.stoppedReason } : {}),
        containers: r.task.containers.map((c) => ({ name: c.name, ...(c.exitCode !== undefined ? { exitCode: c.exitCode } : {}) })),
        createdAt: r.task.createdAt,
        ...(r.task.stoppedAt !== undefined ? { stoppedAt: r.task.stoppedAt } : {}),
      })),
    ];
    opts.out.write(JSON.stringify(json, null, 2) + '\n');
    return;
  }
  const rows = tasks.map((t) => [
    t.taskId,
    t.revision === undefined ? t.family : `${t.family}:${t.revision}`,
    unwatched(t.taskId) ? `${t.status} (supervisor gone)` : t.status,
    t.containers.map((c) => `${c.name} (${c.status})`).join(', '),
    t.ports.join(', '),
    `${t.ageSeconds}s`,
    ...(opts.all ? [''] : []),
  ]);
  for (const r of stopped) {
    rows.push([
      r.taskId,
      `${r.family}:${r.revision}`,
      'STOPPED',
      r.task.containers.map((c) => `${c.name} (${c.exitCode === undefined ? c.lastStatus : `exit ${c.exitCode}`})`).join(', '),
      '',
      `${Math.max(0, Math.floor((now - Date.parse(r.task.createdAt)) / 1000))}s`,
      r.task.stoppedReason ?? '',
    ]);
  }
  opts.out.write(table(['TASK ID', 'FAMILY', 'STATUS', 'CONTAINERS', 'PORTS', 'AGE', ...(opts.all ? ['STOPPED REASON'] : [])], rows));
}

export async function stop(opts: EngineOptions & { task: string; reason?: string }): Promise<void> {
  const { findTask, downAll } = await import('../runtime/cleanup.js');
  const engine = await engineFor(opts.env);
  const task = await findTask(engine, opts.task, 'stop');
  const supervised = await supervisorOf(opts.env, engine.endpoint, task.taskId);
  if (supervised === undefined) {
    const { stopTask } = await import('../runtime/cleanup.js');
    const stopped = await stopTask(engine, task.taskId);
    opts.out.write(`stopped ${stopped.taskId} (${stopped.family}): removed ${stopped.removed.containers.length} container(s), ${stopped.removed.volumes.length} volume(s)\n`);
    return;
  }
  // Its supervisor stops it as ECS does (each container's stopTimeout, dependents first) and records
  // the stop; what it removed is what was there, and anything left is swept after.
  const before = await listLabelled(engine, { taskId: task.taskId });
  await supervised.ask({ op: 'stop', ...(opts.reason !== undefined ? { reason: opts.reason } : {}) });
  const swept = await downAll(engine, { taskId: task.taskId });
  const containers = new Set([...before.containers, ...swept.containers]).size;
  const volumes = new Set([...before.volumes, ...swept.volumes]).size;
  opts.out.write(`stopped ${task.taskId} (${task.family}): removed ${containers} container(s), ${volumes} volume(s)\n`);
}

export async function down(opts: EngineOptions & { task?: string; family?: string; all?: boolean }): Promise<void> {
  const { downAll, removeEndpoints } = await import('../runtime/cleanup.js');
  const { TaskRecords } = await import('../runtime/task-records.js');
  const { askSupervisor } = await import('../runtime/supervisor-channel.js');
  const engine = await engineFor(opts.env);
  const records = new TaskRecords(opts.env, engine.endpoint);
  const mine = records.list().filter((r) => opts.all === true || (opts.task !== undefined ? r.taskId === opts.task : r.family === opts.family));
  const live = mine.filter((r) => r.task.lastStatus !== 'STOPPED');
  // What a supervisor removes counts as removed: what is there now, and whatever the sweep finds after.
  const before = live.length === 0 ? undefined : await listLabelled(engine, { taskId: opts.task, family: opts.family });
  // A detached task's supervisor records the stop (UserInitiated) and kills its containers; then the sweep.
  await Promise.all(live.map((r) => askSupervisor(r.socket, { op: 'kill' }).catch(() => undefined)));
  const removed = await downAll(engine, { taskId: opts.task, family: opts.family });
  // The endpoints container serves every task of the engine: it goes only with all of them.
  if (opts.all === true && opts.task === undefined && opts.family === undefined) removed.containers.push(...(await removeEndpoints(engine)));
  for (const r of mine) records.remove(r.taskId);
  const containers = new Set([...(before?.containers ?? []), ...removed.containers]).size;
  const volumes = new Set([...(before?.volumes ?? []), ...removed.volumes]).size;
  opts.out.write(`removed ${containers} container(s) and ${volumes} volume(s)\n`);
}

export async function describe(opts: EngineOptions & { task: string; json?: boolean }): Promise<void> {
  const { record } = await detachedTask(opts.env, opts.task, 'describe');
  if (opts.json) {
    opts.out.write(JSON.stringify({ tasks: [record.task], failures: [] }, null, 4) + '\n');
    return;
  }
  const t = record.task;
  const why = t.stopCode !== undefined ? ` (${t.stopCode}: ${t.stoppedReason ?? ''})` : '';
  const rows = t.containers.map((c) => [c.name, c.lastStatus, c.exitCode === undefined ? '-' : String(c.exitCode), c.healthStatus, c.reason ?? '']);
  opts.out.write(`${record.taskId} ${record.family}:${record.revision} ${t.lastStatus}${why}\n` + table(['CONTAINER', 'STATUS', 'EXIT CODE', 'HEALTH', 'REASON'], rows));
}

export async function wait(opts: EngineOptions & { task: string; err: Writable }): Promise<void> {
  const { ReportedError } = await import('../errors.js');
  const { record, supervised } = await detachedTask(opts.env, opts.task, 'wait');
  const stopped = record.task.lastStatus === 'STOPPED' ? record : await supervised?.ask({ op: 'wait' });
  if (stopped === undefined) throw supervisorGone(record);
  const t = stopped.task;
  const codes = t.containers.map((c) => `${c.name}=${c.exitCode === undefined ? '-' : c.exitCode}${c.reason === undefined ? '' : ` (${c.reason})`}`).join(', ');
  opts.err.write(`ecs-local: task ${stopped.taskId} ${t.lastStatus}: ${t.stoppedReason ?? 'no reason'} [${codes}]\n`);
  const code = stopped.exitCode ?? 1;
  if (code !== 0) throw new ReportedError(code);
}

/** The names of the labelled containers and volumes of a task or family. */
async function listLabelled(engine: ContainerEngine, filter: { taskId?: string | undefined; family?: string | undefined }): Promise<{ containers: string[]; volumes: string[] }> {
  const { managedFilter, Label } = await import('../docker/labels.js');
  const labels: Record<string, string> = { ...managedFilter };
  if (filter.taskId !== undefined) labels[Label.taskId] = filter.taskId;
  if (filter.family !== undefined) labels[Label.family] = filter.family;
  const [containers, volumes] = await Promise.all([engine.listContainers(labels), engine.listVolumes(labels)]);
  return { containers: containers.map((c) => c.name), volumes: volumes.map((v) => v.name) };
}

interface Supervised {
  record: TaskRecord;
  ask(request: SupervisorRequest): Promise<TaskRecord | undefined>;
}

/** The live supervisor of a detached task, if it has one. */
async function supervisorOf(env: NodeJS.ProcessEnv, engine: string, taskId: string): Promise<Supervised | undefined> {
  const [{ TaskRecords }, { processAlive }] = await Promise.all([import('../runtime/task-records.js'), import('../files/process-alive.js')]);
  const record = new TaskRecords(env, engine).read(taskId);
  if (record === undefined || record.task.lastStatus === 'STOPPED' || !processAlive(record.pid)) return undefined;
  const { askSupervisor } = await import('../runtime/supervisor-channel.js');
  const records = new TaskRecords(env, engine);
  // A supervisor that closed its socket as the task stopped has written the final record by then.
  const recorded = (): TaskRecord | undefined => {
    const now = records.read(taskId);
    return now?.task.lastStatus === 'STOPPED' ? now : undefined;
  };
  return { record, ask: async (request) => (await askSupervisor(record.socket, request)) ?? recorded() };
}

/**
 * The detached task (running or stopped) whose id starts with `prefix`, as its supervisor sees it
 * now, or as it recorded it when it stopped.
 */
async function detachedTask(env: NodeJS.ProcessEnv, prefix: string, verb: string): Promise<{ record: TaskRecord; supervised?: Supervised }> {
  const { TaskRecords } = await import('../runtime/task-records.js');
  const { UsageError } = await import('../errors.js');
  const engine = await engineFor(env);
  const wanted = prefix.trim().toLowerCase();
  if (wanted === '') throw new UsageError(`Give the task id (or its first characters) to ${verb}; \`ecs-local ps -a\` lists them.`);
  const matches = new TaskRecords(env, engine.endpoint).list().filter((r) => r.taskId.startsWith(wanted));
  if (matches.length > 1) {
    throw new UsageError(`"${prefix}" matches ${matches.length} tasks (${matches.map((r) => r.taskId).join(', ')}): give more characters of the task id.`);
  }
  const found = matches[0];
  if (found === undefined) {
    const { listTasks } = await import('../runtime/cleanup.js');
    const running = (await listTasks(engine)).find((t) => t.taskId.startsWith(wanted));
    if (running !== undefined) {
      throw new UsageError(
        `task ${running.taskId} was not started with \`run -d\`: ${verb} follows detached tasks; the \`ecs-local run\` that started it prints the stopped task (with --json, as describe-tasks)`,
      );
    }
    throw new UsageError(`No task id starts with "${prefix}": \`ecs-local ps -a\` lists the tasks (a stopped task is kept for an hour).`);
  }
  if (found.task.lastStatus === 'STOPPED') return { record: found };
  const supervised = await supervisorOf(env, engine.endpoint, found.taskId);
  const now = await supervised?.ask({ op: 'describe' });
  if (now !== undefined) return now.task.lastStatus === 'STOPPED' || supervised === undefined ? { record: now } : { record: now, supervised };
  // It may have stopped since it was listed.
  const latest = new TaskRecords(env, engine.endpoint).read(found.taskId);
  if (latest?.task.lastStatus === 'STOPPED') return { record: latest };
  throw supervisorGone(found);
}

function supervisorGone(record: TaskRecord): Error {
  return new SupervisorGoneError(
    `the background ecs-local process of task ${record.taskId} (pid ${record.pid}) is gone: its containers may still run, unwatched (its log: ${record.log})`,
    { hint: `\`ecs-local down --task ${record.taskId}\` removes them` },
  );
}
