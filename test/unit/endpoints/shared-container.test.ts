import { expect } from 'chai';
import { networksOf } from '../../../src/endpoints/metadata-facts.js';
import { ENDPOINTS_NETWORK, endpointsContainerOptions, endpointsNetworkSpec, peerKeys } from '../../../src/endpoints/shared-container.js';
import type { ContainerInspect } from '../../../src/docker/types.js';

describe('the engine endpoints container', () => {
  it('routes a source address under both byte orders /proc/net may print it in', () => {
    expect(peerKeys('169.254.170.3')).to.deep.equal(['A9FEAA03', '03AAFEA9']);
    expect(() => peerKeys('169.254.170')).to.throw('not an IPv4 address');
    expect(() => peerKeys('169.254.170.256')).to.throw('not an IPv4 address');
  });

  it('sits at 169.254.170.2 on its own network, with no capability but binding port 80', () => {
    const o = endpointsContainerOptions('ecs-local/endpoint-proxy:1.0.0');
    expect(o.NetworkingConfig?.EndpointsConfig?.[ENDPOINTS_NETWORK]?.IPAMConfig?.IPv4Address).to.equal('169.254.170.2');
    expect(o.HostConfig?.NetworkMode).to.equal(ENDPOINTS_NETWORK);
    expect([o.HostConfig?.CapDrop, o.HostConfig?.CapAdd, o.HostConfig?.ReadonlyRootfs]).to.deep.equal([['ALL'], ['NET_BIND_SERVICE'], true]);
    expect(endpointsNetworkSpec('docker')).to.deep.include({
      subnet: '169.254.170.0/24',
      gateway: '169.254.170.1',
      internal: true,
      // No address of the subnet on the engine's host, where Podman would then refuse it.
      options: { 'com.docker.network.bridge.inhibit_ipv4': 'true' },
    });
    // Podman's internal networks get no forwarding rule: a FORWARD policy of DROP would drop their packets.
    const podman = endpointsNetworkSpec('podman');
    expect([podman.internal, podman.options]).to.deep.equal([false, undefined]);
  });

  it("leaves the endpoints network out of the task's networks in task metadata", () => {
    const owner = {
      NetworkSettings: {
        Networks: {
          [ENDPOINTS_NETWORK]: { IPAddress: '169.254.170.3', IPPrefixLen: 24, Gateway: '169.254.170.1', MacAddress: '02:42:a9:fe:aa:03' },
          bridge: { IPAddress: '172.17.0.5', IPPrefixLen: 16, Gateway: '172.17.0.1', MacAddress: '02:42:ac:11:00:05' },
        },
      },
    } as unknown as ContainerInspect;
    expect(networksOf(owner, true)).to.deep.equal([
      { networkMode: 'awsvpc', ipv4Addresses: ['172.17.0.5'], macAddress: '02:42:ac:11:00:05', subnetCidr: '172.17.0.0/16', gatewayCidr: '172.17.0.1/16' },
    ]);
    expect(networksOf(owner, false)).to.deep.equal([{ networkMode: 'bridge', ipv4Addresses: ['172.17.0.5'] }]);
  });
});
