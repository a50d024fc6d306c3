import { expect } from 'chai';
import type Docker from 'dockerode';
import {
  containerFacts,
  knownStatusOf,
  namespaceOwnerOf,
  reportedLogOptions,
  type ContainerDefinitionFacts,
} from '../../../src/endpoints/metadata-facts.js';

type InspectOverrides = Omit<Partial<Docker.ContainerInspectInfo>, 'State' | 'HostConfig'> & {
  State?: Partial<Docker.ContainerInspectInfo['State']>;
  HostConfig?: { NetworkMode: string };
};

function inspect(over: InspectOverrides): Docker.ContainerInspectInfo {
  const base = {
    Id: 'c0ffee',
    Created: '2026-01-01T00:00:00.123456789Z',
    Name: '/ecs-local-web-0123abcd-app',
    Image: 'sha256:abc',
    Config: { Image: 'nginx:latest', Labels: { 'com.amazonaws.ecs.cluster': 'default', 'ecs-local.task-id': '0123', custom: 'x' } },
    HostConfig: { NetworkMode: 'container:pause1' },
    Mounts: [{ Type: 'volume', Name: 'ecs-local-0123-data', Source: '/var/lib/docker/volumes/x', Destination: '/data', Mode: '', RW: true, Propagation: '' }],
    NetworkSettings: { Networks: {}, Ports: {} },
  };
  const state = { Status: 'running', Running: true, ExitCode: 0, StartedAt: '2026-01-01T00:00:01Z', FinishedAt: '0001-01-01T00:00:00Z', ...(over.State ?? {}) };
  return { ...base, ...over, State: state } as unknown as Docker.ContainerInspectInfo;
}

const pause = {
  Id: 'pause1',
  NetworkSettings: {
    Networks: { bridge: { IPAddress: '172.17.0.4', IPPrefixLen: 16, Gateway: '172.17.0.1', MacAddress: '02:42:ac:11:00:04' } },
    Ports: { '8080/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }] },
  },
} as unknown as Docker.ContainerInspectInfo;

const def: ContainerDefinitionFacts = {
  name: 'app',
  cpu: 256,
  memory: 512,
  ports: [{ containerPort: 8080, protocol: 'tcp' }],
  hasRestartPolicy: false,
};

describe('endpoints/metadata-facts', () => {
  it('reports a running awsvpc container from Docker: ids, its own labels only, ENI from the pause container', () => {
    const f = containerFacts(inspect({}), pause, def, { desiredStatus: 'RUNNING', containerArn: 'arn:c' }, true);
    expect(f.dockerId).to.equal('c0ffee');
    expect(f.dockerName).to.equal('ecs-local-web-0123abcd-app');
    expect(f.image).to.equal('nginx:latest');
    expect(f.imageId).to.equal('sha256:abc');
    expect(f.labels).to.deep.equal({ 'com.amazonaws.ecs.cluster': 'default', custom: 'x' });
    expect(f.knownStatus).to.equal('RUNNING');
    expect(f).to.not.have.property('exitCode');
    expect(f).to.not.have.property('finishedAt');
    expect(f.createdAt).to.equal('2026-01-01T00:00:00.123456789Z');
    expect(f.ports).to.deep.equal([{ containerPort: 8080, protocol: 'tcp', hostPort: 8080 }]);
    expect(f.networks).to.deep.equal([
      { networkMode: 'awsvpc', ipv4Addresses: ['172.17.0.4'], macAddress: '02:42:ac:11:00:04', subnetCidr: '172.17.0.0/16', gatewayCidr: '172.17.0.1/16' },
    ]);
    expect(f.volumes).to.deep.equal([{ dockerName: 'ecs-local-0123-data', source: '/var/lib/docker/volumes/x', destination: '/data' }]);
    expect(f.containerArn).to.equal('arn:c');
  });

  it('reports a bridge container with the host ports Docker published on its namespace owner', () => {
    const f = containerFacts(inspect({}), pause, def, { desiredStatus: 'RUNNING' }, false);
    expect(f.ports).to.deep.equal([{ containerPort: 8080, protocol: 'tcp', hostPort: 32768, hostIp: '0.0.0.0' }]);
    expect(f.networks).to.deep.equal([{ networkMode: 'bridge', ipv4Addresses: ['172.17.0.4'] }]);
  });

  it('reports a stopped container with its exit code and finish time, and an unhealthy check with its output', () => {
    const f = containerFacts(
      inspect({
        State: {
          Status: 'exited',
          Running: false,
          ExitCode: 3,
          FinishedAt: '2026-01-01T00:00:09Z',
          Health: { Status: 'unhealthy', FailingStreak: 3, Log: [{ Start: 's', End: '2026-01-01T00:00:08Z', ExitCode: 1, Output: 'down' }] },
        },
      }),
      pause,
      { ...def, hasRestartPolicy: true },
      { desiredStatus: 'STOPPED', restartCount: 2 },
      true,
    );
    expect(f.knownStatus).to.equal('STOPPED');
    expect(f.exitCode).to.equal(3);
    expect(f.finishedAt).to.equal('2026-01-01T00:00:09Z');
    expect(f.health).to.deep.equal({ status: 'UNHEALTHY', since: '2026-01-01T00:00:08Z', exitCode: 1, output: 'down' });
    expect(f.restartCount).to.equal(2);
  });

  it("maps Docker's states to the agent's", () => {
    expect(['created', 'running', 'paused', 'exited', 'dead'].map(knownStatusOf)).to.deep.equal(['CREATED', 'RUNNING', 'RUNNING', 'STOPPED', 'STOPPED']);
  });

  it('finds the owner of a joined network namespace', () => {
    expect(namespaceOwnerOf(inspect({}))).to.equal('pause1');
    expect(namespaceOwnerOf(inspect({ HostConfig: { NetworkMode: 'bridge' } }))).to.equal(undefined);
  });

  it('shows the awslogs stream the agent names in place of the stream prefix', () => {
    expect(reportedLogOptions('awslogs', { 'awslogs-group': 'g', 'awslogs-stream-prefix': 'ecs' }, 'ecs/app/0123')).to.deep.equal({
      'awslogs-group': 'g',
      'awslogs-stream': 'ecs/app/0123',
    });
    expect(reportedLogOptions('json-file', { 'max-size': '1m' }, undefined)).to.deep.equal({ 'max-size': '1m' });
  });
});
