/**
 * What a user opens in a browser: the host addresses a container's ports are published at, as
 * `app: http://localhost:32768 -> 8080` (compose prints the same pairs in `docker compose ps`). Pure.
 */
import type { PortSpec } from '../container/spec.js';
import type { PublishedPort } from '../docker/container-engine.js';

/**
 * One line per port of `ports` the engine published (`published`, from an inspect of the container
 * or of its namespace owner), in definition order; in `host` mode the container's ports are the
 * host's. [INF] tcp ports read as http URLs, the commonest case; udp ones as `udp host:port`. A
 * wildcard host address reads as `engineHost`: `localhost` for a local engine, the engine's host for
 * a remote one (EngineProfile.publishedHost).
 */
export function publishedPortLines(
  container: string,
  ports: readonly PortSpec[],
  published: readonly PublishedPort[],
  hostMode: boolean,
  engineHost = 'localhost',
): string[] {
  return ports.flatMap((p) => {
    const hostPort = hostMode ? p.containerPort : published.find((x) => x.containerPort === p.containerPort && x.protocol === p.protocol && !x.hostIp.includes(':'))?.hostPort;
    if (hostPort === undefined) return [];
    const hostIp = hostMode ? '' : (published.find((x) => x.containerPort === p.containerPort && x.protocol === p.protocol)?.hostIp ?? '');
    const host = hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::' ? engineHost : hostIp;
    const where = p.protocol === 'tcp' ? `http://${host}:${hostPort}` : `udp ${host}:${hostPort}`;
    return [`${container}: ${where} -> ${p.containerPort}`];
  });
}
