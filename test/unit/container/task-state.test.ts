import { expect } from 'chai';
import { containerArn, taskDefinitionArn } from '../../../src/container/arns.js';
import {
  containerExitReason,
  cliTimestamp,
  describeTask,
  renderDescribeTasks,
  shouldRestart,
  stopByUser,
  stopForContainerExit,
  taskExitCode,
  taskHealthStatus,
  waitExitCode,
  type ContainerState,
  type DockerHealth,
  type TaskState,
} from '../../../src/container/task-state.js';
import { context, TASK_ARN, TASK_ID } from './fixtures.js';

function stopped(name: string, exitCode: number | undefined, essential = true, at = 0): ContainerState {
  return ctr({ name, lastStatus: 'STOPPED', essential, stoppedAt: new Date(at), ...(exitCode === undefined ? {} : { exitCode }) });
}

function ctr(overrides: Partial<ContainerState> = {}): ContainerState {
  return {
    name: 'app',
    containerUuid: '11111111-2222-3333-4444-555555555555',
    image: 'busybox:1.36',
    essential: true,
    lastStatus: 'RUNNING',
    health: 'none',
    ...overrides,
  };
}

describe('task-state', () => {
  describe('taskHealthStatus', () => {
    const h = (essential: boolean, health: DockerHealth) => ({ essential, health });
    const table: [string, { essential: boolean; health: DockerHealth }[], string][] = [
      ['no health checks at all', [h(true, 'none'), h(false, 'none')], 'UNKNOWN'],
      ['every checked essential container healthy', [h(true, 'healthy'), h(true, 'healthy')], 'HEALTHY'],
      ['an essential container without a check is left out [INF]', [h(true, 'healthy'), h(true, 'none')], 'HEALTHY'],
      ['one essential unhealthy', [h(true, 'healthy'), h(true, 'unhealthy')], 'UNHEALTHY'],
      ['unhealthy wins over starting', [h(true, 'starting'), h(true, 'unhealthy')], 'UNHEALTHY'],
      ['an essential check still starting', [h(true, 'healthy'), h(true, 'starting')], 'UNKNOWN'],
      ['a non-essential unhealthy does not count when an essential has a check', [h(true, 'healthy'), h(false, 'unhealthy')], 'HEALTHY'],
      ['non-essential checks count when no essential container has one', [h(true, 'none'), h(false, 'unhealthy')], 'UNHEALTHY'],
      ['non-essential healthy, essential unchecked', [h(true, 'none'), h(false, 'healthy')], 'HEALTHY'],
    ];
    for (const [title, containers, expected] of table) {
      it(`${title} → ${expected}`, () => {
        expect(taskHealthStatus(containers)).to.equal(expected);
      });
    }
  });

  describe('stop reasons', () => {
    it('an essential container exit stops the task with ECS\'s reason', () => {
      expect(stopForContainerExit({ essential: true })).to.deep.equal({
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      });
    });

    it('a non-essential container exit does not stop the task', () => {
      expect(stopForContainerExit({ essential: false })).to.equal(undefined);
    });

    it('a user stop is UserInitiated', () => {
      expect(stopByUser()).to.deep.equal({ stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
    });
  });

  describe('taskExitCode', () => {

    it('is the code of the essential container that stopped the task, not of those stopped after it [INF]', () => {
      const state = { stoppedBy: 'app', containers: [stopped('app', 0, true, 1), stopped('envoy', 143, true, 2)] };
      expect(taskExitCode(state)).to.equal(0);
      expect(taskExitCode({ ...state, containers: [stopped('app', 3), stopped('envoy', 143)] })).to.equal(3);
    });

    it('ignores non-essential containers', () => {
      expect(taskExitCode({ containers: [stopped('app', 0), stopped('job', 1, false)] })).to.equal(0);
    });

    it('without a named cause: the first essential failure by stop time', () => {
      expect(taskExitCode({ containers: [stopped('a', 2, true, 20), stopped('b', 5, true, 10), stopped('c', 0, true, 5)] })).to.equal(5);
    });

    it('is undefined while an essential container still runs, or has no exit code', () => {
      expect(taskExitCode({ containers: [stopped('a', 0), ctr({ name: 'b' })] })).to.equal(undefined);
      expect(taskExitCode({ containers: [stopped('a', undefined)] })).to.equal(undefined);
    });
  });

  describe('waitExitCode (`ecs-local wait`)', () => {
    const task = (more: Partial<TaskState>): TaskState => ({
      context: context(),
      family: 'web',
      revision: 1,
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      createdAt: new Date(0),
      containers: [],
      ...more,
    });

    it("is the code of the essential container that stopped the task, not the others' SIGTERM/SIGKILL codes", () => {
      expect(waitExitCode(task({ stoppedBy: 'app', containers: [stopped('app', 7), stopped('side', 137, false)] }))).to.equal(7);
    });

    it('after a stop by the user, the essential container\'s code (143 after SIGTERM), as docker wait', () => {
      expect(waitExitCode(task({ ...stopByUser(), containers: [stopped('side', 0, false), stopped('app', 143)] }))).to.equal(143);
    });

    it('is 3 for a task that failed to start, and 1 when no essential container has a code', () => {
      expect(waitExitCode(task({ stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: x', containers: [stopped('app', undefined)] }))).to.equal(3);
      expect(waitExitCode(task({ ...stopByUser(), containers: [stopped('app', undefined)] }))).to.equal(1);
    });
  });

  describe('shouldRestart', () => {
    const policy = { ignoredExitCodes: [0], restartAttemptPeriodSeconds: 60 };
    const t0 = 1_000_000;

    it('restarts after the attempt period', () => {
      expect(shouldRestart(policy, { exitCode: 1, startedAtMs: t0, taskStopping: false }, t0 + 60_000)).to.deep.equal({ restart: true });
    });

    const refusals: [string, Parameters<typeof shouldRestart>, string][] = [
      ['no policy', [undefined, { exitCode: 1, startedAtMs: t0, taskStopping: false }, t0 + 60_000], 'restart policy is not enabled'],
      ['task stopping', [policy, { exitCode: 1, startedAtMs: t0, taskStopping: true }, t0 + 60_000], 'the task is stopping'],
      ['unknown exit code', [policy, { startedAtMs: t0, taskStopping: false }, t0 + 60_000], 'exit code is unknown'],
      ['ignored exit code', [policy, { exitCode: 0, startedAtMs: t0, taskStopping: false }, t0 + 60_000], 'exit code 0 is in ignoredExitCodes'],
      [
        'ran too short',
        [policy, { exitCode: 1, startedAtMs: t0, taskStopping: false }, t0 + 59_999],
        'it ran less than restartAttemptPeriod (60 s) since its last start',
      ],
      [
        'restarted too recently',
        [policy, { exitCode: 1, startedAtMs: t0, lastRestartAtMs: t0 + 50_000, taskStopping: false }, t0 + 70_000],
        'it ran less than restartAttemptPeriod (60 s) since its last start',
      ],
    ];
    for (const [title, args, reason] of refusals) {
      it(`does not restart: ${title}`, () => {
        expect(shouldRestart(...args)).to.deep.equal({ restart: false, reason });
      });
    }
  });

  describe('cliTimestamp', () => {
    it('prints UTC ISO 8601 with microseconds, as the AWS CLI does', () => {
      expect(cliTimestamp(new Date('2025-02-03T15:26:53.096Z'))).to.equal('2025-02-03T15:26:53.096000+00:00');
      expect(cliTimestamp(new Date('2025-02-03T15:26:53.000Z'))).to.equal('2025-02-03T15:26:53+00:00');
    });
  });

  describe('describeTask', () => {
    const base: TaskState = {
      context: context(),
      family: 'demo',
      revision: 4,
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      stoppedBy: 'app',
      createdAt: new Date('2026-01-01T00:00:00.000Z'),
      startedAt: new Date('2026-01-01T00:00:01.500Z'),
      stoppingAt: new Date('2026-01-01T00:00:09.000Z'),
      stoppedAt: new Date('2026-01-01T00:00:10.000Z'),
      containers: [
        ctr({ lastStatus: 'STOPPED', exitCode: 1, runtimeId: 'abc123', health: 'unhealthy' }),
        ctr({ name: 'log', containerUuid: '99999999-8888-7777-6666-555555555555', essential: false, lastStatus: 'STOPPED', exitCode: 143, reason: 'stopped by ecs-local' }),
      ],
    };

    it('renders the describe-tasks shape with ECS ARNs', () => {
      const out = describeTask(base);
      expect(out.failures).to.deep.equal([]);
      expect(out.tasks).to.have.length(1);
      const task = out.tasks[0];
      expect(task).to.deep.equal({
        clusterArn: 'arn:aws:ecs:us-east-1:111122223333:cluster/default',
        containers: [
          {
            containerArn: `arn:aws:ecs:us-east-1:111122223333:container/default/${TASK_ID}/11111111-2222-3333-4444-555555555555`,
            taskArn: TASK_ARN,
            name: 'app',
            image: 'busybox:1.36',
            runtimeId: 'abc123',
            lastStatus: 'STOPPED',
            exitCode: 1,
            healthStatus: 'UNHEALTHY',
          },
          {
            containerArn: `arn:aws:ecs:us-east-1:111122223333:container/default/${TASK_ID}/99999999-8888-7777-6666-555555555555`,
            taskArn: TASK_ARN,
            name: 'log',
            image: 'busybox:1.36',
            lastStatus: 'STOPPED',
            exitCode: 143,
            reason: 'stopped by ecs-local',
            healthStatus: 'UNKNOWN',
          },
        ],
        createdAt: '2026-01-01T00:00:00+00:00',
        desiredStatus: 'STOPPED',
        healthStatus: 'UNHEALTHY',
        lastStatus: 'STOPPED',
        launchType: 'EC2',
        overrides: { containerOverrides: [{ name: 'app' }, { name: 'log' }], inferenceAcceleratorOverrides: [] },
        startedAt: '2026-01-01T00:00:01.500000+00:00',
        stopCode: 'EssentialContainerExited',
        stoppedAt: '2026-01-01T00:00:10+00:00',
        stoppedReason: 'Essential container in task exited',
        stoppingAt: '2026-01-01T00:00:09+00:00',
        taskArn: TASK_ARN,
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:111122223333:task-definition/demo:4',
      });
    });

    it('shows the run\'s overrides as describe-tasks does: every container listed, overridden fields in model order', () => {
      const task = describeTask(base, {
        memory: '2048',
        taskRoleArn: 'arn:aws:iam::111122223333:role/other',
        containerOverrides: [{ environment: [{ name: 'A', value: '1' }], name: 'log', command: ['sh', '-c', 'true'] }],
      }).tasks[0];
      expect(task?.overrides).to.deep.equal({
        containerOverrides: [{ name: 'app' }, { name: 'log', command: ['sh', '-c', 'true'], environment: [{ name: 'A', value: '1' }] }],
        inferenceAcceleratorOverrides: [],
        memory: '2048',
        taskRoleArn: 'arn:aws:iam::111122223333:role/other',
      });
      expect(Object.keys(task?.overrides.containerOverrides[1] ?? {})).to.deep.equal(['name', 'command', 'environment']);
      expect(Object.keys(task?.overrides ?? {})).to.deep.equal([...Object.keys(task?.overrides ?? {})].sort());
    });

    it('keeps ECS key order: task keys alphabetical, container keys in model order', () => {
      const task = describeTask(base).tasks[0];
      expect(Object.keys(task ?? {})).to.deep.equal([...Object.keys(task ?? {})].sort());
      expect(Object.keys(task?.containers[1] ?? {})).to.deep.equal([
        'containerArn',
        'taskArn',
        'name',
        'image',
        'lastStatus',
        'exitCode',
        'reason',
        'healthStatus',
      ]);
    });

    it('leaves out what a running task does not have yet', () => {
      const running: TaskState = {
        context: context({ launchType: 'FARGATE' }),
        family: 'demo',
        revision: 1,
        lastStatus: 'RUNNING',
        desiredStatus: 'RUNNING',
        createdAt: new Date('2026-01-01T00:00:00.000Z'),
        containers: [ctr()],
      };
      const task = describeTask(running).tasks[0];
      expect(task).not.to.have.any.keys('stopCode', 'stoppedReason', 'stoppedAt', 'stoppingAt', 'startedAt');
      expect(task?.containers[0]).not.to.have.any.keys('exitCode', 'reason', 'runtimeId');
      expect(task?.launchType).to.equal('FARGATE');
    });

    it('prints JSON with four-space indentation, tasks before failures', () => {
      const text = renderDescribeTasks(base);
      expect(text.startsWith('{\n    "tasks": [\n        {\n            "clusterArn"')).to.equal(true);
      expect(text.trimEnd().endsWith('"failures": []\n}')).to.equal(true);
    });
  });

  describe('ARNs', () => {
    it('use the partition of the region', () => {
      expect(taskDefinitionArn({ region: 'cn-north-1', accountId: '1' }, 'f', 2)).to.equal('arn:aws-cn:ecs:cn-north-1:1:task-definition/f:2');
      expect(containerArn({ region: 'us-gov-west-1', accountId: '1', cluster: 'c', taskId: 't' }, 'u')).to.equal(
        'arn:aws-us-gov:ecs:us-gov-west-1:1:container/c/t/u',
      );
    });
  });

  describe('containerExitReason: the OutOfMemoryError reason', () => {
    const OOM = 'OutOfMemoryError: Container killed due to memory usage';
    const exit = { exitCode: 137, oomKilled: false, engineReportsOom: true, memoryLimited: true, taskStopping: false };

    it("is the engine's OOMKilled on Docker, whatever the exit code (a child may be the one killed)", () => {
      expect(containerExitReason({ ...exit, oomKilled: true })).to.equal(OOM);
      expect(containerExitReason({ ...exit, oomKilled: true, exitCode: 0 })).to.equal(OOM);
      expect(containerExitReason(exit)).to.equal(undefined);
    });

    it('on Podman 4 (no OOMKilled): a SIGKILL exit of a memory-limited container, not while ecs-local stops the task', () => {
      const podman = { ...exit, engineReportsOom: false };
      expect(containerExitReason(podman)).to.equal(OOM);
      expect(containerExitReason({ ...podman, taskStopping: true }), 'stopTimeout SIGKILL').to.equal(undefined);
      expect(containerExitReason({ ...podman, memoryLimited: false }), 'no limit to hit').to.equal(undefined);
      expect(containerExitReason({ ...podman, exitCode: 1 })).to.equal(undefined);
    });
  });
});
