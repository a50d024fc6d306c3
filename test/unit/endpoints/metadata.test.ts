import { expect } from 'chai';
import { goMarshal } from '../../../src/endpoints/go-marshal.js';
import {
  containerV3,
  containerV4,
  statsV4,
  taskCpuVcpu,
  taskMemoryMib,
  taskV3,
  taskV4,
  type ContainerFacts,
  type TaskFacts,
} from '../../../src/endpoints/metadata.js';

const container: ContainerFacts = {
  dockerId: 'ea32',
  name: 'app',
  dockerName: 'ecs-local-web-0123abcd-app',
  image: 'nginx:latest',
  imageId: 'sha256:d691',
  ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 80 }],
  labels: { 'com.amazonaws.ecs.task-arn': 'arn:t', 'com.amazonaws.ecs.cluster': 'default' },
  desiredStatus: 'RUNNING',
  knownStatus: 'RUNNING',
  cpu: 0,
  memory: 128,
  createdAt: '2026-01-01T00:00:00.5Z',
  startedAt: '2026-01-01T00:00:01.25Z',
  networks: [
    { networkMode: 'awsvpc', ipv4Addresses: ['172.17.0.4'], macAddress: '02:42:ac:11:00:04', subnetCidr: '172.17.0.0/16', gatewayCidr: '172.17.0.1/16' },
  ],
  volumes: [],
  logDriver: 'awslogs',
  logOptions: { 'awslogs-stream': 'ecs/app/0123', 'awslogs-group': '/ecs/web' },
  containerArn: 'arn:aws:ecs:us-east-1:123456789012:container/default/0123/uuid',
};

const task: TaskFacts = {
  cluster: 'arn:aws:ecs:us-east-1:123456789012:cluster/default',
  taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/default/0123',
  family: 'web',
  revision: '3',
  desiredStatus: 'RUNNING',
  knownStatus: 'RUNNING',
  cpu: 0.25,
  memory: 512,
  availabilityZone: 'us-east-1a',
  launchType: 'FARGATE',
  taskTags: { team: 'a' },
  faultInjectionEnabled: false,
};

describe('endpoints/metadata', () => {
  it('writes a v4 container in the Go field order, Networks last, maps sorted, empty fields dropped', () => {
    expect(goMarshal(containerV4(container))).to.equal(
      '{"DockerId":"ea32","Name":"app","DockerName":"ecs-local-web-0123abcd-app","Image":"nginx:latest","ImageID":"sha256:d691",' +
        '"Ports":[{"ContainerPort":80,"Protocol":"tcp","HostPort":80}],' +
        '"Labels":{"com.amazonaws.ecs.cluster":"default","com.amazonaws.ecs.task-arn":"arn:t"},' +
        '"DesiredStatus":"RUNNING","KnownStatus":"RUNNING","Limits":{"CPU":0,"Memory":128},' +
        '"CreatedAt":"2026-01-01T00:00:00.5Z","StartedAt":"2026-01-01T00:00:01.25Z","Type":"NORMAL",' +
        '"LogDriver":"awslogs","LogOptions":{"awslogs-group":"/ecs/web","awslogs-stream":"ecs/app/0123"},' +
        '"ContainerARN":"arn:aws:ecs:us-east-1:123456789012:container/default/0123/uuid",' +
        '"Networks":[{"NetworkMode":"awsvpc","IPv4Addresses":["172.17.0.4"],"AttachmentIndex":0,"MACAddress":"02:42:ac:11:00:04",' +
        '"IPv4SubnetCIDRBlock":"172.17.0.0/16","SubnetGatewayIpv4Address":"172.17.0.1/16"}]}',
    );
  });

  it('writes a v3 container as the v2 struct: Networks in place, no log options or ARN', () => {
    const keys = Object.keys(containerV3({ ...container, exitCode: 0, knownStatus: 'STOPPED', finishedAt: '2026-01-01T00:00:02Z' }));
    expect(keys).to.deep.equal([
      'DockerId', 'Name', 'DockerName', 'Image', 'ImageID', 'Ports', 'Labels', 'DesiredStatus', 'KnownStatus',
      'ExitCode', 'Limits', 'CreatedAt', 'StartedAt', 'FinishedAt', 'Type', 'Networks',
    ]);
    expect(containerV3(container).Networks).to.deep.equal([{ NetworkMode: 'awsvpc', IPv4Addresses: ['172.17.0.4'] }]);
  });

  it('writes an exit code of 0 (a pointer in Go) and the restart count only when there is a restart policy', () => {
    expect(containerV4({ ...container, exitCode: 0 }).ExitCode).to.equal(0);
    expect(containerV4(container)).to.not.have.property('RestartCount');
    expect(containerV4({ ...container, restartCount: 0 }).RestartCount).to.equal(0);
  });

  it('writes a v4 task with Containers after LaunchType and FaultInjectionEnabled last; tags only with taskWithTags', () => {
    expect(Object.keys(taskV4(task, [container], false))).to.deep.equal([
      'Cluster', 'TaskARN', 'Family', 'Revision', 'DesiredStatus', 'KnownStatus', 'Limits', 'AvailabilityZone',
      'LaunchType', 'Containers', 'FaultInjectionEnabled',
    ]);
    const withTags = taskV4(task, [], true);
    expect(goMarshal(withTags.TaskTags)).to.equal('{"team":"a"}');
    expect(withTags).to.not.have.property('Containers');
    expect(withTags.Limits).to.deep.equal({ CPU: 0.25, Memory: 512 });
  });

  it('writes a v3 task with Containers in the v2 position and no launch type', () => {
    expect(Object.keys(taskV3(task, [container], false))).to.deep.equal([
      'Cluster', 'TaskARN', 'Family', 'Revision', 'DesiredStatus', 'KnownStatus', 'Containers', 'Limits', 'AvailabilityZone',
    ]);
  });

  it('adds network_rate_stats to Docker stats in v4 only when a rate is known', () => {
    const docker = { read: '2026-01-01T00:00:00Z', cpu_stats: {} };
    expect(goMarshal(statsV4(docker, { rxBytesPerSec: 10, txBytesPerSec: 2.5 }))).to.equal(
      '{"read":"2026-01-01T00:00:00Z","cpu_stats":{},"network_rate_stats":{"rx_bytes_per_sec":10,"tx_bytes_per_sec":2.5}}',
    );
    expect(statsV4(docker, undefined)).to.deep.equal(docker);
  });

  it('reads task cpu and memory in the forms ECS accepts', () => {
    expect(taskCpuVcpu('256')).to.equal(0.25);
    expect(taskCpuVcpu('1 vCPU')).to.equal(1);
    expect(taskCpuVcpu(undefined)).to.equal(undefined);
    expect(taskMemoryMib('512')).to.equal(512);
    expect(taskMemoryMib('2 GB')).to.equal(2048);
    expect(taskMemoryMib('lots')).to.equal(undefined);
  });
});
