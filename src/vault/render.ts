/**
 * The vault's data written back as the JSON of its file, keeping what the user wrote: the top-level
 * fields (`$schema`, region, accountId, environmentFiles, …) and their order, the entries' keys and
 * order, and every entry that no write changed, exactly as written. A changed entry is the written
 * entry patched field by field (its other fields and their order stay), and a secret version's or
 * parameter version's value is written as it was, so a `${VAR}` template stays a template. [INF]
 * This holds for versions too: a version's content never changes, so an old version keeps its
 * template even in an entry that a write changed; only values that came through the API are
 * written as text (with `${` escaped as `$${`). Pure.
 */
import type { JsonValue } from '../json/parse.js';
import { parseParameterArn, parameterArn, parseSecretArn } from './arn.js';
import { CURRENT } from './secret-stages.js';
import { secretArnSuffix, stableVersionId } from './suffix.js';
import type { JsonObject, ParameterRecord, ParameterVersionRecord, SecretRecord, SecretVersionRecord, VaultData } from './types.js';

/** The new content of the vault file, from its current top-level value and the (changed) data. */
export function renderVault(root: JsonValue, data: VaultData): JsonValue {
  const top = isObject(root) ? root : {};
  const out = new Pairs();
  for (const [key, value] of Object.entries(top)) {
    if (key === 'secrets') out.set(key, renderSecrets(data));
    else if (key === 'parameters') out.set(key, renderParameters(data));
    else out.set(key, value);
  }
  if (!Object.hasOwn(top, 'secrets') && data.secrets.length > 0) out.set('secrets', renderSecrets(data));
  if (!Object.hasOwn(top, 'parameters') && data.parameters.length > 0) out.set('parameters', renderParameters(data));
  return out.toObject();
}

/** `${` in a value that came through the API, escaped so that loading the vault gives it back. */
export function escapeTemplate(text: string): string {
  // A function, not a string: in a replacement string "$$" would stand for one "$".
  return text.replaceAll('${', () => '$${');
}

function renderSecrets(data: VaultData): JsonValue {
  const taken = new Set(data.secrets.flatMap((s) => (s.source ? [s.source.key] : [])));
  const out = new Pairs();
  for (const s of data.secrets) {
    if (s.source && !s.changed) {
      out.set(s.source.key, s.source.entry);
      continue;
    }
    const key = s.source?.key ?? newKey(taken, data, s, s.name, s.arn);
    taken.add(key);
    out.set(key, patchSecret(data, s, key, s.source?.entry));
  }
  return out.toObject();
}

function renderParameters(data: VaultData): JsonValue {
  const taken = new Set(data.parameters.flatMap((p) => (p.source ? [p.source.key] : [])));
  const out = new Pairs();
  for (const p of data.parameters) {
    if (p.source && !p.changed) {
      out.set(p.source.key, p.source.entry);
      continue;
    }
    const arn = parameterArn(p.partition, p.region, p.accountId, p.name);
    const key = p.source?.key ?? newKey(taken, data, p, p.name, arn);
    taken.add(key);
    out.set(key, patchParameter(data, p, key, p.source?.entry));
  }
  return out.toObject();
}

/** A new entry is keyed by its name, or by its ARN when another entry already has that key. */
function newKey(taken: Set<string>, data: VaultData, r: { accountId: string }, name: string, arn: string): string {
  return taken.has(name) || r.accountId !== data.accountId ? arn : name;
}

