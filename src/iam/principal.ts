/**
 * Roles and the principal a task's calls are made as: ECS assumes the task execution role with the
 * task id as session name, so services see `arn:<partition>:sts::<account>:assumed-role/<role
 * name>/<task id>`. A role may have a path (`role/service-role/my-role`); the assumed-role ARN
 * carries only its name. Pure.
 */
import { Iam } from '../messages.js';

export interface RoleArn {
  partition: string;
  accountId: string;
  /** `/` or `/service-role/`, as IAM writes paths. */
  path: string;
  name: string;
}

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/((?:[\x21-\x7e]+\/)?)([\w+=,.@-]{1,64})$/;

export function parseRoleArn(text: string): RoleArn | undefined {
  const m = ROLE_ARN.exec(text);
  if (!m) return undefined;
  const [, partition = '', accountId = '', path = '', name = ''] = m;
  return { partition, accountId, path: `/${path}`, name };
}

/**
 * The assumed-role ARN of a session of `roleArn`. [INF] A role ARN ecs-local cannot take apart
 * (the task definition is not validated this far) keeps its text after the last `/` as name and
 * the account between the fourth and fifth colon.
 */
export function assumedRoleArn(roleArn: string, sessionName: string): string {
  const role = parseRoleArn(roleArn);
  if (role) return Iam.assumedRoleArn(role.partition, role.accountId, role.name, sessionName);
  const parts = roleArn.split(':');
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  return Iam.assumedRoleArn(parts[1] || 'aws', parts[4] ?? '', name, sessionName);
}
