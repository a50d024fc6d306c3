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
import { holderCreateOptions, ownsNamespace } from '../runtime/network.js';
import type { AttachedSidecars, SidecarContext } from '../runtime/task-runner.js';
import { ENDPOINTS_NETWORK } from './shared-container.js';
import { endpointsNetwork, holdRelay, type RelayHold } from './shared-endpoints.js';
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
  /** Told of the task's hold on the relay (its routes), to release with the task. */
  onHold: (hold: RelayHold) => void;
}

/** The network a namespace owner joins before it starts. */
export function ownerNetwork(engine: ContainerEngine, proxyImage: string): Promise<string> {
  return endpointsNetwork(engine, proxyImage);
}

export async function attachEndpoints(task: TaskSpec, ctx: SidecarContext, o: AttachOptions): Promise<AttachedSidecars> {
  try {
    return await attach(task, ctx, o);
  } catch (reason) {
    if (reason instanceof TaskFailedToStartError) throw reason;
    const detail = reason instanceof Error ? reason.message : String(reason);
    throw new TaskFailedToStartError(`ecs-local could not set up the task's credentials and metadata endpoint at ${ENDPOINT_IP}: ${detail}`, { cause: reason });
  }
}

async function attach(task: TaskSpec, ctx: SidecarContext, o: AttachOptions): Promise<AttachedSidecars> {
  const { engine } = o;
  const forwards = o.forwards();
  // The relay agent starts while the task's namespaces are made.
  const holding = holdRelay(engine, o.proxyImage).then((hold) => {
    o.onHold(hold);
    return hold;
  });
  const portsOf = async (): Promise<Map<number, number>> => new Map((await forwards).map((f) => [f.listenPort, f.hostPort]));
  const route = async (id: string): Promise<void> => {
    const [hold, ip, ports] = await Promise.all([holding, endpointsAddress(engine, id), portsOf()]);
    // Exited already (the engine takes its addresses back): it will call nothing.
    if (ip !== undefined) await hold.route(ip, ports);
  };
  if (ownsNamespace(task)) {
    // Its one container joins the network between its create and its start, and is routed once it
    // runs: a call it makes before that waits for the route (shared-container.ts CONNECTION_SCRIPT).
    const [network] = await Promise.all([endpointsNetwork(engine, o.proxyImage), forwards, holding]);
    return { ownNamespace: { join: (id) => engine.connectNetwork(network, id), started: route } };
  }
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
    const [image, network] = await Promise.all([ensurePauseImage(engine), endpointsNetwork(engine, o.proxyImage)]);
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
  // Everything is let finish before a failure is thrown, so that nothing is created (or opened)
  // after the task's cleanup ran.
  const settled = await Promise.allSettled([forwards, holding, ...owners, ...owners.map(async (owner) => route(await owner))]);
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return { namespaceOf: (name) => holders.get(name) };
}

/** The namespace owner's address on the endpoints network; undefined once it has exited. */
async function endpointsAddress(engine: ContainerEngine, id: string): Promise<string | undefined> {
  const info = await engine.inspectRaw(id);
  const ip = info.NetworkSettings?.Networks?.[ENDPOINTS_NETWORK]?.IPAddress;
  if (ip) return ip;
  if (info.State.Running !== true) return undefined;
  throw new Error(`the container ${id.slice(0, 12)} has no address on the ${ENDPOINTS_NETWORK} network`);
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
