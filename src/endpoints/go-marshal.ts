/**
 * JSON as Go's encoding/json `Marshal` writes it, for bodies the ECS agent (a Go program) sends:
 * struct fields in declaration order (plain objects, in insertion order), map keys sorted byte-wise
 * (JS `Map`s), and `<`, `>`, `&`, U+2028, U+2029 escaped as `\u003c`… (Go's HTML-safe default). Pure.
 */
import { compareGoStrings } from '../go/format.js';

const HTML_UNSAFE = /[<>&\u2028\u2029]/g;

function goString(s: string): string {
  return JSON.stringify(s).replace(HTML_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function goMarshal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return goString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  if (value instanceof Date) return goString(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(goMarshal).join(',')}]`;
  if (value instanceof Map) {
    const keys = [...(value as Map<string, unknown>).keys()].sort(compareGoStrings);
    return `{${keys.map((k) => `${goString(k)}:${goMarshal(value.get(k))}`).join(',')}}`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${goString(k)}:${goMarshal(v)}`).join(',')}}`;
  }
  throw new TypeError(`goMarshal: cannot marshal ${typeof value}`);
}

/** A Go `map[string]string` (keys sorted when marshalled). */
export function goMap(record: Record<string, string> | undefined): Map<string, string> {
  return new Map(Object.entries(record ?? {}));
}
