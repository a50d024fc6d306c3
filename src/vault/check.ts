/**
 * The vault loader's checks and its one error format:
 * `<vault file>:<line>:<col>: <path>: <problem> (<fix>)`. The vault is ecs-local's own format, so it
 * is checked strictly: unknown fields and wrong types are errors, not ignored.
 */
import { InputError } from '../errors.js';
import { formatPath, type JsonPath, type JsonValue, type ParsedJson } from '../json/parse.js';
import { ACCOUNT_ID_PATTERN, partitionOf, REGION_PATTERN, type ArnParts } from './arn.js';
import { interpolate, type Lookup } from './interpolate.js';
import { didYouMean } from '../text/did-you-mean.js';
import type { JsonObject, Origin } from './types.js';

export type { JsonObject } from './types.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** What an entry gets when it names no region, account or date. */
export interface Defaults {
  region: string;
  accountId: string;
  /** [INF] The creation / modification date of whatever names none: the time the vault was loaded. */
  now: Date;
}

export interface CheckContext {
  /** The vault file as named to the user. */
  file: string;
  parsed: ParsedJson;
  /** Environment for `${VAR}`: the process environment over `.env` beside the vault. */
  lookup: Lookup;
  /** The `.env` file beside the vault, named in the fix for an unset variable. */
  dotenvFile: string;
}

export class Checker {
  constructor(readonly ctx: CheckContext) {}

  /** Where `path` is, or the nearest enclosing value that has a position. */
  origin(path: JsonPath): Origin {
    for (let n = path.length; n >= 0; n--) {
      const p = this.ctx.parsed.positionOf(path.slice(0, n));
      if (p) return { file: this.ctx.file, line: p.line, column: p.column, path: formatPath(path) };
    }
    return { file: this.ctx.file, line: 1, column: 1, path: formatPath(path) };
  }

  /**
   * Where `path` is, found when first read: most records' origins never are, and finding them all
   * would cost a large vault a second pass over its text.
   */
  lazyOrigin(path: JsonPath): Origin {
    return new LazyOrigin(this, path);
  }

  fail(path: JsonPath, problem: string, fix: string): never {
    const o = this.origin(path);
    throw new InputError(`${o.file}:${o.line}:${o.column}: ${o.path}: ${problem} (${fix})`);
  }

