import { expect } from 'chai';
import { placementOf } from '../../../src/taskdef/placement.js';
import type { ContainerDefinition, TaskDefinition } from '../../../src/taskdef/types.js';

const td = (containers: Partial<ContainerDefinition>[], extra: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'f',
  containerDefinitions: containers.map((c, i) => ({ name: `c${i}`, image: 'busybox', ...c })),
  ...extra,
});
const awslogs = (region: string) => ({ logDriver: 'awslogs', options: { 'awslogs-group': 'g', 'awslogs-region': region } });

describe('taskdef/placement', () => {
  it('finds nothing in a task definition that names no region or account', () => {
    expect(placementOf(td([{}]))).to.deep.equal({});
  });

  it('prefers the task definition ARN, then awslogs-region, then ECR hosts, then secret ARNs', () => {
    const secret = { name: 'S', valueFrom: 'arn:aws:secretsmanager:us-west-2:999999999999:secret:s-AbCdEf' };
    const ecr = '444455556666.dkr.ecr.eu-central-1.amazonaws.com/app:1';
    const all = td([{ secrets: [secret] }, { image: ecr, logConfiguration: awslogs('eu-west-1') }], {
      taskDefinitionArn: 'arn:aws:ecs:ap-south-1:111122223333:task-definition/f:3',
      executionRoleArn: 'arn:aws:iam::222233334444:role/exec',
    });
    expect(placementOf(all)).to.deep.equal({
      region: { value: 'ap-south-1', path: 'taskDefinitionArn' },
      accountId: { value: '111122223333', path: 'taskDefinitionArn' },
    });
    delete all.taskDefinitionArn;
    expect(placementOf(all)).to.deep.equal({
      region: { value: 'eu-west-1', path: 'containerDefinitions[1].logConfiguration.options.awslogs-region' },
      accountId: { value: '222233334444', path: 'executionRoleArn' },
    });
    delete all.executionRoleArn;
    all.containerDefinitions[1]!.logConfiguration = undefined;
    expect(placementOf(all)).to.deep.equal({
      region: { value: 'eu-central-1', path: 'containerDefinitions[1].image' },
      accountId: { value: '444455556666', path: 'containerDefinitions[1].image' },
    });
    all.containerDefinitions[1]!.image = 'busybox';
    expect(placementOf(all)).to.deep.equal({
      region: { value: 'us-west-2', path: 'containerDefinitions[0].secrets[0].valueFrom' },
      accountId: { value: '999999999999', path: 'containerDefinitions[0].secrets[0].valueFrom' },
    });
  });

  it('ignores placeholders and awslogs-region of other drivers', () => {
    const t = td([{ image: '${account}.dkr.ecr.${region}.amazonaws.com/app', logConfiguration: { logDriver: 'awsfirelens', options: { 'awslogs-region': 'eu-west-1' } } }], {
      executionRoleArn: 'arn:aws:iam::${AWS::AccountId}:role/exec',
    });
    t.containerDefinitions.push({ name: 'x', image: 'busybox', logConfiguration: awslogs('${Region}') });
    expect(placementOf(t)).to.deep.equal({});
  });
});
