/** The vault's `secrets` section: each key a secret name or ARN, each entry one Secrets Manager secret. */
import type { JsonPath, JsonValue } from '../json/parse.js';
import { parseSecretArn, partitionOf, secretArn } from './arn.js';
import { describe, type Checker, type Defaults, type JsonObject } from './check.js';
import { isValidSecretName } from './names.js';
import { BASE64_PATTERN, vaultDefs } from './schema.js';
import { ARN_SUFFIX_PATTERN, secretArnSuffix, stableVersionId } from './suffix.js';
import type { JsonObject as SourceObject, SecretRecord, SecretVersionRecord, Tag } from './types.js';

const SECRET_FIELDS = Object.keys(vaultDefs.secret.properties);
const VERSION_FIELDS = Object.keys(vaultDefs.secretVersion.properties);
const VALUE_KINDS = ['value', 'binary', 'versions'] as const;

const CURRENT = 'AWSCURRENT';
const VERSION_ID = vaultDefs.secretVersion.properties.id;
const STAGES = vaultDefs.secretVersion.properties.stages;
const BASE64 = new RegExp(BASE64_PATTERN);

export function readSecrets(c: Checker, section: JsonValue | undefined, defaults: Defaults): SecretRecord[] {
  if (section === undefined) return [];
  const entries = c.object(section, ['secrets'], 'write "secrets": { "<name>": { "value": "..." } }');
  const records: SecretRecord[] = [];
  const seen = new Map<string, string>();
  for (const [key, raw] of Object.entries(entries)) {
    const path: JsonPath = ['secrets', key];
    const record = readSecret(c, key, raw, path, defaults);
    const identity = `${record.partition}|${record.region}|${record.accountId}|${record.name}`;
    const first = seen.get(identity);
    if (first !== undefined) {
      const where = `${record.name} in ${record.region}, account ${record.accountId}`;
      c.fail(path, `this is the same secret as secrets[${JSON.stringify(first)}] (${where})`, 'keep only one of the two entries');
    }
    seen.set(identity, key);
    records.push(record);
  }
  return records;
}

function readSecret(c: Checker, key: string, raw: JsonValue, path: JsonPath, defaults: Defaults): SecretRecord {
  const entry = c.object(raw, path, 'write { "value": "..." }, { "binary": "<base64>" } or { "versions": [...] }');
  c.fields(entry, path, SECRET_FIELDS);
  const id = identity(c, key, entry, path, defaults);

  const given = VALUE_KINDS.filter((k) => entry[k] !== undefined);
  if (given.length > 1) {
    c.fail(
      [...path, given[1] ?? ''],
      `"${given[0]}" and "${given[1]}" can't both be set`,
      'use "value" or "binary" for a secret with one version, or list every version in "versions"',
    );
  }

  let versions: SecretVersionRecord[];
  if (entry.versions !== undefined) {
    versions = readVersions(c, entry.versions, [...path, 'versions'], defaults.now);
  } else if (entry.value !== undefined || entry.binary !== undefined) {
    // One version, labelled AWSCURRENT, as CreateSecret makes it; its id is derived from the
    // content so that it is the same on every run.
    const content = readContent(c, entry, path);
    const kind = content.secretString !== undefined ? 'string' : 'binary';
    const text = content.secretString ?? content.secretBinary ?? '';
    versions = [
      new ValueVersion([id.region, id.accountId, id.name, kind, text], content, defaults.now, contentSource(entry)),
    ];
  } else {
    // [INF] No value at all is a secret created without one: AWS allows it, and GetSecretValue then
    // fails with "can't find the specified secret value for staging label: AWSCURRENT".
    versions = [];
  }

  const deleted = entry.deleted === undefined ? false : c.boolean(entry.deleted, [...path, 'deleted']);
  const deletedDate = c.optionalDate(entry, 'deletedDate', path);
  if (deletedDate && !deleted) {
    c.fail([...path, 'deletedDate'], 'a deletion date is set but "deleted" is not true', 'add "deleted": true, or remove "deletedDate"');
  }
  const description = c.optionalString(entry, 'description', path, 'write the description as a string');
  const kmsKeyId = c.optionalString(entry, 'kmsKeyId', path, 'write a KMS key id, alias or ARN as a string');
  const rotationLambdaArn = c.optionalString(entry, 'rotationLambdaArn', path, 'write the rotation Lambda function ARN as a string');
  const resourcePolicy =
    entry.resourcePolicy === undefined
      ? undefined
      : c.object(entry.resourcePolicy, [...path, 'resourcePolicy'], 'write the policy document as a JSON object: { "Version": "2012-10-17", "Statement": [ … ] }');
  const tags = readTags(c, entry.tags, [...path, 'tags']);
  const createdDate =
    c.optionalDate(entry, 'createdDate', path) ??
    versions.reduce<Date>((min, v) => (v.createdDate < min ? v.createdDate : min), defaults.now);
  const lastChangedDate = c.optionalDate(entry, 'lastChangedDate', path);

  const record: SecretRecord = {
    name: id.name,
    region: id.region,
    accountId: id.accountId,
    partition: id.partition,
    arnSuffix: id.suffix,
    arn: secretArn(id.partition, id.region, id.accountId, id.name, id.suffix),
    createdDate,
    tags,
    versions,
    origin: c.lazyOrigin(path),
    source: { key, entry: raw },
  };
  if (description !== undefined) record.description = description;
  if (kmsKeyId !== undefined) record.kmsKeyId = kmsKeyId;
  if (rotationLambdaArn !== undefined) record.rotationLambdaArn = rotationLambdaArn;
  if (resourcePolicy !== undefined) record.resourcePolicy = resourcePolicy;
  if (lastChangedDate) record.lastChangedDate = lastChangedDate;
  // [INF] A secret marked deleted without a date was deleted when the vault was loaded.
  if (deleted) record.deletedDate = deletedDate ?? defaults.now;
  return record;
}

