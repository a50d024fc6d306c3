/**
 * The host side of the endpoints: one request handler per ecs-local process, and one port per task.
 * A task's forwarder connects to its own port only, so the port alone says which task is asking, and
 * ids are looked up among that task's ids only. Plain node:http, with no framework to load before the
 * task can start: every answer is a status, the agent's content type as is, and a body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { ContainerEngine } from '../docker/container-engine.js';
import { answer, NOT_FOUND, type EndpointTask, type Reply } from './answer.js';
import { bindCandidates, LOOPBACK } from './bind-address.js';
import { routeOf } from './routes.js';

export interface TaskListener {
  /** The host port the task's forwarder connects to. */
  port: number;
  /** Stops answering for the task (closes its port and its open connections). */
  close(): Promise<void>;
}

export interface EndpointServer {
  /** The address every task port listens on. */
  readonly address: string;
  /**
   * Whether containers cannot reach `address` and their forwarders relay over the Engine API
   * instead (relay.ts): an engine whose host is not this machine, or a bridge with no address of
   * this host to listen on.
   */
  readonly relayed: boolean;
  open(task: EndpointTask): Promise<TaskListener>;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

function send(res: ServerResponse, r: Reply): void {
  const body = Buffer.from(r.body, 'utf8');
  res.statusCode = r.status;
  res.setHeader('Content-Type', r.contentType);
  res.setHeader('Content-Length', String(body.length));
  res.end(body);
}

/** Answers a request on a task's port: the port says which task asks. */
function endpointHandler(taskOf: (localPort: number) => EndpointTask | undefined): RequestHandler {
  return (req, res) => {
    const fail = (): void => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.statusCode = 500;
      res.end();
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, NOT_FOUND);
        return;
      }
      const url = URL.parse(req.url ?? '/', 'http://endpoint');
      // A request target that is no URL matches no route.
      const route = url === null ? undefined : routeOf(url.pathname, url.searchParams);
      if (route === undefined) {
        send(res, NOT_FOUND);
        return;
      }
      answer(taskOf(req.socket.localPort ?? 0), route).then((r) => send(res, r), fail);
    } catch {
      fail();
    }
  };
}

export async function startEndpointServer(address: string, relayed = false): Promise<EndpointServer> {
  const tasks = new Map<number, EndpointTask>();
  const handler = endpointHandler((port) => tasks.get(port));
  return {
    address,
    relayed,
    open: async (task) => {
      const server: Server = createServer(handler);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, address, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const { port } = server.address() as AddressInfo;
      tasks.set(port, task);
      return {
        port,
        close: () =>
          new Promise<void>((resolve) => {
            tasks.delete(port);
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      };
    },
  };
}

/** Whether this host can listen on `address` (binding fails for an address that is not the host's). */
function canListen(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createTcpServer();
    probe.once('error', () => resolve(false));
    probe.listen(0, address, () => probe.close(() => resolve(true)));
  });
}

/** The first candidate this host can listen on. */
export async function chooseBindAddress(candidates: readonly string[]): Promise<string> {
  for (const address of candidates) if (await canListen(address)) return address;
  return LOOPBACK;
}

/**
 * Where the server listens, and whether containers reach it there. [INF] A local engine's bridge
 * with no address of this host (Podman's network before its first container creates its bridge
 * interface; a rootless engine, whose bridge lives in its own namespace; an engine that would not
 * say) leaves only loopback, which containers cannot reach: their forwarders relay over the Engine
 * API then, as for a remote engine.
 */
async function placeServer(engine: ContainerEngine, override: string | undefined): Promise<{ address: string; relayed: boolean }> {
  if (override) return { address: override, relayed: false };
  if (engine.profile.remote) return { address: LOOPBACK, relayed: true };
  const bridge = await engine.networkAddresses(engine.profile.defaultNetwork).catch(() => undefined);
  const address = await chooseBindAddress(bindCandidates(bridge, networkInterfaces()));
  return { address, relayed: address === LOOPBACK };
}

/** One server per engine the process drives (one process may drive several, e.g. the test suite). */
const shared = new Map<string, Promise<EndpointServer>>();

/**
 * The process's endpoint server for `engine`, bound where its containers reach this host (see
 * bind-address.ts). `ECS_LOCAL_ENDPOINT_BIND` overrides the address (e.g. a firewall that only
 * lets docker0 reach one).
 */
export function sharedEndpointServer(engine: ContainerEngine, env: NodeJS.ProcessEnv = process.env): Promise<EndpointServer> {
  const override = env.ECS_LOCAL_ENDPOINT_BIND;
  const key = `${engine.endpoint} ${override ?? ''}`;
  let server = shared.get(key);
  if (server === undefined) {
    server = (async () => {
      // Relayed, the server is reached through ecs-local's own relay (relay.ts), which connects on
      // loopback: nothing listens where containers could reach it.
      const { address, relayed } = await placeServer(engine, override);
      return startEndpointServer(address, relayed);
    })();
    shared.set(key, server);
    server.catch(() => shared.delete(key));
  }
  return server;
}
