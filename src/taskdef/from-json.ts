/**
 * Turns a parsed JSON file into a task definition, whichever of the three shapes users have:
 * a bare task definition (`register-task-definition --cli-input-json`), `aws ecs
 * describe-task-definition` output, or a bare `containerDefinitions` array (Terraform's
 * `container_definitions`). Paths in messages are relative to the task definition in every shape, so
 * they read `containerDefinitions[0].secrets[1]`. Pure: the file name is only used in messages and
 * for the default family.
 */
import path from 'node:path';
import { InputError, ParameterValidationError } from '../errors.js';
import { AwsCli } from '../messages.js';
import { formatPath } from '../json/parse.js';
import type { JsonPath, JsonValue, ParsedJson } from '../json/parse.js';
import { describeOutputSpec } from './fields.js';
import { parsePath } from './path.js';
import { validateTaskDefinition } from './schema.js';
import type { SchemaContext, UnknownField } from './schema.js';
import { didYouMean } from '../text/did-you-mean.js';
import type { LoadedTaskDefinition, TaskDefinitionShape } from './types.js';

type JsonObject = { [key: string]: JsonValue };

export function taskDefinitionFromJson(parsed: ParsedJson, file: string): LoadedTaskDefinition {
  const root = parsed.value;
  const shape = detectShape(parsed, file);
  const warnings: string[] = [];
  // The describe output keeps `tags` beside `taskDefinition`; they are the task definition's tags.
  const tagsBeside = shape === 'describe-task-definition' && outerTagsUsed(root);

  /** Where a path relative to the task definition sits in the document. */
  const docPath = (p: JsonPath): JsonPath => {
    if (shape === 'container-definitions') return p[0] === 'containerDefinitions' ? p.slice(1) : [];
    if (shape === 'describe-task-definition' && !(tagsBeside && p[0] === 'tags')) return ['taskDefinition', ...p];
    return p;
  };
  const where = (p: JsonPath): string => {
    const full = docPath(p);
    // The value itself, else its nearest ancestor (the container object for a missing field).
    for (let n = full.length; n >= 0; n--) {
      const at = parsed.positionOf(full.slice(0, n));
      if (at) return `${file}:${at.line}:${at.column}`;
    }
    return file;
  };
  const ctx: SchemaContext = { where, warnings, unknown: [], nulls: [] };

  for (const dup of parsed.duplicateKeys) {
    const dupPath = parsePath(dup) ?? [];
    const at = parsed.positionOf(dupPath);
    const shown = formatPath(displayPath(shape, dupPath));
    warnings.push(`${at ? `${file}:${at.line}:${at.column}` : file}: ${shown}: duplicate key, the last value is used`);
  }

  const taskDefinition = validateTaskDefinition(taskDefinitionValue(shape, root, file, parsed, ctx), ctx);
  reportUnknown(ctx, shape);
  if (ctx.nulls.length > 0) warnings.push(nullsWarning(ctx, file));
  return { file, shape, taskDefinition, warnings, locate: (p) => where(parsePath(p) ?? []) };
}

/**
 * Unknown fields are refused as the AWS CLI refuses them before sending RegisterTaskDefinition
 * (botocore's ParamValidationError, every one listed), with our did-you-mean as hints. [INF] In a
 * bare containerDefinitions array they are only a warning: Terraform's provider decodes the array
 * with Go's encoding/json, which drops unknown fields, so ECS never sees them.
 */
function reportUnknown(ctx: SchemaContext, shape: TaskDefinitionShape): void {
  if (ctx.unknown.length === 0) return;
  const near = (u: UnknownField) =>
    u.guess !== undefined ? `did you mean "${u.guess}"?` : `not a field of this object in the ECS API`;
  if (shape === 'container-definitions') {
    for (const u of ctx.unknown) {
      ctx.warnings.push(`${ctx.where(u.path)}: ${formatPath(u.path)}: unknown field, dropped as Terraform drops it (${near(u)})`);
    }
    return;
  }
  const lines = ctx.unknown.map((u) => {
    const parent = u.path.slice(0, -1);
    return AwsCli.unknownParameter(parent.length === 0 ? 'input' : formatPath(parent), String(u.path[u.path.length - 1]), u.allowed);
  });
  const hints = ctx.unknown.map((u) => `${ctx.where(u.path)}: ${formatPath(u.path)}: ${near(u)}`);
  throw new ParameterValidationError(AwsCli.parameterValidationFailed(lines), { hint: hints.join('\n') });
}

/** [INF] One line for every null of the file (console exports hold dozens), naming the first few. */
function nullsWarning(ctx: SchemaContext, file: string): string {
  if (ctx.nulls.length === 1) {
    const only = ctx.nulls[0] ?? [];
    return `${ctx.where(only)}: ${formatPath(only)}: null, treated as absent`;
  }
  const shown = ctx.nulls.slice(0, 3).map((p) => formatPath(p)).join(', ');
  const more = ctx.nulls.length > 3 ? ` and ${ctx.nulls.length - 3} more` : '';
  return `${file}: ${ctx.nulls.length} fields are null, treated as absent (${shown}${more})`;
}

