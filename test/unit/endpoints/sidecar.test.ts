import { expect } from 'chai';
import type { TaskSpec } from '../../../src/container/spec.js';
import { Label } from '../../../src/docker/labels.js';
import { forwarderScript, routeCreateOptions, routeScript, sidecarCreateOptions } from '../../../src/endpoints/sidecar.js';

const task: TaskSpec = {
  taskId: '0123abcd0123abcd0123abcd0123abcd',
  family: 'web',
  revision: 1,
  networkMode: 'awsvpc',
  labels: { [Label.managed]: 'true', [Label.taskId]: '0123abcd0123abcd0123abcd0123abcd' },
  containers: [],
  volumes: [],
  warnings: [],
};

describe('endpoints/sidecar', () => {
  it('claims 169.254.170.2 and relays port 80 (and any extra port) to the host through host-gateway', () => {
    expect(forwarderScript([{ listenPort: 80, hostPort: 40001 }, { listenPort: 4566, hostPort: 40002 }])).to.equal(
      [
        'ip addr add 169.254.170.2/32 dev lo || exit 1',
        'nc -ll -p 4566 -e nc host.docker.internal 40002 &',
        'exec nc -ll -p 80 -e nc host.docker.internal 40001',
      ].join('\n'),
    );
    expect(() => forwarderScript([{ listenPort: 8080, hostPort: 1 }])).to.throw('port 80');
    expect(() => forwarderScript([{ listenPort: 80, hostPort: 0 }])).to.throw('not a TCP port');
  });

  it("runs the forwarder in its own namespace on Docker's bridge, labelled with the task, with only the capabilities it needs", () => {
    const o = sidecarCreateOptions(task, 'ecs-local/endpoint-proxy:1', [{ listenPort: 80, hostPort: 40001 }]);
    expect(o.name).to.equal('ecs-local-web-0123abcd.endpoint');
    expect(o.Labels).to.include({ [Label.taskId]: task.taskId, [Label.role]: 'endpoint' });
    expect(o.HostConfig).to.deep.include({ NetworkMode: 'bridge', ExtraHosts: ['host.docker.internal:host-gateway'], CapDrop: ['ALL'] });
    expect(o.HostConfig?.CapAdd).to.have.members(['NET_ADMIN', 'NET_BIND_SERVICE']);
  });

  it("routes 169.254.170.2 in the task's namespace via the forwarder and waits for the endpoint to answer", () => {
    const o = routeCreateOptions(task, 'img', 'pause-id', '172.17.0.9', 0, 50);
    expect(o.HostConfig).to.deep.include({ NetworkMode: 'container:pause-id', CapAdd: ['NET_ADMIN'] });
    const script = o.Cmd?.[2] ?? '';
    expect(script).to.contain('ip route replace 169.254.170.2/32 via 172.17.0.9');
    expect(script).to.contain('http://169.254.170.2/ecs-local/ready');
    expect(() => routeScript('172.17.0.9; reboot', 5)).to.throw('not an IPv4 address');
  });
});
