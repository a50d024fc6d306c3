/**
 * One request to a task's endpoint, answered as the ECS agent answers it: the route's lookup by id
 * (only among this task's ids, so a task can never reach another's credentials or metadata), the
 * agent's status codes and bodies. Docker is reached only through the task's `TaskMetadataSource`.
 */
import { TaskMetadataEndpoint as T } from '../messages.js';
import { credentialsReply, type CredentialsLookup } from './credentials.js';
import { goMarshal } from './go-marshal.js';
import { containerV3, containerV4, statsV4, taskV3, taskV4, type ContainerFacts, type NetworkRate, type TaskFacts } from './metadata.js';
import type { Route } from './routes.js';
import type { ContainerEndpointIds } from './task-env.js';

export interface ContainerStats {
  dockerId: string;
  /** Docker's stats JSON. */
  docker: Record<string, unknown>;
  /** Bytes per second since the previous sample, when there was one. */
  rate?: NetworkRate;
}

/** What Docker and the running task know, per request. */
export interface TaskMetadataSource {
  task(): TaskFacts;
  /** Undefined while Docker has no container for it (not created yet). */
  container(name: string): Promise<ContainerFacts | undefined>;
  /** Every task container Docker has, in task definition order. */
  containers(): Promise<ContainerFacts[]>;
  stats(name: string): Promise<ContainerStats | undefined>;
  taskStats(): Promise<ContainerStats[]>;
}

export interface EndpointTask {
  /** By container name. */
  ids: ReadonlyMap<string, ContainerEndpointIds>;
  /** Present when the task has a task role. */
  credentials?: { lookup(): Promise<CredentialsLookup> };
  metadata: TaskMetadataSource;
}

export interface Reply {
  status: number;
  contentType: 'application/json' | 'text/plain; charset=utf-8';
  body: string;
}

const json = (status: number, value: unknown): Reply => ({ status, contentType: 'application/json', body: goMarshal(value) });

/** Go's NotFound handler: no route matched. */
export const NOT_FOUND: Reply = { status: 404, contentType: 'text/plain; charset=utf-8', body: T.notFound };

function containerOf(task: EndpointTask, endpointId: string): string | undefined {
  for (const ids of task.ids.values()) if (ids.endpointId === endpointId) return ids.container;
  return undefined;
}

function hasCredentialsId(task: EndpointTask, id: string): boolean {
  for (const ids of task.ids.values()) if (ids.credentialsId === id) return true;
  return false;
}

export async function answer(task: EndpointTask | undefined, route: Route): Promise<Reply> {
  if (route.kind === 'ready') return json(200, 'ok');
  if (route.kind === 'credentials') {
    if (route.id === '') return reply(credentialsReply(route.version, 'no-id'));
    const known = task?.credentials !== undefined && hasCredentialsId(task, route.id);
    const lookup: CredentialsLookup = known && task?.credentials ? await task.credentials.lookup() : { kind: 'unknown' };
    return reply(credentialsReply(route.version, lookup));
  }
  const name = task === undefined ? undefined : containerOf(task, route.id);
  if (task === undefined || name === undefined) return unknownId(route.kind, route.version, route.id);
  const v4 = route.version === 4;
  const m = task.metadata;
  switch (route.kind) {
    case 'container': {
      const facts = await m.container(name).catch(() => undefined);
      if (facts === undefined) return unknownContainer(route.version, route.id, 'metadata');
      return json(200, v4 ? containerV4(facts) : containerV3(facts));
    }
    case 'task':
    case 'taskWithTags': {
      const withTags = route.kind === 'taskWithTags';
      const t = m.task();
      try {
        const containers = await m.containers();
        return json(200, v4 ? taskV4(t, containers, withTags) : taskV3(t, containers, withTags));
      } catch {
        return json(500, v4 ? T.v4TaskMetadataFailed(t.taskArn) : T.v3TaskMetadataFailed(t.taskArn));
      }
    }
    case 'containerStats': {
      let stats: ContainerStats | undefined;
      try {
        stats = await m.stats(name);
      } catch (err) {
        return json(500, T.containerStatsFailed((err as { dockerId?: string }).dockerId ?? name));
      }
      if (stats === undefined) return unknownContainer(route.version, route.id, 'stats');
      return json(200, v4 ? statsV4(stats.docker, stats.rate) : stats.docker);
    }
    case 'taskStats': {
      try {
        const all = await m.taskStats();
        return json(200, new Map(all.map((s) => [s.dockerId, v4 ? statsV4(s.docker, s.rate) : s.docker])));
      } catch {
        return json(500, T.taskStatsFailed(m.task().taskArn));
      }
    }
  }
}

function reply(r: { status: number; body: string }): Reply {
  return { status: r.status, contentType: 'application/json', body: r.body };
}

/** An id this task does not have: the agent's lookup failure for the route. */
function unknownId(kind: Exclude<Route['kind'], 'credentials' | 'ready'>, version: 3 | 4, id: string): Reply {
  if (version === 4) {
    switch (kind) {
      case 'container':
        return json(404, T.v4ContainerMetadata(T.containerLookup(id)));
      case 'task':
      case 'taskWithTags':
        return json(404, T.v4TaskMetadata(T.taskLookup(id)));
      case 'containerStats':
        return json(404, T.v4ContainerStats(T.taskLookup(id)));
      case 'taskStats':
        return json(404, T.v4TaskStats(T.taskLookup(id)));
    }
  }
  switch (kind) {
    case 'container':
      return json(400, T.v3ContainerMetadata(T.containerLookup(id)));
    case 'task':
    case 'taskWithTags':
      return json(500, T.v3TaskMetadata(T.taskLookup(id)));
    case 'containerStats':
      return json(400, T.v3ContainerStats(T.taskLookup(id)));
    case 'taskStats':
      return json(400, T.v3TaskStats(T.taskLookup(id)));
  }
}

/** A known id whose container Docker does not have (yet): the agent has no Docker id for it. */
function unknownContainer(version: 3 | 4, id: string, what: 'metadata' | 'stats'): Reply {
  const reason = T.containerLookup(id);
  if (what === 'metadata') return version === 4 ? json(404, T.v4ContainerMetadata(reason)) : json(400, T.v3ContainerMetadata(reason));
  return version === 4 ? json(404, T.v4ContainerStats(reason)) : json(400, T.v3ContainerStats(reason));
}