function patchSecret(data: VaultData, s: SecretRecord, key: string, base: JsonValue | undefined): JsonObject {
  const out = Pairs.of(base);
  const arnKey = key.startsWith('arn:') ? parseSecretArn(key) : undefined;
  if (!arnKey) {
    out.setOrDelete('region', s.region !== data.region || out.has('region') ? s.region : undefined);
    out.setOrDelete('accountId', s.accountId !== data.accountId || out.has('accountId') ? s.accountId : undefined);
  }
  if (!arnKey?.complete) {
    out.setOrDelete('arnSuffix', s.arnSuffix !== secretArnSuffix(s.name) || out.has('arnSuffix') ? s.arnSuffix : undefined);
  }

  // The value: keep the entry's form (`value` / `binary` for one AWSCURRENT version) while it fits.
  const only = s.versions.length === 1 ? s.versions[0] : undefined;
  const wasValue = out.has('value') || out.has('binary');
  if (only && wasValue && isValueForm(s, only)) {
    const content = versionContent(only);
    out.replace(['value', 'binary', 'versions'], Object.keys(content)[0] ?? 'value', Object.values(content)[0] ?? '');
  } else if (s.versions.length > 0) {
    out.replace(['value', 'binary', 'versions'], 'versions', s.versions.map(renderSecretVersion));
  } else {
    out.delete('value');
    out.delete('binary');
    out.delete('versions');
  }

  out.setOrDelete('description', s.description);
  out.setOrDelete('kmsKeyId', s.kmsKeyId);
  out.setOrDelete('tags', s.tags.length > 0 ? tagsObject(s) : undefined);
  out.setOrDelete('rotationLambdaArn', s.rotationLambdaArn);
  if (s.deletedDate) {
    if (out.get('deleted') !== true) {
      out.set('deleted', true);
      out.set('deletedDate', s.deletedDate.toISOString());
    }
  } else {
    out.delete('deleted');
    out.delete('deletedDate');
  }
  if (base === undefined) out.set('createdDate', s.createdDate.toISOString());
  out.setOrDelete('lastChangedDate', s.lastChangedDate?.toISOString());
  return out.toObject();
}

/** One version labelled AWSCURRENT whose id is the one the loader derives from a `value`. */
function isValueForm(s: SecretRecord, v: SecretVersionRecord): boolean {
  if (v.stages.length !== 1 || v.stages[0] !== CURRENT || !v.source || v.source.createdDate !== undefined) return false;
  const kind = v.secretString !== undefined ? 'string' : 'binary';
  return v.versionId === stableVersionId([s.region, s.accountId, s.name, kind, v.secretString ?? v.secretBinary ?? '']);
}

function versionContent(v: SecretVersionRecord): JsonObject {
  if (v.source?.value !== undefined) return { value: v.source.value };
  if (v.source?.binary !== undefined) return { binary: v.source.binary };
  if (v.secretString !== undefined) return { value: escapeTemplate(v.secretString) };
  return { binary: v.secretBinary ?? '' };
}

function renderSecretVersion(v: SecretVersionRecord): JsonValue {
  const out = new Pairs();
  out.set('id', v.versionId);
  out.set('stages', [...v.stages]);
  for (const [k, value] of Object.entries(versionContent(v))) out.set(k, value);
  // A version from the file keeps its date as written (or none); a new one records when it was made.
  const date = v.source ? v.source.createdDate : v.createdDate.toISOString();
  if (date !== undefined) out.set('createdDate', date);
  return out.toObject();
}

function tagsObject(s: SecretRecord): JsonObject {
  const out = new Pairs();
  for (const t of s.tags) out.set(t.Key, t.Value);
  return out.toObject();
}

function patchParameter(data: VaultData, p: ParameterRecord, key: string, base: JsonValue | undefined): JsonObject {
  // A bare string entry (`"name": "value"`) becomes an object once it has more than a value.
  const out = Pairs.of(isObject(base) ? base : undefined);
  const current = p.versions[p.versions.length - 1];
  if (!current) return out.toObject();
  out.set('type', current.type);
  out.set('value', parameterValue(current));
  out.setOrDelete('version', current.version !== 1 || out.has('version') ? current.version : undefined);
  out.setOrDelete('labels', current.labels.length > 0 ? [...current.labels] : undefined);
  out.setOrDelete('kmsKeyId', current.kmsKeyId);
  out.setOrDelete('description', current.description);
  out.setOrDelete('lastModifiedDate', versionDate(current));
  if (!key.startsWith('arn:') || !parseParameterArn(key)) {
    out.setOrDelete('region', p.region !== data.region || out.has('region') ? p.region : undefined);
    out.setOrDelete('accountId', p.accountId !== data.accountId || out.has('accountId') ? p.accountId : undefined);
  }
  const history = p.versions.slice(0, -1).map((v) => renderParameterVersion(v, current));
  out.setOrDelete('history', history.length > 0 ? history : undefined);
  return out.toObject();
}

