/**
 * Sets up a task's way to 169.254.170.2 (see shared-container.ts for the design): each namespace
 * the task has (the pause container's in awsvpc, each bridge container's holder) joins the
 * engine's endpoints network before it starts, and its address there is routed to this process's
 * server for the task. Every container made here is handed to `track`, so the task's cleanup
 * removes it, also when this fails halfway.
 */
import type { ContainerEngine } from '../docker/container-engine.js';
import { ensurePauseImage } from '../docker/pause-image.js';
import type { TaskSpec } from '../container/spec.js';
import { TaskFailedToStartError } from '../errors.js';
import { holderCreateOptions } from '../runtime/network.js';
import type { AttachedSidecars, SidecarContext } from '../runtime/task-runner.js';
import type { RelayRoute } from './relay.js';
import { ENDPOINTS_NETWORK } from './shared-container.js';
import { endpointsContainer, endpointsNetwork, routeTask } from './shared-endpoints.js';
import type { Forward } from './sidecar.js';
import { ENDPOINT_IP } from './task-env.js';

export interface AttachOptions {
  engine: ContainerEngine;
  /**
   * Opens the host side and gives the ports relayed from 169.254.170.2 to this host: port 80 to
   * the task's port on the endpoint server, and any more (e.g. a `vault serve` for the task's SDK
   * calls). Called once the containers made here are starting, so that its work overlaps Docker's.
   */
  forwards: () => Promise<readonly Forward[]>;
  /** The busybox image of the endpoints container (`ecs-local/endpoint-proxy:<version>`). */
  proxyImage: string;
  /** Told of each route made for the task, to close with the task. */
  onRoute: (route: RelayRoute) => void;
}

/**
 * The network a namespace owner joins before it starts; the endpoints container is made present
 * meanwhile (its start overlaps the task's).
 */
export function ownerNetwork(engine: ContainerEngine, proxyImage: string): Promise<string> {
  // Started now, awaited when the first address is routed.
  endpointsContainer(engine, proxyImage).catch(() => undefined);
  return endpointsNetwork(engine);
}

export async function attachEndpoints(task: TaskSpec, ctx: SidecarContext, o: AttachOptions): Promise<AttachedSidecars> {
  const { engine } = o;
  const holders = new Map<string, string>();
  const owners: Promise<string>[] = [];
  if (task.networkMode === 'awsvpc') {
    owners.push(
      ctx.pause.then((id) => {
        if (id === undefined) throw new Error('awsvpc task without its pause container');
        return id;
      }),
    );
  } else if (task.networkMode === 'bridge') {
    const [image, network] = await Promise.all([ensurePauseImage(engine), endpointsNetwork(engine)]);
    const holderOf = new Map<string, Promise<string>>();
    for (const container of linkOrder(task)) {
      if (container.create.NetworkDisabled === true) continue;
      const targets = linkTargets(task, container).flatMap((name) => holderOf.get(name) ?? []);
      const launch = async (): Promise<string> => {
        const id = await engine.createContainer(holderCreateOptions(task, container, image));
        ctx.track(id);
        await engine.connectNetwork(network, id);
        await engine.start(id);
        holders.set(container.name, id);
        return id;
      };
      const holder = targets.length === 0 ? launch() : Promise.all(targets).then(launch);
      holderOf.set(container.name, holder);
      owners.push(holder);
    }
  }
  const forwards = o.forwards();
  const routed = owners.map(async (owner) => {
    const [id, ports] = await Promise.all([owner, forwards]);
    const ip = await endpointsAddress(engine, id);
    o.onRoute(await routeTask(engine, o.proxyImage, ip, new Map(ports.map((f) => [f.listenPort, f.hostPort]))));
  });
  // Everything is let finish before a failure is thrown, so that nothing is created (or opened)
  // after the task's cleanup ran.
  const settled = await Promise.allSettled([forwards, ...owners, ...routed]);
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure !== undefined) {
    const reason: unknown = failure.reason;
    if (reason instanceof TaskFailedToStartError) throw reason;
    const detail = reason instanceof Error ? reason.message : String(reason);
    throw new TaskFailedToStartError(`ecs-local could not set up the task's credentials and metadata endpoint at ${ENDPOINT_IP}: ${detail}`, { cause: reason });
  }
  return { namespaceOf: (name) => holders.get(name) };
}

/** The namespace owner's address on the endpoints network. */
async function endpointsAddress(engine: ContainerEngine, id: string): Promise<string> {
  const info = await engine.inspectRaw(id);
  const ip = info.NetworkSettings?.Networks?.[ENDPOINTS_NETWORK]?.IPAddress;
  if (!ip) throw new Error(`the container ${id.slice(0, 12)} has no address on the ${ENDPOINTS_NETWORK} network`);
  return ip;
}

/** The names of the task's containers `container` links to. */
function linkTargets(task: TaskSpec, container: TaskSpec['containers'][number]): string[] {
  const byDockerName = new Map(task.containers.map((c) => [c.dockerName, c.name]));
  return ((container.create.HostConfig?.Links as string[] | undefined) ?? []).flatMap((link) => byDockerName.get(link.split(':')[0] ?? '') ?? []);
}

/** Containers ordered so that a container's link targets come first (their holders must run). */
function linkOrder(task: TaskSpec): TaskSpec['containers'] {
  const byDockerName = new Map(task.containers.map((c) => [c.dockerName, c]));
  const done = new Set<string>();
  const out: TaskSpec['containers'] = [];
  const visit = (c: TaskSpec['containers'][number], path: Set<string>): void => {
    if (done.has(c.name) || path.has(c.name)) return;
    path.add(c.name);
    for (const link of (c.create.HostConfig?.Links as string[] | undefined) ?? []) {
      const target = byDockerName.get(link.split(':')[0] ?? '');
      if (target !== undefined) visit(target, path);
    }
    done.add(c.name);
    out.push(c);
  };
  for (const c of task.containers) visit(c, new Set());
  return out;
}
