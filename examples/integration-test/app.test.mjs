// An integration test of the seed's app (taskdef.json: the seed task, serving its page on 8080),
// started from the test as ECS would start it, with a vault built in the test.
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { checkTask, startTask, Vault } from 'ecs-local';

const taskdef = fileURLToPath(new URL('./taskdef.json', import.meta.url));
const SECRETS = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production';

/** The secrets and parameter the task definition names, with test values. */
async function testVault({ withApiKey = true } = {}) {
  const vault = Vault.inMemory({ region: 'us-east-1', accountId: '123456789012' });
  await vault.put(`${SECRETS}/database/app-abc123`, { username: 'app', password: 'test-password' });
  if (withApiKey) await vault.put(`${SECRETS}/third-party-api-def456`, 'test-api-key');
  await vault.putParameter('/production/config/value', 'feature-flags=on');
  // What the execution role may read, checked as IAM would.
  await vault.policies('arn:aws:iam::123456789012:role/ecsTaskExecutionRole', [
    'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: `${SECRETS}/*` },
        { Effect: 'Allow', Action: 'ssm:GetParameters', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/production/*' },
      ],
    },
  ]);
  return vault;
}

describe('my-app, started as ECS starts it', function () {
  this.timeout(120_000);

  it('answers on its published port with the settings its secrets gave it', async () => {
    const task = await startTask(taskdef, { vault: await testVault(), waitFor: 'HEALTHY' });
    try {
      const port = await task.hostPort('app', 8080);
      const res = await fetch(`http://${task.host}:${port}/`);
      expect(res.status).to.equal(200);
      expect(await res.text()).to.equal('app: connecting to production-db.cluster-abc123.us-east-1.rds.amazonaws.com:5432 as app (API_KEY: 12 characters)\n');
    } finally {
      await task.stop();
    }
  });

  it('fails to start as ECS would when a secret is missing: ResourceNotFoundException', async () => {
    const vault = await testVault({ withApiKey: false });
    const expected = /^ResourceInitializationError: unable to pull secrets or registry auth: .* failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:production\/third-party-api-def456 from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret\. status code: 400, request id: /;

    const verdict = await checkTask(taskdef, { vault });
    expect(verdict).to.include({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart' });
    expect(verdict.stoppedReason).to.match(expected);

    const err = await startTask(taskdef, { vault }).then(() => undefined, (e) => e);
    expect(err?.errorName).to.equal('TaskFailedToStart');
    expect(err.message).to.match(expected);
  });
});
