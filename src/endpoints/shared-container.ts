/**
 * The engine's endpoints container, as create options and scripts. Pure.
 *
 * One container per engine, as amazon-ecs-local-container-endpoints does it and as one agent serves
 * every task of an instance: busybox at the fixed address 169.254.170.2 on a network of its own,
 * `ecs-local-endpoints` (169.254.170.0/24). Every task's namespace owner joins that network, so the
 * task reaches 169.254.170.2 on its own link: no route, no NET_ADMIN, no per-task helper container,
 * and it does not matter where the engine's host is.
 *
 * Nothing in it answers by itself. Each ecs-local process runs one relay agent in it over the Engine
 * API (`exec`, a stream of its own), registers the addresses of its tasks there, and gets every
 * connection from those addresses as a line on the agent's stdout; it writes the answer to the
 * agent's stdin (relay.ts). A connection is routed by its source address, the agent's own rule for
 * v2 metadata: one task cannot even reach the process of another, let alone its credentials.
 */
import type { NetworkSpec } from '../docker/container-engine.js';
import { Label } from '../docker/labels.js';
import type { ContainerCreateOptions } from '../docker/types.js';
import { ENDPOINT_IP } from './task-env.js';

export const ENDPOINTS_NETWORK = 'ecs-local-endpoints';
export const ENDPOINTS_CONTAINER = 'ecs-local-endpoints';
export const ENDPOINTS_SUBNET = '169.254.170.0/24';
export const ENDPOINTS_GATEWAY = '169.254.170.1';
/** The label every endpoints object carries; its value is `ENDPOINTS_PROTOCOL`. */
export const ENDPOINTS_LABEL = Label.endpoints;
/**
 * The version of the scripts below: a container made by an ecs-local whose scripts differ is
 * replaced (its tasks lose their endpoints, as a restarted agent's would).
 */
export const ENDPOINTS_PROTOCOL = '2';

/** The tags of the agent's lines. */
export const RELAY_REQUEST = 'ecs-local-q';
export const RELAY_RESPONSE = 'ecs-local-r';
export const AGENT_LISTEN = 'ecs-local-listen';
export const AGENT_ROUTE = 'ecs-local-route';
export const AGENT_UNROUTE = 'ecs-local-unroute';
export const AGENT_DONE = 'ecs-local-ok';
export const AGENT_READY = 'ecs-local-agent';

/**
 * The network, per engine. [INF] On Docker it is `--internal` (no way out: the container needs
 * none) and puts no address of 169.254.170.0/24 on the engine's host (`inhibit_ipv4`): the host
 * needs none, and another engine of the same host (Podman beside Docker) refuses a subnet the host
 * already routes ("subnet … is already used on the host"). On Podman it is a plain network:
 * netavark adds no forwarding rule for an internal one, so on a host whose FORWARD policy is DROP
 * (as Docker sets it) the packets between two containers on it are dropped.
 */
export function endpointsNetworkSpec(engine: 'docker' | 'podman'): NetworkSpec {
  const docker = engine === 'docker';
  return {
    name: ENDPOINTS_NETWORK,
    labels: { [ENDPOINTS_LABEL]: ENDPOINTS_PROTOCOL },
    subnet: ENDPOINTS_SUBNET,
    gateway: ENDPOINTS_GATEWAY,
    internal: docker,
    ...(docker ? { options: { 'com.docker.network.bridge.inhibit_ipv4': 'true' } } : {}),
  };
}

/**
 * One connection (`sh /tmp/h <port>`, run by `nc -ll -e` with the socket as stdin and stdout): find
 * the caller's address from the socket's inode in /proc/net (busybox nc passes none on), the agent
 * that registered it (waiting a moment: a bridge container may call before its address is
 * registered), then read the HTTP request (request line, headers, a Content-Length body; the answer
 * closes the connection), leave it in /tmp/q<id>, announce it on that agent's FIFO, and copy the
 * answer, which the agent writes into the FIFO /tmp/r<id>, to the connection.
 * An address no agent registered gets the connection closed, unanswered.
 */
export const CONNECTION_SCRIPT = [
  'id=$$ len=0 cr=$(printf "\\r")',
  'ino=$(readlink /proc/self/fd/0); ino=${ino#socket:[}; ino=${ino%]}',
  // The 8 hex digits of the IPv4 source (last of an IPv4-mapped IPv6 address), in the kernel's byte order.
  `peer=$(awk -v i="$ino" '$10==i{s=$3; print substr(s, length(s)-12, 8); exit}' /proc/net/tcp6 /proc/net/tcp)`,
  '[ -n "$peer" ] || exit 0',
  'i=0',
  'while [ ! -s /tmp/routes/$peer ] && [ $i -lt 40 ]; do sleep 0.05; i=$((i+1)); done',
  'a=$(cat /tmp/routes/$peer 2>/dev/null)',
  '[ -n "$a" ] && [ -p /tmp/a$a/ctl ] || exit 0',
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
  // Bounded: an agent gone since the lookup holds its FIFO no more.
  'timeout 5 sh -c \'echo "q $0 $1 $2" > "$3"\' "$id" "$1" "$peer" /tmp/a$a/ctl || { rm -f /tmp/q$id /tmp/r$id; exit 0; }',
  'timeout 60 cat /tmp/r$id',
  'rm -f /tmp/q$id /tmp/r$id',
].join('\n');

