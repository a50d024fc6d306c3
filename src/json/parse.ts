/**
 * A strict JSON parser that remembers where every value sits, so that messages can say
 * `taskdef.json:12:20: containerDefinitions[0].secrets[1].valueFrom: …` instead of a bare position.
 * JSON.parse cannot do this, and its error texts differ between Node versions.
 */
import { InputError } from '../errors.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface ParsedJson {
  value: JsonValue;
  /** Where the value at `path` starts (or its key, for object members), if the path exists. */
  positionOf(path: JsonPath): Position | undefined;
  /** Keys that appeared twice in one object (the last wins, as in JSON.parse), with their paths. */
  duplicateKeys: string[];
}

/** `containerDefinitions[0].secrets[1].valueFrom`; keys that are not identifiers are quoted. */
export function formatPath(path: JsonPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out === '' ? '(top level)' : out;
}

export function parseJson(text: string, file: string): ParsedJson {
  const positions = new Map<string, number>();
  const duplicateKeys: string[] = [];
  let i = 0;
  // A UTF-8 byte order mark is accepted, as editors on Windows write one.
  if (text.charCodeAt(0) === 0xfeff) i = 1;

  const lineStarts: number[] = [0];
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) === 10) lineStarts.push(k + 1);
  const toPosition = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
  const fail = (msg: string, at = i): never => {
    const p = toPosition(at);
    throw new InputError(`${file}:${p.line}:${p.column}: invalid JSON: ${msg}`);
  };
  const describe = (at: number): string =>
    at >= text.length ? 'end of file' : `${JSON.stringify(text[at])}`;
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const key = (path: JsonPath) => JSON.stringify(path);

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return out;
      }
      if (c < 0x20) fail('control character in string (escape it, e.g. \\n)');
      if (c === 92) {
        const e = text[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          i += 2;
        } else if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('invalid \\u escape in string');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else fail(`invalid escape \\${e ?? ''} in string`);
      } else {
        out += text[i];
        i++;
      }
    }
  };

  const parseValue = (path: JsonPath): JsonValue => {
    ws();
    if (!positions.has(key(path))) positions.set(key(path), i);
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [k: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a quoted property name, found ${describe(i)}`);
        const keyAt = i;
        const k = parseString();
        const childPath = [...path, k];
        if (Object.prototype.hasOwnProperty.call(obj, k)) duplicateKeys.push(formatPath(childPath));
        positions.set(key(childPath), keyAt);
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name, found ${describe(i)}`);
        i++;
        const v = parseValue(childPath);
        positions.set(key(childPath), keyAt);
        Object.defineProperty(obj, k, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === '}') fail('trailing comma before }');
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail(`expected ',' or '}' after property value, found ${describe(i)}`);
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue([...path, arr.length]));
        ws();
        if (text[i] === ',') {
          i++;
          ws();
          if (text[i] === ']') fail('trailing comma before ]');
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail(`expected ',' or ']' after array element, found ${describe(i)}`);
      }
    }
    if (c === '"') return parseString();
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m && m[0] !== '' && m[0] !== '-') {
      i += m[0].length;
      return Number(m[0]);
    }
    for (const [lit, val] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(lit, i)) {
        i += lit.length;
        return val;
      }
    }
    return fail(`unexpected ${describe(i)}; expected a value`);
  };

  if (text.slice(i).trim() === '') fail('the file is empty');
  const value = parseValue([]);
  ws();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);

  return {
    value,
    duplicateKeys,
    positionOf: (path) => {
      const at = positions.get(key(path));
      return at === undefined ? undefined : toPosition(at);
    },
  };
}
