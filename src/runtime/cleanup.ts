/**
 * Tasks as Docker knows them, found by label only: `ecs-local ps` (listTasks), `ecs-local stop`
 * (stopTask) and `ecs-local down` (downAll), which also sweeps what a killed run left behind.
 */
import type { ContainerEngine, ContainerSummary, PublishedPort } from '../docker/container-engine.js';
import { Label, managedFilter } from '../docker/labels.js';
import { UsageError } from '../errors.js';
import { STOP_TIMEOUT_LABEL } from './network.js';
import { processAlive } from '../files/process-alive.js';
import { removeHolders } from './namespace-pool.js';

export interface DownFilter {
  taskId?: string;
  family?: string;
  /** Only what carries these labels too (the library's reaper: its process's session). */
  labels?: Record<string, string>;
}

export interface DownResult {
  /** Names of the removed containers (task containers and pause containers). */
  containers: string[];
  /** Names of the removed volumes. */
  volumes: string[];
}

function filterLabels(filter: DownFilter): Record<string, string> {
  const labels = { ...managedFilter };
  if (filter.taskId !== undefined) labels[Label.taskId] = filter.taskId;
  if (filter.family !== undefined) labels[Label.family] = filter.family;
  return { ...labels, ...filter.labels };
}

/**
 * Removes every labelled container (running or not, with its anonymous volumes) and then every
 * labelled volume, optionally of one task or family. Shared volumes carry no ecs-local label and stay.
 */
export async function downAll(engine: ContainerEngine, filter: DownFilter = {}): Promise<DownResult> {
  const labels = filterLabels(filter);
  const containers = await engine.listContainers(labels);
  const owners = containers.filter((c) => c.labels[Label.role] === 'pause');
  const others = containers.filter((c) => c.labels[Label.role] !== 'pause');
  await removeInWaves(engine, [others.map((c) => c.id), owners.map((c) => c.id)], (id) => engine.remove(id, { force: true, volumes: true }));
  const volumes = await engine.listVolumes(labels);
  await Promise.all(volumes.map((v) => engine.removeVolume(v.name, true)));
  return { containers: containers.map((c) => c.name), volumes: volumes.map((v) => v.name) };
}

/**
 * Removes the engine's endpoints container and network (every task's way to 169.254.170.2, made
 * once and kept) and the pool's namespace holders: only `ecs-local down` with no filter does.
 * Returns the containers' names.
 */
export async function removeEndpoints(engine: ContainerEngine): Promise<string[]> {
  const filter = { [Label.endpoints]: '' };
  // The pool's namespace holders first: they are on the endpoints network.
  const holders = await removeHolders(engine);
  const containers = await engine.listContainers(filter);
  await Promise.all(containers.map((c) => engine.remove(c.id, { force: true })));
  const networks = await engine.listNetworks(filter);
  await Promise.all(networks.map((n) => engine.removeNetwork(n.id)));
  return [...holders, ...containers.map((c) => c.name)];
}

/**
 * Removes containers wave by wave where the engine needs the containers that joined a namespace
 * gone before its owner (Podman: "has dependent containers which must be removed before it"),
 * else all at once (Docker removes an owner under its dependents, and at once is faster).
 */
export async function removeInWaves(
  engine: Pick<ContainerEngine, 'profile'>,
  waves: readonly (readonly string[])[],
  remove: (id: string) => Promise<void>,
): Promise<void> {
  const ordered = engine.profile.removesDependentsFirst ? waves : [waves.flat()];
  for (const wave of ordered) await Promise.all(wave.map(remove));
}

export interface ListedContainer {
  name: string;
  dockerName: string;
  /** Docker's state: running, exited, created, ... */
  state: string;
  /** Docker's human status, e.g. `Up 3 minutes` or `Exited (0) 2 seconds ago`. */
  status: string;
}

export interface ListedTask {
  taskId: string;
  family: string;
  revision?: number;
  /** RUNNING while any task container runs, else STOPPED. */
  status: 'RUNNING' | 'STOPPED';
  containers: ListedContainer[];
  /** Published ports as `docker compose ps` shows them, with the container: `web:32768->8080/tcp`. */
  ports: string[];
  createdAt: Date;
  ageSeconds: number;
  ownerPid?: number;
  /** Whether the process that started it still runs (on this host); false for leftovers of a killed run. */
  ownerAlive: boolean;
}

