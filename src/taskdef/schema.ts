/**
 * Type-checks a task definition at the edge, against the ECS API model in fields.ts, the way the AWS
 * CLI does before it sends RegisterTaskDefinition: a wrong JSON type or a missing required field is an
 * InputError (`file:line:col: path: expected integer, got string (write 256 without quotes)`); an
 * unknown field is a warning with a did-you-mean. Returns a copy holding only known fields. Pure.
 */
import { InputError } from '../errors.js';
import { formatPath } from '../json/parse.js';
import type { JsonPath, JsonValue } from '../json/parse.js';
import { KEPT_READ_ONLY, taskDefinitionSpec } from './fields.js';
import type { FieldSpec, Infer, ObjectSpec, TypeSpec } from './fields.js';
import { didYouMean } from '../text/did-you-mean.js';
import type { TaskDefinition } from './types.js';

export interface SchemaContext {
  /** `file:line:col` of the value at `path` (or of its nearest ancestor), for messages. */
  where(path: JsonPath): string;
  /** Non-fatal findings are appended here, one line each. */
  warnings: string[];
  /** Fields the model does not have, in document order (dropped from the result). */
  unknown: UnknownField[];
  /** Fields that were JSON null (read as absent), in document order. */
  nulls: JsonPath[];
}

export interface UnknownField {
  /** The path of the field itself, e.g. `containerDefinitions[0].secret`. */
  path: JsonPath;
  /** The fields the object may have, in the API model's order (what the AWS CLI lists). */
  allowed: readonly string[];
  /** A near miss among them, if any. */
  guess?: string;
}

type JsonObject = { [key: string]: JsonValue };

export function validateTaskDefinition(value: JsonValue, ctx: SchemaContext): TaskDefinition {
  return validate(taskDefinitionSpec, value, [], ctx);
}

/** Checks `value` against `spec` and returns it, typed as the spec describes (fields.ts `Infer`). */
export function validate<S extends TypeSpec>(spec: S, value: JsonValue, path: JsonPath, ctx: SchemaContext): Infer<S> {
  // The one place the static type is granted: validateValue has just checked the value against `spec`.
  return validateValue(spec, value, path, ctx) as Infer<S>;
}

