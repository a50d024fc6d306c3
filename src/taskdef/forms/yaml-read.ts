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

export function readYaml(text: string, file: string): YamlRead {
  const doc = parseDocument(text, { prettyErrors: false, merge: true });
  const err = doc.errors[0];
  if (err) {
    const at = err.linePos?.[0];
    throw new InputError(`${file}${at ? `:${at.line}:${at.col}` : ''}: invalid YAML: ${err.message.split('\n')[0]}`);
  }
  let shortForms = false;
  const walk = (node: unknown, depth: number): Plain => {
    if (depth > 200) throw new InputError(`${file}: YAML nested more than 200 levels deep`);
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
