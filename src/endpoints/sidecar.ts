/**
 * The Docker side of a task's endpoints, as create options. Pure.
 *
 * ECS reaches the agent at 169.254.170.2:80 through iptables on the instance, leaving port 80 of the
 * task free for the application. ecs-local cannot touch the host's firewall, so each task gets:
 * - a forwarder ("endpoint" sidecar), busybox in its OWN network namespace on Docker's bridge, which
 *   owns 169.254.170.2 on its loopback and relays port 80 to the task's port on the host
 *   (`host.docker.internal`, Docker's host-gateway);
 * - in each of the task's namespaces (the pause container's in awsvpc, each container's holder in
 *   bridge), a route of 169.254.170.2/32 via the forwarder's bridge address, set by the namespace's
 *   owner itself (or a one-shot helper, see `routesInPause`), which then waits until the endpoint
 *   answers through that route, so the task starts only once it works.
 * [INF] A forwarder inside the task's namespace would take port 80 from the application (nginx on
 * port 80 fails with "Address already in use"); a route to a forwarder next door takes nothing.
 */
import type { ContainerCreateOptions } from '../docker/types.js';
import type { TaskSpec } from '../container/spec.js';
import { sanitizeDockerName } from '../container/names.js';
import { objectLabels } from '../docker/labels.js';
import { READY_PATH } from './routes.js';
import { ENDPOINT_IP } from './task-env.js';

export const ENDPOINT_PROXY_REPOSITORY = 'ecs-local/endpoint-proxy';
/** Docker's name for the host, resolved through `host-gateway`. */
export const HOST_ALIAS = 'host.docker.internal';

/** How a container reaches the engine's host: its name there, and whether Docker must be asked to add it. */
export interface HostRoute {
  /** `host.docker.internal` (Docker, through `host-gateway`) or `host.containers.internal` (Podman adds it itself). */
  alias: string;
  hostGateway: boolean;
}

const DOCKER_HOST_ROUTE: HostRoute = { alias: HOST_ALIAS, hostGateway: true };

/**
 * Every line handed over on a helper's stdin starts with this word, after a newline: Podman puts the
 * attach request's JSON body on the container's stdin first, which the helper skips.
 */
const HANDOVER_TAG = 'ecs-local';

/** Shell: read stdin lines until one is tagged, into `$1...` of `names`. */
function readTagged(names: string): string {
  return `while :; do read -r tag ${names} || exit 1; [ "$tag" = ${HANDOVER_TAG} ] && break; done`;
}

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

/** What the forwarder prints once it has its ports (and is about to listen). */
export const FORWARDER_READY_LINE = 'ecs-local: forwarding';

/**
 * The forwarder's shell script: read the ports to relay from stdin (the host side opens them while
 * the forwarder starts, see `forwardsLine`), claim 169.254.170.2, then relay every extra port in the
 * background and port 80 in the foreground (busybox `nc -ll -e` forks one relay per connection).
 */
export function forwarderScript(hostAlias: string = HOST_ALIAS): string {
  if (!/^[a-z0-9.-]+$/.test(hostAlias)) throw new Error(`not a host name: ${hostAlias}`);
  return [
    readTagged('main extra'),
    `ip addr add ${ENDPOINT_IP}/32 dev lo || exit 1`,
    // Its relays listen on every address (busybox nc binds no single one), so its bridge address
    // answers no one: what it sends from there goes only to the engine's host (its relays' far
    // end), every other reply is refused. Only the task, routed to 169.254.170.2, gets through.
    `me=$(ip -4 -o addr show dev eth0 | awk '{split($4,a,"/"); print a[1]; exit}')`,
    `gw=$(ip route | awk '$1=="default"{print $3; exit}')`,
    `hip=$(awk -v h=${hostAlias} '{for(i=2;i<=NF;i++) if($i==h){print $1; exit}}' /etc/hosts)`,
    'ip route add "$gw" dev eth0 table 100 || exit 1',
    '[ -z "$hip" ] || [ "$hip" = "$gw" ] || ip route add "$hip" via "$gw" table 100 || exit 1',
    'ip route add prohibit default table 100 || exit 1',
    'ip rule add from "$me" lookup 100 || exit 1',
    'for f in $extra; do',
    `  nc -ll -p "\${f%:*}" -e nc ${hostAlias} "\${f#*:}" &`,
    'done',
    `echo '${FORWARDER_READY_LINE}'`,
    `exec nc -ll -p "\${main%:*}" -e nc ${hostAlias} "\${main#*:}"`,
  ].join('\n');
}

