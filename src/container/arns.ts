/**
 * ECS resource ARNs in the long format ECS uses today (cluster name inside task and container ARNs).
 * [DOC] "Amazon Resource Names (ARNs) and IDs" in the ECS developer guide; container ARN as seen
 * in task metadata v4 output [OBS].
 */
import { partitionOf } from '../aws/arn.js';
import type { TaskContext } from '../secrets/types.js';

function prefix(ctx: Pick<TaskContext, 'region' | 'accountId'>): string {
  return `arn:${partitionOf(ctx.region)}:ecs:${ctx.region}:${ctx.accountId}`;
}

/** `arn:aws:ecs:<region>:<account>:cluster/<cluster>` */
export function clusterArn(ctx: Pick<TaskContext, 'region' | 'accountId' | 'cluster'>): string {
  return `${prefix(ctx)}:cluster/${ctx.cluster}`;
}

/** `arn:aws:ecs:<region>:<account>:task/<cluster>/<taskId>` */
export function taskArn(ctx: Pick<TaskContext, 'region' | 'accountId' | 'cluster' | 'taskId'>): string {
  return `${prefix(ctx)}:task/${ctx.cluster}/${ctx.taskId}`;
}

/** `arn:aws:ecs:<region>:<account>:container/<cluster>/<taskId>/<uuid>` */
export function containerArn(
  ctx: Pick<TaskContext, 'region' | 'accountId' | 'cluster' | 'taskId'>,
  containerUuid: string,
): string {
  return `${prefix(ctx)}:container/${ctx.cluster}/${ctx.taskId}/${containerUuid}`;
}

/** `arn:aws:ecs:<region>:<account>:task-definition/<family>:<revision>` */
export function taskDefinitionArn(
  ctx: Pick<TaskContext, 'region' | 'accountId'>,
  family: string,
  revision: number,
): string {
  return `${prefix(ctx)}:task-definition/${family}:${revision}`;
}
