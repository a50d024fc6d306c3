/**
 * Sets up a task's way to 169.254.170.2 in Docker (see sidecar.ts for the design): the forwarder,
 * bridge containers' namespace holders, and the route in every namespace of the task, waiting until
 * the endpoint answers through it. Every container made here is handed to `track`, so the task's
 * cleanup removes it, also when this fails halfway.
 */
import type { ContainerCreateOptions } from '../docker/types.js';
import type { TaskSpec } from '../container/spec.js';
import { ensureBusyboxImage } from '../docker/busybox-image.js';
import type { AttachedContainer, ContainerEngine } from '../docker/container-engine.js';
import { TaskFailedToStartError } from '../errors.js';
import { holderCreateOptions, pauseCreateOptions } from '../runtime/network.js';
import type { AttachedSidecars, SidecarContext } from '../runtime/task-runner.js';
import { relayRequests, type Relay } from './relay.js';
import {
  FORWARDER_READY_LINE,
  forwarderAddressLine,
  forwardsLine,
  ROUTE_READY_LINE,
  routeCreateOptions,
  routedHolderOptions,
  routesInPause,
  sidecarCreateOptions,
  type Forward,
} from './sidecar.js';
import { ENDPOINT_IP } from './task-env.js';

export interface AttachOptions {
  engine: ContainerEngine;
  /** Where the task's endpoint listens on this host (for messages). */
  hostAddress: string;
  /** Whether the forwarder relays over the Engine API (server.ts `relayed`) instead of connecting to `hostAddress`. */
  relayed: boolean;
  /**
   * Opens the host side and gives the ports the forwarder relays from 169.254.170.2 to this host:
   * port 80 to the task's port on the endpoint server, and any more (e.g. a `vault serve` for the
   * task's SDK calls). Called once the containers made here are starting, so that its work
   * overlaps Docker's.
   */
  forwards: () => Promise<readonly Forward[]>;
  /** The busybox image the forwarder and the routed namespaces run (`ecs-local/endpoint-proxy:<version>`). */
  proxyImage: string;
  /** How long the task waits for its endpoint to answer; default 15 s. */
  readyTimeoutSeconds?: number;
  /**
   * Told of the relay of a forwarder on an engine whose host is not this machine (it relays over
   * the Engine API, see relay.ts), to close with the task.
   */
  onRelay?: (relay: Relay) => void;
}

const DEFAULT_READY_TIMEOUT_SECONDS = 15;

const checking = new WeakMap<ContainerEngine, Map<string, Promise<string>>>();

/** The proxy image, made present once however many ask at the same time (the pause container and the sidecars). */
function proxyImage(engine: ContainerEngine, tag: string): Promise<string> {
  let inFlight = checking.get(engine);
  if (inFlight === undefined) checking.set(engine, (inFlight = new Map()));
  const known = inFlight.get(tag);
  if (known !== undefined) return known;
  const ensured = ensureBusyboxImage(engine, tag).finally(() => inFlight.delete(tag));
  inFlight.set(tag, ensured);
  return ensured;
}

/** Tries of the endpoint, 0.1 s apart, within the timeout. */
function attemptsOf(timeoutSeconds: number): number {
  return timeoutSeconds * 10;
}

/**
 * The pause container of an awsvpc task that routes its namespace itself (see `routesInPause`);
 * undefined where the pause binary holds it.
 */
export async function routedPauseOptions(
  task: TaskSpec,
  o: Pick<AttachOptions, 'engine' | 'proxyImage' | 'readyTimeoutSeconds'>,
): Promise<ContainerCreateOptions | undefined> {
  if (!routesInPause(task)) return undefined;
  const image = await proxyImage(o.engine, o.proxyImage);
  return routedHolderOptions(pauseCreateOptions(task, image), image, attemptsOf(o.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS));
}

