import { expect } from 'chai';
import type { ContainerSpec, TaskSpec } from '../../../src/container/spec.js';
import { Label } from '../../../src/docker/labels.js';
import { containerCreateOptions, linksAsHosts, needsPause, ownsNamespace, pauseContainerName, pauseCreateOptions, poolableNamespace, STOP_TIMEOUT_LABEL } from '../../../src/runtime/network.js';

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
    Labels: { custom: 'yes' },
    HostConfig: { PortBindings: { '80/tcp': [{ HostPort: '8080' }] }, Dns: ['1.1.1.1'], Links: ['x:y'], Memory: 1 },
  },
  hasHealthCheck: false,
  ports: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }],
};

function task(networkMode: TaskSpec['networkMode'], extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    taskId: '0123abcd0123abcd0123abcd0123abcd',
    family: 'web',
    revision: 2,
    networkMode,
    labels: { [Label.managed]: 'true', [Label.taskId]: '0123abcd0123abcd0123abcd0123abcd' },
    containers: [app],
    volumes: [],
    warnings: [],
    ...extra,
  };
}

describe('runtime/network', () => {
  it('needs a pause container for awsvpc with more than one container and for task pid/ipc namespaces only', () => {
    const two = { containers: [app, { ...app, name: 'worker', dockerName: 'ecs-local-web-0123abcd-worker' }] };
    expect(needsPause(task('awsvpc', two))).to.equal(true);
    expect(needsPause(task('bridge'))).to.equal(false);
    expect(needsPause(task('bridge', { pidMode: 'task' }))).to.equal(true);
    expect(needsPause(task('awsvpc', { ipcMode: 'task' }))).to.equal(true);
  });

  it("[INF] lets a one-container awsvpc task's container own the namespace, publishing the task's ports itself", () => {
    const spec = task('awsvpc', { networkNamespace: { ExposedPorts: { '80/tcp': {} }, PortBindings: { '80/tcp': [{ HostPort: '80' }] } } });
    expect(ownsNamespace(spec)).to.equal(true);
    expect(needsPause(spec)).to.equal(false);
    const options = containerCreateOptions(spec, app, undefined);
    expect(options.HostConfig?.NetworkMode).to.equal('bridge');
    expect(options.HostConfig?.PortBindings).to.deep.equal({ '80/tcp': [{ HostPort: '80' }] });
    expect(options.ExposedPorts).to.deep.equal({ '80/tcp': {} });
    // A restart could come back with another address: the pause container keeps it then.
    expect(ownsNamespace(task('awsvpc', { containers: [{ ...app, restartPolicy: { enabled: true, ignoredExitCodes: [], restartAttemptPeriodSeconds: 300 } as never }] }))).to.equal(false);
  });

  it('[INF] runs an awsvpc task in a pooled namespace only when nothing of it could outlive it there', () => {
    const portless: ContainerSpec = { ...app, ports: [], create: { ...app.create, ExposedPorts: {}, HostConfig: { Memory: 1 } } };
    const withHost = (hostConfig: NonNullable<ContainerSpec['create']['HostConfig']>): TaskSpec =>
      task('awsvpc', { containers: [{ ...portless, create: { ...portless.create, HostConfig: hostConfig } }] });
    expect(poolableNamespace(task('awsvpc', { containers: [portless] }))).to.equal(true);
    expect(poolableNamespace(task('awsvpc', { containers: [portless, { ...portless, name: 'worker' }] }))).to.equal(true);
    // Published ports would stay bound while the holder waits for the next task.
    expect(poolableNamespace(task('awsvpc'))).to.equal(false);
    expect(poolableNamespace(task('bridge', { containers: [portless] }))).to.equal(false);
    expect(poolableNamespace(task('awsvpc', { containers: [portless], pidMode: 'task' }))).to.equal(false);
    expect(poolableNamespace(task('awsvpc', { containers: [portless], ipcMode: 'task' }))).to.equal(false);
    expect(poolableNamespace(withHost({ Privileged: true }))).to.equal(false);
    expect(poolableNamespace(withHost({ CapAdd: ['NET_ADMIN'] }))).to.equal(false);
    expect(poolableNamespace(withHost({ CapAdd: ['ALL'] }))).to.equal(false);
    expect(poolableNamespace(withHost({ CapAdd: ['SYS_PTRACE'] }))).to.equal(true);
    expect(poolableNamespace(withHost({ Sysctls: { 'net.core.somaxconn': '1024' } }))).to.equal(false);
    expect(poolableNamespace(withHost({ Sysctls: { 'kernel.msgmax': '65536' } }))).to.equal(true);
    // Pooled, the one container joins the holder instead of owning the namespace.
    const pooled = task('awsvpc', { containers: [portless], pooledNamespace: true });
    expect(ownsNamespace(pooled)).to.equal(false);
    expect(needsPause(pooled)).to.equal(true);
    expect(containerCreateOptions(pooled, portless, 'holder-id').HostConfig?.NetworkMode).to.equal('container:holder-id');
  });

  it('publishes every awsvpc port on the pause container, on the default bridge', () => {
    const spec = task('awsvpc', {
      networkNamespace: { ExposedPorts: { '80/tcp': {} }, PortBindings: { '80/tcp': [{ HostPort: '80' }] } },
    });
    const pause = pauseCreateOptions(spec, 'ecs-local/pause:abc');
    expect(pause.name).to.equal('ecs-local-web-0123abcd.pause');
    expect(pause.name).to.equal(pauseContainerName(spec));
    expect(pause.HostConfig?.NetworkMode).to.equal('bridge');
    expect(pause.HostConfig?.PortBindings).to.deep.equal({ '80/tcp': [{ HostPort: '80' }] });
    expect(pause.Labels).to.include({ [Label.role]: 'pause', [Label.managed]: 'true' });
  });

  it('joins awsvpc containers to the pause namespace, without the options the namespace owns', () => {
    const options = containerCreateOptions(task('awsvpc'), app, 'pause-id');
    expect(options.HostConfig?.NetworkMode).to.equal('container:pause-id');
    expect(options.Hostname).to.equal(undefined);
    expect(options.ExposedPorts).to.equal(undefined);
    expect(options.HostConfig).to.not.have.any.keys('PortBindings', 'Dns', 'Links');
    expect(options.HostConfig?.Memory).to.equal(1);
    expect(options.Labels).to.include({ custom: 'yes', [Label.role]: 'container', [Label.container]: 'app', [STOP_TIMEOUT_LABEL]: '7' });
    // The spec itself is not modified.
    expect(app.create.HostConfig?.PortBindings).to.not.equal(undefined);
  });

  it('keeps ports and links in bridge mode, drops published ports in host mode', () => {
    const bridge = containerCreateOptions(task('bridge'), app, undefined);
    expect(bridge.HostConfig).to.include({ NetworkMode: 'bridge' });
    expect(bridge.HostConfig?.Links).to.deep.equal(['x:y']);
    expect(bridge.HostConfig?.PortBindings).to.deep.equal({ '80/tcp': [{ HostPort: '8080' }] });
    const host = containerCreateOptions(task('host'), app, undefined);
    expect(host.HostConfig?.NetworkMode).to.equal('host');
    expect(host.HostConfig?.PortBindings).to.equal(undefined);
  });

  it('shares the pause container pid and ipc namespaces when the task asks for it', () => {
    const options = containerCreateOptions(task('bridge', { pidMode: 'task', ipcMode: 'task' }), app, 'p1');
    expect(options.HostConfig).to.include({ PidMode: 'container:p1', IpcMode: 'container:p1', NetworkMode: 'bridge' });
    expect(pauseCreateOptions(task('bridge', { ipcMode: 'task' }), 'img').HostConfig).to.include({ IpcMode: 'shareable', NetworkMode: 'none' });
  });
});

describe('runtime/network: links on an engine without them (Podman)', () => {
  it("writes each linked container's address into the hosts file under its alias and its name", () => {
    const options = { Image: 'x', HostConfig: { NetworkMode: 'bridge', Links: ['ecs-local-web-0123abcd-api:backend', 'ecs-local-web-0123abcd-db'], ExtraHosts: ['h:1.2.3.4'] } };
    const ips: Record<string, string> = { 'ecs-local-web-0123abcd-api': '10.88.0.5', 'ecs-local-web-0123abcd-db': '10.88.0.6' };
    const out = linksAsHosts(options, (name) => ips[name]);
    expect(out.HostConfig?.Links).to.equal(undefined);
    expect(out.HostConfig?.ExtraHosts).to.deep.equal(['h:1.2.3.4', 'backend:10.88.0.5', 'ecs-local-web-0123abcd-api:10.88.0.5', 'ecs-local-web-0123abcd-db:10.88.0.6']);
    expect(linksAsHosts({ Image: 'x' }, () => undefined)).to.deep.equal({ Image: 'x' });
  });
});
