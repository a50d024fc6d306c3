/**
 * Sets up a task's way to 169.254.170.2 (see shared-container.ts for the design): each network
 * namespace the task has (the pause container's in awsvpc, each bridge container's own) joins the
 * engine's endpoints network before it starts, and its address there is routed to this process's
 * server for the task. No container of its own: nothing to remove with the task.
 */
import type { ContainerEngine } from '../docker/container-engine.js';
import type { TaskSpec } from '../container/spec.js';
import { TaskFailedToStartError } from '../errors.js';
import { ownsNamespace } from '../runtime/network.js';
import type { NamespaceHooks } from '../runtime/lifecycle.js';
import type { AttachedSidecars, SidecarContext } from '../runtime/task-runner.js';
import type { RelayRoute } from './relay.js';
import { ENDPOINTS_NETWORK, ENDPOINTS_SUBNET } from './shared-container.js';
import { endpointsNetwork, type RelayHold } from './shared-endpoints.js';
import type { Forward } from './sidecar.js';
import { ENDPOINT_IP } from './task-env.js';

export interface AttachOptions {
  engine: ContainerEngine;
  /**
   * Opens the host side and gives the ports relayed from 169.254.170.2 to this host: port 80 to
   * the task's port on the endpoint server, and any more (e.g. a `vault serve` for the task's SDK
   * calls). Called at once, so that its work overlaps Docker's.
   */
  forwards: () => Promise<readonly Forward[]>;
  /** The busybox image of the endpoints container (`ecs-local/endpoint-proxy:<version>`). */
  proxyImage: string;
  /**
   * The task's hold on the relay (its routes), taken by the caller as early as it can (the agent's
   * `exec` is the slowest step here) and released with the task.
   */
  hold: Promise<RelayHold>;
}

export async function attachEndpoints(task: TaskSpec, ctx: SidecarContext, o: AttachOptions): Promise<AttachedSidecars> {
  try {
    return await attach(task, ctx, o);
  } catch (reason) {
    if (reason instanceof TaskFailedToStartError) throw reason;
    const detail = reason instanceof Error ? reason.message : String(reason);
    // Podman refuses a subnet the host routes already: another engine's endpoints network there.
    const hint = /already used on the host/.test(detail)
      ? `another engine of this host (e.g. a rootful Podman beside a rootless one) has its ${ENDPOINTS_NETWORK} network (${ENDPOINTS_SUBNET}) on the host's routes; remove it there (\`docker network rm ${ENDPOINTS_NETWORK}\` after \`docker rm -f ${ENDPOINTS_NETWORK}\` with that engine's DOCKER_HOST, or \`ecs-local down --all\`)`
      : undefined;
    throw new TaskFailedToStartError(`ecs-local could not set up the task's credentials and metadata endpoint at ${ENDPOINT_IP}: ${detail}`, {
      cause: reason,
      ...(hint !== undefined ? { hint } : {}),
    });
  }
}

async function attach(task: TaskSpec, ctx: SidecarContext, o: AttachOptions): Promise<AttachedSidecars> {
  const { engine } = o;
  const forwards = o.forwards();
  const holding = o.hold;
  const route = async (id: string): Promise<RelayRoute | undefined> => {
    const [hold, ip, ports] = await Promise.all([holding, endpointsAddress(engine, id), forwards]);
    // Exited already (the engine takes its addresses back): it will call nothing.
    if (ip === undefined) return undefined;
    return hold.route(ip, new Map(ports.map((f) => [f.listenPort, f.hostPort])));
  };
  if (task.networkMode === 'awsvpc' && !ownsNamespace(task)) {
    // The pause container joined the network before it started: routed before any container starts.
    const routed = ctx.pause.then((id) => (id === undefined ? Promise.reject(new Error('awsvpc task without its pause container')) : route(id)));
    const settled = await Promise.allSettled([forwards, holding, routed]);
    const failure = settled.find((r) => r.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    // A pooled holder keeps its address for the next task: its route goes first (acknowledged).
    return { release: async () => (await routed)?.close() };
  }
  // Each container that owns its namespace (a bridge container, the one container of an awsvpc
  // task) joins the network between its create and its start, and is routed once it runs, again
  // after a restart: a call it makes before that waits for the route (CONNECTION_SCRIPT).
  const [network, ports, hold] = await Promise.all([endpointsNetwork(engine, o.proxyImage), forwards, holding]);
  // Its listeners first: a container's call before it is routed waits for the route, but only a
  // listener can take the connection.
  await hold.listen(ports.map((f) => f.listenPort));
  const hooks = (): NamespaceHooks => {
    let last: RelayRoute | undefined;
    return {
      join: (id) => engine.connectNetwork(network, id),
      started: async (id) => {
        void last?.close();
        last = await route(id);
      },
    };
  };
  const byName = new Map(task.containers.filter((c) => c.create.NetworkDisabled !== true).map((c) => [c.name, hooks()]));
  return { ownNamespace: (name) => byName.get(name) };
}

/** The namespace owner's address on the endpoints network; undefined once it has exited. */
async function endpointsAddress(engine: ContainerEngine, id: string): Promise<string | undefined> {
  const info = await engine.inspectRaw(id);
  const ip = info.NetworkSettings?.Networks?.[ENDPOINTS_NETWORK]?.IPAddress;
  if (ip) return ip;
  if (info.State.Running !== true) return undefined;
  throw new Error(`the container ${id.slice(0, 12)} has no address on the ${ENDPOINTS_NETWORK} network`);
}
