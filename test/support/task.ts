/**
 * Task specs for integration tests, built the way `ecs-local run` builds them: a task definition
 * plus a resolved environment, through `buildTaskSpec`.
 */
import { randomBytes } from 'node:crypto';
import { buildTaskSpec } from '../../src/container/build-spec.js';
import type { TaskSpec } from '../../src/container/spec.js';
import { buildPlan } from '../../src/secrets/plan.js';
import type { ResolvedTask } from '../../src/secrets/types.js';
import type { ContainerDefinition, NetworkMode, TaskDefinition, Volume } from '../../src/taskdef/types.js';
import { BUSYBOX_IMAGE } from './images.js';

export function newTaskId(): string {
  return randomBytes(16).toString('hex');
}

export interface TestTaskOptions {
  family?: string;
  networkMode?: NetworkMode;
  volumes?: Volume[];
  /** Environment per container name. */
  env?: Record<string, Record<string, string>>;
}

/** A busybox container definition; `image` defaults to the offline test image. */
export function container(def: Partial<ContainerDefinition> & { name: string }): ContainerDefinition {
  return { image: BUSYBOX_IMAGE, ...def };
}

export function testTask(containers: ContainerDefinition[], options: TestTaskOptions = {}): TaskSpec {
  const taskId = newTaskId();
  const taskDefinition: TaskDefinition = {
    family: options.family ?? 'itest',
    networkMode: options.networkMode ?? 'awsvpc',
    containerDefinitions: containers,
    volumes: options.volumes,
  };
  const resolved: ResolvedTask = {
    context: { taskId, region: 'us-east-1', accountId: '123456789012', launchType: 'FARGATE', cluster: 'default' },
    taskDefinition,
    plan: buildPlan(taskDefinition, 'us-east-1'),
    containers: containers.map((c) => ({
      name: c.name,
      environment: Object.entries(options.env?.[c.name] ?? {}).map(([name, value]) => ({
        name,
        value,
        source: { kind: 'environment' as const },
      })),
    })),
    warnings: [],
  };
  return buildTaskSpec(resolved, { cwd: process.cwd() });
}