/** Checks `value` against `spec`; returns it with unknown fields and nulls removed. */
export function validateValue(spec: TypeSpec, value: JsonValue, path: JsonPath, ctx: SchemaContext): JsonValue {
  const mismatch = (): never => {
    throw new InputError(
      `${ctx.where(path)}: ${formatPath(path)}: expected ${expectedName(spec)}, got ${jsonType(value)} (${typeHint(spec, value)})`,
    );
  };
  switch (spec.kind) {
    case 'string':
      if (typeof value !== 'string') return mismatch();
      if (spec.enum && !spec.enum.includes(value)) checkEnum(spec.enum, spec.strict === true, value, path, ctx);
      return value;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? value : mismatch();
    case 'boolean':
      return typeof value === 'boolean' ? value : mismatch();
    case 'taskSize':
      if (typeof value === 'string') return value;
      if (typeof value === 'number') {
        const text = String(value);
        ctx.warnings.push(
          `${ctx.where(path)}: ${formatPath(path)}: a number where the ECS API takes a string; read as "${text}" (write "${text}")`,
        );
        return text;
      }
      return mismatch();
    case 'stringMap': {
      if (!isObject(value)) return mismatch();
      const out: JsonObject = {};
      for (const [key, member] of Object.entries(value)) {
        const text = validateValue({ kind: 'string' }, member, [...path, key], ctx);
        // Any key may appear here, `__proto__` included: define it, never assign it.
        Object.defineProperty(out, key, { value: text, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      if (!Array.isArray(value)) return mismatch();
      return value.map((item, i) => validateValue(spec.items, item, [...path, i], ctx));
    case 'object':
      if (!isObject(value)) return mismatch();
      return validateObject(spec, value, path, ctx);
  }
}

function validateObject(spec: ObjectSpec, value: JsonObject, path: JsonPath, ctx: SchemaContext): JsonObject {
  const unknown = Object.keys(value).filter((k) => !hasOwn(spec.fields, k) && !spec.readOnly?.includes(k));
  // Required fields first: what an object is (a container's name) matters before what it holds.
  for (const [key, field] of Object.entries(spec.fields)) {
    if (field.required && (!hasOwn(value, key) || value[key] === null)) {
      throw new InputError(`${ctx.where(path)}: ${formatPath(path)}: missing required field "${key}" (${missingHint(key, field, unknown)})`);
    }
  }
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    const field = hasOwn(spec.fields, key) ? spec.fields[key] : undefined;
    const memberPath = [...path, key];
    if (field === undefined) {
      if (!spec.readOnly?.includes(key)) {
        const allowed = Object.keys(spec.fields).filter((k) => !KEPT_READ_ONLY.includes(k));
        const guess = didYouMean(key, allowed) ?? containing(key, allowed);
        ctx.unknown.push({ path: memberPath, allowed, ...(guess !== undefined ? { guess } : {}) });
      }
      continue;
    }
    if (member === null) {
      // [INF] JSON null reads as an absent field (SDKs omit nulls; tools such as ecs-deploy write them).
      ctx.nulls.push(memberPath);
      continue;
    }
    out[key] = validateValue(field.type, member, memberPath, ctx);
  }
  for (const [key, field] of Object.entries(spec.fields)) {
    if (field.absentAs !== undefined && out[key] === undefined) out[key] = field.absentAs;
  }
  return out;
}

function checkEnum(values: readonly string[], strict: boolean, value: string, path: JsonPath, ctx: SchemaContext): void {
  const listed = values.map((v) => JSON.stringify(v)).join(', ');
  const guess = didYouMean(value, values);
  if (strict) {
    const hint = guess ? `did you mean ${JSON.stringify(guess)}?` : 'values are case-sensitive';
    throw new InputError(
      `${ctx.where(path)}: ${formatPath(path)}: expected one of ${listed}, got ${JSON.stringify(value)} (${hint})`,
    );
  }
  const hint = guess ? `did you mean ${JSON.stringify(guess)}?` : `the ECS API model lists ${listed}`;
  ctx.warnings.push(`${ctx.where(path)}: ${formatPath(path)}: unknown value ${JSON.stringify(value)}, passed on as is (${hint})`);
}

/** A field whose name holds `key` (singular), e.g. `secretOptions` for `secrets` in a LogConfiguration. */
function containing(key: string, allowed: readonly string[]): string | undefined {
  const stem = key.toLowerCase().replace(/s$/, '');
  return stem.length >= 4 ? allowed.find((a) => a.toLowerCase().includes(stem)) : undefined;
}

function missingHint(key: string, field: FieldSpec, unknownKeys: readonly string[]): string {
  const near = unknownKeys.find((k) => didYouMean(k, [key]) !== undefined);
  if (near !== undefined) {
    return near.toLowerCase() === key.toLowerCase()
      ? `found "${near}": field names are case-sensitive, write "${key}"`
      : `found "${near}": did you mean "${key}"?`;
  }
  return `add "${key}": ${field.example ?? exampleOf(field.type)}`;
}

function exampleOf(spec: TypeSpec): string {
  switch (spec.kind) {
    case 'string':
      return spec.enum?.[0] !== undefined ? JSON.stringify(spec.enum[0]) : '"..."';
    case 'taskSize':
      return '"..."';
    case 'integer':
      return '0';
    case 'boolean':
      return 'true';
    case 'array':
      return '[...]';
    case 'stringMap':
    case 'object':
      return '{...}';
  }
}

function expectedName(spec: TypeSpec): string {
  switch (spec.kind) {
    case 'taskSize':
      return 'string';
    case 'stringMap':
      return 'object';
    default:
      return spec.kind;
  }
}

function jsonType(value: JsonValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What to write instead, for the commonest mix-ups (quoted numbers and booleans, a bare value for a list). */
function typeHint(spec: TypeSpec, value: JsonValue): string {
  switch (spec.kind) {
    case 'string':
    case 'taskSize':
      if (typeof value === 'number' || typeof value === 'boolean') return `quote it: "${String(value)}"`;
      return spec.kind === 'taskSize' ? 'write it as a string, e.g. "512"' : 'use a string';
    case 'integer':
      if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return `write ${value.trim()} without quotes`;
      return 'use a whole number without quotes';
    case 'boolean':
      if (typeof value === 'string' && /^\s*(true|false)\s*$/i.test(value)) return `write ${value.trim().toLowerCase()} without quotes`;
      return 'use true or false';
    case 'array':
      if (isObject(value) && spec.items.kind === 'object') return `wrap the ${spec.items.name} object in [ ]`;
      if (typeof value === 'string' && spec.items.kind === 'string') {
        return `use a JSON array of strings, e.g. ${JSON.stringify(value.split(/\s+/).filter((s) => s !== ''))}`;
      }
      return 'use a JSON array [...]';
    case 'stringMap':
      if (Array.isArray(value) && value.every((v) => isObject(v) && 'name' in v)) {
        return 'use one object of "key": "value" pairs, not a list of name/value objects';
      }
      return 'use an object of "key": "value" pairs';
    case 'object':
      if (Array.isArray(value) && value.length === 1 && isObject(value[0] ?? null)) {
        return `remove the [ ]: ${spec.name} is a single object`;
      }
      return `use a JSON object {...} (${spec.name})`;
  }
}
