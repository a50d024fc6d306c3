/**
 * Tasks with ECS's in-task endpoints for integration tests, built the way `ecs-local run` builds
 * them: endpoint ids planned from the task definition, injected through resolveTask, the task's
 * port opened on the process's endpoint server, and the sidecars handed to runTask.
 */
import { buildTaskSpec } from '../../src/container/build-spec.js';
import type { TaskSpec } from '../../src/container/spec.js';
import type { ContainerEngine } from '../../src/docker/container-engine.js';
import { fakeCredentialSource, type CredentialSource } from '../../src/endpoints/credential-sources.js';
import type { Forward } from '../../src/endpoints/sidecar.js';
import { openTaskEndpoints, planTaskEndpoints, type EndpointPlan, type OpenEndpoints } from '../../src/endpoints/task-endpoints.js';
import { runTask, type TaskResult } from '../../src/runtime/task-runner.js';
import { resolveTask } from '../../src/secrets/resolve.js';
import type { SecretSources } from '../../src/aws/ports.js';
import type { ContainerDefinition, NetworkMode } from '../../src/taskdef/types.js';
import { Capture } from './capture.js';
import { newTaskId } from './task.js';

const noSecrets = (): never => {
  throw new Error('these tasks have no secrets');
};
const sources = {
  secretsManager: { getSecretValue: noSecrets },
  ssm: { getParameters: noSecrets },
  s3: { getObjectText: noSecrets },
} as unknown as SecretSources;

export interface EndpointTaskOptions {
  family?: string;
  networkMode?: NetworkMode;
  pidMode?: 'task';
  taskRoleArn?: string;
  credentials?: CredentialSource;
  extraForwards?: Forward[];
}

export interface EndpointTask {
  spec: TaskSpec;
  plan: EndpointPlan;
  endpoints: OpenEndpoints;
  /** Container output, unprefixed. */
  out: Capture;
  err: Capture;
  /** Runs the task to its end and closes its endpoint. */
  run(): Promise<TaskResult>;
}

export async function endpointTask(engine: ContainerEngine, containers: ContainerDefinition[], o: EndpointTaskOptions = {}): Promise<EndpointTask> {
  const td = {
    family: o.family ?? 'eptest',
    networkMode: o.networkMode ?? 'awsvpc',
    ...(o.pidMode !== undefined ? { pidMode: o.pidMode } : {}),
    ...(o.taskRoleArn !== undefined ? { taskRoleArn: o.taskRoleArn } : {}),
    containerDefinitions: containers,
  };
  const context = { taskId: newTaskId(), region: 'us-east-1', accountId: '123456789012', launchType: 'FARGATE' as const, cluster: 'default' };
  const plan = planTaskEndpoints(td);
  const resolved = await resolveTask(td, context, sources, { injected: plan.injected });
  const spec = buildTaskSpec(resolved, { cwd: process.cwd() });
  const endpoints = await openTaskEndpoints({
    engine,
    resolved,
    spec,
    plan,
    credentials: o.credentials ?? fakeCredentialSource(),
    extraForwards: o.extraForwards,
  });
  const out = new Capture();
  const err = new Capture();
  return {
    spec,
    plan,
    endpoints,
    out,
    err,
    run: () =>
      runTask(spec, {
        engine,
        out,
        err,
        sidecars: endpoints.sidecars,
        options: { pull: 'never', logMode: 'plain', colour: false, context },
      }).finally(() => endpoints.close()),
  };
}

/** The text after `marker` on the first output line that starts with it. */
export function lineAfter(out: Capture, marker: string): string {
  const line = out.lines.find((l) => l.startsWith(marker));
  if (line === undefined) throw new Error(`no line starting with ${marker} in:\n${out.text}`);
  return line.slice(marker.length);
}