/** Groups labelled containers into tasks, oldest first. Pure apart from the liveness check. */
export function groupTasks(
  containers: readonly ContainerSummary[],
  nowMs: number,
  isAlive: (pid: number) => boolean = processAlive,
): ListedTask[] {
  const tasks = new Map<string, ListedTask>();
  for (const c of containers) {
    const taskId = c.labels[Label.taskId];
    if (taskId === undefined) continue;
    let task = tasks.get(taskId);
    if (task === undefined) {
      const pid = Number(c.labels[Label.ownerPid]);
      const revision = Number(c.labels[Label.revision]);
      task = {
        taskId,
        family: c.labels[Label.family] ?? '',
        status: 'STOPPED',
        containers: [],
        ports: [],
        createdAt: c.created,
        ageSeconds: 0,
        ownerAlive: Number.isInteger(pid) && pid > 0 ? isAlive(pid) : false,
      };
      if (Number.isInteger(revision) && revision > 0) task.revision = revision;
      if (Number.isInteger(pid) && pid > 0) task.ownerPid = pid;
      tasks.set(taskId, task);
    }
    if (c.created < task.createdAt) task.createdAt = c.created;
    // Pause containers (and an older version's endpoint forwarders) are plumbing, not the task's containers.
    if (c.labels[Label.role] === 'pause' || c.labels[Label.role] === 'endpoint') continue;
    task.containers.push({ name: c.labels[Label.container] ?? c.name, dockerName: c.name, state: c.state, status: c.status });
    if (c.state === 'running') task.status = 'RUNNING';
  }
  return [...tasks.values()]
    .map((t) => ({
      ...t,
      ports: publishedPorts(containers.filter((c) => c.labels[Label.taskId] === t.taskId)),
      containers: t.containers.sort((a, b) => a.name.localeCompare(b.name)),
      ageSeconds: Math.max(0, Math.floor((nowMs - t.createdAt.getTime()) / 1000)),
    }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/**
 * The task's published ports, `web:32768->8080/tcp`, ordered by container and port. A port belongs to
 * the container it is published on, or whose namespace holder publishes it (bridge mode); one the
 * awsvpc pause container publishes belongs to the container whose port mappings list it. [INF] A port
 * bound on IPv4 and IPv6 shows its IPv4 host port only (Docker may pick a different one for IPv6), as
 * `run` prints it. Pure.
 */
export function publishedPorts(containers: readonly ContainerSummary[]): string[] {
  const owners = containers.filter((c) => c.labels[Label.role] === 'container');
  const whose = (c: ContainerSummary, key: string): string =>
    c.labels[Label.container] ?? owners.find((o) => (o.labels[Label.ports] ?? '').split(',').includes(key))?.labels[Label.container] ?? '';
  const seen = new Set<string>();
  const lines: { name: string; port: number; text: string }[] = [];
  for (const c of containers) {
    if (c.labels[Label.role] === 'endpoint') continue;
    for (const p of c.ports) {
      const key = `${p.containerPort}/${p.protocol}`;
      // Podman lists a shared namespace's ports on every container in it: a task container's own
      // count only when its port mappings have them.
      if (c.labels[Label.role] === 'container' && !(c.labels[Label.ports] ?? '').split(',').includes(key)) continue;
      const v4 = (q: PublishedPort): boolean => !q.hostIp.includes(':') && q.containerPort === p.containerPort && q.protocol === p.protocol;
      if (p.hostIp.includes(':') && c.ports.some(v4)) continue;
      const name = whose(c, key);
      const text = `${name === '' ? '' : `${name}:`}${p.hostPort}->${key}`;
      if (seen.has(text)) continue;
      seen.add(text);
      lines.push({ name, port: p.containerPort, text });
    }
  }
  return lines.sort((a, b) => a.name.localeCompare(b.name) || a.port - b.port).map((l) => l.text);
}

/** Every task with labelled containers on the engine (`ecs-local ps`). */
export async function listTasks(engine: ContainerEngine, nowMs: number = Date.now()): Promise<ListedTask[]> {
  return groupTasks(await engine.listContainers(managedFilter), nowMs);
}

export interface StoppedTask {
  taskId: string;
  family: string;
  removed: DownResult;
}

/**
 * The one task whose id starts with `taskIdPrefix` (as `docker` takes an id prefix); `verb` names
 * the command in the messages (`stop`, `logs`, `exec`). A UsageError when none or several match.
 */
export async function findTask(engine: ContainerEngine, taskIdPrefix: string, verb: string): Promise<ListedTask> {
  const prefix = taskIdPrefix.trim().toLowerCase();
  if (prefix === '') throw new UsageError(`Give the task id (or its first characters) to ${verb}; \`ecs-local ps\` lists them.`);
  const tasks = (await listTasks(engine)).filter((t) => t.taskId.toLowerCase().startsWith(prefix));
  if (tasks.length === 0) {
    throw new UsageError(`No task id starts with "${taskIdPrefix}": \`ecs-local ps\` lists the running tasks.`);
  }
  if (tasks.length > 1) {
    throw new UsageError(
      `"${taskIdPrefix}" matches ${tasks.length} tasks (${tasks.map((t) => t.taskId).join(', ')}): give more characters of the task id.`,
    );
  }
  const task = tasks[0];
  if (task === undefined) throw new UsageError(`No task id starts with "${taskIdPrefix}".`);
  return task;
}

/**
 * Stops the one task whose id starts with `taskIdPrefix` (SIGTERM, then SIGKILL after each
 * container's stopTimeout), then removes its containers and task volumes. [INF] Containers stop
 * together: the dependency order is known only to the process that started the task.
 */
export async function stopTask(engine: ContainerEngine, taskIdPrefix: string): Promise<StoppedTask> {
  const task = await findTask(engine, taskIdPrefix, 'stop');
  const containers = await engine.listContainers({ ...managedFilter, [Label.taskId]: task.taskId });
  await Promise.all(
    containers
      .filter((c) => c.labels[Label.role] !== 'pause' && c.labels[Label.role] !== 'endpoint' && c.state === 'running')
      .map((c) => engine.stop(c.id, stopTimeoutOf(c))),
  );
  const removed = await downAll(engine, { taskId: task.taskId });
  return { taskId: task.taskId, family: task.family, removed };
}

function stopTimeoutOf(c: ContainerSummary): number {
  const t = Number(c.labels[STOP_TIMEOUT_LABEL]);
  // [DOC] 30 s is ECS's default stopTimeout.
  return Number.isFinite(t) && t >= 0 ? t : 30;
}
