/**
 * Reads YAML with CloudFormation's short forms (CLIYAML, taskdef-forms.md §3): `!Ref X` is
 * `{"Ref": "X"}`, `!Condition X` is `{"Condition": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`
 * (split at the first dot), every other `!Name v` is `{"Fn::Name": v}`, whatever v's node kind.
 * A stock loader refuses those tags; here the document is walked node by node instead. Pure.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { InputError } from '../../errors.js';

export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

export interface YamlRead {
  value: Plain;
  /** Whether any `!` tag was seen (a CloudFormation sign). */
  shortForms: boolean;
}

/** [INF] Values a YAML document may expand to: a 1 MB CloudFormation template has well under 200,000. */
const MAX_VALUES = 1_000_000;

export function readYaml(text: string, file: string): YamlRead {
  const doc = parseDocument(text, { prettyErrors: false, merge: true });
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0];
    const message = /Maximum call stack size exceeded/.test(err.message) ? 'nested too deep to read (no real file nests this deep)' : err.message.split('\n')[0];
    throw new InputError(`${file}${at ? `:${at.line}:${at.col}` : ''}: invalid YAML: ${message}`);
  }
  let shortForms = false;
  let budget = MAX_VALUES;
  const walk = (node: unknown, depth: number): Plain => {
    if (depth > 200) throw new InputError(`${file}: YAML nested more than 200 levels deep`);
    // Aliases of aliases expand exponentially (the "billion laughs"): a bounded count, not a hang.
    if (--budget < 0) throw new InputError(`${file}: YAML aliases expand to more than ${MAX_VALUES} values: no task definition or template is this large (check the file's & anchors and * aliases)`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return walk(node.resolve(doc), depth + 1);
    let value: Plain;
    if (isScalar(node)) {
      const v = node.value;
      value = v === null || v === undefined ? null : typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string' ? v : String(v);
    } else if (isSeq(node)) {
      value = node.items.map((item) => walk(item, depth + 1));
    } else if (isMap(node)) {
      const obj: { [key: string]: Plain } = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const k = walk(pair.key, depth + 1);
        Object.defineProperty(obj, typeof k === 'string' ? k : JSON.stringify(k), {
          value: walk(pair.value, depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      value = obj;
    } else {
      return null;
    }
    const tag = (node as Node).tag;
    if (tag === undefined || !tag.startsWith('!') || tag.startsWith('!!')) return value;
    shortForms = true;
    const name = tag.slice(1);
    if (name === 'Ref' || name === 'Condition') return { [name]: value };
    if (name === 'GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    }
    return { [`Fn::${name}`]: value };
  };
  return { value: walk(doc.contents, 0), shortForms };
}

/** Resource types known without parsing their entries, for a template read by readLargeCfnYaml. */
export const KNOWN_TYPES = new WeakMap<object, ReadonlyMap<string, string>>();

/**
 * A large CloudFormation YAML template, read lazily (issue #8: 1 MB in under 1 s): the sections other
 * than `Resources` are parsed at once; each resource is cut out by indentation and parsed only when
 * read (the task definition and what it references), its `Type` taken from its text. Undefined when
 * the layout is not the plain block style this relies on (anchors, flow style, several documents):
 * the caller then parses the whole file.
 */
export function readLargeCfnYaml(text: string, file: string): Plain | undefined {
  if (/(^|[\s[{,])&[^\s]|^\s*<<\s*:/m.test(text)) return undefined;
  const lines = text.split('\n');
  const start = lines.findIndex((l) => /^Resources:\s*(#.*)?\r?$/.test(l));
  if (start < 0) return undefined;
  const topLevel = (l: string) => /^[^\s#-]/.test(l) || /^-[^-\s]/.test(l);
  if (lines.some((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l))) return undefined;
  let end = lines.findIndex((l, i) => i > start && topLevel(l));
  if (end < 0) end = lines.length;
  const entries: { id: string; from: number; to: number }[] = [];
  let indent = -1;
  for (let i = start + 1; i < end; i++) {
    const l = lines[i] as string;
    if (/^\s*(#.*)?\r?$/.test(l)) continue;
    const n = l.length - l.trimStart().length;
    if (indent < 0) indent = n;
    if (n < indent || /^\s*[{[]/.test(l) && n === indent) return undefined;
    if (n === indent) {
      const key = /^\s*(?:'([^']+)'|"([^"]+)"|([^\s'"#][^:#]*?))\s*:\s*(#.*)?\r?$/.exec(l);
      if (!key) return undefined;
      const last = entries[entries.length - 1];
      if (last) last.to = i;
      entries.push({ id: (key[1] ?? key[2] ?? key[3]) as string, from: i, to: end });
    }
  }
  if (entries.length === 0) return undefined;
  const rest = readYaml([...lines.slice(0, start), ...lines.slice(end)].join('\n'), file).value;
  if (rest !== null && (typeof rest !== 'object' || Array.isArray(rest))) return undefined;
  const resources: { [k: string]: Plain } = {};
  const types = new Map<string, string>();
  for (const e of entries) {
    const body = lines.slice(e.from, e.to);
    // The entry's own `Type:`, at its children's indentation (not a `Type:` inside Properties).
    const child = body.slice(1).find((l) => !/^\s*(#.*)?\r?$/.test(l));
    const type = body.map((l) => /^\s+Type:\s*['"]?([\w:]+)['"]?\s*(#.*)?\r?$/.exec(l)).find((m) => m !== null && child !== undefined && lineIndent(m.input) === lineIndent(child));
    if (type) types.set(e.id, type[1] as string);
    let parsed: Plain | undefined;
    Object.defineProperty(resources, e.id, {
      enumerable: true,
      configurable: true,
      get: () => {
        if (parsed === undefined) {
          try {
            const doc = readYaml(body.map((l) => l.slice(indent)).join('\n'), file).value as { [k: string]: Plain };
            parsed = doc[e.id] ?? null;
          } catch (err) {
            readYaml(text, file); // the whole file, for the error's true line
            throw err;
          }
        }
        return parsed;
      },
    });
  }
  KNOWN_TYPES.set(resources, types);
  return { ...(rest ?? {}), Resources: resources };
}

function lineIndent(l: string): number {
  return l.length - l.trimStart().length;
}
