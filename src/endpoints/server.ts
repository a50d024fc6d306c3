/**
 * The host side of the endpoints: one express app per ecs-local process, and one port per task. A
 * task's forwarder connects to its own port only, so the port alone says which task is asking, and
 * ids are looked up among that task's ids only. Express is loaded only when a task needs it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { DockerEngine } from '../docker/engine.js';
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
  open(task: EndpointTask): Promise<TaskListener>;
}

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

async function endpointApp(taskOf: (localPort: number) => EndpointTask | undefined): Promise<RequestHandler> {
  const { default: express } = await import('express');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    const send = (r: Reply): void => {
      const body = Buffer.from(r.body, 'utf8');
      // Node's setHeader: express's set() and send() would add "; charset=utf-8" to the agent's content type.
      res.statusCode = r.status;
      res.setHeader('Content-Type', r.contentType);
      res.setHeader('Content-Length', String(body.length));
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(NOT_FOUND);
      return;
    }
    const url = new URL(req.originalUrl, 'http://endpoint');
    const route = routeOf(url.pathname, url.searchParams);
    if (route === undefined) {
      send(NOT_FOUND);
      return;
    }
    answer(taskOf(req.socket.localPort ?? 0), route).then(send, next);
  });
  return app as unknown as RequestHandler;
}

export async function startEndpointServer(address: string): Promise<EndpointServer> {
  const tasks = new Map<number, EndpointTask>();
  const app = await endpointApp((port) => tasks.get(port));
  return {
    address,
    open: async (task) => {
      const server: Server = createServer(app);
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

let shared: Promise<EndpointServer> | undefined;

/**
 * The process's endpoint server, bound where containers reach this host (see bind-address.ts).
 * `ECS_LOCAL_ENDPOINT_BIND` overrides the address (e.g. a firewall that only lets docker0 reach one).
 */
export function sharedEndpointServer(engine: DockerEngine, env: NodeJS.ProcessEnv = process.env): Promise<EndpointServer> {
  shared ??= (async () => {
    const override = env.ECS_LOCAL_ENDPOINT_BIND;
    const bridge = override ? undefined : await engine.networkAddresses('bridge').catch(() => undefined);
    return startEndpointServer(override || (await chooseBindAddress(bindCandidates(bridge, networkInterfaces()))));
  })();
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
