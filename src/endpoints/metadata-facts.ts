/**
 * From what Docker knows (inspect documents) and what the task definition says, the facts the
 * metadata bodies are built from. Pure: the inspect documents are passed in.
 */
import { familiarName } from '../docker/reference.js';
import type { ContainerInspect } from '../docker/types.js';
import type { ContainerFacts, HealthFact, NetworkFact, PortFact } from './metadata.js';
import { subnetOf } from './ipv4.js';
import { ENDPOINTS_NETWORK } from './shared-container.js';
import { dockerTime } from './times.js';

/** What the task definition (and the run) says about one container. */
export interface ContainerDefinitionFacts {
  name: string;
  /** `cpu` units and `memory` MiB of the container definition, 0 when not set. */
  cpu: number;
  memory: number;
  /** The container's own portMappings, after ECS defaults. */
  ports: { containerPort: number; protocol: string }[];
  /** The log driver and options of the task definition (the container runs with a local driver). */
  logDriver?: string;
  logOptions?: Record<string, string>;
  hasRestartPolicy: boolean;
}

/** What the running task knows that Docker does not. */
export interface LiveContainerFacts {
  /** RUNNING until the task is told to stop. */
  desiredStatus: string;
  containerArn?: string;
  restartCount?: number;
}

/** Labels that are ecs-local's own bookkeeping, not the container's. */
const INTERNAL_LABEL = /^ecs-local\./;

/** Docker's container status → the agent's container status names. */
export function knownStatusOf(dockerStatus: string): string {
  switch (dockerStatus) {
    case 'created':
      return 'CREATED';
    case 'running':
    case 'paused':
    case 'restarting':
      return 'RUNNING';
    default:
      return 'STOPPED';
  }
}

function healthOf(state: ContainerInspect['State']): HealthFact | undefined {
  const h = state.Health;
  if (h === undefined || h.Status === '' || h.Status === 'none') return undefined;
  const status = h.Status === 'healthy' ? 'HEALTHY' : h.Status === 'unhealthy' ? 'UNHEALTHY' : 'UNKNOWN';
  const last = h.Log?.[h.Log.length - 1];
  const fact: HealthFact = { status };
  const since = dockerTime(last?.End);
  if (since !== undefined) fact.since = since;
  // [INF] Like the agent, the check's output and exit code only tell something when it fails.
  if (status === 'UNHEALTHY' && last !== undefined) {
    fact.exitCode = last.ExitCode;
    fact.output = last.Output;
  }
  return fact;
}

/**
 * The task's networks as the container sees them, from the namespace owner's inspect (the pause
 * container for awsvpc, a bridge container's own or its namespace holder's otherwise).
 */
export function networksOf(owner: ContainerInspect | undefined, awsvpc: boolean, defaultNetwork = 'bridge'): NetworkFact[] {
  // The endpoints network is ecs-local's way to 169.254.170.2, as the agent's iptables rule is ECS's: not the task's.
  const networks = Object.fromEntries(Object.entries(owner?.NetworkSettings?.Networks ?? {}).filter(([name]) => name !== ENDPOINTS_NETWORK));
  if (awsvpc) {
    // [INF] The pause container's bridge address stands in for the task ENI.
    const eni = Object.values(networks)[0];
    if (eni === undefined) return [{ networkMode: 'awsvpc', ipv4Addresses: [] }];
    const fact: NetworkFact = { networkMode: 'awsvpc', ipv4Addresses: eni.IPAddress ? [eni.IPAddress] : [] };
    if (eni.MacAddress) fact.macAddress = eni.MacAddress;
    const subnet = eni.IPAddress ? subnetOf(eni.IPAddress, eni.IPPrefixLen) : undefined;
    if (subnet !== undefined) fact.subnetCidr = subnet;
    if (eni.Gateway) fact.gatewayCidr = `${eni.Gateway}/${eni.IPPrefixLen}`;
    return [fact];
  }
  // agent/handlers/v3 GetContainerNetworkMetadata: one entry per Docker network.
  // Podman's default network is named `podman`: it is what `bridge` means there.
  return Object.entries(networks).map(([name, n]) => ({ networkMode: name === defaultNetwork ? 'bridge' : name, ipv4Addresses: [n.IPAddress ?? ''] }));
}

