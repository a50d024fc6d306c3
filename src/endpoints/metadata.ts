/**
 * Task metadata endpoint bodies (v4 and v3) in the ECS agent's JSON: the Go structs' field order and
 * `omitempty` rules (ecs-agent/tmds/handlers/v2 response.go, v4/state/response.go,
 * tmds/handlers/response/response.go). Pure: built from facts gathered elsewhere (metadata-facts.ts),
 * serialized with `goMarshal`.
 *
 * Go marshals a struct embedding another (v4 ContainerResponse embeds the v2 one) with the embedded
 * fields first; a field of the outer struct that shadows an embedded one (`Networks`, `Containers`)
 * moves to the outer struct's position, after the embedded fields. So in v4 `Networks` follows
 * `ContainerARN` and `Containers` follows `LaunchType`, as AWS's documented examples show.
 */
import { goMap } from './go-marshal.js';

export interface PortFact {
  containerPort: number;
  protocol: string;
  hostPort?: number;
  hostIp?: string;
}

export interface NetworkFact {
  /** `awsvpc`, or the Docker network's name (`bridge`, `host`). */
  networkMode: string;
  ipv4Addresses: string[];
  /** v4 interface properties, reported for awsvpc only. */
  macAddress?: string;
  subnetCidr?: string;
  /** `172.17.0.1/16`: the gateway with the subnet's prefix length, as ECS writes it. */
  gatewayCidr?: string;
}

export interface HealthFact {
  status: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  since?: string;
  exitCode?: number;
  output?: string;
}

export interface VolumeFact {
  dockerName?: string;
  source?: string;
  destination?: string;
}

export interface ContainerFacts {
  dockerId: string;
  name: string;
  dockerName: string;
  image: string;
  imageId: string;
  ports: PortFact[];
  labels: Record<string, string>;
  desiredStatus: string;
  knownStatus: string;
  /** Only once the container stopped. */
  exitCode?: number;
  /** The container definition's `cpu` units and `memory` MiB (0 when not set). */
  cpu: number;
  memory: number;
  /** Go RFC3339Nano times. */
  createdAt?: string;
  startedAt?: string;
  finishedAt?: string;
  networks: NetworkFact[];
  health?: HealthFact;
  volumes: VolumeFact[];
  logDriver?: string;
  logOptions?: Record<string, string>;
  containerArn?: string;
  /** Only for containers with a restart policy (v4). */
  restartCount?: number;
}

export interface TaskFacts {
  /** The cluster ARN on Fargate, the cluster name on EC2 (what each agent is configured with). */
  cluster: string;
  taskArn: string;
  family: string;
  revision: string;
  desiredStatus?: string;
  knownStatus: string;
  /** Task-level limits: vCPU (0.25) and MiB; absent when the task definition has none. */
  cpu?: number;
  memory?: number;
  pullStartedAt?: string;
  pullStoppedAt?: string;
  executionStoppedAt?: string;
  availabilityZone?: string;
  launchType?: string;
  taskTags?: Record<string, string>;
  containerInstanceTags?: Record<string, string>;
  faultInjectionEnabled: boolean;
}

/** A Go struct: fields in insertion order. Go maps are JS `Map`s (see go-marshal.ts). */
export type Json = Record<string, unknown>;

/** Sets `key` unless Go's `omitempty` would drop the value: undefined, "", an empty slice or map. */
function put(o: Json, key: string, value: unknown): void {
  if (value === undefined || value === '') return;
  if (Array.isArray(value) && value.length === 0) return;
  if (value instanceof Map && value.size === 0) return;
  o[key] = value;
}

function portJson(p: PortFact): Json {
  const o: Json = {};
  // uint16 omitempty: 0 is dropped as well.
  if (p.containerPort !== 0) o.ContainerPort = p.containerPort;
  put(o, 'Protocol', p.protocol);
  if (p.hostPort !== undefined && p.hostPort !== 0) o.HostPort = p.hostPort;
  put(o, 'HostIp', p.hostIp);
  return o;
}

function networkJson(n: NetworkFact, v4: boolean): Json {
  const o: Json = {};
  put(o, 'NetworkMode', n.networkMode);
  put(o, 'IPv4Addresses', n.ipv4Addresses);
  if (!v4 || n.networkMode !== 'awsvpc') return o;
  o.AttachmentIndex = 0;
  put(o, 'MACAddress', n.macAddress);
  put(o, 'IPv4SubnetCIDRBlock', n.subnetCidr);
  put(o, 'SubnetGatewayIpv4Address', n.gatewayCidr);
  return o;
}

function healthJson(h: HealthFact): Json {
  const o: Json = {};
  put(o, 'status', h.status);
  put(o, 'statusSince', h.since);
  if (h.exitCode !== undefined && h.exitCode !== 0) o.exitCode = h.exitCode;
  put(o, 'output', h.output);
  return o;
}

function volumeJson(v: VolumeFact): Json {
  const o: Json = {};
  put(o, 'DockerName', v.dockerName);
  put(o, 'Source', v.source);
  put(o, 'Destination', v.destination);
  return o;
}

