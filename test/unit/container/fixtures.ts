/**
 * Builders for busybox-style task definitions and their resolved form, so each test states only
 * the fields it is about.
 */
import { buildPlan } from '../../../src/secrets/plan.js';
import type { EnvVar } from '../../../src/env/types.js';
import type { ResolvedContainer, ResolvedTask, TaskContext } from '../../../src/secrets/types.js';
import type { ContainerDefinition, LaunchType, TaskDefinition } from '../../../src/taskdef/types.js';

export const TASK_ID = '0123456789abcdef0123456789abcdef';
export const TASK_ARN = `arn:aws:ecs:us-east-1:111122223333:task/default/${TASK_ID}`;

export function containerDef(overrides: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return { name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo hello'], ...overrides };
}

export function taskDef(
  containers: ContainerDefinition[] = [containerDef()],
  overrides: Partial<TaskDefinition> = {},
): TaskDefinition {
  return { family: 'demo', containerDefinitions: containers, ...overrides };
}

export function context(overrides: Partial<TaskContext> = {}): TaskContext {
  return {
    taskId: TASK_ID,
    region: 'us-east-1',
    accountId: '111122223333',
    launchType: 'EC2' as LaunchType,
    cluster: 'default',
    ...overrides,
  };
}

export interface ResolvedExtras {
  /** Per container name: the final environment. */
  env?: Record<string, Record<string, string>>;
  logOptions?: Record<string, Record<string, string>>;
  registryAuth?: Record<string, { username: string; password: string }>;
  context?: Partial<TaskContext>;
}

export function resolved(td: TaskDefinition, extras: ResolvedExtras = {}): ResolvedTask {
  const containers = td.containerDefinitions.map((c): ResolvedContainer => {
    const environment: EnvVar[] = Object.entries(extras.env?.[c.name] ?? {}).map(([name, value]) => ({
      name,
      value,
      source: { kind: 'environment' },
    }));
    const out: ResolvedContainer = { name: c.name, environment };
    const logOptions = extras.logOptions?.[c.name];
    if (logOptions !== undefined) out.logOptions = logOptions;
    const auth = extras.registryAuth?.[c.name];
    if (auth !== undefined) out.registryAuth = auth;
    return out;
  });
  const ctx = context(extras.context);
  return { context: ctx, taskDefinition: td, containers, plan: buildPlan(td, ctx.region), warnings: [] };
}
