/**
 * The host side of the endpoints: one request handler per ecs-local process, and one port per task.
 * A task's connections are replayed to its own port only, so the port alone says which task is asking, and
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
  /** The host port the task's connections are replayed to. */
  port: number;
  /** Stops answering for the task (closes its port and its open connections). */
  close(): Promise<void>;
}

export interface EndpointServer {
  /** The address every task port listens on. */
  readonly address: string;
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

export async function startEndpointServer(address: string): Promise<EndpointServer> {
  const tasks = new Map<number, EndpointTask>();
  const handler = endpointHandler((port) => tasks.get(port));
  return {
    address,
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

/** One server per engine the process drives (one process may drive several, e.g. the test suite). */
const shared = new Map<string, Promise<EndpointServer>>();

/**
 * The process's endpoint server for `engine`. [INF] It listens on 127.0.0.1 only: nothing of
 * ecs-local listens where a container could connect. Containers reach it through the engine's
 * endpoints container, whose relay agent this process runs over the Engine API (relay.ts): one path
 * for every engine, local or remote, rootful or rootless, and a Desktop VM.
 */
export function sharedEndpointServer(engine: ContainerEngine): Promise<EndpointServer> {
  const key = engine.endpoint;
  let server = shared.get(key);
  if (server === undefined) {
    server = startEndpointServer(LOOPBACK);
    shared.set(key, server);
    server.catch(() => shared.delete(key));
  }
  return server;
}
