/**
 * Where the host side of the endpoints listens: only where the task's forwarder can reach it, never
 * on every interface. Pure: Docker's view of its `bridge` network and this host's interfaces are
 * passed in; whether an address is this host's is settled by trying to listen on it.
 *
 * - Linux: the bridge's gateway (docker0, e.g. 172.17.0.1) is an address of this host, and it is what
 *   `host-gateway` resolves to inside containers: listen there, and nowhere else.
 * - Docker Desktop (and other VMs): the bridge lives inside the VM, and Docker routes `host-gateway`
 *   to the host's loopback: listen on 127.0.0.1.
 */
import type { NetworkInterfaceInfo } from 'node:os';
import { cidrContains, firstHost } from './ipv4.js';

export const LOOPBACK = '127.0.0.1';

export interface BridgeAddresses {
  subnets: string[];
  gateways: string[];
}

/**
 * The addresses to try, best first, ending with 127.0.0.1: the gateways Docker recorded, this host's
 * addresses inside the bridge's subnets, then each subnet's first address (Docker's default gateway,
 * which Docker often does not record for `bridge`, and which Node does not list while docker0 has no
 * container attached).
 */
export function bindCandidates(bridge: BridgeAddresses | undefined, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  if (bridge === undefined) return [LOOPBACK];
  const local = Object.values(interfaces)
    .flatMap((list) => list ?? [])
    .filter((i) => i.family === 'IPv4' && !i.internal)
    .map((i) => i.address);
  const candidates = [
    ...bridge.gateways.filter((g) => !g.includes(':')),
    ...local.filter((a) => bridge.subnets.some((s) => cidrContains(s, a))),
    ...bridge.subnets.flatMap((s) => {
      const first = firstHost(s);
      return first === undefined ? [] : [first];
    }),
    LOOPBACK,
  ];
  return [...new Set(candidates)];
}
