/**
 * Sets up a task's way to 169.254.170.2 in Docker (see sidecar.ts for the design): the forwarder,
 * bridge containers' namespace holders, and the route in every namespace of the task, waiting until
 * the endpoint answers through it. Every container made here is handed to `track`, so the task's
 * cleanup removes it, also when this fails halfway.
 */
import type { TaskSpec } from '../container/spec.js';
import { ensureBusyboxImage } from '../docker/busybox-image.js';
import type { DockerEngine } from '../docker/engine.js';
import { ensurePauseImage } from '../docker/pause-image.js';
import { TaskFailedToStartError } from '../errors.js';
import { holderCreateOptions } from '../runtime/network.js';
import type { AttachedSidecars, SidecarContext } from '../runtime/task-runner.js';
import { routeCreateOptions, sidecarCreateOptions, type Forward } from './sidecar.js';
import { ENDPOINT_IP } from './task-env.js';

export interface AttachOptions {
  engine: DockerEngine;
  /** Where the task's endpoint listens on this host (for messages). */
  hostAddress: string;
  /** The task's port on the endpoint server. */
  hostPort: number;
  /** More ports relayed from 169.254.170.2 to the host (e.g. a `vault serve` for the task's SDK calls). */
  extraForwards?: readonly Forward[];
  /** The busybox image the forwarder and the route helpers run (`ecs-local/endpoint-proxy:<version>`). */
  proxyImage: string;
  /** How long the task waits for its endpoint to answer; default 15 s. */
  readyTimeoutSeconds?: number;
}

export async function attachEndpoints(task: TaskSpec, ctx: SidecarContext, o: AttachOptions): Promise<AttachedSidecars> {
  const { engine } = o;
  if (task.networkMode === 'awsvpc' && ctx.pauseId === undefined) throw new Error('awsvpc task without its pause container');
  const image = await ensureBusyboxImage(engine, o.proxyImage);
  const forwards: Forward[] = [{ listenPort: 80, hostPort: o.hostPort }, ...(o.extraForwards ?? [])];
  // Each step starts as soon as what it needs runs: the forwarder and the namespace holders at once
  // (a holder after the holders it links to), each namespace's route once its holder and the
  // forwarder run.
  const forwarderIp = (async (): Promise<string> => {
    const sidecarId = await engine.createContainer(sidecarCreateOptions(task, image, forwards));
    ctx.track(sidecarId);
    await engine.start(sidecarId);
    return bridgeAddress(engine, sidecarId);
  })();

  // The namespaces the task's containers live in.
  const holders = new Map<string, string>();
  const namespaces: Promise<string>[] = [];
  if (task.networkMode === 'awsvpc' && ctx.pauseId !== undefined) {
    namespaces.push(Promise.resolve(ctx.pauseId));
  } else if (task.networkMode === 'bridge') {
    let pauseImage: Promise<string> | undefined;
    const holderOf = new Map<string, Promise<string>>();
    for (const container of linkOrder(task)) {
      if (container.create.NetworkDisabled === true) continue;
      const targets = linkTargets(task, container).flatMap((name) => holderOf.get(name) ?? []);
      const holder = (async (): Promise<string> => {
        await Promise.all(targets);
        const id = await engine.createContainer(holderCreateOptions(task, container, await (pauseImage ??= ensurePauseImage(engine))));
        ctx.track(id);
        await engine.start(id);
        holders.set(container.name, id);
        return id;
      })();
      holderOf.set(container.name, holder);
      namespaces.push(holder);
    }
  }

  const timeoutSeconds = o.readyTimeoutSeconds ?? 15;
  const routes = namespaces.map(async (holder, index) => {
    const [namespace, ip] = await Promise.all([holder, forwarderIp]);
    const id = await engine.createContainer(routeCreateOptions(task, image, namespace, ip, index, timeoutSeconds * 10));
    ctx.track(id);
    await engine.start(id);
    // The helper gives up on its own; the deadline covers a host that drops packets (each try hangs).
    const deadline = AbortSignal.timeout((timeoutSeconds + 5) * 1000);
    const code = await engine.wait(id, deadline).catch((err: unknown) => {
      if (deadline.aborted) return undefined;
      throw err;
    });
    if (code !== 0) {
      const logs = code === undefined ? '' : await engine.logs(id, false).then(readAll, () => '');
      const detail = code === undefined ? `no answer within ${timeoutSeconds} s` : `exit ${code}${logs ? `: ${lastLine(logs)}` : ''}`;
      throw new TaskFailedToStartError(
        `ecs-local could not reach the task's credentials and metadata endpoint at ${ENDPOINT_IP} (${detail}). A firewall may keep containers from reaching this host on ${o.hostAddress}:${o.hostPort}; ECS_LOCAL_ENDPOINT_BIND sets the address to listen on.`,
      );
    }
    await engine.remove(id, { force: true });
  });
  // Everything is let finish before a failure is thrown, so that nothing is created after the
  // task's cleanup ran.
  const settled = await Promise.allSettled([forwarderIp, ...namespaces, ...routes]);
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return { namespaceOf: (name) => holders.get(name) };
}

/** The forwarder's address on Docker's bridge. */
async function bridgeAddress(engine: DockerEngine, id: string): Promise<string> {
  const info = await engine.inspectRaw(id);
  const networks = info.NetworkSettings?.Networks ?? {};
  const ip = networks.bridge?.IPAddress || Object.values(networks)[0]?.IPAddress;
  if (!ip) throw new Error(`the endpoint forwarder ${id.slice(0, 12)} has no bridge address`);
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

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

async function readAll(logs: { stdout: NodeJS.ReadableStream; stderr: NodeJS.ReadableStream }): Promise<string> {
  const read = async (s: NodeJS.ReadableStream): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
    return Buffer.concat(chunks).toString('utf8');
  };
  const [out, err] = await Promise.all([read(logs.stdout), read(logs.stderr)]);
  return `${out}${err}`;
}
