import { expect } from 'chai';
import { buildTaskSpec } from '../../../src/container/build-spec.js';
import type { ContainerSpec } from '../../../src/container/spec.js';
import { containerLimits, taskLimitsWarning, taskSize } from '../../../src/container/task-limits.js';
import type { HostConfig } from '../../../src/docker/types.js';
import type { ContainerDefinition, LaunchType, TaskDefinition } from '../../../src/taskdef/types.js';
import { context, containerDef, taskDef } from './fixtures.js';

const MIB = 1024 * 1024;

function build(containers: Partial<ContainerDefinition>[], td: Partial<TaskDefinition>, launchType: LaunchType = 'FARGATE') {
  const definition = taskDef(
    containers.map((c, i) => containerDef({ name: `c${i}`, ...c })),
    td,
  );
  return buildTaskSpec(
    {
      context: context({ launchType }),
      taskDefinition: definition,
      plan: { secrets: [], parameters: [], environmentFiles: [], registryAuth: [] } as never,
      containers: definition.containerDefinitions.map((c) => ({ name: c.name, environment: [] })),
      warnings: [],
    },
    { cwd: '/work' },
  );
}

function host(c: ContainerSpec | undefined): HostConfig {
  return c?.create.HostConfig ?? {};
}

describe('task-level cpu and memory', () => {
  it('a container without its own memory gets the task memory as its hard limit, with no swap on Fargate', () => {
    const c = build([{}], { cpu: '256', memory: '512' }).containers[0];
    expect(host(c)).to.include({ Memory: 512 * MIB, MemorySwap: 512 * MIB });
  });

  it('reads the task sizes in every form ECS takes ("1 GB", "0.5 vCPU")', () => {
    expect(taskSize(taskDef([containerDef()], { cpu: '0.5 vCPU', memory: '1 GB' }))).to.deep.equal({ vcpu: 0.5, memoryMiB: 1024 });
    expect(taskSize(taskDef([containerDef()], { cpu: '1024', memory: '2048' }))).to.deep.equal({ vcpu: 1, memoryMiB: 2048 });
    expect(taskSize(taskDef([containerDef()]))).to.deep.equal({});
  });

  it("a container's own memory stays its hard limit (RunTask and registration keep it at most the task's)", () => {
    const c = build([{ memory: 128 }], { memory: '512' }).containers[0];
    expect(host(c).Memory).to.equal(128 * MIB);
  });

  it('memoryReservation stays a soft limit under the task memory, as on ECS', () => {
    const c = build([{ memoryReservation: 128 }], { memory: '512' }).containers[0];
    expect(host(c)).to.include({ Memory: 512 * MIB, MemoryReservation: 128 * MIB });
  });

  it('memoryReservation alone, without task memory (EC2), is only a soft limit', () => {
    const c = build([{ memoryReservation: 128 }], {}, 'EC2').containers[0];
    expect(host(c).Memory).to.equal(undefined);
    expect(host(c).MemoryReservation).to.equal(128 * MIB);
  });

  it('a reservation above the hard limit is lowered to it (Docker refuses the reverse)', () => {
    const limits = containerLimits(containerDef({ memoryReservation: 1024 }), { memoryMiB: 512 }, 'EC2');
    expect(limits).to.include({ Memory: 512 * MIB, MemoryReservation: 512 * MIB });
  });

  it('EC2 keeps the engine swap default unless linuxParameters.maxSwap says otherwise', () => {
    const c = build([{}], { memory: '512' }, 'EC2').containers[0];
    expect(host(c).Memory).to.equal(512 * MIB);
    expect(host(c).MemorySwap).to.equal(undefined);
    const swap = build([{ memory: 256, linuxParameters: { maxSwap: 100 } }], { memory: '512' }, 'EC2').containers[0];
    expect(host(swap).MemorySwap).to.equal(356 * MIB);
  });

  it('task cpu becomes a CFS quota on every container (100 ms period, as the agent sets on the task cgroup); container cpu stays shares', () => {
    const spec = build([{ cpu: 128 }, {}], { cpu: '256', memory: '512' });
    expect(host(spec.containers[0])).to.include({ CpuPeriod: 100_000, CpuQuota: 25_000, CpuShares: 128 });
    expect(host(spec.containers[1])).to.include({ CpuPeriod: 100_000, CpuQuota: 25_000, CpuShares: 2 });
    expect(host(build([{}], { cpu: '4 vCPU' }).containers[0]).CpuQuota).to.equal(400_000);
  });

  it('no task size: no limit beyond the container fields', () => {
    const h = host(build([{}], {}, 'EC2').containers[0]);
    expect(h.Memory).to.equal(undefined);
    expect(h.CpuQuota).to.equal(undefined);
  });

  describe('the task-limits warning', () => {
    it('none for a task of one container: its caps are the task limits exactly', () => {
      expect(build([{}], { cpu: '256', memory: '512' }).warnings).to.deep.equal([]);
    });

    it('one line for several containers, which together could use more than the task', () => {
      expect(build([{}, {}], { cpu: '256', memory: '512' }).warnings).to.deep.equal([
        'cpu/memory: task-level limits are enforced per container locally: each container is held to 0.25 vCPU and 512 MiB, but the 2 together may use more',
      ]);
    });

    it("memory only when the containers' own hard limits could add up to more than the task's", () => {
      const td = taskDef([containerDef({ name: 'a', memory: 256 }), containerDef({ name: 'b', memory: 256 })], { memory: '512' });
      expect(taskLimitsWarning(td, taskSize(td))).to.equal(undefined);
      const over = taskDef([containerDef({ name: 'a', memory: 256 }), containerDef({ name: 'b' })], { memory: '512' });
      expect(taskLimitsWarning(over, taskSize(over))).to.equal(
        'memory: task-level limits are enforced per container locally: each container is held to 512 MiB, but the 2 together may use more',
      );
    });
  });
});
