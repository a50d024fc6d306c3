import { expect } from 'chai';
import type { ContainerSpec, TaskSpec } from '../../../src/container/spec.js';
import { Label } from '../../../src/docker/labels.js';
import { containerCreateOptions, holderContainerName, holderCreateOptions } from '../../../src/runtime/network.js';

const app: ContainerSpec = {
  name: 'app',
  dockerName: 'ecs-local-web-0123abcd-app',
  image: 'busybox',
  essential: true,
  dependsOn: [],
  startTimeoutSeconds: 180,
  stopTimeoutSeconds: 7,
  create: {
    name: 'ecs-local-web-0123abcd-app',
    Image: 'busybox',
    Hostname: 'app-host',
    ExposedPorts: { '80/tcp': {} },
    Env: ['A=1'],
    HostConfig: {
      PortBindings: { '80/tcp': [{ HostPort: '' }] },
      Dns: ['1.1.1.1'],
      ExtraHosts: ['db:10.0.0.5'],
      Links: ['ecs-local-web-0123abcd-db:database'],
      Memory: 1,
    },
  },
  hasHealthCheck: false,
  ports: [{ containerPort: 80, protocol: 'tcp' }],
};

const task: TaskSpec = {
  taskId: '0123abcd0123abcd0123abcd0123abcd',
  family: 'web',
  revision: 2,
  networkMode: 'bridge',
  labels: { [Label.managed]: 'true', [Label.taskId]: '0123abcd0123abcd0123abcd0123abcd' },
  containers: [app],
  volumes: [],
  warnings: [],
};

describe('runtime/network: bridge namespace holders (task endpoints)', () => {
  it('moves what belongs to the network namespace onto the holder, links pointing at the linked holder', () => {
    const o = holderCreateOptions(task, app, 'ecs-local/pause:x');
    expect(o.name).to.equal('ecs-local-web-0123abcd-app.net');
    expect(o.Image).to.equal('ecs-local/pause:x');
    expect(o.Hostname).to.equal('app-host');
    expect(o.ExposedPorts).to.deep.equal({ '80/tcp': {} });
    expect(o).to.not.have.property('Env');
    expect(o.Labels).to.include({ [Label.role]: 'pause', [Label.container]: 'app' });
    expect(o.HostConfig).to.deep.include({
      NetworkMode: 'bridge',
      PortBindings: { '80/tcp': [{ HostPort: '' }] },
      Dns: ['1.1.1.1'],
      ExtraHosts: ['db:10.0.0.5'],
      Links: ['ecs-local-web-0123abcd-db.net:database'],
      CapDrop: ['ALL'],
    });
    expect(o.HostConfig).to.not.have.property('Memory');
    expect(holderContainerName(app)).to.equal('ecs-local-web-0123abcd-app.net');
  });

  it("joins the container to its holder's namespace and leaves it nothing the namespace owns", () => {
    const o = containerCreateOptions(task, app, undefined, 'holder-id');
    expect(o.HostConfig?.NetworkMode).to.equal('container:holder-id');
    for (const key of ['PortBindings', 'Dns', 'ExtraHosts', 'Links']) expect(o.HostConfig).to.not.have.property(key);
    expect(o).to.not.have.property('Hostname');
    expect(o).to.not.have.property('ExposedPorts');
    expect(o.HostConfig?.Memory).to.equal(1);
  });

  it('creates bridge containers as before when there is no holder', () => {
    expect(containerCreateOptions(task, app, undefined).HostConfig?.NetworkMode).to.equal('bridge');
  });
});
