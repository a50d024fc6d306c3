import { execFileSync } from 'node:child_process';
import { expect } from 'chai';
import type { TaskSpec } from '../../../src/container/spec.js';
import { Label } from '../../../src/docker/labels.js';
import {
  FORWARDER_SCRIPT,
  forwarderAddressLine,
  forwardsLine,
  routeCreateOptions,
  routedHolderOptions,
  routesInPause,
  sidecarCreateOptions,
} from '../../../src/endpoints/sidecar.js';

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
  it('claims 169.254.170.2 and relays port 80 (and any extra port) to the host through host-gateway, as told on stdin', () => {
    expect(FORWARDER_SCRIPT).to.contain('ip addr add 169.254.170.2/32 dev lo || exit 1');
    expect(FORWARDER_SCRIPT).to.contain('-e nc host.docker.internal');
    expect(forwardsLine([{ listenPort: 4566, hostPort: 40002 }, { listenPort: 80, hostPort: 40001 }])).to.equal('\necs-local 80:40001 4566:40002\n');
    expect(() => forwardsLine([{ listenPort: 8080, hostPort: 1 }])).to.throw('port 80');
    expect(() => forwardsLine([{ listenPort: 80, hostPort: 0 }])).to.throw('not a TCP port');
  });

  it("runs the forwarder in its own namespace on Docker's bridge, labelled with the task, with only the capabilities it needs", () => {
    const o = sidecarCreateOptions(task, 'ecs-local/endpoint-proxy:1');
    expect(o.name).to.equal('ecs-local-web-0123abcd.endpoint');
    expect(o.Labels).to.include({ [Label.taskId]: task.taskId, [Label.role]: 'endpoint' });
    expect(o.HostConfig).to.deep.include({ NetworkMode: 'bridge', ExtraHosts: ['host.docker.internal:host-gateway'], CapDrop: ['ALL'] });
    expect(o.HostConfig?.CapAdd).to.have.members(['NET_ADMIN', 'NET_BIND_SERVICE']);
  });

  it("routes 169.254.170.2 in the task's namespace via the forwarder's address read from stdin and waits for the endpoint to answer", () => {
    const o = routeCreateOptions(task, 'img', 'pause-id', 0, 50);
    expect(o.HostConfig).to.deep.include({ NetworkMode: 'container:pause-id', CapDrop: ['ALL'], CapAdd: ['NET_ADMIN'] });
    expect(o.OpenStdin).to.equal(true);
    const script = o.Cmd?.[2] ?? '';
    expect(script).to.contain('read -r tag ip');
    expect(script).to.contain('ip route replace 169.254.170.2/32 via "$ip"');
    expect(script).to.contain('http://169.254.170.2/ecs-local/ready');
    expect(forwarderAddressLine('172.17.0.9')).to.equal('\necs-local 172.17.0.9\n');
    expect(() => forwarderAddressLine('172.17.0.9; reboot')).to.throw('not an IPv4 address');
  });

  it('lets a namespace holder route its namespace itself, with NET_ADMIN only, and stay', () => {
    const o = routedHolderOptions({ name: 'h', Image: 'ecs-local/pause:x', HostConfig: { NetworkMode: 'bridge', CapDrop: ['ALL'], PortBindings: { '80/tcp': [{ HostPort: '' }] } } }, 'proxy', 50);
    expect(o.Image).to.equal('proxy');
    expect(o.HostConfig).to.deep.include({ NetworkMode: 'bridge', CapDrop: ['ALL'], CapAdd: ['NET_ADMIN'], ReadonlyRootfs: true, PortBindings: { '80/tcp': [{ HostPort: '' }] } });
    expect(o.Cmd?.[2]).to.contain('exec sleep');
    // Its pid namespace is the task's with pidMode task: then the pause binary holds it.
    expect(routesInPause(task)).to.equal(true);
    expect(routesInPause({ ...task, pidMode: 'task' })).to.equal(false);
    expect(routesInPause({ ...task, networkMode: 'bridge' })).to.equal(false);
  });

  it('skips what comes before its tagged line on stdin (Podman hands the attach request body to stdin first)', () => {
    // The script's first line, then what it read, run by this machine's shell.
    const reader = (routeCreateOptions(task, 'img', 'pause-id', 0, 50).Cmd?.[2] ?? '').split('\n')[0] ?? '';
    const podmanFirst = `{"stream":true,"stdin":true,"stdout":true,"stderr":true,"hijack":true}${forwarderAddressLine('172.17.0.9')}`;
    const out = execFileSync('sh', ['-c', `${reader}; echo "ip=$ip"`], { input: podmanFirst, encoding: 'utf8' });
    expect(out).to.equal('ip=172.17.0.9\n');
    expect(() => execFileSync('sh', ['-c', reader], { input: '{"stream":true}\n', stdio: ['pipe', 'ignore', 'ignore'] })).to.throw();
  });
});
