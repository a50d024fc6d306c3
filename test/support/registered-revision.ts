/**
 * The AWS side of the real-shaped registered revision (test/fixtures/taskdefs/real-shaped/
 * registered-describe-output.json): DescribeTaskDefinition's answer and the secrets it reads, as
 * routes for the fake AWS server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { awsOk, type RecordedRequest } from './fake-aws-server.js';

export const REAL_SHAPED = path.resolve(import.meta.dirname, '../fixtures/taskdefs/real-shaped');
export const DESCRIBE = 'AmazonEC2ContainerServiceV20141113.DescribeTaskDefinition';

/** The fixture as ECS sends it: registeredAt in epoch seconds. */
export function describeOutput(): { taskDefinition: Record<string, unknown> } {
  const out = JSON.parse(fs.readFileSync(path.join(REAL_SHAPED, 'registered-describe-output.json'), 'utf8')) as { taskDefinition: Record<string, unknown> };
  out.taskDefinition['registeredAt'] = 1741686137.311;
  return out;
}

/** GetSecretValue and GetParameters for the revision's secrets. */
export function secretsRoutes() {
  return {
    'secretsmanager.GetSecretValue': awsOk({
      ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/web/db-Ab12Cd',
      Name: 'prod/web/db',
      SecretString: '{"username":"web","password":"db-pass-1"}',
      VersionId: '11111111-1111-1111-1111-111111111111',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 1741686137,
    }),
    'AmazonSSM.GetParameters': (req: RecordedRequest) => {
      const names = (req.body as { Names: string[] }).Names;
      return awsOk({
        Parameters: names.map((Name) => ({ Name, Type: 'SecureString', Value: 'api-key-1', Version: 1, ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/web/api-key' })),
        InvalidParameters: [],
      });
    },
  };
}