/**
 * The one version of a secret written as `value` or `binary`, its id derived from its content and
 * hashed when first read: a lookup reads one version's id, and hashing every value of a large
 * vault at load would take a good part of the load. A class (the id a getter on its prototype), so
 * that each instance stays a compact object.
 */
class ValueVersion implements SecretVersionRecord {
  stages = [CURRENT];
  declare secretString?: string;
  declare secretBinary?: string;
  private id: string | undefined;
  constructor(
    private idParts: readonly string[] | undefined,
    content: { secretString?: string; secretBinary?: string },
    public createdDate: Date,
    public source: SourceObject,
  ) {
    if (content.secretString !== undefined) this.secretString = content.secretString;
    if (content.secretBinary !== undefined) this.secretBinary = content.secretBinary;
  }
  get versionId(): string {
    if (this.id === undefined) {
      this.id = stableVersionId(this.idParts ?? []);
      this.idParts = undefined;
    }
    return this.id;
  }
  set versionId(value: string) {
    this.id = value;
    this.idParts = undefined;
  }
}

/** `"tags": { "team": "web" }`: Secrets Manager tags, in the order written. */
function readTags(c: Checker, raw: JsonValue | undefined, path: JsonPath): Tag[] {
  if (raw === undefined) return [];
  const obj = c.object(raw, path, 'write the tags as an object of strings, e.g. { "team": "web" }');
  return Object.entries(obj).map(([Key, value]) => ({ Key, Value: c.string(value, [...path, Key], 'write the tag value as a string') }));
}

/** The value or binary of an entry or version as written, for writing it back unchanged. */
function contentSource(obj: JsonObject): SourceObject {
  const out: SourceObject = {};
  if (obj.value !== undefined) out.value = obj.value;
  if (obj.binary !== undefined) out.binary = obj.binary;
  return out;
}

interface Identity {
  name: string;
  region: string;
  accountId: string;
  partition: string;
  suffix: string;
}

/** Name, region, account and ARN suffix, from the key (a name or an ARN) and the entry's fields. */
function identity(c: Checker, key: string, entry: JsonObject, path: JsonPath, defaults: Defaults): Identity {
  const region = c.region(entry, path);
  const accountId = c.accountId(entry, path);
  const suffix = c.optionalString(entry, 'arnSuffix', path, 'write 6 letters or digits as a string');
  if (suffix !== undefined && !ARN_SUFFIX_PATTERN.test(suffix)) {
    const fix = 'write exactly 6 letters or digits, e.g. "AbC123", without the hyphen';
    c.fail([...path, 'arnSuffix'], `"${suffix}" is not an ARN suffix`, fix);
  }

  if (!key.startsWith('arn:')) {
    checkName(c, key, path);
    const r = region ?? defaults.region;
    return {
      name: key,
      region: r,
      accountId: accountId ?? defaults.accountId,
      partition: partitionOf(r),
      suffix: suffix ?? secretArnSuffix(key),
    };
  }

  const example = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:name-AbC123';
  const arn = parseSecretArn(key);
  if (!arn) {
    const fix = `write a secret name, or an ARN like ${example}`;
    c.fail(path, 'this key starts with "arn:" but is not a Secrets Manager secret ARN', fix);
  }
  c.arnPlace(arn, path, example);
  c.sameAsArn(path, 'region', region, arn.region);
  c.sameAsArn(path, 'accountId', accountId, arn.accountId);
  // A complete ARN (ending in -XXXXXX) gives the suffix; a partial one leaves it to "arnSuffix" or the hash.
  const name = arn.complete?.name ?? arn.rest;
  checkName(c, name, path);
  if (arn.complete) c.sameAsArn(path, 'arnSuffix', suffix, arn.complete.suffix);
  return {
    name,
    region: arn.region,
    accountId: arn.accountId,
    partition: arn.partition,
    suffix: arn.complete?.suffix ?? suffix ?? secretArnSuffix(name),
  };
}

function checkName(c: Checker, name: string, path: JsonPath): void {
  if (!isValidSecretName(name)) {
    c.fail(path, `"${name}" is not a valid secret name`, 'use 1 to 512 letters, digits and the symbols / _ + = . @ -');
  }
}

