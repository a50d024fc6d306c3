/**
 * The endpoint's routes, as the agent's gorilla/mux router matches them. Pure.
 * - `/v2/credentials/{id:.*}` (so `/v2/credentials/` is an empty id, answered 400), `/v1/credentials?id=`;
 * - `/v4/{id:[^/]*}` with `/task`, `/taskWithTags`, `/stats`, `/task/stats`, and the same under `/v3/`;
 * - `/ecs-local/ready`: [INF] ecs-local's own probe, which the task waits on before it starts.
 */

export type MetadataKind = 'container' | 'task' | 'taskWithTags' | 'containerStats' | 'taskStats';

export type Route =
  | { kind: 'credentials'; version: 1 | 2; id: string }
  | { kind: MetadataKind; version: 3 | 4; id: string }
  | { kind: 'ready' };

export const READY_PATH = '/ecs-local/ready';

const SUFFIX: Record<string, MetadataKind> = {
  '': 'container',
  '/task': 'task',
  '/taskWithTags': 'taskWithTags',
  '/stats': 'containerStats',
  '/task/stats': 'taskStats',
};

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The route of a GET to `path` (without the query), or undefined (404 `404 page not found`). */
export function routeOf(path: string, query: URLSearchParams): Route | undefined {
  if (path === READY_PATH) return { kind: 'ready' };
  if (path.startsWith('/v2/credentials/')) return { kind: 'credentials', version: 2, id: decode(path.slice('/v2/credentials/'.length)) };
  if (path === '/v1/credentials') return { kind: 'credentials', version: 1, id: query.get('id') ?? '' };
  const m = /^\/v([34])\/([^/]*)(\/task|\/taskWithTags|\/stats|\/task\/stats)?$/.exec(path);
  if (!m) return undefined;
  const kind = SUFFIX[m[3] ?? ''];
  if (kind === undefined) return undefined;
  return { kind, version: m[1] === '3' ? 3 : 4, id: decode(m[2] ?? '') };
}
