/** The vault's `parameters` section: each key a parameter name or ARN, each entry one SSM parameter. */
import type { JsonPath, JsonValue } from '../json/parse.js';
import { parseParameterArn, partitionOf } from './arn.js';
import type { Checker, Defaults } from './check.js';
import { parameterKey, parameterNameFromArnRest, parameterNameProblem } from './names.js';
import { vaultDefs } from './schema.js';
import type { JsonObject, ParameterRecord, ParameterType, ParameterVersionRecord } from './types.js';

const PARAMETER_FIELDS = Object.keys(vaultDefs.parameter.properties);
const HISTORY_FIELDS = Object.keys(vaultDefs.parameterVersion.properties);
const TYPES = vaultDefs.parameter.properties.type.enum as readonly ParameterType[];
const MAX_LABELS = vaultDefs.parameter.properties.labels.maxItems;

export function readParameters(c: Checker, section: JsonValue | undefined, defaults: Defaults): ParameterRecord[] {
  if (section === undefined) return [];
  const entries = c.object(section, ['parameters'], 'write "parameters": { "<name>": "<value>" }');
  const records: ParameterRecord[] = [];
  const seen = new Map<string, string>();
  for (const [key, raw] of Object.entries(entries)) {
    const path: JsonPath = ['parameters', key];
    const record = readParameter(c, key, raw, path, defaults);
    // `foo` and `/foo` are one parameter in SSM.
    const identity = `${record.partition}|${record.region}|${record.accountId}|${parameterKey(record.name)}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      const problem = `this is the same parameter as parameters[${JSON.stringify(first)}] (SSM treats "foo" and "/foo" as one name)`;
      c.fail(path, problem, 'keep only one of the two entries');
    }
    seen.set(identity, key);
    records.push(record);
  }
  return records;
}

function readParameter(c: Checker, key: string, raw: JsonValue, path: JsonPath, defaults: Defaults): ParameterRecord {
  const fix = 'write "<value>" for a String, or { "type": "SecureString", "value": "..." }';
  // A bare string is a String parameter.
  const entry: JsonObject = typeof raw === 'string' ? { type: 'String', value: raw } : c.object(raw, path, fix);
  c.fields(entry, path, PARAMETER_FIELDS);
  const valueAt = typeof raw === 'string' ? path : [...path, 'value'];

  const region = c.region(entry, path);
  const accountId = c.accountId(entry, path);
  let name = key;
  let where = { region: region ?? defaults.region, accountId: accountId ?? defaults.accountId };
  if (key.startsWith('arn:')) {
    const example = 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db';
    const arn = parseParameterArn(key);
    if (!arn) {
      c.fail(path, 'this key starts with "arn:" but is not an SSM parameter ARN', `write a parameter name, or an ARN like ${example}`);
    }
    c.arnPlace(arn, path, example);
    c.sameAsArn(path, 'region', region, arn.region);
    c.sameAsArn(path, 'accountId', accountId, arn.accountId);
    name = parameterNameFromArnRest(arn.rest);
    where = { region: arn.region, accountId: arn.accountId };
  }
  const problem = parameterNameProblem(name);
  if (problem) c.fail(path, problem.problem, problem.fix);

  const current = readVersion(c, entry, path, valueAt, defaults.now, undefined);
  const history = readHistory(c, entry.history, [...path, 'history'], current, defaults.now);
  const labelAt = new Map<string, number>();
  for (const v of [...history, current]) {
    for (const label of v.labels) {
      const other = labelAt.get(label);
      if (other !== undefined) {
        const fix = 'a label is on one version at a time: remove it from one of them';
        c.fail(path, `label ${label} is on both version ${other} and version ${v.version}`, fix);
      }
      labelAt.set(label, v.version);
    }
  }
  return {
    name,
    region: where.region,
    accountId: where.accountId,
    partition: partitionOf(where.region),
    versions: [...history, current],
    origin: c.lazyOrigin(path),
    source: { key, entry: raw },
  };
}

/**
 * One version: the entry itself (the current version) or an item of its `history`. A history item
 * without a type has the entry's type.
 */
function readVersion(
  c: Checker,
  obj: JsonObject,
  path: JsonPath,
  valueAt: JsonPath,
  now: Date,
  defaultType: ParameterType | undefined,
): ParameterVersionRecord {
  let type: ParameterType;
  if (obj.type === undefined && defaultType !== undefined) {
    type = defaultType;
  } else {
    const typeText = c.string(obj.type, [...path, 'type'], 'write "type": "String", "StringList" or "SecureString"');
    if (!TYPES.includes(typeText as ParameterType)) {
      c.fail([...path, 'type'], `"${typeText}" is not a parameter type`, 'write "String", "StringList" or "SecureString"');
    }
    type = typeText as ParameterType;
  }

  const valueFix = 'write the value as a string (a StringList is comma-separated: "a,b,c")';
  const rawValue = obj.value;
  const value = c.fill(c.string(rawValue, valueAt, valueFix), valueAt);
  if (value === '') {
    c.fail(valueAt, 'the value is empty, which SSM does not allow', 'give the parameter a value of at least one character');
  }

  let version = 1;
  if (obj.version !== undefined) {
    const v = obj.version;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      c.fail([...path, 'version'], 'the version must be a whole number from 1', 'write e.g. "version": 3');
    }
    version = v;
  }

  const labelsFix = 'write the labels as an array of strings, e.g. ["prod"]';
  const labels = obj.labels === undefined ? [] : c.stringArray(obj.labels, [...path, 'labels'], labelsFix);
  if (labels.length > MAX_LABELS) {
    c.fail([...path, 'labels'], `a parameter version can have at most ${MAX_LABELS} labels`, 'remove some labels');
  }
  labels.forEach((label, i) => {
    const problem = labelProblem(label);
    const fix = 'labels have 1 to 100 letters, digits and . - _, and do not start with a digit, "aws" or "ssm"';
    if (problem) c.fail([...path, 'labels', i], problem, fix);
    if (labels.indexOf(label) !== i) c.fail([...path, 'labels', i], `label ${label} is listed twice`, 'list it once');
  });

  const kmsKeyId = c.optionalString(obj, 'kmsKeyId', path, 'write a KMS key id, alias or ARN as a string');
  if (kmsKeyId !== undefined && type !== 'SecureString') {
    const problem = `only a SecureString parameter is encrypted, this one is a ${type}`;
    c.fail([...path, 'kmsKeyId'], problem, 'remove "kmsKeyId", or make the type "SecureString"');
  }
  const description = c.optionalString(obj, 'description', path, 'write the description as a string');
  const lastModifiedDate = c.optionalDate(obj, 'lastModifiedDate', path) ?? now;

  const source: JsonObject = { value: rawValue ?? '' };
  if (obj.lastModifiedDate !== undefined) source.lastModifiedDate = obj.lastModifiedDate;
  const record: ParameterVersionRecord = { version, type, value, labels, lastModifiedDate, source };
  if (kmsKeyId !== undefined) record.kmsKeyId = kmsKeyId;
  if (description !== undefined) record.description = description;
  return record;
}

/** Older versions, oldest first, each numbered below the next. */
function readHistory(
  c: Checker,
  raw: JsonValue | undefined,
  path: JsonPath,
  current: ParameterVersionRecord,
  now: Date,
): ParameterVersionRecord[] {
  if (raw === undefined) return [];
  const fix = 'write "history": [{ "version": 1, "value": "..." }], oldest first';
  const items = c.array(raw, path, fix);
  const out: ParameterVersionRecord[] = [];
  items.forEach((item, i) => {
    const at: JsonPath = [...path, i];
    const obj = c.object(item, at, fix);
    c.fields(obj, at, HISTORY_FIELDS);
    if (obj.version === undefined) c.fail(at, 'this version has no "version" number', 'write e.g. "version": 1');
    const v = readVersion(c, obj, at, [...at, 'value'], now, current.type);
    const next = items.length === i + 1 ? current.version : undefined;
    const previous = out[out.length - 1];
    if ((previous && v.version <= previous.version) || (next !== undefined && v.version >= next)) {
      c.fail([...at, 'version'], `version ${v.version} is out of order`, 'list older versions oldest first, each below the current "version"');
    }
    out.push(v);
  });
  return out;
}

/**
 * Parameter label rules (LabelParameterVersion), one at a time to name the one a label breaks; the
 * schema (schema.ts) says them in one pattern for editors, and its test holds the two to the same labels.
 */
function labelProblem(label: string): string | undefined {
  if (label.length < 1 || label.length > 100) return 'a label has 1 to 100 characters';
  if (!/^[A-Za-z0-9_.-]+$/.test(label)) return `label "${label}" has characters SSM does not allow`;
  // A label that starts with a digit would read as a version number in `name:<selector>`.
  if (/^\d/.test(label)) return `label "${label}" starts with a digit`;
  if (/^(aws|ssm)/i.test(label)) return `label "${label}" starts with "aws" or "ssm", which AWS reserves`;
  return undefined;
}
