import { expect } from 'chai';
import type { TaskState } from '../../../src/container/task-state.js';
import type { ContainerSummary } from '../../../src/docker/engine.js';
import { Label } from '../../../src/docker/labels.js';
import { groupTasks, publishedPorts } from '../../../src/runtime/cleanup.js';
import { runExitCode } from '../../../src/runtime/task-runner.js';

function summary(name: string, labels: Record<string, string>, state: string, createdS: number, ports: ContainerSummary['ports'] = []): ContainerSummary {
  return { id: name, name, image: 'i', labels: { [Label.managed]: 'true', ...labels }, state, status: state, created: new Date(createdS * 1000), ports };
}

describe('runtime/cleanup groupTasks', () => {
  it('groups containers by task, hides the pause container, and tells live owners from dead ones', () => {
    const t1 = { [Label.taskId]: 't1', [Label.family]: 'web', [Label.revision]: '4', [Label.ownerPid]: '100' };
    const t2 = { [Label.taskId]: 't2', [Label.family]: 'job', [Label.ownerPid]: '200' };
    const tasks = groupTasks(
      [
        summary('web-app', { ...t1, [Label.role]: 'container', [Label.container]: 'app' }, 'running', 1000),
        summary('web.pause', { ...t1, [Label.role]: 'pause' }, 'running', 990),
        summary('job-main', { ...t2, [Label.role]: 'container', [Label.container]: 'main' }, 'exited', 1005),
      ],
      1060_000,
      (pid) => pid === 100,
    );
    expect(tasks.map((t) => [t.taskId, t.family, t.revision, t.status, t.ageSeconds, t.ownerAlive])).to.deep.equal([
      ['t1', 'web', 4, 'RUNNING', 70, true],
      ['t2', 'job', undefined, 'STOPPED', 55, false],
    ]);
    expect(tasks[0]?.containers).to.deep.equal([{ name: 'app', dockerName: 'web-app', state: 'running', status: 'running' }]);
  });
});

describe('runtime/cleanup publishedPorts (the PORTS column of ps)', () => {
  const t = { [Label.taskId]: 't1', [Label.family]: 'web' };
  const port = (hostPort: number, containerPort: number, protocol = 'tcp', hostIp = '0.0.0.0') => ({ hostPort, containerPort, protocol, hostIp });

  it("names the awsvpc pause container's ports by the container whose mappings list them, once for IPv4 and IPv6", () => {
    const ports = publishedPorts([
      summary('p', { ...t, [Label.role]: 'pause' }, 'running', 1, [port(8080, 8080), port(8080, 8080, 'tcp', '::'), port(5353, 53, 'udp')]),
      summary('a', { ...t, [Label.role]: 'container', [Label.container]: 'web', [Label.ports]: '8080/tcp' }, 'running', 1),
      summary('b', { ...t, [Label.role]: 'container', [Label.container]: 'dns', [Label.ports]: '53/udp' }, 'running', 1),
      // Podman lists the namespace's ports on every container that joined it.
      summary('c', { ...t, [Label.role]: 'container', [Label.container]: 'side' }, 'running', 1, [port(8080, 8080)]),
      summary('d', { ...t, [Label.role]: 'container', [Label.container]: 'dns', [Label.ports]: '53/udp' }, 'running', 1, [port(8080, 8080), port(5353, 53, 'udp')]),
    ]);
    expect(ports).to.deep.equal(['dns:5353->53/udp', 'web:8080->8080/tcp']);
  });

  it("names a bridge holder's ports by its container, and never shows the endpoint forwarder's", () => {
    const ports = publishedPorts([
      // Docker may bind IPv6 at another host port than IPv4.
      summary('h', { ...t, [Label.role]: 'pause', [Label.container]: 'web' }, 'running', 1, [port(32768, 8080), port(32769, 8080, 'tcp', '::')]),
      summary('e', { ...t, [Label.role]: 'endpoint' }, 'running', 1, [port(40000, 80)]),
    ]);
    expect(ports).to.deep.equal(['web:32768->8080/tcp']);
    expect(groupTasks([summary('h', { ...t, [Label.role]: 'pause', [Label.container]: 'web' }, 'running', 1, [port(32768, 8080)])], 2000)[0]?.ports).to.deep.equal(['web:32768->8080/tcp']);
  });
});

describe('runtime/task-runner runExitCode', () => {
  function state(partial: Partial<TaskState>): TaskState {
    return {
      context: { taskId: 't', region: 'us-east-1', accountId: '1', launchType: 'FARGATE', cluster: 'default' },
      family: 'f',
      revision: 1,
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      createdAt: new Date(0),
      containers: [],
      ...partial,
    };
  }
  const container = (name: string, exitCode?: number) => ({
    name,
    containerUuid: name,
    image: 'i',
    essential: true,
    lastStatus: 'STOPPED' as const,
    health: 'none' as const,
    ...(exitCode === undefined ? {} : { exitCode }),
  });

  it("returns the stopping essential container's code, 130 for a user stop, 3 for a failed start, 1 when it never ran", () => {
    expect(runExitCode(state({ stopCode: 'EssentialContainerExited', stoppedBy: 'a', containers: [container('a', 5)] }))).to.equal(5);
    expect(runExitCode(state({ stopCode: 'UserInitiated', containers: [container('a', 137)] }))).to.equal(130);
    expect(runExitCode(state({ stopCode: 'TaskFailedToStart', stoppedBy: 'a', containers: [container('a')] }))).to.equal(3);
    expect(runExitCode(state({ stopCode: 'EssentialContainerExited', stoppedBy: 'a', containers: [container('a')] }))).to.equal(1);
    expect(runExitCode(state({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING', containers: [] }))).to.equal(0);
  });
});