export const FORWARDER_SCRIPT = forwarderScript();

/** The tags of the relay's lines: a request out (`q <id> <port> <base64>`), a response in (`r <id> <base64>`). */
export const RELAY_REQUEST = 'ecs-local-q';
export const RELAY_RESPONSE = 'ecs-local-r';

/**
 * One connection to the relaying forwarder (`/tmp/h <port>`, run by `nc -e`): read the HTTP request
 * (request line, headers, a Content-Length body), closing the connection after the answer; leave
 * it in /tmp/q<id> and announce it on the control FIFO; then copy the answer, which the forwarder's
 * stdin reader writes into the FIFO /tmp/r<id>, to the connection.
 */
export const RELAY_CONNECTION_SCRIPT = [
  'id=$$ len=0 cr=$(printf "\\r")',
  'mkfifo /tmp/r$id || exit 1',
  '{',
  '  IFS= read -r line || exit 0',
  '  printf "%s\\r\\n" "${line%$cr}"',
  '  while IFS= read -r line; do',
  '    line=${line%$cr}',
  '    [ -z "$line" ] && break',
  '    case "$line" in',
  '      [Cc]onnection:*|[Kk]eep-[Aa]live:*) continue ;;',
  '      [Cc]ontent-[Ll]ength:*) len=$((${line#*:})) ;;',
  '    esac',
  '    printf "%s\\r\\n" "$line"',
  '  done',
  '  printf "Connection: close\\r\\n\\r\\n"',
  '  [ "$len" -gt 0 ] && head -c "$len"',
  '} > /tmp/q$id',
  'echo "$id $1" > /tmp/ctl',
  'timeout 60 cat /tmp/r$id',
  'rm -f /tmp/q$id /tmp/r$id',
].join('\n');

/**
 * The forwarder of an engine whose host is not this machine (remote, Desktop VM): the same address
 * and ports, but every connection is relayed over the Engine API stream ecs-local keeps attached
 * (stdout out, stdin in), so nothing needs to reach this machine's network. [INF] Busybox only: no
 * image to pull, a shell per connection (enough for endpoints an SDK calls a few times).
 */
export function relayForwarderScript(): string {
  return [
    readTagged('main extra'),
    `ip addr add ${ENDPOINT_IP}/32 dev lo || exit 1`,
    // Its bridge address answers no one at all: only the task, routed to 169.254.170.2, gets in.
    `me=$(ip -4 -o addr show dev eth0 | awk '{split($4,a,"/"); print a[1]; exit}')`,
    'ip route add prohibit default table 100 || exit 1',
    'ip rule add from "$me" lookup 100 || exit 1',
    `cat > /tmp/h <<'ECS_LOCAL_EOF'
${RELAY_CONNECTION_SCRIPT}
ECS_LOCAL_EOF`,
    'mkfifo /tmp/ctl || exit 1',
    'exec 3<>/tmp/ctl',
    // stdin by name: a background list's stdin is /dev/null otherwise.
    'exec 4<&0',
    `(while read -r tag id b; do [ "$tag" = ${RELAY_RESPONSE} ] && { printf %s "$b" | base64 -d > /tmp/r$id & }; done) <&4 &`,
    'for f in $main $extra; do',
    '  nc -ll -p "${f%:*}" -e sh /tmp/h "${f%:*}" &',
    'done',
    `echo '${FORWARDER_READY_LINE}'`,
    `while read -r id p <&3; do echo "${RELAY_REQUEST} $id $p $(base64 -w0 /tmp/q$id)"; done`,
  ].join('\n');
}

/** The line the forwarder reads from stdin: `<port on 169.254.170.2>:<port on the host>` pairs, port 80's first. */
export function forwardsLine(forwards: readonly Forward[]): string {
  const main = forwards.find((f) => f.listenPort === 80);
  if (main === undefined) throw new Error('the forwarder needs port 80');
  const pair = (f: Forward): string => `${port(f.listenPort)}:${port(f.hostPort)}`;
  return `\n${HANDOVER_TAG} ${[main, ...forwards.filter((f) => f !== main)].map(pair).join(' ')}\n`;
}

/**
 * The forwarder: relaying to the engine's host (`host`), or, with `'relay'`, over the attach stream
 * to ecs-local (an engine whose host is not this machine).
 */
