import { expect } from 'chai';
import type { NetworkInterfaceInfo } from 'node:os';
import { bindCandidates } from '../../../src/endpoints/bind-address.js';
import { cidrContains, firstHost, subnetOf } from '../../../src/endpoints/ipv4.js';

const iface = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, family: 'IPv4', internal, netmask: '255.255.0.0', mac: '00:00:00:00:00:00', cidr: null }) as NetworkInterfaceInfo;

describe('endpoints/bind-address', () => {
  it("prefers the bridge's recorded gateway, then this host's address in the bridge subnet, then the subnet's first address", () => {
    const interfaces = { lo: [iface('127.0.0.1', true)], eth0: [iface('192.0.2.2')], docker0: [iface('172.17.0.1')] };
    expect(bindCandidates({ subnets: ['172.17.0.0/16'], gateways: ['172.17.0.1'] }, interfaces)).to.deep.equal(['172.17.0.1', '127.0.0.1']);
    expect(bindCandidates({ subnets: ['172.18.0.0/16'], gateways: [] }, { eth0: [iface('192.0.2.2')], br: [iface('172.18.5.1')] })).to.deep.equal([
      '172.18.5.1',
      '172.18.0.1',
      '127.0.0.1',
    ]);
  });

  it('never offers an address outside the bridge, nor 0.0.0.0, and falls back to loopback', () => {
    const candidates = bindCandidates({ subnets: ['172.17.0.0/16'], gateways: [] }, { eth0: [iface('192.0.2.2')] });
    expect(candidates).to.deep.equal(['172.17.0.1', '127.0.0.1']);
    expect(bindCandidates(undefined, { eth0: [iface('192.0.2.2')] })).to.deep.equal(['127.0.0.1']);
  });

  it('does the subnet arithmetic', () => {
    expect(cidrContains('172.17.0.0/16', '172.17.255.1')).to.equal(true);
    expect(cidrContains('172.17.0.0/16', '172.18.0.1')).to.equal(false);
    expect(subnetOf('10.1.2.3', 24)).to.equal('10.1.2.0/24');
    expect(firstHost('10.1.2.0/24')).to.equal('10.1.2.1');
  });
});