function detectShape(parsed: ParsedJson, file: string): TaskDefinitionShape {
  const root = parsed.value;
  if (Array.isArray(root)) return 'container-definitions';
  if (isObject(root)) {
    if (Object.prototype.hasOwnProperty.call(root, 'containerDefinitions')) return 'task-definition';
    if (Object.prototype.hasOwnProperty.call(root, 'taskDefinition')) return 'describe-task-definition';
  }
  const at = parsed.positionOf([]) ?? { line: 1, column: 1 };
  const found = isObject(root) ? describeKeys(root) : `a JSON ${root === null ? 'null' : typeof root}`;
  throw new InputError(
    `${file}:${at.line}:${at.column}: not a task definition: expected an object with "containerDefinitions" (register-task-definition --cli-input-json), ` +
      `the output of "aws ecs describe-task-definition" ({"taskDefinition": {...}}), or a containerDefinitions array ` +
      `(Terraform's container_definitions); found ${found}`,
  );
}

function describeKeys(root: JsonObject): string {
  const keys = Object.keys(root);
  if (keys.length === 0) return 'an empty object';
  const shown = keys.slice(0, 5).map((k) => JSON.stringify(k)).join(', ') + (keys.length > 5 ? ', ...' : '');
  // A near miss such as CloudFormation's "ContainerDefinitions".
  const near = keys.map((k) => didYouMean(k, ['containerDefinitions', 'taskDefinition'])).find((g) => g !== undefined);
  return `an object with ${shown}${near ? ` (did you mean "${near}"?)` : ''}`;
}

/** The object to validate as a task definition; the describe output's own fields are checked here. */
function taskDefinitionValue(
  shape: TaskDefinitionShape,
  root: JsonValue,
  file: string,
  parsed: ParsedJson,
  ctx: SchemaContext,
): JsonValue {
  if (shape === 'task-definition') return root;
  if (shape === 'container-definitions') {
    // [INF] Terraform's container_definitions has no family: the file's base name stands in for it,
    // with characters a family cannot hold (anything but letters, digits, `_` and `-`) made `-`.
    return { family: defaultFamily(file), containerDefinitions: root };
  }
  const outer = root as JsonObject;
  for (const key of Object.keys(outer)) {
    if (key === 'taskDefinition' || key === 'tags') continue;
    const guess = didYouMean(key, Object.keys(describeOutputSpec.fields));
    const hint = guess ? `did you mean "${guess}"?` : 'not part of describe-task-definition output';
    const at = parsed.positionOf([key]);
    ctx.warnings.push(`${at ? `${file}:${at.line}:${at.column}` : file}: ${formatPath([key])}: unknown field, ignored (${hint})`);
  }
  const inner = outer['taskDefinition'] ?? null;
  if (!isObject(inner)) {
    const at = parsed.positionOf(['taskDefinition']);
    const got = inner === null ? 'null' : Array.isArray(inner) ? 'array' : typeof inner;
    throw new InputError(
      `${file}:${at?.line ?? 1}:${at?.column ?? 1}: taskDefinition: expected object, got ${got} (describe-task-definition output holds the task definition object here)`,
    );
  }
  if (!outerTagsUsed(root)) return inner;
  const innerTags = inner['tags'];
  if (Array.isArray(innerTags) && innerTags.length > 0) {
    // [INF] Both places hold tags (hand-edited output): the describe output's own are used.
    ctx.warnings.push(`${ctx.where(['tags'])}: tags: given both inside and beside "taskDefinition"; the ones beside it are used`);
  }
  return { ...inner, tags: outer['tags'] ?? null };
}

/** Whether the describe output's own `tags` are the task definition's (an empty list never hides inner ones). */
function outerTagsUsed(root: JsonValue): boolean {
  if (!isObject(root)) return false;
  const tags = root['tags'];
  if (tags === undefined || tags === null) return false;
  const inner = root['taskDefinition'];
  return !(Array.isArray(tags) && tags.length === 0 && isObject(inner ?? null) && (inner as JsonObject)['tags'] !== undefined);
}

function displayPath(shape: TaskDefinitionShape, docPath: JsonPath): JsonPath {
  if (shape === 'container-definitions') return ['containerDefinitions', ...docPath];
  if (shape === 'describe-task-definition' && docPath[0] === 'taskDefinition') return docPath.slice(1);
  return docPath;
}

export function defaultFamily(file: string): string {
  const base = path.basename(file, path.extname(file));
  const family = base.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
  return family === '' ? 'default' : family;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
