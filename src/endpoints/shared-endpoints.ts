/**
 * The engine's endpoints container and network (shared-container.ts), made present once per
 * process and engine, and this process's relay agent in it, kept while any of its tasks runs.
 * Another ecs-local process (another run, a detached task's supervisor) finds the same container
 * and runs an agent of its own. The container outlives every run; `ecs-local down` removes it.
 */
import { ensureBusyboxImage } from '../docker/busybox-image.js';
import { DockerApiError, type ContainerEngine } from '../docker/container-engine.js';
import { removeHolders } from '../runtime/namespace-pool.js';
import { RelayAgent, type RelayRoute } from './relay.js';
import {
  ENDPOINTS_CONTAINER,
  ENDPOINTS_LABEL,
  ENDPOINTS_NETWORK,
  ENDPOINTS_PROTOCOL,
  endpointsContainerOptions,
  endpointsNetworkSpec,
} from './shared-container.js';

const made = new WeakMap<ContainerEngine, Promise<string>>();
const agents = new WeakMap<ContainerEngine, { agent: RelayAgent; users: number }>();

function status(err: unknown): number | undefined {
  return err instanceof DockerApiError ? err.statusCode : undefined;
}

/**
 * The endpoints container, running, on its network: made (or replaced, where another version of
 * ecs-local made them) as needed, once per process and engine (again after a failure).
 */
export function endpointsContainer(engine: ContainerEngine, image: string): Promise<string> {
  let container = made.get(engine);
  if (container === undefined) {
    container = ensureEndpoints(engine, image);
    made.set(engine, container);
    container.catch(() => made.delete(engine));
  }
  return container;
}

/**
 * The network every namespace owner of a task joins before it starts (`ecs-local-endpoints`),
 * once the endpoints container is on it.
 */
export async function endpointsNetwork(engine: ContainerEngine, image: string): Promise<string> {
  await endpointsContainer(engine, image);
  return ENDPOINTS_NETWORK;
}

async function ensureEndpoints(engine: ContainerEngine, image: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    let found = await engine.inspectRaw(ENDPOINTS_CONTAINER).catch((err: unknown) => {
      if (status(err) === 404) return undefined;
      throw err;
    });
    if (found !== undefined && found.Config?.Labels?.[ENDPOINTS_LABEL] !== ENDPOINTS_PROTOCOL) {
      await engine.remove(found.Id, { force: true });
      found = undefined;
    }
    try {
      // Ours, so on our network, which cannot go while a container is on it: the usual case, one call.
      if (found !== undefined) {
        if (found.State.Running === true) return found.Id;
        const started = await engine.start(found.Id).then(
          () => true,
          // A stopped one that cannot start again (its network removed by `docker network prune`,
          // an engine's state left from before a crash): replaced, as one of another version is.
          async (err: unknown) => {
            if (!(err instanceof DockerApiError) || attempt > 0) throw err;
            await engine.remove(found.Id, { force: true });
            return false;
          },
        );
        if (started) return found.Id;
      }
      const network = (await engine.listNetworks({ [ENDPOINTS_LABEL]: '' })).find((n) => n.name === ENDPOINTS_NETWORK);
      if (network !== undefined && network.labels[ENDPOINTS_LABEL] !== ENDPOINTS_PROTOCOL) {
        // The pool's namespace holders are on it: they go with it.
        await removeHolders(engine);
        await engine.removeNetwork(network.id);
      }
      if (network === undefined || network.labels[ENDPOINTS_LABEL] !== ENDPOINTS_PROTOCOL) {
        // 409: made meanwhile by another process.
        await engine.createNetwork(endpointsNetworkSpec(engine.profile.kind)).catch((err: unknown) => {
          if (status(err) !== 409) throw err;
        });
      }
      await ensureBusyboxImage(engine, image);
      const id = await engine.createContainer(endpointsContainerOptions(image));
      await engine.start(id);
      return id;
    } catch (err) {
      // Made (or removed) meanwhile by another process: look again.
      if (attempt >= 3 || (status(err) !== 409 && status(err) !== 404)) throw err;
    }
  }
}

/** A hold on this process's relay agent: routes for one task; the agent ends after its last hold. */
export interface RelayHold {
  /** Makes sure 169.254.170.2 listens on each of `ports`, before the task's containers start. */
  listen(ports: Iterable<number>): Promise<void>;
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
      made.delete(engine);
    });
  }
  const user = held;
  user.users++;
  const routes: RelayRoute[] = [];
  let released = false;
  return {
    listen: (ports) => user.agent.listen(ports),
    route: async (ip, ports) => {
      const route = await user.agent.route(ip, ports);
      routes.push(route);
      return route;
    },
    release: () => {
      if (released) return;
      released = true;
      for (const route of routes) void route.close().catch(() => undefined);
      if (--user.users === 0) {
        if (agents.get(engine) === user) agents.delete(engine);
        user.agent.close();
      }
    },
  };
}
