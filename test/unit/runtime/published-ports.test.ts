import { expect } from 'chai';
import { publishedPortLines } from '../../../src/runtime/published-ports.js';

describe('runtime/published-ports', () => {
  it('reads each published port as an address on this machine', () => {
    const published = [
      { containerPort: 8080, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 32768 },
      { containerPort: 8080, protocol: 'tcp', hostIp: '::', hostPort: 32768 },
      { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
    ];
    const ports = [
      { containerPort: 8080, protocol: 'tcp' as const },
      { containerPort: 53, protocol: 'udp' as const },
      { containerPort: 9000, protocol: 'tcp' as const },
    ];
    expect(publishedPortLines('app', ports, published, false)).to.deep.equal(['app: http://localhost:32768 -> 8080', 'app: udp 127.0.0.1:5353 -> 53']);
  });

  it('in host mode the container ports are the host ports', () => {
    expect(publishedPortLines('app', [{ containerPort: 3000, protocol: 'tcp' }], [], true)).to.deep.equal(['app: http://localhost:3000 -> 3000']);
    // A remote engine (GitLab's docker:dind service): its host, not this machine's loopback.
    expect(publishedPortLines('app', [{ containerPort: 3000, protocol: 'tcp' }], [], true, 'docker')).to.deep.equal(['app: http://docker:3000 -> 3000']);
  });
});
