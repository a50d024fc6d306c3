/**
 * RunTask's `overrides` (`aws ecs run-task --overrides`): their shape, read from JSON the way the AWS
 * CLI reads it, and the checks RunTask makes against the task definition (InvalidParameterException).
 * The field types come from the task definition's own description (fields.ts), so a container
 * override's `environment` is the same shape as a container's. Pure.
 */
import { InvalidParameterException, ParameterValidationError } from '../errors.js';
import { AwsCli, RunTask } from '../messages.js';
import { formatPath, type JsonPath, type ParsedJson } from '../json/parse.js';
import type * as Sdk from '@aws-sdk/client-ecs';
import { containerDefinition, taskDefinitionSpec, type Infer } from './fields.js';
import { validate, type SchemaContext } from './schema.js';
import { taskMemoryMib } from './task-size.js';
import type { TaskDefinition } from './types.js';

const cd = containerDefinition.fields;

/** API_ContainerOverride, fields in the model's order. `name` is optional in the model; RunTask needs it. */
export const containerOverrideSpec = {
  kind: 'object',
  name: 'ContainerOverride',
  fields: {
    name: { type: { kind: 'string' } },
    command: cd.command,
    environment: cd.environment,
    environmentFiles: cd.environmentFiles,
    cpu: cd.cpu,
    memory: cd.memory,
    memoryReservation: cd.memoryReservation,
    resourceRequirements: cd.resourceRequirements,
  },
} as const;

/** API_TaskOverride. Task-level `cpu` and `memory` are strings, as in the task definition. */
export const taskOverrideSpec = {
  kind: 'object',
  name: 'TaskOverride',
  fields: {
    containerOverrides: { type: { kind: 'array', items: containerOverrideSpec } },
    cpu: taskDefinitionSpec.fields.cpu,
    inferenceAcceleratorOverrides: {
      type: { kind: 'array', items: { kind: 'object', name: 'InferenceAcceleratorOverride', fields: { deviceName: { type: { kind: 'string' } }, deviceType: { type: { kind: 'string' } } } } },
    },
    executionRoleArn: taskDefinitionSpec.fields.executionRoleArn,
    memory: taskDefinitionSpec.fields.memory,
    taskRoleArn: taskDefinitionSpec.fields.taskRoleArn,
    ephemeralStorage: taskDefinitionSpec.fields.ephemeralStorage,
  },
} as const;

export type ContainerOverride = Infer<typeof containerOverrideSpec>;
export type TaskOverride = Infer<typeof taskOverrideSpec>;

type SameKeys<Ours, Theirs> = [Exclude<keyof Ours, keyof Theirs>, Exclude<keyof Theirs, keyof Ours>] extends [never, never] ? true : { ours: Exclude<keyof Ours, keyof Theirs>; sdk: Exclude<keyof Theirs, keyof Ours> };
type Assert<T extends true> = T;
/** The shapes above against @aws-sdk/client-ecs's model: a field added to the API fails `npm run typecheck`. */
export type OverridesMatchSdk = [Assert<SameKeys<ContainerOverride, Sdk.ContainerOverride>>, Assert<SameKeys<TaskOverride, Sdk.TaskOverride>>];

/** RunTask's limit on the containerOverrides it is sent (InvalidParameterException beyond it). */
export const CONTAINER_OVERRIDES_MAX_LENGTH = 8192;

/**
 * The `--overrides` JSON, type-checked as the AWS CLI checks it before sending RunTask: a wrong type
 * is an InputError naming the place; an unknown field is the CLI's ParamValidation text.
 */
export function overridesFromJson(parsed: ParsedJson, source: string): { overrides: TaskOverride; warnings: string[] } {
  const where = (p: JsonPath): string => {
    for (let n = p.length; n >= 0; n--) {
      const at = parsed.positionOf(p.slice(0, n));
      if (at) return `${source}:${at.line}:${at.column}`;
    }
    return source;
  };
  // Paths start at `overrides`, as the AWS CLI names the parameter in its messages.
  const ctx: SchemaContext = { where: (p) => where(p.slice(1)), warnings: [], unknown: [], nulls: [] };
  const overrides = validate(taskOverrideSpec, parsed.value, ['overrides'], ctx);
  if (ctx.unknown.length > 0) {
    const lines = ctx.unknown.map((u) => AwsCli.unknownParameter(formatPath(u.path.slice(0, -1)), String(u.path[u.path.length - 1]), u.allowed));
    const hints = ctx.unknown.flatMap((u) => (u.guess !== undefined ? [`${ctx.where(u.path)}: ${formatPath(u.path)}: did you mean "${u.guess}"?`] : []));
    throw new ParameterValidationError(AwsCli.parameterValidationFailed(lines), hints.length > 0 ? { hint: hints.join('\n') } : {});
  }
  return { overrides, warnings: ctx.warnings };
}

/**
 * RunTask's own checks of the overrides against the task definition, in the order ECS reports them
 * [INF]: the size of containerOverrides, then each override's container name, then memory.
 * Throws InvalidParameterException with ECS's text.
 */
export function checkOverrides(td: TaskDefinition, overrides: TaskOverride): void {
  const containerOverrides = overrides.containerOverrides ?? [];
  // [INF] Measured as the compact JSON of containerOverrides, as the SDK sends it.
  if (JSON.stringify(containerOverrides).length > CONTAINER_OVERRIDES_MAX_LENGTH) {
    throw new InvalidParameterException(RunTask.containerOverridesTooLong(CONTAINER_OVERRIDES_MAX_LENGTH));
  }
  const names = new Set(td.containerDefinitions.map((c) => c.name));
  for (const o of containerOverrides) {
    // [INF] A nameless override matches no container: ECS's text with an empty name.
    if (!names.has(o.name ?? '')) {
      throw new InvalidParameterException(RunTask.notAContainer(o.name ?? ''), {
        hint: `containers of ${td.family}: ${[...names].join(', ')}`,
      });
    }
  }
  const taskMemory = overrides.memory ?? td.memory;
  const limit = taskMemoryMib(taskMemory);
  if (limit === undefined) return;
  for (const c of td.containerDefinitions) {
    const memory = containerOverrides.find((o) => o.name === c.name)?.memory ?? c.memory;
    if (memory !== undefined && memory > limit) throw new InvalidParameterException(RunTask.containerMemoryAboveTask(c.name));
  }
}

/** True when the overrides change nothing a container or the task sees. */
export function isEmptyOverride(o: TaskOverride): boolean {
  return Object.keys(o).every((k) => k === 'containerOverrides') && (o.containerOverrides ?? []).every((c) => Object.keys(c).every((k) => k === 'name'));
}
