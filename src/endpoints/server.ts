/**
 * The host side of the endpoints: one request handler per ecs-local process, and one port per task.
 * A task's forwarder connects to its own port only, so the port alone says which task is asking, and
 * ids are looked up among that task's ids only. Plain node:http, with no framework to load before the
 * task can start: every answer is a status, the agent's content type as is, and a body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ContainerEngine } from '../docker/container-engine.js';
import { answer, NOT_FOUND, type EndpointTask, type Reply } from './answer.js';
import { routeOf } from './routes.js';

const LOOPBACK = '127.0.0.1';

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

/**
 * Where the server listens, and whether containers reach it there. [INF] By default nothing listens
 * where a container could connect: the server is on 127.0.0.1 and each task's forwarder relays its
 * connections over the Engine API stream ecs-local keeps attached to it (relay.ts). One path for
 * every engine (local or remote Docker, Podman before its bridge exists, rootless engines whose
 * bridge is in a namespace of their own, Desktop VMs), and no port on a bridge gateway that any
 * container on the bridge could try. It costs ~6 ms a request (a shell per connection in the
 * forwarder), nothing at start. `ECS_LOCAL_ENDPOINT_BIND` makes the forwarder connect to this host
 * directly instead, on the address given (where the engine's `host-gateway` reaches).
 */
function placeServer(override: string | undefined): { address: string; relayed: boolean } {
  return override ? { address: override, relayed: false } : { address: LOOPBACK, relayed: true };
}

/** One server per engine the process drives (one process may drive several, e.g. the test suite). */
const shared = new Map<string, Promise<EndpointServer>>();

/** The process's endpoint server for `engine` (see placeServer). */
export function sharedEndpointServer(engine: ContainerEngine, env: NodeJS.ProcessEnv = process.env): Promise<EndpointServer> {
  const override = env.ECS_LOCAL_ENDPOINT_BIND;
  const key = `${engine.endpoint} ${override ?? ''}`;
  let server = shared.get(key);
  if (server === undefined) {
    server = (async () => {
      // Relayed, the server is reached through ecs-local's own relay (relay.ts), which connects on
      // loopback: nothing listens where containers could reach it.
      const { address, relayed } = placeServer(override);
      return startEndpointServer(address, relayed);
    })();
    shared.set(key, server);
    server.catch(() => shared.delete(key));
  }
  return server;
}
