/**
 * AWS managed policies a vault may name by ARN instead of writing them out, with the documents AWS
 * publishes. [DOC] AmazonECSTaskExecutionRolePolicy as printed in the ECS Developer Guide ("Amazon
 * ECS task execution IAM role") and the AWS Batch User Guide ("execution IAM role").
 */
import type { JsonValue } from '../json/parse.js';

export const ECS_TASK_EXECUTION_ROLE_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';

const MANAGED: Record<string, JsonValue> = {
  [ECS_TASK_EXECUTION_ROLE_POLICY_ARN]: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: [
          'ecr:GetAuthorizationToken',
          'ecr:BatchCheckLayerAvailability',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchGetImage',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
        ],
        Resource: '*',
      },
    ],
  },
};

/** The document of a managed policy ecs-local knows (in any partition), or undefined. */
export function managedPolicyDocument(arn: string): JsonValue | undefined {
  const key = arn.replace(/^arn:aws[a-z-]*:/, 'arn:aws:');
  return Object.hasOwn(MANAGED, key) ? MANAGED[key] : undefined;
}

export function knownManagedPolicies(): string[] {
  return Object.keys(MANAGED);
}
