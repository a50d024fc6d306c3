/**
 * A container's final environment in ECS's precedence order (reference §8.1, agent
 * docker_task_engine.go createContainer and container.go Merge*):
 *   secrets > ECS-injected variables > `environment` > `environmentFiles` > region variables > image ENV.
 * Image ENV is applied underneath by Docker itself. Pure.
 */
import type { EnvSource, EnvVar } from './types.js';

export interface EnvInputs {
  /** `environment` in definition order; a later duplicate name wins. */
  environment: readonly { name: string; value: string }[];
  /** Variables ECS injects (AWS_EXECUTION_ENV, metadata and credentials URIs). */
  injected: Readonly<Record<string, string>>;
  /** Resolved secrets of the container (target CONTAINER). */
  secrets: readonly { name: string; value: string; valueFrom: string }[];
  /** Each file's variables in file order, files in `environmentFiles` order. */
  envFiles: readonly { file: string; vars: readonly (readonly [string, string])[] }[];
  /** The task's region, for AWS_REGION / AWS_DEFAULT_REGION. */
  region: string;
}

export function mergeEnvironment(inputs: EnvInputs): EnvVar[] {
  const env = new Map<string, { value: string; source: EnvSource }>();
  for (const { name, value } of inputs.environment) env.set(name, { value, source: { kind: 'environment' } });
  for (const [name, value] of Object.entries(inputs.injected)) env.set(name, { value, source: { kind: 'injected', by: 'ecs' } });
  // Secrets overwrite everything above (MergeEnvironmentVariables).
  for (const s of inputs.secrets) env.set(s.name, { value: s.value, source: { kind: 'secret', valueFrom: s.valueFrom } });
  // Env files only fill names not set yet; the first file wins, and inside a file the last line wins
  // (MergeEnvironmentVariablesFromEnvfiles).
  for (const f of inputs.envFiles) {
    const fromFile = new Map(f.vars);
    for (const [name, value] of fromFile) {
      if (!env.has(name)) env.set(name, { value, source: { kind: 'environmentFile', file: f.file } });
    }
  }
  // ApplyRegionToContainer (agent >= 1.104.0): both or neither, only when neither is set already.
  // [INF] Fargate is given the same rule: a user-set AWS_REGION wins over the injected one.
  if (!env.has('AWS_REGION') && !env.has('AWS_DEFAULT_REGION')) {
    env.set('AWS_REGION', { value: inputs.region, source: { kind: 'region' } });
    env.set('AWS_DEFAULT_REGION', { value: inputs.region, source: { kind: 'region' } });
  }
  return [...env]
    .map(([name, v]) => ({ name, value: v.value, source: v.source }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The value of AWS_EXECUTION_ENV for a launch type (ECS docs, ecs-environment-variables). */
export function executionEnv(launchType: 'FARGATE' | 'EC2'): string {
  return launchType === 'FARGATE' ? 'AWS_ECS_FARGATE' : 'AWS_ECS_EC2';
}