export function sidecarCreateOptions(task: TaskSpec, image: string, host: HostRoute | 'relay' = DOCKER_HOST_ROUTE): ContainerCreateOptions {
  const relay = host === 'relay';
  return {
    name: sidecarName(task),
    Image: image,
    Cmd: ['sh', '-c', relay ? relayForwarderScript() : forwarderScript(host.alias)],
    Labels: objectLabels(task.labels, 'endpoint'),
    OpenStdin: true,
    StdinOnce: true,
    StopTimeout: 1,
    HostConfig: {
      NetworkMode: 'bridge',
      // Podman names the host itself (and has no host-gateway).
      ...(!relay && host.hostGateway ? { ExtraHosts: [`${host.alias}:host-gateway`] } : {}),
      // The relay's FIFOs and requests, in memory.
      ...(relay ? { Tmpfs: { '/tmp': 'rw,size=16m,mode=700' } } : {}),
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

/** What a routed namespace prints once the endpoint answers through its route. */
export const ROUTE_READY_LINE = 'ecs-local: endpoint ready';

/**
 * What the task's namespaces do, run by their holder (or, where the holder must stay the pause
 * binary, a one-shot helper): read the forwarder's bridge address from stdin (Docker gives it only
 * once the forwarder runs, which happens meanwhile), route 169.254.170.2/32 via it, then try up to
 * `attempts` times, 0.1 s apart, until the endpoint answers through that route, and say so. A
 * holder then stays, keeping the namespace; a helper exits.
 */
export function routeScript(attempts: number, then: 'stay' | 'exit'): string {
  return [
    readTagged('ip'),
    `ip route replace ${ENDPOINT_IP}/32 via "$ip" || exit 1`,
    'i=0',
    `while [ $i -lt ${Math.max(1, Math.floor(attempts))} ]; do`,
    `  if timeout 3 wget -q -O /dev/null http://${ENDPOINT_IP}${READY_PATH}; then`,
    `    echo '${ROUTE_READY_LINE}'`,
    then === 'stay' ? '    exec sleep 2147483647' : '    exit 0',
    '  fi',
    '  i=$((i+1))',
    '  sleep 0.1',
    'done',
    `echo "ecs-local: ${ENDPOINT_IP} did not answer" >&2`,
    'exit 1',
  ].join('\n');
}

/** The line a routed namespace reads from stdin: the forwarder's address. */
export function forwarderAddressLine(forwarderIp: string): string {
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(forwarderIp)) throw new Error(`not an IPv4 address: ${forwarderIp}`);
  return `\n${HANDOVER_TAG} ${forwarderIp}\n`;
}

/**
 * A namespace owner (a bridge container's holder, an awsvpc pause container) that also routes its
 * namespace to the endpoint, from its create options: busybox running `routeScript`, fed on stdin,
 * instead of the pause binary. [INF] It keeps NET_ADMIN (only) while it holds the namespace; the
 * task's containers share no process namespace with it (see `routesInPause`), so they can neither
 * reach the process nor get anything from its capability.
 */
export function routedHolderOptions(base: ContainerCreateOptions, image: string, attempts: number): ContainerCreateOptions {
  return {
    ...base,
    Image: image,
    Cmd: ['sh', '-c', routeScript(attempts, 'stay')],
    OpenStdin: true,
    StdinOnce: true,
    HostConfig: { ...base.HostConfig, CapDrop: ['ALL'], CapAdd: ['NET_ADMIN'], ReadonlyRootfs: true, AutoRemove: false },
  };
}

/**
 * Whether an awsvpc task's pause container can route its namespace itself. Not when the task
 * shares the pause container's process namespace (pidMode task): its containers would see the
 * routing shell instead of the pause binary, and a process with NET_ADMIN next to them; a one-shot
 * helper routes it then.
 */
export function routesInPause(task: TaskSpec): boolean {
  return task.networkMode === 'awsvpc' && task.pidMode !== 'task';
}

/** The one-shot helper that routes a namespace whose owner is the pause binary. */
export function routeCreateOptions(task: TaskSpec, image: string, namespaceOwnerId: string, index: number, attempts: number): ContainerCreateOptions {
  return {
    name: sanitizeDockerName(`${baseName(task)}.endpoint-route-${index}`),
    Image: image,
    Cmd: ['sh', '-c', routeScript(attempts, 'exit')],
    Labels: objectLabels(task.labels, 'endpoint'),
    OpenStdin: true,
    StdinOnce: true,
    HostConfig: {
      NetworkMode: `container:${namespaceOwnerId}`,
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN'],
      ReadonlyRootfs: true,
      AutoRemove: false,
    },
  };
}
