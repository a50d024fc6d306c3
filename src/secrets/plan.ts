/**
 * The resolution plan: every secret of a task, grouped the way the ECS agent creates its task
 * resources (agent/api/task/task.go initSecretResources, initializeEnvfilesResource), so that the
 * calls made are the agent's: one GetSecretValue per unique valueFrom+region, SSM GetParameters per
 * region in batches of 10. Pure: taskdef in, plan out.
 */
import type { EnvironmentFile, TaskDefinition } from '../taskdef/types.js';
import { classifyValueFrom, type AsmReference, type SecretReference } from './value-from.js';
import { parseArn } from '../aws/arn.js';

export type SecretTarget = 'CONTAINER' | 'LOG_DRIVER';

export interface PlannedSecret {
  container: string;
  name: string;
  target: SecretTarget;
  ref: SecretReference;
}

export interface SsmRegionPlan {
  region: string;
  /** Names per GetParameters call, at most 10 each; not de-duplicated, as the agent. */
  batches: string[][];
}

export interface RegistryAuthPlan {
  container: string;
  /** `credentialsParameter` verbatim: ARN or name, no json-key syntax. */
  secretId: string;
  region: string;
}

export interface EnvFilesPlan {
  container: string;
  files: EnvironmentFile[];
}

export interface ResolutionPlan {
  taskRegion: string;
  /** Every secret in definition order: containers, then each container's secrets, then secretOptions. */
  secrets: PlannedSecret[];
  /** One entry per unique valueFrom + region, in first-appearance order. */
  asm: AsmReference[];
  ssm: SsmRegionPlan[];
  registryAuth: RegistryAuthPlan[];
  envFiles: EnvFilesPlan[];
}

/** `agent/api/container/container.go` GetSecretResourceCacheKey: valueFrom + "_" + region. */
export function cacheKey(valueFrom: string, region: string): string {
  return `${valueFrom}_${region}`;
}

export const SSM_MAX_BATCH = 10;

export function buildPlan(td: TaskDefinition, taskRegion: string): ResolutionPlan {
  const secrets: PlannedSecret[] = [];
  for (const c of td.containerDefinitions) {
    for (const s of c.secrets ?? []) {
      secrets.push({ container: c.name, name: s.name, target: 'CONTAINER', ref: classifyValueFrom(s.valueFrom, taskRegion) });
    }
    for (const s of c.logConfiguration?.secretOptions ?? []) {
      secrets.push({ container: c.name, name: s.name, target: 'LOG_DRIVER', ref: classifyValueFrom(s.valueFrom, taskRegion) });
    }
  }

  const asm = new Map<string, AsmReference>();
  const ssmByRegion = new Map<string, string[]>();
  for (const { ref } of secrets) {
    if (ref.provider === 'asm') {
      const key = cacheKey(ref.valueFrom, ref.region);
      if (!asm.has(key)) asm.set(key, ref);
    } else {
      const names = ssmByRegion.get(ref.region) ?? [];
      names.push(ref.name);
      ssmByRegion.set(ref.region, names);
    }
  }

  const ssm = [...ssmByRegion].map(([region, names]) => {
    const batches: string[][] = [];
    for (let i = 0; i < names.length; i += SSM_MAX_BATCH) batches.push(names.slice(i, i + SSM_MAX_BATCH));
    return { region, batches };
  });

  const registryAuth = td.containerDefinitions.flatMap((c) => {
    const secretId = c.repositoryCredentials?.credentialsParameter;
    if (secretId === undefined) return [];
    const arn = parseArn(secretId);
    const region = arn.ok && arn.arn.region !== '' ? arn.arn.region : taskRegion;
    return [{ container: c.name, secretId, region }];
  });

  const envFiles = td.containerDefinitions.flatMap((c) =>
    c.environmentFiles && c.environmentFiles.length > 0 ? [{ container: c.name, files: c.environmentFiles }] : [],
  );

  return { taskRegion, secrets, asm: [...asm.values()], ssm, registryAuth, envFiles };
}

/** The number of service calls the agent would make for this plan (for `check` output and benchmarks). */
export function expectedCalls(plan: ResolutionPlan): { getSecretValue: number; getParameters: number; getObject: number } {
  return {
    // A valueFrom the agent cannot parse fails before any call is made.
    getSecretValue: plan.asm.filter((a) => a.parsed.ok).length + plan.registryAuth.length,
    getParameters: plan.ssm.reduce((n, r) => n + r.batches.length, 0),
    getObject: plan.envFiles.reduce((n, c) => n + c.files.length, 0),
  };
}

/**
 * Whether the task reads anything from a secret store: a secret, a parameter, registry credentials
 * or an S3 environment file. A task that reads nothing needs no vault (and no AWS).
 */
export function needsSecretSources(plan: ResolutionPlan): boolean {
  return plan.secrets.length + plan.registryAuth.length + plan.envFiles.length > 0;
}
