/**
 * The engine's endpoints container and network (shared-container.ts), made present once per
 * process and engine, and this process's relay agent in it, kept while any of its tasks runs.
 * Another ecs-local process (another run, a detached task's supervisor) finds the same container
 * and runs an agent of its own. The container outlives every run; `ecs-local down` removes it.
 */
import { ensureBusyboxImage } from '../docker/busybox-image.js';
import { DockerApiError, type ContainerEngine } from '../docker/container-engine.js';
import { RelayAgent, type RelayRoute } from './relay.js';
import {
  ENDPOINTS_CONTAINER,
  ENDPOINTS_LABEL,
  ENDPOINTS_NETWORK,
  ENDPOINTS_PROTOCOL,
  endpointsContainerOptions,
  endpointsNetworkSpec,
} from './shared-container.js';

const networks = new WeakMap<ContainerEngine, Promise<string>>();
const containers = new WeakMap<ContainerEngine, Promise<string>>();
const agents = new WeakMap<ContainerEngine, { agent: RelayAgent; users: number }>();

function status(err: unknown): number | undefined {
  return err instanceof DockerApiError ? err.statusCode : undefined;
}

/** Once per process and engine, retried after a failure. */
function once(cache: WeakMap<ContainerEngine, Promise<string>>, engine: ContainerEngine, make: () => Promise<string>): Promise<string> {
  let made = cache.get(engine);
  if (made === undefined) {
    made = make();
    cache.set(engine, made);
    made.catch(() => cache.delete(engine));
  }
  return made;
}

/** The network every namespace owner of a task joins before it starts (`ecs-local-endpoints`). */
export function endpointsNetwork(engine: ContainerEngine): Promise<string> {
  return once(networks, engine, async () => {
    const found = await engine.listNetworks({ [ENDPOINTS_LABEL]: ENDPOINTS_PROTOCOL });
    if (found.some((n) => n.name === ENDPOINTS_NETWORK)) return ENDPOINTS_NETWORK;
    try {
      await engine.createNetwork(endpointsNetworkSpec(engine.profile.kind !== 'podman'));
    } catch (err) {
      // Made meanwhile by another process.
      if (status(err) !== 409) throw err;
    }
    return ENDPOINTS_NETWORK;
  });
}

/** The endpoints container, running; made (or replaced, when another version made it) as needed. */
export function endpointsContainer(engine: ContainerEngine, image: string): Promise<string> {
  return once(containers, engine, async () => {
    for (let attempt = 0; ; attempt++) {
      const found = await engine.inspectRaw(ENDPOINTS_CONTAINER).catch((err: unknown) => {
        if (status(err) === 404) return undefined;
        throw err;
      });
      if (found !== undefined && found.Config?.Labels?.[ENDPOINTS_LABEL] !== ENDPOINTS_PROTOCOL) {
        await engine.remove(found.Id, { force: true });
      } else if (found !== undefined) {
        if (found.State.Running !== true) await engine.start(found.Id);
        return found.Id;
      } else {
        await Promise.all([endpointsNetwork(engine), ensureBusyboxImage(engine, image)]);
        try {
          const id = await engine.createContainer(endpointsContainerOptions(image));
          await engine.start(id);
          return id;
        } catch (err) {
          // Made (or removed) meanwhile by another process: look again.
          if (attempt >= 3 || (status(err) !== 409 && status(err) !== 404)) throw err;
        }
      }
    }
  });
}

/** A hold on this process's relay agent: routes for one task; the agent ends after its last hold. */
export interface RelayHold {
  /** Routes connections from `ip` (a task's address on the endpoints network) on each port of `ports` (on 169.254.170.2) to this process's server on its port. */
  route(ip: string, ports: ReadonlyMap<number, number>): Promise<RelayRoute>;
  /** Closes the routes made through this hold, and lets the agent go if no other hold remains. */
  release(): void;
}

/**
 * Holds this process's relay agent in the engine's endpoints container (made present first),
 * starting it if no task of this process holds it yet.
 */
export async function holdRelay(engine: ContainerEngine, image: string): Promise<RelayHold> {
  const id = await endpointsContainer(engine, image);
  let held = agents.get(engine);
  if (held === undefined || !held.agent.alive) {
    const agent = new RelayAgent(engine, id);
    held = { agent, users: 0 };
    const mine = held;
    agents.set(engine, mine);
    void agent.done.then(() => {
      if (agents.get(engine) === mine) agents.delete(engine);
      // The container may be gone (`down --all`): look again next time.
      containers.delete(engine);
      networks.delete(engine);
    });
  }
  const user = held;
  user.users++;
  const routes: RelayRoute[] = [];
  let released = false;
  return {
    route: async (ip, ports) => {
      const route = await user.agent.route(ip, ports);
      routes.push(route);
      return route;
    },
    release: () => {
      if (released) return;
      released = true;
      for (const route of routes) route.close();
      if (--user.users === 0) {
        if (agents.get(engine) === user) agents.delete(engine);
        user.agent.close();
      }
    },
  };
}
