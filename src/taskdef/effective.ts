/**
 * The effective task definition: the registered one with RunTask's overrides applied, as ECS hands it
 * to the agent. Everything after this step (the resolution plan, secrets, container specs) reads the
 * effective definition; the loaded one is never changed. Pure.
 *
 * Precedence ([DOC] API_ContainerOverride, API_TaskOverride): `command`, `environmentFiles`, `cpu`,
 * `memory`, `memoryReservation`, `resourceRequirements` and the task-level fields replace the task
 * definition's; `environment` adds variables and replaces those of the same name. Secrets are applied
 * by the agent after the environment, so a secret still wins over an override of the same name.
 */
import type { ContainerDefinition, TaskDefinition } from './types.js';
import type { ContainerOverride, TaskOverride } from './overrides.js';

export interface EffectiveTaskDefinition {
  taskDefinition: TaskDefinition;
  /** What the user should know (an override a secret hides), one line each. */
  warnings: string[];
}

export function effectiveTaskDefinition(td: TaskDefinition, overrides: TaskOverride): EffectiveTaskDefinition {
  const warnings: string[] = [];
  const containerOverrides = overrides.containerOverrides ?? [];
  const containerDefinitions = td.containerDefinitions.map((c) => {
    // [INF] Several overrides naming one container apply in order, a later field over an earlier one.
    const mine = containerOverrides.filter((o) => o.name === c.name);
    let out = c;
    for (const o of mine) out = applyContainerOverride(out, o);
    for (const name of hiddenBySecrets(out, mine)) {
      warnings.push(`overrides: ${name} of container ${c.name} is also one of its secrets: the secret's value wins, as on ECS`);
    }
    return out;
  });
  const effective: TaskDefinition = {
    ...td,
    containerDefinitions,
    ...(overrides.cpu !== undefined && { cpu: overrides.cpu }),
    ...(overrides.memory !== undefined && { memory: overrides.memory }),
    ...(overrides.taskRoleArn !== undefined && { taskRoleArn: overrides.taskRoleArn }),
    ...(overrides.executionRoleArn !== undefined && { executionRoleArn: overrides.executionRoleArn }),
    ...(overrides.ephemeralStorage !== undefined && { ephemeralStorage: overrides.ephemeralStorage }),
  };
  return { taskDefinition: effective, warnings };
}

function applyContainerOverride(c: ContainerDefinition, o: ContainerOverride): ContainerDefinition {
  return {
    ...c,
    ...(o.command !== undefined && { command: o.command }),
    // Later entries of the same name win when the environment is merged (env/precedence.ts).
    ...(o.environment !== undefined && { environment: [...(c.environment ?? []), ...o.environment] }),
    ...(o.environmentFiles !== undefined && { environmentFiles: o.environmentFiles }),
    ...(o.cpu !== undefined && { cpu: o.cpu }),
    ...(o.memory !== undefined && { memory: o.memory }),
    ...(o.memoryReservation !== undefined && { memoryReservation: o.memoryReservation }),
    ...(o.resourceRequirements !== undefined && { resourceRequirements: o.resourceRequirements }),
  };
}

function hiddenBySecrets(c: ContainerDefinition, mine: readonly ContainerOverride[]): string[] {
  const secretNames = new Set((c.secrets ?? []).map((s) => s.name));
  const overridden = new Set(mine.flatMap((o) => (o.environment ?? []).map((e) => e.name ?? '')));
  return [...overridden].filter((n) => secretNames.has(n));
}
