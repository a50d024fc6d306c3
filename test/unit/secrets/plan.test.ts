import { expect } from 'chai';
import { buildPlan, expectedCalls } from '../../../src/secrets/plan.js';
import type { ContainerDefinition, TaskDefinition } from '../../../src/taskdef/types.js';

const td = (containers: Partial<ContainerDefinition>[]): TaskDefinition => ({
  family: 'f',
  executionRoleArn: 'arn:aws:iam::123456789012:role/exec',
  containerDefinitions: containers.map((c, i) => ({ name: `c${i}`, image: 'busybox', ...c })),
});
const SM = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

describe('resolution plan (the agent call pattern)', () => {
  it('de-duplicates Secrets Manager secrets by valueFrom + region across containers, not by SecretId', () => {
    const plan = buildPlan(
      td([
        { secrets: [{ name: 'A', valueFrom: `${SM}:user::` }, { name: 'B', valueFrom: `${SM}:pass::` }] },
        { secrets: [{ name: 'C', valueFrom: `${SM}:user::` }] },
      ]),
      'us-east-1',
    );
    expect(plan.asm.map((a) => a.valueFrom)).to.deep.equal([`${SM}:user::`, `${SM}:pass::`]);
    expect(expectedCalls(plan).getSecretValue).to.equal(2);
  });

  it('groups SSM names by region and batches them by 10, without de-duplication', () => {
    const secrets = Array.from({ length: 23 }, (_, i) => ({ name: `P${i}`, valueFrom: `/p/${i % 21}` }));
    secrets.push({ name: 'X', valueFrom: 'arn:aws:ssm:eu-west-1:123456789012:parameter/other' });
    const plan = buildPlan(td([{ secrets }]), 'us-east-1');
    expect(plan.ssm.map((r) => [r.region, r.batches.map((b) => b.length)])).to.deep.equal([
      ['us-east-1', [10, 10, 3]],
      ['eu-west-1', [1]],
    ]);
    expect(plan.ssm[0]?.batches[2]).to.deep.equal(['/p/20', '/p/0', '/p/1']);
    expect(expectedCalls(plan).getParameters).to.equal(4);
  });

  it('plans log-driver secretOptions, registry credentials and env files', () => {
    const plan = buildPlan(
      td([
        {
          logConfiguration: { logDriver: 'splunk', secretOptions: [{ name: 'splunk-token', valueFrom: 'splunk-token' }] },
          repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:1:secret:dockerhub-AbCdEf' },
          environmentFiles: [{ value: 'arn:aws:s3:::b/app.env', type: 's3' }],
        },
      ]),
      'us-east-1',
    );
    expect(plan.secrets.map((s) => [s.name, s.target])).to.deep.equal([['splunk-token', 'LOG_DRIVER']]);
    expect(plan.registryAuth).to.deep.equal([{ container: 'c0', secretId: 'arn:aws:secretsmanager:eu-west-1:1:secret:dockerhub-AbCdEf', region: 'eu-west-1' }]);
    expect(plan.envFiles).to.have.length(1);
  });
});
