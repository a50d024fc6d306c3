import { expect } from 'chai';
import { planTaskEndpoints } from '../../../src/endpoints/task-endpoints.js';
import { resolveTask } from '../../../src/secrets/resolve.js';
import type { SecretSources } from '../../../src/aws/ports.js';
import type { TaskDefinition } from '../../../src/taskdef/types.js';

const unused = (): never => {
  throw new Error('no secret is fetched in this test');
};
const sources: SecretSources = {
  secretsManager: { getSecretValue: unused },
  ssm: { getParameters: unused },
  s3: { getObjectText: unused },
} as unknown as SecretSources;

describe('endpoints: variables injected through resolveTask', () => {
  const td: TaskDefinition = {
    family: 'web',
    taskRoleArn: 'arn:aws:iam::123456789012:role/app',
    containerDefinitions: [
      {
        name: 'app',
        image: 'busybox',
        environment: [
          { name: 'ECS_CONTAINER_METADATA_URI_V4', value: 'http://mine' },
          { name: 'KEEP', value: '1' },
        ],
      },
    ],
  };
  const context = { taskId: '0123', region: 'us-east-1', accountId: '123456789012', launchType: 'FARGATE' as const, cluster: 'default' };

  it("overwrite the definition's environment, as the agent's PostUnmarshalTask does, and are marked injected", async () => {
    const plan = planTaskEndpoints(td);
    const resolved = await resolveTask(td, context, sources, { injected: plan.injected });
    const env = new Map(resolved.containers[0]?.environment.map((e) => [e.name, e]));
    const ids = plan.ids.get('app');
    expect(env.get('ECS_CONTAINER_METADATA_URI_V4')?.value).to.equal(`http://169.254.170.2/v4/${ids?.endpointId}`);
    expect(env.get('ECS_CONTAINER_METADATA_URI_V4')?.source).to.deep.equal({ kind: 'injected', by: 'ecs' });
    expect(env.get('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI')?.value).to.equal(`/v2/credentials/${ids?.credentialsId}`);
    expect(env.get('KEEP')?.value).to.equal('1');
    expect(env.get('AWS_EXECUTION_ENV')?.value).to.equal('AWS_ECS_FARGATE');
  });

  it('give no credentials variable to a task without a task role', async () => {
    const noRole = { ...td, taskRoleArn: undefined };
    const resolved = await resolveTask(noRole, context, sources, { injected: planTaskEndpoints(noRole).injected });
    const names = resolved.containers[0]?.environment.map((e) => e.name) ?? [];
    expect(names).to.include('ECS_CONTAINER_METADATA_URI');
    expect(names).to.not.include('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
  });
});
