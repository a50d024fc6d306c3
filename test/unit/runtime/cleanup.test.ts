import { expect } from 'chai';
import type { TaskState } from '../../../src/container/task-state.js';
import type { ContainerSummary } from '../../../src/docker/engine.js';
import { Label } from '../../../src/docker/labels.js';
import { groupTasks } from '../../../src/runtime/cleanup.js';
import { runExitCode } from '../../../src/runtime/task-runner.js';

function summary(name: string, labels: Record<string, string>, state: string, createdS: number): ContainerSummary {
  return { id: name, name, image: 'i', labels: { [Label.managed]: 'true', ...labels }, state, status: state, created: new Date(createdS * 1000) };
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