  object(value: JsonValue | undefined, path: JsonPath, fix: string): JsonObject {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, `expected an object, found ${describe(value)}`, fix);
    }
    return value;
  }

  /** Refuses fields not in `allowed`, suggesting the closest allowed one. */
  fields(obj: JsonObject, path: JsonPath, allowed: readonly string[]): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const guess = didYouMean(key, allowed);
      this.fail(
        [...path, key],
        `unknown field "${key}"`,
        guess ? `did you mean "${guess}"?` : `the fields allowed here are ${allowed.map((f) => `"${f}"`).join(', ')}`,
      );
    }
  }

  string(value: JsonValue | undefined, path: JsonPath, fix: string): string {
    if (typeof value !== 'string') this.fail(path, `expected a string, found ${describe(value)}`, fix);
    return value;
  }

  optionalString(obj: JsonObject, key: string, path: JsonPath, fix: string): string | undefined {
    return obj[key] === undefined ? undefined : this.string(obj[key], [...path, key], fix);
  }

  boolean(value: JsonValue | undefined, path: JsonPath): boolean {
    if (typeof value !== 'boolean') this.fail(path, `expected true or false, found ${describe(value)}`, 'write true or false');
    return value;
  }

  array(value: JsonValue | undefined, path: JsonPath, fix: string): JsonValue[] {
    if (!Array.isArray(value)) this.fail(path, `expected an array, found ${describe(value)}`, fix);
    return value;
  }

  stringArray(value: JsonValue | undefined, path: JsonPath, fix: string): string[] {
    return this.array(value, path, fix).map((item, i) => this.string(item, [...path, i], fix));
  }

  /** An ISO 8601 date written as a string. */
  date(value: JsonValue | undefined, path: JsonPath): Date {
    const text = this.string(value, path, 'write an ISO 8601 date such as "2024-01-31T12:00:00Z"');
    const ms = Date.parse(text);
    if (!ISO_DATE.test(text) || Number.isNaN(ms)) {
      this.fail(path, `"${text}" is not an ISO 8601 date`, 'write a date such as "2024-01-31T12:00:00Z"');
    }
    return new Date(ms);
  }

  optionalDate(obj: JsonObject, key: string, path: JsonPath): Date | undefined {
    return obj[key] === undefined ? undefined : this.date(obj[key], [...path, key]);
  }

  /** An optional `region` field of `obj`. */
  region(obj: JsonObject, path: JsonPath): string | undefined {
    const fix = 'write a region such as "eu-west-1"';
    const region = this.optionalString(obj, 'region', path, fix);
    if (region !== undefined && !REGION_PATTERN.test(region)) this.fail([...path, 'region'], `"${region}" is not a region`, fix);
    return region;
  }

  /** An optional `accountId` field of `obj`. */
  accountId(obj: JsonObject, path: JsonPath): string | undefined {
    const fix = 'write 12 digits, e.g. "123456789012"';
    const id = this.optionalString(obj, 'accountId', path, fix);
    if (id !== undefined && !ACCOUNT_ID_PATTERN.test(id)) this.fail([...path, 'accountId'], `"${id}" is not an account id`, fix);
    return id;
  }

  /** The region, account and partition of an ARN written as a key. */
  arnPlace(arn: ArnParts, path: JsonPath, example: string): void {
    const fix = `write an ARN like ${example}`;
    if (!REGION_PATTERN.test(arn.region)) this.fail(path, `the ARN's region "${arn.region}" is not a region`, fix);
    if (!ACCOUNT_ID_PATTERN.test(arn.accountId)) {
      this.fail(path, `the ARN's account "${arn.accountId}" is not a 12-digit account id`, fix);
    }
    const partition = partitionOf(arn.region);
    if (arn.partition !== partition) {
      const problem = `region ${arn.region} is in partition "${partition}", not "${arn.partition}"`;
      this.fail(path, problem, `start the ARN with arn:${partition}:`);
    }
  }

  /** A field that an ARN key also sets must agree with it. */
  sameAsArn(path: JsonPath, field: string, own: string | undefined, fromArn: string): void {
    if (own !== undefined && own !== fromArn) {
      this.fail([...path, field], `"${own}" differs from "${fromArn}" in the ARN key`, `remove "${field}": the ARN sets it`);
    }
  }

  /** Fills `${VAR}` in a string found at `path`. */
  fill(text: string, path: JsonPath): string {
    const r = interpolate(text, this.ctx.lookup);
    if (r.ok) return r.value;
    if (r.kind === 'unset') {
      this.fail(
        path,
        `variable ${r.variable} is not set`,
        `set ${r.variable} in the environment, or add ${r.variable}=... to ${this.ctx.dotenvFile}`,
      );
    }
    return this.fail(path, r.detail, 'write ${NAME} to insert a variable, or $${ for a literal "${"');
  }
}

/** An Origin computed at its first read (a class, so that a vault of many records stays compact). */
class LazyOrigin implements Origin {
  private found: Origin | undefined;
  constructor(
    private readonly checker: Checker,
    private readonly at: JsonPath,
  ) {}
  private get origin(): Origin {
    return (this.found ??= this.checker.origin(this.at));
  }
  get file(): string {
    return this.origin.file;
  }
  get line(): number {
    return this.origin.line;
  }
  get column(): number {
    return this.origin.column;
  }
  get path(): string {
    return this.origin.path;
  }
  toJSON(): Origin {
    return { ...this.origin };
  }
}

export function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // Never quote a string: it may be a secret.
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return `a number (${value})`;
  return `${value}`;
}
