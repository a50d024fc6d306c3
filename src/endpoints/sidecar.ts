/**
 * The Docker side of a task's endpoints, as create options. Pure.
 *
 * ECS reaches the agent at 169.254.170.2:80 through iptables on the instance, leaving port 80 of the
 * task free for the application. ecs-local cannot touch the host's firewall, so each task gets:
 * - a forwarder ("endpoint" sidecar), busybox in its OWN network namespace on Docker's bridge, which
 *   owns 169.254.170.2 on its loopback and relays port 80 to the task's port on the host
 *   (`host.docker.internal`, Docker's host-gateway);
 * - in each of the task's namespaces (the pause container's in awsvpc, each container's holder in
 *   bridge), a one-shot helper that routes 169.254.170.2/32 via the forwarder's bridge address, then
 *   waits until the endpoint answers through that route, so the task starts only once it works.
 * [INF] A forwarder inside the task's namespace would take port 80 from the application (nginx on
 * port 80 fails with "Address already in use"); a route to a forwarder next door takes nothing.
 */
import type Docker from 'dockerode';
import type { TaskSpec } from '../container/spec.js';
import { sanitizeDockerName } from '../container/names.js';
import { objectLabels } from '../docker/labels.js';
import { READY_PATH } from './routes.js';
import { ENDPOINT_IP } from './task-env.js';

export const ENDPOINT_PROXY_REPOSITORY = 'ecs-local/endpoint-proxy';
/** Docker's name for the host, resolved through `host-gateway`. */
export const HOST_ALIAS = 'host.docker.internal';

export interface Forward {
  /** Port on 169.254.170.2 inside the task. */
  listenPort: number;
  /** Port on the host the connection is relayed to. */
  hostPort: number;
}

export function endpointProxyImage(version: string): string {
  return `${ENDPOINT_PROXY_REPOSITORY}:${version}`;
}

function baseName(task: TaskSpec): string {
  return `ecs-local-${task.family}-${task.taskId.slice(0, 8)}`;
}

export function sidecarName(task: TaskSpec): string {
  return sanitizeDockerName(`${baseName(task)}.endpoint`);
}

function port(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`not a TCP port: ${n}`);
  return String(n);
}

/**
 * The forwarder's shell script: claim 169.254.170.2, relay every extra port in the background and
 * port 80 in the foreground (busybox `nc -ll -e` forks one relay per connection).
 */
export function forwarderScript(forwards: readonly Forward[]): string {
  const relay = (f: Forward): string => `nc -ll -p ${port(f.listenPort)} -e nc ${HOST_ALIAS} ${port(f.hostPort)}`;
  const main = forwards.find((f) => f.listenPort === 80);
  if (main === undefined) throw new Error('the forwarder needs port 80');
  return [
    `ip addr add ${ENDPOINT_IP}/32 dev lo || exit 1`,
    ...forwards.filter((f) => f !== main).map((f) => `${relay(f)} &`),
    `exec ${relay(main)}`,
  ].join('\n');
}

export function sidecarCreateOptions(task: TaskSpec, image: string, forwards: readonly Forward[]): Docker.ContainerCreateOptions {
  return {
    name: sidecarName(task),
    Image: image,
    Cmd: ['sh', '-c', forwarderScript(forwards)],
    Labels: objectLabels(task.labels, 'endpoint'),
    StopTimeout: 1,
    HostConfig: {
      NetworkMode: 'bridge',
      ExtraHosts: [`${HOST_ALIAS}:host-gateway`],
      // NET_ADMIN to claim the address, NET_BIND_SERVICE for port 80; nothing else.
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN', 'NET_BIND_SERVICE'],
      // Answer ARP only for addresses of the asking interface: 169.254.170.2 stays private to the route.
      Sysctls: { 'net.ipv4.conf.all.arp_ignore': '1' },
      ReadonlyRootfs: true,
      AutoRemove: false,
    },
  };
}

/** Route to the forwarder, then try up to `attempts` times, 0.1 s apart, until the endpoint answers through it. */
export function routeScript(forwarderIp: string, attempts: number): string {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(forwarderIp)) throw new Error(`not an IPv4 address: ${forwarderIp}`);
  return [
    `ip route replace ${ENDPOINT_IP}/32 via ${forwarderIp} || exit 1`,
    'i=0',
    `while [ $i -lt ${Math.max(1, Math.floor(attempts))} ]; do`,
    `  timeout 3 wget -q -O /dev/null http://${ENDPOINT_IP}${READY_PATH} && exit 0`,
    '  i=$((i+1))',
    '  sleep 0.1',
    'done',
    `echo "ecs-local: ${ENDPOINT_IP} did not answer" >&2`,
    'exit 1',
  ].join('\n');
}

export function routeCreateOptions(
  task: TaskSpec,
  image: string,
  namespaceOwnerId: string,
  forwarderIp: string,
  index: number,
  attempts: number,
): Docker.ContainerCreateOptions {
  return {
    name: sanitizeDockerName(`${baseName(task)}.endpoint-route-${index}`),
    Image: image,
    Cmd: ['sh', '-c', routeScript(forwarderIp, attempts)],
    Labels: objectLabels(task.labels, 'endpoint'),
    HostConfig: {
      NetworkMode: `container:${namespaceOwnerId}`,
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN'],
      ReadonlyRootfs: true,
      AutoRemove: false,
    },
  };
}
