/**
 * The inverse of src/json/parse.ts `formatPath`: `containerDefinitions[0].secrets[1].valueFrom` back
 * to `['containerDefinitions', 0, 'secrets', 1, 'valueFrom']`, so callers can ask where a value sits
 * by the same path string they print. Pure.
 */
import type { JsonPath } from '../json/parse.js';

const IDENTIFIER = /^[A-Za-z_$][\w$-]*/;

/** Segments of a path string, or undefined if it is not one formatPath could have produced. */
export function parsePath(text: string): JsonPath | undefined {
  if (text === '(top level)' || text === '') return [];
  const out: (string | number)[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '[') {
      const close = text[i + 1] === '"' ? endOfQuoted(text, i + 1) : text.indexOf(']', i);
      if (close < 0 || text[close] !== ']') return undefined;
      const inner = text.slice(i + 1, close);
      if (/^\d+$/.test(inner)) out.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          out.push(JSON.parse(inner) as string);
        } catch {
          return undefined;
        }
      } else return undefined;
      i = close + 1;
      continue;
    }
    if (text[i] === '.') {
      if (out.length === 0) return undefined;
      i++;
    } else if (out.length > 0) return undefined;
    const m = IDENTIFIER.exec(text.slice(i));
    if (!m) return undefined;
    out.push(m[0]);
    i += m[0].length;
  }
  return out;
}

/** Index of the `]` after a JSON string starting at `open`, or -1. */
function endOfQuoted(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}