/**
 * The container's own process: write the connection script, then start a listener (`nc -ll`, one
 * shell per connection) for each port an agent asks for on /tmp/listen, once. It is PID 1 and the
 * listeners' parent, so they stay when the agent that asked goes.
 */
export function endpointsContainerScript(): string {
  return [
    'mkdir -p /tmp/routes || exit 1',
    `cat > /tmp/h <<'ECS_LOCAL_EOF'
${CONNECTION_SCRIPT}
ECS_LOCAL_EOF`,
    'mkfifo /tmp/listen.new && mv /tmp/listen.new /tmp/listen || exit 1',
    'exec 3<>/tmp/listen',
    'while read -r p <&3; do',
    '  case "$p" in ""|*[!0-9]*) continue ;; esac',
    '  [ -e /tmp/l$p ] && continue',
    '  : > /tmp/l$p',
    '  nc -ll -p "$p" -e sh /tmp/h "$p" </dev/null >/dev/null 2>&1 &',
    'done',
  ].join('\n');
}

/**
 * One ecs-local process's relay agent, run with `exec`: its stdin brings control lines and
 * answers, its stdout takes requests and acknowledgements. When its stdin ends (the process is gone),
 * it forgets its routes and ends.
 * - `ecs-local-listen <port> <token>`: make sure 169.254.170.2:<port> listens; `ecs-local-ok <token>`.
 * - `ecs-local-route <key,key> <token>`: route connections from these source keys to this agent; `ok`.
 * - `ecs-local-unroute <key,key> <token>`: no longer; `ecs-local-ok <token>`.
 * - `ecs-local-r <id> <base64>`: the answer to request <id>.
 * Out: `ecs-local-q <id> <port> <key> <base64 of the request>`.
 */
export function agentScript(): string {
  return [
    'a=$$ d=/tmp/a$$',
    'i=0; while [ ! -p /tmp/listen ]; do [ $i -lt 200 ] || exit 1; sleep 0.05; i=$((i+1)); done',
    'mkdir $d && mkfifo $d/ctl || exit 1',
    'exec 3<>$d/ctl',
    // stdin by name: a background list's stdin is /dev/null otherwise.
    'exec 4<&0',
    '(',
    '  while read -r tag x y <&4; do',
    '    case "$tag" in',
    `      ${RELAY_RESPONSE}) printf %s "$y" | base64 -d > /tmp/r$x & ;;`,
    `      ${AGENT_LISTEN})`,
    '        h=$(printf %04X "$x"); echo "$x" > /tmp/listen; i=0',
    '        while ! grep -qE ":$h [0-9A-F]+:0000 0A " /proc/net/tcp6 /proc/net/tcp 2>/dev/null && [ $i -lt 200 ]; do sleep 0.02; i=$((i+1)); done',
    '        echo "k $y" >&3 ;;',
    `      ${AGENT_ROUTE})`,
    '        for k in $(echo "$x" | tr , " "); do echo $a > /tmp/routes/$k.$a && mv /tmp/routes/$k.$a /tmp/routes/$k; done',
    '        echo "k $y" >&3 ;;',
    `      ${AGENT_UNROUTE})`,
    '        for k in $(echo "$x" | tr , " "); do grep -qx $a /tmp/routes/$k 2>/dev/null && rm -f /tmp/routes/$k; done',
    '        echo "k $y" >&3 ;;',
    '    esac',
    '  done',
    '  for f in /tmp/routes/*; do grep -qx $a "$f" 2>/dev/null && rm -f "$f"; done',
    '  rm -rf $d',
    '  kill $a',
    ') &',
    `echo "${AGENT_READY} $a"`,
    'while read -r kind id p peer <&3; do',
    '  case "$kind" in',
    `    q) echo "${RELAY_REQUEST} $id $p $peer $(base64 -w0 /tmp/q$id)" ;;`,
    `    k) echo "${AGENT_DONE} $id" ;;`,
    '  esac',
    'done',
  ].join('\n');
}

/**
 * The keys /proc/net gives an IPv4 source address under: its 4 bytes in hex, in both byte orders
 * (the kernel prints them in the engine host's own, which ecs-local cannot know).
 */
export function peerKeys(ip: string): string[] {
  const bytes = ip.split('.').map(Number);
  if (bytes.length !== 4 || bytes.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  const hex = (bs: number[]): string => bs.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('');
  return [hex(bytes), hex([...bytes].reverse())];
}

/** The endpoints container, labelled, at 169.254.170.2 on its network. */
export function endpointsContainerOptions(image: string): ContainerCreateOptions {
  return {
    name: ENDPOINTS_CONTAINER,
    Image: image,
    Cmd: ['sh', '-c', endpointsContainerScript()],
    Labels: { [ENDPOINTS_LABEL]: ENDPOINTS_PROTOCOL },
    StopTimeout: 1,
    HostConfig: {
      NetworkMode: ENDPOINTS_NETWORK,
      // The relay's FIFOs, routes and requests, in memory.
      Tmpfs: { '/tmp': 'rw,size=16m,mode=700' },
      // NET_BIND_SERVICE for port 80; nothing else.
      CapDrop: ['ALL'],
      CapAdd: ['NET_BIND_SERVICE'],
      ReadonlyRootfs: true,
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
    },
    NetworkingConfig: { EndpointsConfig: { [ENDPOINTS_NETWORK]: { IPAMConfig: { IPv4Address: ENDPOINT_IP } } } },
  };
}
