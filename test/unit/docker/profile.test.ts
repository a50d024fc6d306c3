import { expect } from 'chai';
import { engineProfile } from '../../../src/docker/profile.js';

// `/version` as each engine answers it (Docker 20.10 and Podman 4.3 taken from this machine's
// engines; Desktop's platform name and rootless Docker's rootlesskit component as those print them).
const docker = { Version: '20.10.24+dfsg1', Os: 'linux', Arch: 'amd64', Platform: { Name: '' }, Components: [{ Name: 'Engine' }, { Name: 'containerd' }] };
const podman = { Version: '4.3.1', Os: 'linux', Arch: 'amd64', Platform: { Name: 'linux/amd64/debian-12' }, Components: [{ Name: 'Podman Engine' }, { Name: 'Conmon' }] };
const desktop = { Version: '28.1.1', Os: 'linux', Arch: 'arm64', KernelVersion: '6.10.14-linuxkit', Platform: { Name: 'Docker Desktop 4.41.2 (191736)' }, Components: [{ Name: 'Engine' }] };
const rootlessDocker = { Version: '28.1.1', Os: 'linux', Arch: 'amd64', Components: [{ Name: 'Engine' }, { Name: 'rootlesskit' }] };

describe('docker/profile engineProfile', () => {
  it('local root Docker: host-gateway, its own health loop, parallel removal', () => {
    const p = engineProfile(docker, 'unix:///var/run/docker.sock');
    expect(p).to.deep.include({
      kind: 'docker',
      name: 'Docker 20.10.24+dfsg1',
      rootless: false,
      remote: false,
      hostAlias: 'host.docker.internal',
      hostGateway: true,
      defaultNetwork: 'bridge',
      runsHealthChecks: true,
      removesDependentsFirst: false,
    });
  });

  it('Podman: host.containers.internal, no host-gateway, health probed by ecs-local without systemd, dependents removed first', () => {
    const p = engineProfile(podman, 'unix:///run/podman/podman.sock');
    expect(p).to.deep.include({
      kind: 'podman',
      name: 'Podman 4.3.1',
      hostAlias: 'host.containers.internal',
      hostGateway: false,
      defaultNetwork: 'podman',
      runsHealthChecks: false,
      removesDependentsFirst: true,
    });
    expect(engineProfile(podman, 'unix:///run/podman/podman.sock', true).runsHealthChecks).to.equal(true);
  });

  it('rootless from rootlesskit or a socket in a user runtime dir; remote from tcp://, ssh:// or a VM', () => {
    expect(engineProfile(rootlessDocker, 'tcp://127.0.0.1:2376').rootless).to.equal(true);
    // Debian's Docker 20.10 under dockerd-rootless.sh lists no rootlesskit: its socket says it.
    expect(engineProfile(docker, 'unix:///run/user/1000/docker.sock').rootless).to.equal(true);
    expect(engineProfile(docker, 'unix:///var/run/docker.sock').rootless).to.equal(false);
    expect(engineProfile(podman, 'unix:///run/user/1001/podman/podman.sock').rootless).to.equal(true);
    expect(engineProfile(podman, 'unix:///run/podman/podman.sock').rootless).to.equal(false);
    expect(engineProfile(docker, 'tcp://10.213.0.2:2375').remote).to.equal(true);
    expect(engineProfile(docker, 'ssh://ci@build').remote).to.equal(true);
    const d = engineProfile(desktop, 'unix:///Users/dev/.docker/run/docker.sock');
    expect(d).to.deep.include({ remote: true, arch: 'arm64', name: 'Docker Desktop 4.41.2 (191736)' });
    expect(engineProfile(docker, 'unix:///Users/dev/.colima/default/docker.sock').remote).to.equal(true);
  });

  it('says where published ports are: the engine host of tcp:// and ssh://, else localhost (VMs forward them)', () => {
    expect(engineProfile(docker, 'tcp://10.213.0.2:2375').publishedHost).to.equal('10.213.0.2');
    expect(engineProfile(docker, 'ssh://ci@build.example:2222').publishedHost).to.equal('build.example');
    expect(engineProfile(docker, 'tcp://docker:2376').publishedHost).to.equal('docker');
    expect(engineProfile(docker, 'unix:///var/run/docker.sock').publishedHost).to.equal('localhost');
    expect(engineProfile(docker, 'unix:///Users/dev/.colima/default/docker.sock').publishedHost).to.equal('localhost');
  });
});
