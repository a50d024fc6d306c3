/**
 * Networking per ECS network mode, as Docker create options. Pure.
 *
 * - awsvpc: a per-task pause container owns the network namespace (as the ECS agent's pause
 *   container does); it publishes every container's ports, and each task container joins it with
 *   `NetworkMode: container:<pause>`, so the containers share `localhost` as on Fargate.
 * - bridge: Docker's default bridge; links and dynamic host ports come from the container spec.
 * - host / none: Docker's modes of the same names.
 *
 * Task `pidMode`/`ipcMode` `task` also need a namespace owner: the same pause container.
 */
import type { ContainerCreateOptions, HostConfig } from '../docker/types.js';
import type { ContainerSpec, TaskSpec } from '../container/spec.js';
import { sanitizeDockerName } from '../container/names.js';
import { Label, objectLabels } from '../docker/labels.js';

/** Label holding the container's stopTimeout, so `ecs-local stop` can honour it from another process. */
export const STOP_TIMEOUT_LABEL = 'ecs-local.stop-timeout';

/**
 * Whether an awsvpc task's one container owns the task's network namespace itself. [INF] ECS
 * always starts a pause container; ecs-local leaves it out where nothing could tell: one container,
 * no task pid/ipc namespace, no restartPolicy (a restarted container could come back with another
 * address). It saves a container's create, start and removal on every run of such a task.
 */
export function ownsNamespace(task: TaskSpec): boolean {
  return (
    task.networkMode === 'awsvpc' &&
    task.pooledNamespace !== true &&
    task.containers.length === 1 &&
    task.pidMode !== 'task' &&
    task.ipcMode !== 'task' &&
    task.containers[0]?.restartPolicy === undefined
  );
}

/**
 * Whether an awsvpc task can run in a warm namespace of the engine's pool (namespace-pool.ts), which
 * serves the next task after it. [INF] Only where nothing of the task outlives it in the namespace
 * or could tell it from a fresh one: no port mappings (they would stay published while the holder
 * waits), no task pid/ipc namespace (the holder's processes), and no container that may change the
 * namespace itself (privileged, NET_ADMIN or ALL capabilities, `net.*` sysctls). Pure.
 */
export function poolableNamespace(task: TaskSpec): boolean {
  if (task.networkMode !== 'awsvpc' || task.pidMode === 'task' || task.ipcMode === 'task') return false;
  return task.containers.every((c) => {
    const host = c.create.HostConfig ?? {};
    const caps = host.CapAdd ?? [];
    const sysctls = Object.keys(host.Sysctls ?? {});
    return (
      c.ports.length === 0 &&
      host.Privileged !== true &&
      !caps.some((cap) => /^(CAP_)?(NET_ADMIN|ALL)$/i.test(cap)) &&
      !sysctls.some((k) => k.startsWith('net.'))
    );
  });
}

/** Whether the task needs a pause container (a holder of the pool, for a pooled namespace). */
export function needsPause(task: TaskSpec): boolean {
  return (task.networkMode === 'awsvpc' && !ownsNamespace(task)) || task.pidMode === 'task' || task.ipcMode === 'task';
}

/**
 * The pause container's name. Task definition container names cannot contain `.`, so this never
 * collides with a task container's `ecs-local-<family>-<taskId8>-<name>`.
 */
export function pauseContainerName(task: TaskSpec): string {
  return sanitizeDockerName(`ecs-local-${task.family}-${task.taskId.slice(0, 8)}.pause`);
}

export function pauseCreateOptions(task: TaskSpec, image: string): ContainerCreateOptions {
  const awsvpc = task.networkMode === 'awsvpc';
  const hostConfig: HostConfig = {
    // [INF] bridge stands in for the task ENI: outbound access, and ports published on the host.
    NetworkMode: awsvpc ? 'bridge' : 'none',
    PortBindings: awsvpc ? (task.networkNamespace?.PortBindings ?? {}) : {},
    // Other containers may join its IPC namespace only if it is shareable.
    IpcMode: task.ipcMode === 'task' ? 'shareable' : undefined,
    // The pause binary needs nothing: no capabilities, read-only root, tiny memory.
    CapDrop: ['ALL'],
    ReadonlyRootfs: true,
    AutoRemove: false,
  };
  return {
    name: pauseContainerName(task),
    Image: image,
    Labels: objectLabels(task.labels, 'pause'),
    ExposedPorts: awsvpc ? (task.networkNamespace?.ExposedPorts ?? {}) : {},
    HostConfig: hostConfig,
  };
}

