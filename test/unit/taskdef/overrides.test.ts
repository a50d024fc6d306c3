import { expect } from 'chai';
import { parseJson } from '../../../src/json/parse.js';
import { effectiveTaskDefinition } from '../../../src/taskdef/effective.js';
import { checkOverrides, overridesFromJson, type TaskOverride } from '../../../src/taskdef/overrides.js';
import type { ContainerDefinition, TaskDefinition } from '../../../src/taskdef/types.js';

function container(extra: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return { name: 'app', image: 'busybox', ...extra };
}

function task(containers: ContainerDefinition[], extra: Partial<TaskDefinition> = {}): TaskDefinition {
  return { family: 'f', containerDefinitions: containers, ...extra };
}

function refusal(td: TaskDefinition, o: TaskOverride): { name: string; message: string } | undefined {
  try {
    checkOverrides(td, o);
    return undefined;
  } catch (err) {
    return { name: (err as { errorName: string }).errorName, message: (err as Error).message };
  }
}

describe('taskdef/effective: overrides applied as ECS applies them', () => {
  const td = task(
    [
      container({
        command: ['serve'],
        cpu: 256,
        memory: 512,
        environment: [
          { name: 'MODE', value: 'web' },
          { name: 'KEEP', value: 'yes' },
        ],
        environmentFiles: [{ value: 'arn:aws:s3:::b/a.env', type: 's3' }],
        secrets: [{ name: 'TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:t-AbCdEf' }],
      }),
      container({ name: 'sidecar', command: ['tail'] }),
    ],
    { cpu: '512', memory: '1024', taskRoleArn: 'arn:aws:iam::123456789012:role/a' },
  );
  const frozen = JSON.stringify(td);

  it('replaces the command, resources and env files, and adds to the environment (a later entry wins by name)', () => {
    const { taskDefinition } = effectiveTaskDefinition(td, {
      containerOverrides: [
        {
          name: 'app',
          command: ['migrate'],
          environment: [{ name: 'MODE', value: 'job' }, { name: 'NEW', value: '1' }],
          environmentFiles: [{ value: 'arn:aws:s3:::b/b.env', type: 's3' }],
          cpu: 128,
          memory: 1024,
          memoryReservation: 256,
        },
      ],
    });
    const app = taskDefinition.containerDefinitions[0];
    expect(app?.command).to.deep.equal(['migrate']);
    expect(app?.environment).to.deep.equal([
      { name: 'MODE', value: 'web' },
      { name: 'KEEP', value: 'yes' },
      { name: 'MODE', value: 'job' },
      { name: 'NEW', value: '1' },
    ]);
    expect(app?.environmentFiles).to.deep.equal([{ value: 'arn:aws:s3:::b/b.env', type: 's3' }]);
    expect([app?.cpu, app?.memory, app?.memoryReservation]).to.deep.equal([128, 1024, 256]);
    expect(taskDefinition.containerDefinitions[1]).to.deep.equal(td.containerDefinitions[1]);
  });

  it('replaces task-level cpu, memory, roles and ephemeral storage', () => {
    const { taskDefinition } = effectiveTaskDefinition(td, {
      cpu: '1024',
      memory: '4096',
      taskRoleArn: 'arn:aws:iam::123456789012:role/b',
      executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
      ephemeralStorage: { sizeInGiB: 30 },
    });
    expect(taskDefinition).to.include({ cpu: '1024', memory: '4096', taskRoleArn: 'arn:aws:iam::123456789012:role/b', executionRoleArn: 'arn:aws:iam::123456789012:role/exec' });
    expect(taskDefinition.ephemeralStorage).to.deep.equal({ sizeInGiB: 30 });
  });

  it('never changes the loaded task definition', () => {
    effectiveTaskDefinition(td, { cpu: '1024', containerOverrides: [{ name: 'app', command: ['x'], environment: [{ name: 'A', value: '1' }] }] });
    expect(JSON.stringify(td)).to.equal(frozen);
  });

  it('says when a secret hides an environment override (the secret wins, as on ECS)', () => {
    const { warnings } = effectiveTaskDefinition(td, { containerOverrides: [{ name: 'app', environment: [{ name: 'TOKEN', value: 'x' }] }] });
    expect(warnings).to.deep.equal(["overrides: TOKEN of container app is also one of its secrets: the secret's value wins, as on ECS"]);
  });
});

describe('taskdef/overrides: RunTask checks', () => {
  const td = task([container({ memory: 512 }), container({ name: 'sidecar' })], { memory: '1024' });

  it('refuses an override of a container the task definition lacks, in ECS words', () => {
    expect(refusal(td, { containerOverrides: [{ name: 'django', command: ['x'] }] })).to.deep.equal({
      name: 'InvalidParameterException',
      message: 'Override for container named django is not a container in the TaskDefinition.',
    });
  });

  it('refuses containerOverrides longer than 8192 characters', () => {
    const big = { containerOverrides: [{ name: 'app', environment: [{ name: 'BIG', value: 'x'.repeat(8200) }] }] };
    expect(refusal(td, big)?.message).to.equal('Container Overrides length must be at most 8192');
    const fits = { containerOverrides: [{ name: 'app', environment: [{ name: 'BIG', value: 'x'.repeat(8000) }] }] };
    expect(refusal(td, fits)).to.equal(undefined);
  });

  it('refuses a task memory below a container memory, counting both overrides', () => {
    expect(refusal(td, { memory: '256' })?.message).to.equal("'memory' setting for container 'app' is greater than for task.");
    expect(refusal(td, { containerOverrides: [{ name: 'sidecar', memory: 2048 }] })?.message).to.equal(
      "'memory' setting for container 'sidecar' is greater than for task.",
    );
    expect(refusal(td, { memory: '2048', containerOverrides: [{ name: 'sidecar', memory: 2048 }] })).to.equal(undefined);
  });
});

describe('taskdef/overrides: the --overrides JSON', () => {
  it('reads RunTask JSON and refuses an unknown field in the AWS CLI words', () => {
    const ok = overridesFromJson(parseJson('{"containerOverrides":[{"name":"app","command":["a"]}],"cpu":"512"}', '--overrides'), '--overrides');
    expect(ok.overrides).to.deep.equal({ containerOverrides: [{ name: 'app', command: ['a'] }], cpu: '512' });
    expect(() => overridesFromJson(parseJson('{"containerOverrides":[{"name":"app","commands":["a"]}]}', '--overrides'), '--overrides'))
      .to.throw('Parameter validation failed:\nUnknown parameter in overrides.containerOverrides[0]: "commands", must be one of: name, command, environment, environmentFiles, cpu, memory, memoryReservation, resourceRequirements');
  });

  it('names the place of a wrong type', () => {
    expect(() => overridesFromJson(parseJson('{"containerOverrides":[{"name":"app","memory":"512"}]}', 'o.json'), 'o.json')).to.throw(
      /^o\.json:1:\d+: overrides\.containerOverrides\[0\]\.memory: expected integer, got string \(write 512 without quotes\)$/,
    );
  });
});
