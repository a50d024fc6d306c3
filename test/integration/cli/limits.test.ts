import { expect } from 'chai';
import { runCli } from '../../support/cli.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';

const OOM = 'OutOfMemoryError: Container killed due to memory usage';

interface Described {
  stopCode?: string;
  stoppedReason?: string;
  containers: { name: string; exitCode?: number; reason?: string }[];
}

function described(stdout: string): Described {
  const task = (JSON.parse(stdout) as { tasks: Described[] }).tasks[0];
  if (task === undefined) throw new Error(`no task in ${stdout}`);
  return task;
}

/** Prints the container's memory and CPU limits as its cgroup holds them (v2, else v1). */
const SHOW_LIMITS =
  'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes; ' +
  'cat /sys/fs/cgroup/cpu.max 2>/dev/null || cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us';

describe('task-level cpu and memory (ecs-local run): enforced, and an OOM kill reported as ECS reports it', function () {
  this.timeout(90_000);
  const folder = useTaskFolder('limits', {
    // `tail` keeps a line that never ends (/dev/zero has no newline) in memory until it is killed.
    'oom-ec2.json': {
      family: 'oom-ec2',
      networkMode: 'bridge',
      memory: '64',
      containerDefinitions: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['tail', '/dev/zero'] }],
    },
    'oom-fargate.json': {
      family: 'oom-fargate',
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['tail', '/dev/zero'] }],
    },
    'grow.json': {
      family: 'grow',
      networkMode: 'bridge',
      memory: '64',
      containerDefinitions: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sh', '-c', "x=$(head -c 30m /dev/zero | tr '\\0' a); echo ${#x}"] }],
    },
    'within.json': {
      family: 'within',
      networkMode: 'bridge',
      cpu: '256',
      memory: '64',
      containerDefinitions: [
        // 30 MiB: above its memoryReservation (a soft limit), below the task's 64 MiB.
        { name: 'app', image: BUSYBOX_IMAGE, memoryReservation: 16, command: ['sh', '-c', `${SHOW_LIMITS}; head -c 30m /dev/zero | tail | wc -c`] },
      ],
    },
    'two.json': {
      family: 'two',
      networkMode: 'bridge',
      cpu: '256',
      memory: '128',
      containerDefinitions: [
        { name: 'app', image: BUSYBOX_IMAGE, command: ['true'] },
        { name: 'sidecar', image: BUSYBOX_IMAGE, essential: false, command: ['true'] },
      ],
    },
  });

  it('a task with memory 64 whose container allocates more stops with exit 137 and ECS texts (EC2)', async () => {
    const r = await runCli(['run', 'oom-ec2.json', '--pull', 'never', '--launch-type', 'EC2', '--json'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(137);
    const task = described(r.stdout);
    expect(task.stopCode).to.equal('EssentialContainerExited');
    expect(task.stoppedReason).to.equal('Essential container in task exited');
    expect(task.containers[0]).to.include({ name: 'app', exitCode: 137, reason: OOM });
    expect(r.stderr).to.include(`app exited with code 137 (${OOM})`);
    // One container: its cap is the task's limit exactly, so no warning about it.
    expect(r.stderr).to.not.match(/task-level limits/);
  });

  it('a Fargate task (cpu 256, memory 512) whose only container has no memory of its own is killed at the task memory', async () => {
    const r = await runCli(['run', 'oom-fargate.json', '--pull', 'never'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(137);
    expect(r.stderr).to.match(new RegExp(`STOPPED: Essential container in task exited \\[app=137 \\(${OOM}\\)\\]`));
    expect(r.stderr).to.not.match(/task-level limits/);
  });

  it('a task-level memory override is the limit the task runs under', async () => {
    // grow.json's shell holds 30 MiB: fine in its 64 MiB, killed in 24.
    const fits = await runCli(['run', 'grow.json', '--pull', 'never', '--launch-type', 'EC2'], { cwd: folder.dir });
    expect(fits.code, fits.stderr).to.equal(0);
    const r = await runCli(['run', 'grow.json', '--pull', 'never', '--launch-type', 'EC2', '--json', '--overrides', '{"memory":"24"}'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(137);
    expect(described(r.stdout).containers[0]).to.include({ exitCode: 137, reason: OOM });
  });

  it('a container within the task limits runs: its cgroup holds the task memory and cpu, memoryReservation is only soft', async () => {
    const r = await runCli(['run', 'within.json', '--pull', 'never', '--launch-type', 'EC2', '--no-log-prefix'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    const [memory, cpu, allocated] = r.stdout.trim().split('\n');
    expect(memory).to.equal(String(64 * 1024 * 1024));
    // cgroup v2 prints "quota period", v1 the quota alone: 0.25 vCPU of a 100 ms period.
    expect(cpu).to.match(/^25000( 100000)?$/);
    expect(allocated).to.equal(String(30 * 1024 * 1024));
    expect(r.stderr).to.not.include('OutOfMemoryError');
  });

  it('a task of several containers runs them each under the task limits, with one warning that they are not held together', async () => {
    const r = await runCli(['run', 'two.json', '--pull', 'never', '--launch-type', 'EC2'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stderr.split('\n').filter((l) => l.includes('task-level limits'));
    expect(lines).to.deep.equal([
      'ecs-local: warning: cpu/memory: task-level limits are enforced per container locally: each container is held to 0.25 vCPU and 128 MiB, but the 2 together may use more',
    ]);
  });
});