/** The v2 ContainerResponse fields up to `Type`, shared by v3 and v4. */
function containerHead(c: ContainerFacts): Json {
  const o: Json = { DockerId: c.dockerId, Name: c.name, DockerName: c.dockerName, Image: c.image, ImageID: c.imageId };
  put(o, 'Ports', c.ports.map(portJson));
  put(o, 'Labels', goMap(c.labels));
  o.DesiredStatus = c.desiredStatus;
  o.KnownStatus = c.knownStatus;
  if (c.exitCode !== undefined) o.ExitCode = c.exitCode;
  // The agent always sets both pointers, so 0 is written.
  o.Limits = { CPU: c.cpu, Memory: c.memory };
  put(o, 'CreatedAt', c.createdAt);
  put(o, 'StartedAt', c.startedAt);
  put(o, 'FinishedAt', c.finishedAt);
  o.Type = 'NORMAL';
  return o;
}

/** `GET /v4/<id>`: v2 fields, then the v4 `Networks`, `Snapshotter`, `RestartCount`. */
export function containerV4(c: ContainerFacts): Json {
  const o = containerHead(c);
  if (c.health !== undefined) o.Health = healthJson(c.health);
  put(o, 'Volumes', c.volumes.map(volumeJson));
  put(o, 'LogDriver', c.logDriver);
  put(o, 'LogOptions', c.logOptions === undefined ? undefined : goMap(c.logOptions));
  put(o, 'ContainerARN', c.containerArn);
  put(o, 'Networks', c.networks.map((n) => networkJson(n, true)));
  if (c.restartCount !== undefined) o.RestartCount = c.restartCount;
  return o;
}

/** `GET /v3/<id>`: the v2 struct (Networks in place, no log options or ARN, which are v4 metadata). */
export function containerV3(c: ContainerFacts): Json {
  const o = containerHead(c);
  put(o, 'Networks', c.networks.map((n) => networkJson(n, false)));
  if (c.health !== undefined) o.Health = healthJson(c.health);
  put(o, 'Volumes', c.volumes.map(volumeJson));
  return o;
}

function taskHead(t: TaskFacts): Json {
  const o: Json = { Cluster: t.cluster, TaskARN: t.taskArn, Family: t.family, Revision: t.revision };
  put(o, 'DesiredStatus', t.desiredStatus);
  o.KnownStatus = t.knownStatus;
  return o;
}

function taskLimits(t: TaskFacts): Json | undefined {
  if (!t.cpu && !t.memory) return undefined;
  const limits: Json = {};
  if (t.cpu) limits.CPU = t.cpu;
  if (t.memory) limits.Memory = t.memory;
  return limits;
}

function taskTail(o: Json, t: TaskFacts, withTags: boolean): void {
  const limits = taskLimits(t);
  if (limits !== undefined) o.Limits = limits;
  put(o, 'PullStartedAt', t.pullStartedAt);
  put(o, 'PullStoppedAt', t.pullStoppedAt);
  put(o, 'ExecutionStoppedAt', t.executionStoppedAt);
  put(o, 'AvailabilityZone', t.availabilityZone);
  if (withTags) {
    if (t.taskTags !== undefined) put(o, 'TaskTags', goMap(t.taskTags));
    if (t.containerInstanceTags !== undefined) put(o, 'ContainerInstanceTags', goMap(t.containerInstanceTags));
  }
}

/** `GET /v4/<id>/task` and `/taskWithTags`. */
export function taskV4(t: TaskFacts, containers: readonly ContainerFacts[], withTags: boolean): Json {
  const o = taskHead(t);
  taskTail(o, t, withTags);
  put(o, 'LaunchType', t.launchType);
  put(o, 'Containers', containers.map(containerV4));
  o.FaultInjectionEnabled = t.faultInjectionEnabled;
  return o;
}

/** `GET /v3/<id>/task` and `/taskWithTags`: the v2 struct, `Containers` in place. */
export function taskV3(t: TaskFacts, containers: readonly ContainerFacts[], withTags: boolean): Json {
  const o = taskHead(t);
  put(o, 'Containers', containers.map(containerV3));
  taskTail(o, t, withTags);
  return o;
}

export interface NetworkRate {
  rxBytesPerSec: number;
  txBytesPerSec: number;
}

/** v4 stats: Docker's stats JSON as is, plus `network_rate_stats` when a rate is known. */
export function statsV4(docker: Record<string, unknown>, rate: NetworkRate | undefined): Json {
  const o: Json = { ...docker };
  if (rate !== undefined) o.network_rate_stats = { rx_bytes_per_sec: rate.rxBytesPerSec, tx_bytes_per_sec: rate.txBytesPerSec };
  return o;
}

/** `task.cpu` in vCPU and `task.memory` in MiB, as ECS reports them in task metadata. */
export { taskCpuVcpu, taskMemoryMib } from '../taskdef/task-size.js';