export async function attachEndpoints(task: TaskSpec, ctx: SidecarContext, o: AttachOptions): Promise<AttachedSidecars> {
  const { engine } = o;
  const image = await proxyImage(engine, o.proxyImage);
  const timeoutSeconds = o.readyTimeoutSeconds ?? DEFAULT_READY_TIMEOUT_SECONDS;
  const attempts = attemptsOf(timeoutSeconds);
  // Everything starts as soon as what it needs runs: the forwarder and the namespaces at once (a
  // holder after the holders it links to), and the host side while they start. The forwarder is
  // handed its ports, then each namespace the forwarder's address, and routes itself.
  const creations: Promise<string>[] = [];
  const launch = (options: ContainerCreateOptions): Promise<string> => {
    const created = engine.createContainer(options).then((id) => {
      ctx.track(id);
      return id;
    });
    creations.push(created);
    return created.then(async (id) => {
      await engine.start(id);
      return id;
    });
  };
  // [INF] An engine whose host is not this machine (tcp://, ssh://, a Desktop VM), or a bridge with
  // no address of this host, cannot reach the server: the forwarder relays over the attach stream.
  const relaying = o.relayed;
  const forwarder = launch(
    sidecarCreateOptions(task, image, relaying ? 'relay' : { alias: engine.profile.hostAlias, hostGateway: engine.profile.hostGateway }),
  );

  /** Each namespace's routing container (started with the route script), waiting for the address. */
  const routing: Promise<string>[] = [];
  const holders = new Map<string, string>();
  if (task.networkMode === 'awsvpc') {
    routing.push(
      (async () => {
        const pauseId = await ctx.pause;
        if (pauseId === undefined) throw new Error('awsvpc task without its pause container');
        if (routesInPause(task)) return pauseId;
        // The pause binary holds the namespace: a one-shot helper joins it to route it.
        return launch(routeCreateOptions(task, image, pauseId, 0, attempts));
      })(),
    );
  } else if (task.networkMode === 'bridge') {
    const holderOf = new Map<string, Promise<string>>();
    for (const container of linkOrder(task)) {
      if (container.create.NetworkDisabled === true) continue;
      const targets = linkTargets(task, container).flatMap((name) => holderOf.get(name) ?? []);
      const options = routedHolderOptions(holderCreateOptions(task, container, image), image, attempts);
      const holder = (targets.length === 0 ? launch(options) : Promise.all(targets).then(() => launch(options))).then((id) => {
        holders.set(container.name, id);
        return id;
      });
      holderOf.set(container.name, holder);
      routing.push(holder);
    }
  }

  const forwards = (async () => {
    // Not opened if a container could not be made; opened once their start requests are out.
    await Promise.all([...creations]);
    await new Promise((resolve) => setImmediate(resolve));
    return o.forwards();
  })();
  let hostPort: number | undefined;
  const unreachable = async (id: string, outcome: Exclude<Handover, 'ready'>): Promise<TaskFailedToStartError> => {
    const logs = outcome === 'timeout' ? '' : await engine.logs(id, false).then(readAll, () => '');
    const detail = outcome === 'timeout' ? `no answer within ${timeoutSeconds} s` : `exit ${outcome.exitCode}${logs ? `: ${lastLine(logs)}` : ''}`;
    const why = relaying
      ? `Its forwarder relays over ${engine.profile.name}'s attach stream, which ended or stayed silent.`
      : `A firewall may keep containers from reaching this host on ${o.hostAddress}:${hostPort ?? '?'}; ECS_LOCAL_ENDPOINT_BIND sets the address to listen on.`;
    return new TaskFailedToStartError(`ecs-local could not reach the task's credentials and metadata endpoint at ${ENDPOINT_IP} (${detail}). ${why}`);
  };
  const forwarderIp = (async (): Promise<string> => {
    const [id, ports] = await Promise.all([forwarder, forwards]);
    hostPort = ports.find((f) => f.listenPort === 80)?.hostPort;
    const keep = relaying
      ? (attached: AttachedContainer) => o.onRelay?.(relayRequests(attached, new Map(ports.map((f) => [f.listenPort, f.hostPort]))))
      : undefined;
    const outcome = await handOver(engine, id, forwardsLine(ports), FORWARDER_READY_LINE, timeoutSeconds, keep);
    if (outcome !== 'ready') throw await unreachable(id, outcome);
    return bridgeAddress(engine, id);
  })();
  const ready = routing.map(async (routed) => {
    const [id, ip] = await Promise.all([routed, forwarderIp]);
    const outcome = await handOver(engine, id, forwarderAddressLine(ip), ROUTE_READY_LINE, timeoutSeconds);
    if (outcome !== 'ready') throw await unreachable(id, outcome);
  });
  // Everything is let finish before a failure is thrown, so that nothing is created (or opened)
  // after the task's cleanup ran.
  const settled = await Promise.allSettled([forwarder, forwards, forwarderIp, ...routing, ...ready]);
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return { namespaceOf: (name) => holders.get(name) };
}

type Handover = 'ready' | 'timeout' | { exitCode: number };

/**
 * Writes `line` to the stdin of a container waiting for it and follows the container's output until
 * it prints `readyLine`, or exits (then with its exit code). The containers give up on their own;
 * the deadline covers a host that drops packets (each try hangs).
 */
async function handOver(
  engine: ContainerEngine,
  id: string,
  line: string,
  readyLine: string,
  timeoutSeconds: number,
  /** Takes the attach over once the container is ready (instead of detaching). */
  keep?: (attached: AttachedContainer) => void,
): Promise<Handover> {
  let kept = false;
  const done = new AbortController();
  const deadline = setTimeout(() => done.abort(), (timeoutSeconds + 5) * 1000);
  // Its exit, watched apart from its output: Docker keeps an attach to an exited container open.
  const exit = engine.wait(id, done.signal).then(
    (exitCode): Handover => ({ exitCode }),
    (): Handover => 'timeout',
  );
  const attaching = engine.attach(id);
  try {
    const attached = await Promise.race([
      attaching.catch(async (err: unknown) => {
        // Refused for a container that has exited (some Docker versions): report its exit.
        if ((await engine.inspect(id).catch(() => undefined))?.state.running !== false) throw err;
        return exit;
      }),
      exit,
    ]);
    if (typeof attached === 'string' || 'exitCode' in attached) return attached;
    attached.write(line);
    const ready = says(attached.output, readyLine).then((yes): Handover | undefined => (yes ? 'ready' : undefined));
    // Output that ends without the line: the container is exiting.
    const outcome = (await Promise.race([ready, exit])) ?? (await exit);
    if (outcome === 'ready' && keep !== undefined) {
      kept = true;
      keep(attached);
    }
    return outcome;
  } finally {
    clearTimeout(deadline);
    done.abort();
    // Detached however it ended (also when the attach is answered only now), unless taken over.
    attaching.then(
      (attached) => {
        if (!kept) attached.close();
      },
      () => undefined,
    );
  }
}

/** Whether `output` has the line `line` before it ends. */
function says(output: NodeJS.ReadableStream, line: string): Promise<boolean> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      if (!text.split('\n').slice(0, -1).includes(line)) return;
      // Heard: what follows (a relay's traffic) is not kept here.
      output.off('data', onData);
      resolve(true);
    };
    output.on('data', onData);
    output.once('end', () => resolve(false));
  });
}

/** The forwarder's address on Docker's bridge. */
async function bridgeAddress(engine: ContainerEngine, id: string): Promise<string> {
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
