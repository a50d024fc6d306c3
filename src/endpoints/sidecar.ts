/**
 * What the endpoints container (shared-container.ts) is made from, and what it relays. Pure.
 */

export const ENDPOINT_PROXY_REPOSITORY = 'ecs-local/endpoint-proxy';

/** A port on 169.254.170.2 inside the task, relayed to a port of this process on 127.0.0.1. */
export interface Forward {
  /** Port on 169.254.170.2 inside the task. */
  listenPort: number;
  /** Port on 127.0.0.1 the connection is replayed to. */
  hostPort: number;
}

/** The busybox image of the endpoints container, tagged with ecs-local's version. */
export function endpointProxyImage(version: string): string {
  return `${ENDPOINT_PROXY_REPOSITORY}:${version}`;
}