/** `value` (a string, or JSON stored as its text) or `binary` (base64), with `${VAR}` filled. */
function readContent(c: Checker, obj: JsonObject, path: JsonPath): { secretString?: string; secretBinary?: string } {
  if (obj.binary !== undefined) {
    const at = [...path, 'binary'];
    const text = c.fill(c.string(obj.binary, at, 'write the bytes as a base64 string'), at);
    if (!BASE64.test(text)) {
      c.fail(at, 'this is not valid base64', 'write the bytes as standard base64 (A-Z a-z 0-9 + /, padded with =)');
    }
    return { secretBinary: text };
  }
  return { secretString: secretText(c, obj.value, [...path, 'value']) };
}

/** A string is stored as is; anything else as its compact JSON text, with `${VAR}` filled in its strings. */
function secretText(c: Checker, value: JsonValue | undefined, path: JsonPath): string {
  if (typeof value === 'string') return c.fill(value, path);
  if (value === null || value === undefined) {
    c.fail(path, `expected a value, found ${describe(value)}`, 'write a string, or a JSON object to store as its JSON text');
  }
  return JSON.stringify(fillDeep(c, value, path));
}

function fillDeep(c: Checker, value: JsonValue, path: JsonPath): JsonValue {
  if (typeof value === 'string') return c.fill(value, path);
  if (Array.isArray(value)) return value.map((v, i) => fillDeep(c, v, [...path, i]));
  if (value !== null && typeof value === 'object') {
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      // defineProperty, so that a key such as "__proto__" stays an ordinary key.
      const filled = fillDeep(c, v, [...path, k]);
      Object.defineProperty(out, k, { value: filled, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

function readVersions(c: Checker, raw: JsonValue, path: JsonPath, now: Date): SecretVersionRecord[] {
  const fix = 'write "versions": [{ "id": "<uuid>", "stages": ["AWSCURRENT"], "value": "..." }]';
  const items = c.array(raw, path, fix);
  const versions: SecretVersionRecord[] = [];
  const idAt = new Map<string, number>();
  const labelAt = new Map<string, number>();
  items.forEach((item, i) => {
    const at: JsonPath = [...path, i];
    const v = c.object(item, at, fix);
    c.fields(v, at, VERSION_FIELDS);

    const versionId = c.string(v.id, [...at, 'id'], 'give each version an "id", e.g. a UUID');
    if (versionId.length < VERSION_ID.minLength || versionId.length > VERSION_ID.maxLength) {
      const problem = `a VersionId has ${VERSION_ID.minLength} to ${VERSION_ID.maxLength} characters, this one has ${versionId.length}`;
      c.fail([...at, 'id'], problem, 'use a UUID such as 11111111-1111-1111-1111-111111111111');
    }
    const sameId = idAt.get(versionId);
    if (sameId !== undefined) c.fail([...at, 'id'], `versions[${sameId}] has the same id`, 'give each version its own id');
    idAt.set(versionId, i);

    const stagesFix = 'write the staging labels as an array of strings, e.g. ["AWSCURRENT"]';
    const stages = v.stages === undefined ? [] : c.stringArray(v.stages, [...at, 'stages'], stagesFix);
    if (stages.length > STAGES.maxItems) {
      c.fail([...at, 'stages'], `a version can have at most ${STAGES.maxItems} staging labels`, 'remove some labels');
    }
    stages.forEach((label, j) => {
      const lat = [...at, 'stages', j];
      const { minLength, maxLength } = STAGES.items;
      if (label.length < minLength || label.length > maxLength) c.fail(lat, `a staging label has ${minLength} to ${maxLength} characters`, 'fix the label');
      if (stages.indexOf(label) !== j) c.fail(lat, `staging label ${label} is listed twice`, 'list it once');
      const other = labelAt.get(label);
      if (other !== undefined) {
        const fix = 'a label can be attached to only one version: remove it from one of them';
        c.fail(lat, `staging label ${label} is already on versions[${other}]`, fix);
      }
      labelAt.set(label, i);
    });

    if (v.value === undefined && v.binary === undefined) {
      c.fail(at, 'this version has no "value" or "binary"', 'give each version a "value" or a "binary"');
    }
    if (v.value !== undefined && v.binary !== undefined) {
      c.fail([...at, 'binary'], '"value" and "binary" can\'t both be set', 'keep one of them');
    }
    const content = readContent(c, v, at);

    const createdDate = c.optionalDate(v, 'createdDate', at) ?? now;
    const source = contentSource(v);
    if (v.createdDate !== undefined) source.createdDate = v.createdDate;
    versions.push({ versionId, stages, ...content, createdDate, source });
  });
  // [INF] AWS gives the first version of a secret AWSCURRENT and only ever moves it, so a secret
  // with versions always has one; a vault without it is most likely a typo in a label.
  if (versions.length > 0 && !labelAt.has(CURRENT)) {
    const fix = `add "${CURRENT}" to the stages of the version GetSecretValue returns by default`;
    c.fail(path, `no version has the staging label ${CURRENT}`, fix);
  }
  return versions;
}