/**
 * The container's ports: in awsvpc each mapping's host port is its container port (the agent's rule
 * for an ENI); otherwise what Docker published for it on the namespace owner.
 */
export function portsOf(
  def: ContainerDefinitionFacts,
  owner: ContainerInspect | undefined,
  awsvpc: boolean,
): PortFact[] {
  const published = (owner?.NetworkSettings?.Ports ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>;
  return def.ports.flatMap((p): PortFact[] => {
    if (awsvpc) return [{ containerPort: p.containerPort, protocol: p.protocol, hostPort: p.containerPort }];
    const bindings = published[`${p.containerPort}/${p.protocol}`] ?? [];
    if (bindings.length === 0) return [{ containerPort: p.containerPort, protocol: p.protocol }];
    return bindings.map((b) => {
      const port: PortFact = { containerPort: p.containerPort, protocol: p.protocol, hostPort: Number(b.HostPort) };
      if (b.HostIp) port.hostIp = b.HostIp;
      return port;
    });
  });
}

export function containerFacts(
  inspect: ContainerInspect,
  owner: ContainerInspect | undefined,
  def: ContainerDefinitionFacts,
  live: LiveContainerFacts,
  awsvpc: boolean,
  /** The engine's name for the `bridge` network (Podman: `podman`). */
  defaultNetwork = 'bridge',
): ContainerFacts {
  const labels = Object.fromEntries(Object.entries(inspect.Config?.Labels ?? {}).filter(([k]) => !INTERNAL_LABEL.test(k)));
  const knownStatus = knownStatusOf(inspect.State.Status);
  const facts: ContainerFacts = {
    dockerId: inspect.Id,
    name: def.name,
    dockerName: inspect.Name.replace(/^\//, ''),
    image: familiarName(inspect.Config?.Image ?? ''),
    imageId: inspect.Image,
    ports: portsOf(def, owner, awsvpc),
    labels,
    desiredStatus: live.desiredStatus,
    knownStatus,
    cpu: def.cpu,
    memory: def.memory,
    networks: networksOf(owner, awsvpc, defaultNetwork),
    volumes: (inspect.Mounts ?? []).map((m) => {
      const v: { dockerName?: string; source?: string; destination?: string } = { source: m.Source, destination: m.Destination };
      if (m.Name) v.dockerName = m.Name;
      return v;
    }),
  };
  if (knownStatus === 'STOPPED') facts.exitCode = inspect.State.ExitCode;
  const created = dockerTime(inspect.Created);
  const started = dockerTime(inspect.State.StartedAt);
  const finished = knownStatus === 'STOPPED' ? dockerTime(inspect.State.FinishedAt) : undefined;
  if (created !== undefined) facts.createdAt = created;
  if (started !== undefined) facts.startedAt = started;
  if (finished !== undefined) facts.finishedAt = finished;
  const health = healthOf(inspect.State);
  if (health !== undefined) facts.health = health;
  if (def.logDriver !== undefined) facts.logDriver = def.logDriver;
  if (def.logOptions !== undefined) facts.logOptions = def.logOptions;
  if (live.containerArn !== undefined) facts.containerArn = live.containerArn;
  if (def.hasRestartPolicy) facts.restartCount = live.restartCount ?? 0;
  return facts;
}

/** The id of the container whose network namespace `inspect` joined (`container:<id>`), if any. */
export function namespaceOwnerOf(inspect: ContainerInspect): string | undefined {
  const mode = inspect.HostConfig?.NetworkMode ?? '';
  return mode.startsWith('container:') ? mode.slice('container:'.length) : undefined;
}

/**
 * Log options as the agent shows them: with `awslogs-stream-prefix`, the stream the agent names
 * (`<prefix>/<container>/<task id>`) replaces the prefix.
 */
export function reportedLogOptions(
  driver: string | undefined,
  options: Record<string, string> | undefined,
  logStream: string | undefined,
): Record<string, string> | undefined {
  if (options === undefined) return undefined;
  if (driver !== 'awslogs' || logStream === undefined) return { ...options };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) if (k !== 'awslogs-stream-prefix') out[k] = v;
  out['awslogs-stream'] = logStream;
  return out;
}
