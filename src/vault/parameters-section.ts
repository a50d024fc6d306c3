/** The vault's `parameters` section: each key a parameter name or ARN, each entry one SSM parameter. */
import type { JsonPath, JsonValue } from '../json/parse.js';
import { parseParameterArn, partitionOf } from './arn.js';
import type { Checker, Defaults, JsonObject } from './check.js';
import { parameterKey, parameterNameFromArnRest, parameterNameProblem } from './names.js';
import type { ParameterRecord, ParameterType, ParameterVersionRecord } from './types.js';

const PARAMETER_FIELDS = ['type', 'value', 'version', 'labels', 'region', 'accountId', 'kmsKeyId'];
const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];
const MAX_LABELS = 10;

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

  const typeText = c.string(entry.type, [...path, 'type'], 'write "type": "String", "StringList" or "SecureString"');
  if (!TYPES.includes(typeText as ParameterType)) {
    c.fail([...path, 'type'], `"${typeText}" is not a parameter type`, 'write "String", "StringList" or "SecureString"');
  }
  const type = typeText as ParameterType;

  const valueFix = 'write the value as a string (a StringList is comma-separated: "a,b,c")';
  const value = c.fill(c.string(entry.value, valueAt, valueFix), valueAt);
  if (value === '') {
    c.fail(valueAt, 'the value is empty, which SSM does not allow', 'give the parameter a value of at least one character');
  }

  let version = 1;
  if (entry.version !== undefined) {
    const v = entry.version;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      c.fail([...path, 'version'], 'the version must be a whole number from 1', 'write e.g. "version": 3');
    }
    version = v;
  }

  const labelsFix = 'write the labels as an array of strings, e.g. ["prod"]';
  const labels = entry.labels === undefined ? [] : c.stringArray(entry.labels, [...path, 'labels'], labelsFix);
  if (labels.length > MAX_LABELS) {
    c.fail([...path, 'labels'], `a parameter version can have at most ${MAX_LABELS} labels`, 'remove some labels');
  }
  labels.forEach((label, i) => {
    const problem = labelProblem(label);
    const fix = 'labels have 1 to 100 letters, digits and . - _, and do not start with a digit, "aws" or "ssm"';
    if (problem) c.fail([...path, 'labels', i], problem, fix);
    if (labels.indexOf(label) !== i) c.fail([...path, 'labels', i], `label ${label} is listed twice`, 'list it once');
  });

  const kmsKeyId = c.optionalString(entry, 'kmsKeyId', path, 'write a KMS key id, alias or ARN as a string');
  if (kmsKeyId !== undefined && type !== 'SecureString') {
    const problem = `only a SecureString parameter is encrypted, this one is a ${type}`;
    c.fail([...path, 'kmsKeyId'], problem, 'remove "kmsKeyId", or make the type "SecureString"');
  }

  const current: ParameterVersionRecord = { version, type, value, labels, lastModifiedDate: defaults.now };
  if (kmsKeyId !== undefined) current.kmsKeyId = kmsKeyId;
  return {
    name,
    region: where.region,
    accountId: where.accountId,
    partition: partitionOf(where.region),
    versions: [current],
    origin: c.origin(path),
  };
}

/** Parameter label rules (LabelParameterVersion). */
function labelProblem(label: string): string | undefined {
  if (label.length < 1 || label.length > 100) return 'a label has 1 to 100 characters';
  if (!/^[A-Za-z0-9_.-]+$/.test(label)) return `label "${label}" has characters SSM does not allow`;
  // A label that starts with a digit would read as a version number in `name:<selector>`.
  if (/^\d/.test(label)) return `label "${label}" starts with a digit`;
  if (/^(aws|ssm)/i.test(label)) return `label "${label}" starts with "aws" or "ssm", which AWS reserves`;
  return undefined;
}