// Docker refuses these with `NetworkMode: container:<id>`: the namespace owner has them.
const NAMESPACE_OWNED_CONFIG = ['Hostname', 'Domainname', 'ExposedPorts', 'MacAddress'] as const;
const NAMESPACE_OWNED_HOST_CONFIG = ['PortBindings', 'PublishAllPorts', 'Dns', 'DnsSearch', 'DnsOptions', 'ExtraHosts', 'Links'] as const;

/** The final create options of a task container: labels, and networking per the task's mode. */
export function containerCreateOptions(task: TaskSpec, container: ContainerSpec, pauseId: string | undefined): ContainerCreateOptions {
  const options: ContainerCreateOptions = { ...container.create };
  const hostConfig: HostConfig = { ...(container.create.HostConfig ?? {}) };
  options.name = container.dockerName;
  options.Labels = {
    ...(container.create.Labels ?? {}),
    ...objectLabels(task.labels, 'container', container.name),
    [STOP_TIMEOUT_LABEL]: String(container.stopTimeoutSeconds),
    ...(container.ports.length > 0 ? { [Label.ports]: container.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(',') } : {}),
  };
  if (task.networkMode === 'awsvpc' && pauseId === undefined && ownsNamespace(task)) {
    // The pause container's part: the bridge, and every port of the task.
    for (const key of NAMESPACE_OWNED_CONFIG) delete options[key];
    for (const key of NAMESPACE_OWNED_HOST_CONFIG) delete hostConfig[key];
    hostConfig.NetworkMode = 'bridge';
    hostConfig.PortBindings = task.networkNamespace?.PortBindings ?? {};
    options.ExposedPorts = task.networkNamespace?.ExposedPorts ?? {};
  } else if (task.networkMode === 'awsvpc') {
    if (pauseId === undefined) throw new Error('awsvpc task container created without its pause container');
    for (const key of NAMESPACE_OWNED_CONFIG) delete options[key];
    for (const key of NAMESPACE_OWNED_HOST_CONFIG) delete hostConfig[key];
    hostConfig.NetworkMode = `container:${pauseId}`;
  } else {
    hostConfig.NetworkMode = task.networkMode === 'bridge' ? 'bridge' : task.networkMode;
    if (task.networkMode !== 'bridge') delete hostConfig.Links;
    if (task.networkMode === 'host' || task.networkMode === 'none') {
      delete hostConfig.PortBindings;
      delete hostConfig.PublishAllPorts;
    }
    if (task.networkMode === 'none') delete options.ExposedPorts;
  }
  if (pauseId !== undefined && task.pidMode === 'task') hostConfig.PidMode = `container:${pauseId}`;
  if (pauseId !== undefined && task.ipcMode === 'task') hostConfig.IpcMode = `container:${pauseId}`;
  options.HostConfig = hostConfig;
  return options;
}

/**
 * Docker's legacy links as hosts entries, for an engine that refuses `Links` (Podman): each
 * `target:alias` becomes `alias:<target's address>` and `target:<address>`, as Docker's own hosts
 * entry names both. [INF] The link variables (`<ALIAS>_PORT_…`) are not made. Pure.
 */
export function linksAsHosts(options: ContainerCreateOptions, addressOf: (dockerName: string) => string | undefined): ContainerCreateOptions {
  const links = options.HostConfig?.Links as string[] | undefined;
  if (links === undefined || links.length === 0) return options;
  const hosts: string[] = [];
  for (const link of links) {
    const colon = link.indexOf(':');
    const target = colon < 0 ? link : link.slice(0, colon);
    const alias = colon < 0 ? link : link.slice(colon + 1);
    const ip = addressOf(target);
    if (ip === undefined) continue;
    hosts.push(`${alias}:${ip}`);
    if (alias !== target) hosts.push(`${target}:${ip}`);
  }
  const { Links: _links, ...hostConfig } = options.HostConfig ?? {};
  return { ...options, HostConfig: { ...hostConfig, ExtraHosts: [...((hostConfig.ExtraHosts as string[] | undefined) ?? []), ...hosts] } };
}