function renderParameterVersion(v: ParameterVersionRecord, current: ParameterVersionRecord): JsonValue {
  const out = new Pairs();
  out.set('version', v.version);
  if (v.type !== current.type) out.set('type', v.type);
  out.set('value', parameterValue(v));
  if (v.labels.length > 0) out.set('labels', [...v.labels]);
  out.setOrDelete('kmsKeyId', v.kmsKeyId);
  out.setOrDelete('description', v.description);
  out.setOrDelete('lastModifiedDate', versionDate(v));
  return out.toObject();
}

function parameterValue(v: ParameterVersionRecord): JsonValue {
  return v.source?.value ?? escapeTemplate(v.value);
}

function versionDate(v: ParameterVersionRecord): JsonValue | undefined {
  return v.source ? v.source.lastModifiedDate : v.lastModifiedDate.toISOString();
}

function isObject(v: JsonValue | undefined): v is JsonObject {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * An ordered object under construction: keys keep their place when set again. Indexed by key, so
 * that a section of 100,000 entries is built in linear time.
 */
class Pairs {
  private entries: [string, JsonValue][] = [];
  private readonly index = new Map<string, [string, JsonValue]>();

  static of(base: JsonValue | undefined): Pairs {
    const p = new Pairs();
    if (isObject(base)) for (const [k, v] of Object.entries(base)) p.set(k, v);
    return p;
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  get(key: string): JsonValue | undefined {
    return this.index.get(key)?.[1];
  }

  set(key: string, value: JsonValue): void {
    const e = this.index.get(key);
    if (e) e[1] = value;
    else {
      const entry: [string, JsonValue] = [key, value];
      this.entries.push(entry);
      this.index.set(key, entry);
    }
  }

  setOrDelete(key: string, value: JsonValue | undefined): void {
    if (value === undefined) this.delete(key);
    else this.set(key, value);
  }

  delete(key: string): void {
    const e = this.index.get(key);
    if (!e) return;
    this.entries.splice(this.entries.indexOf(e), 1);
    this.index.delete(key);
  }

  /** Puts `key` where the first of `olds` was (or at the end), removing the others. */
  replace(olds: readonly string[], key: string, value: JsonValue): void {
    const at = this.entries.findIndex(([k]) => olds.includes(k));
    const kept = this.entries.filter(([k]) => !olds.includes(k) && k !== key);
    const position = at < 0 ? kept.length : this.entries.slice(0, at).filter(([k]) => !olds.includes(k) && k !== key).length;
    const entry: [string, JsonValue] = [key, value];
    kept.splice(position, 0, entry);
    this.entries = kept;
    for (const k of olds) this.index.delete(k);
    this.index.set(key, entry);
  }

  toObject(): JsonObject {
    const out: JsonObject = {};
    // "__proto__" is defined, so that it stays an ordinary key.
    for (const [k, v] of this.entries) {
      if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
      else out[k] = v;
    }
    return out;
  }
}

/**
 * JSON text in the style of the original file: its indentation (spaces or tabs), its line ends and
 * its final newline; short arrays of plain values on one line (`["AWSCURRENT"]`).
 */
export function formatVaultText(doc: JsonValue, original: string): string {
  const indent = /\n([ \t]+)\S/.exec(original)?.[1] ?? '  ';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const finalNewline = original === '' || original.endsWith('\n');
  const native = nativeStringify(doc, indent, finalNewline ? '\n' : '');
  if (native === undefined) {
    const text = stringify(doc, indent, '', eol);
    return finalNewline ? text + eol : text;
  }
  // Strings are escaped: every line break in the text is the layout's own.
  return eol === '\n' ? native : native.replaceAll('\n', eol);
}

const INLINE_WIDTH = 80;

/**
 * The same text as `formatVaultText`, in pieces, so that a large vault can be written without ever
 * holding its whole new text (or a copy of it) in memory.
 */
export function* formatVaultPieces(doc: JsonValue, original: string): Generator<string> {
  const indent = /\n([ \t]+)\S/.exec(original)?.[1] ?? '  ';
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  yield* pieces(doc, indent, '', eol);
  if (original === '' || original.endsWith('\n')) yield eol;
}

function* pieces(v: JsonValue, indent: string, at: string, eol: string): Generator<string> {
  if (typeof v === 'string' && !NEEDS_ESCAPE.test(v)) {
    // The value itself between quotes: a large value is not copied to be written.
    yield '"';
    yield v;
    yield '"';
    return;
  }
  if (v === null || typeof v !== 'object') {
    yield JSON.stringify(v);
    return;
  }
  const inner = at + indent;
  if (Array.isArray(v)) {
    // A short array may go on one line: laid out whole, as `stringify` does.
    if (v.length < 64) {
      yield stringify(v, indent, at, eol);
      return;
    }
    yield '[';
    for (let i = 0; i < v.length; i++) {
      yield `${i === 0 ? '' : ','}${eol}${inner}`;
      yield* pieces(v[i] as JsonValue, indent, inner, eol);
    }
    yield `${eol}${at}]`;
    return;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] as string;
    yield `${i === 0 ? '' : ','}${eol}${inner}${JSON.stringify(k)}: `;
    yield* pieces(v[k] as JsonValue, indent, inner, eol);
  }
  yield `${eol}${at}}`;
}

/** What JSON.stringify escapes in a string: quotes, backslashes, control characters, surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are what must be found
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A JSON scalar as JSON.stringify writes it. */
const SCALAR = String.raw`(?:"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?(?:e[+-]\d+)?|true|false|null)`;
/** An array of scalars as JSON.stringify lays it out with an indent: one element per line. */
const SCALAR_ARRAY = new RegExp(String.raw`\[\n[ \t]*(?:${SCALAR},\n[ \t]*)*${SCALAR}\n[ \t]*\]`, 'g');
const SCALAR_TOKEN = new RegExp(SCALAR, 'g');

/**
 * The same text as `stringify` with "\n" line ends (and `end`), from the engine's JSON.stringify (a large vault
 * is written in a fraction of the time and memory): short arrays of scalars are then put back on
 * one line. Undefined when the engine cannot lay it out so (an indent over 10 characters).
 */
function nativeStringify(doc: JsonValue, indent: string, end: string): string | undefined {
  if (indent.length > 10) return undefined;
  const text = JSON.stringify(doc, null, indent) + end;
  try {
    return text.replace(SCALAR_ARRAY, (array) => {
      const inline = `[${(array.match(SCALAR_TOKEN) ?? []).join(', ')}]`;
      return inline.length <= INLINE_WIDTH ? inline : array;
    });
  } catch {
    // An array too long for the expression engine's backtracking: laid out the slow way.
    return undefined;
  }
}

function stringify(v: JsonValue, indent: string, at: string, eol: string): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  const inner = at + indent;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => x === null || typeof x !== 'object')) {
      const inline = `[${v.map((x) => JSON.stringify(x)).join(', ')}]`;
      if (inline.length <= INLINE_WIDTH) return inline;
    }
    return `[${eol}${v.map((x) => inner + stringify(x, indent, inner, eol)).join(`,${eol}`)}${eol}${at}]`;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  const members = keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringify(v[k] as JsonValue, indent, inner, eol)}`);
  return `{${eol}${members.join(`,${eol}`)}${eol}${at}}`;
}
