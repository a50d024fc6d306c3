/**
 * A strict JSON parser that remembers where every value sits, so that messages can say
 * `taskdef.json:12:20: containerDefinitions[0].secrets[1].valueFrom: …` instead of a bare position.
 * JSON.parse cannot do this, and its error texts differ between Node versions.
 *
 * It runs in time and memory linear in the size of the text whatever its shape: no recursion (an
 * explicit stack, so deep nesting cannot overflow the call stack), positions kept in a tree beside
 * the value (never a path copied per value) and only once one is asked for, strings sliced from
 * the text rather than built one character at a time. Nesting deeper than MAX_DEPTH is refused
 * with a clear error.
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

/**
 * [INF] The deepest nesting of arrays and objects accepted. Real task definitions nest about 8
 * levels and vaults about 10 (a JSON secret value adds its own); 512 leaves room for any real file
 * while staying far below what the code that walks the value (checks, rendering, JSON.stringify)
 * can recurse through. Go's encoding/json, which the agent uses, stops at 10,000.
 */
export const MAX_DEPTH = 512;

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

/**
 * Where values sit: a number (offset in the text) for a scalar, a node for an array or object. An
 * object member's offset is its key's, as messages point at the key.
 */
type Place = number | PlaceNode;
interface PlaceNode {
  at: number;
  /** The places of the members or elements, in file order. */
  places: Place[];
  /** For an object: the members' keys, beside `places` (a key written twice is there twice). */
  keys: string[] | undefined;
  /** For a large object: key → index of its last occurrence, built at the first lookup. */
  index?: Map<string, number>;
}

/** The place of every container in a pass that does not record places. */
const NO_PLACES: PlaceNode = { at: 0, places: [], keys: undefined };

/** One open array or object while parsing. */
interface Frame {
  value: JsonValue[] | { [key: string]: JsonValue };
  isArray: boolean;
  place: PlaceNode;
  /** This container's key in its parent (for the paths of duplicate keys); undefined at the top. */
  keyInParent: string | number | undefined;
  /** For objects: the member whose value is being parsed, and where its key starts. */
  key: string;
  keyAt: number;
}

/** The characters that may follow a backslash, other than `u`: " \\ / b f n r t. */
const SIMPLE_ESCAPES = new Set([34, 92, 47, 98, 102, 110, 114, 116]);
/** What ends a plain run inside a string: a quote, a backslash, a control character. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const STRING_SPECIAL = /["\\\u0000-\u001f]/g;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const NON_SPACE = /\S/g;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

export function parseJson(text: string, file: string): ParsedJson {
  const toPosition = positionsIn(text);
  const { value, duplicateKeys } = scan(text, file, toPosition, false);
  // Where values sit is asked for only when something is reported (or a taskdef is checked): the
  // places are found then, by a second pass, so that loading a large vault does not keep a node
  // per value it never reports on.
  let rootPlace: Place | undefined;
  return {
    value,
    duplicateKeys,
    positionOf: (path) => {
      rootPlace ??= scan(text, file, toPosition, true).place;
      let place: Place | undefined = rootPlace;
      for (const seg of path) {
        if (typeof place !== 'object') return undefined;
        const node: PlaceNode = place;
        if (node.keys === undefined) place = typeof seg === 'number' ? node.places[seg] : undefined;
        else if (typeof seg !== 'string') place = undefined;
        else if (node.keys.length <= 16) place = node.places[node.keys.lastIndexOf(seg)];
        else {
          if (!node.index) {
            node.index = new Map();
            node.keys.forEach((k, n) => node.index?.set(k, n));
          }
          const n = node.index.get(seg);
          place = n === undefined ? undefined : node.places[n];
        }
        if (place === undefined) return undefined;
      }
      return toPosition(typeof place === 'object' ? place.at : place);
    },
  };
}

/** Line and column of an offset in `text` (1-based); the line starts are found at the first call. */
export function positionsIn(text: string): (offset: number) => Position {
  let lineStarts: number[] | undefined;
  return (offset) => {
    if (!lineStarts) {
      lineStarts = [0];
      for (let k = text.indexOf('\n'); k >= 0; k = text.indexOf('\n', k + 1)) lineStarts.push(k + 1);
    }
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (lineStarts[lo] ?? 0) + 1 };
  };
}

/** One pass over the text: the value, and with `withPlaces` where each value sits. */
function scan(
  text: string,
  file: string,
  toPosition: (offset: number) => Position,
  withPlaces: boolean,
): { value: JsonValue; duplicateKeys: string[]; place: Place } {
  const duplicateKeys: string[] = [];
  const len = text.length;
  let i = 0;
  // A UTF-8 byte order mark is accepted, as editors on Windows write one.
  if (text.charCodeAt(0) === 0xfeff) i = 1;

  const fail = (msg: string, at = i): never => {
    const p = toPosition(at);
    throw new InputError(`${file}:${p.line}:${p.column}: invalid JSON: ${msg}`);
  };
  const describe = (at: number): string => (at >= len ? 'end of file' : `${JSON.stringify(text[at])}`);
  const ws = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };

  const parseString = (): string => {
    const start = i;
    i++; // opening quote
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        const e = text.charCodeAt(i + 1);
        escaped = true;
        if (SIMPLE_ESCAPES.has(e)) i += 2;
        else if (e === 117 /* u */) {
          if (!HEX4.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string');
          i += 6;
        } else fail(`invalid escape \\${text[i + 1] ?? ''} in string`);
        continue;
      }
      if (c < 0x20) fail('control character in string (escape it, e.g. \\n)');
      if (i >= len) fail('unterminated string', start);
      // A plain run: a few characters by hand (escapes come close together), long runs natively.
      let n = 0;
      do {
        i++;
        n++;
        const d = text.charCodeAt(i);
        if (d === 34 || d === 92 || d < 0x20 || Number.isNaN(d)) break;
      } while (n < 16);
      if (n === 16) {
        STRING_SPECIAL.lastIndex = i;
        i = STRING_SPECIAL.exec(text)?.index ?? len;
      }
    }
    i++;
    // Checked above, so JSON.parse decodes exactly the escapes allowed here, natively.
    return escaped ? (JSON.parse(text.slice(start, i)) as string) : text.slice(start + 1, i - 1);
  };

  /** A scalar at `i`, or undefined when `i` opens an array or object (left to the caller). */
  const parseScalar = (): JsonValue => {
    const c = text.charCodeAt(i);
    if (c === 34) return parseString();
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
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

  const stack: Frame[] = [];
  /** The path of the member `key` of the innermost open object, for a duplicate-key report. */
  const pathTo = (key: string): (string | number)[] => [...stack.slice(1).map((f) => f.keyInParent as string | number), key];

  NON_SPACE.lastIndex = i;
  if (!NON_SPACE.test(text)) fail('the file is empty');
  ws();

  let root: JsonValue = null;
  let rootPlace: Place = 0;
  // Parse one value, then close every container it completes; a new container is opened instead.
  // Invariant at `value:`: `i` is at the start of a value (white space skipped).
  for (;;) {
    const at = i;
    const c = text.charCodeAt(i);
    let value: JsonValue;
    let place: Place;
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (stack.length >= MAX_DEPTH) {
        fail(
          `more than ${MAX_DEPTH} nested arrays and objects (ecs-local reads at most ${MAX_DEPTH} levels; no real file nests this deep: check that the file is not truncated or generated in a loop)`,
        );
      }
      const parent = stack[stack.length - 1];
      const isObj = c === 123;
      const node: PlaceNode = withPlaces ? { at: parent && !parent.isArray ? parent.keyAt : at, places: [], keys: isObj ? [] : undefined } : NO_PLACES;
      const frame: Frame = {
        value: isObj ? {} : [],
        isArray: !isObj,
        place: node,
        keyInParent: parent ? (parent.isArray ? (parent.value as JsonValue[]).length : parent.key) : undefined,
        key: '',
        keyAt: 0,
      };
      i++;
      ws();
      const close = isObj ? 125 : 93;
      if (text.charCodeAt(i) === close) {
        i++;
        value = frame.value;
        place = node;
      } else {
        stack.push(frame);
        if (isObj) readKey(frame);
        else ws();
        continue;
      }
    } else {
      value = parseScalar();
      const parent = stack[stack.length - 1];
      place = parent && !parent.isArray ? parent.keyAt : at;
    }

    // Attach the finished value and close what it completes.
    for (;;) {
      const frame = stack[stack.length - 1];
      if (!frame) {
        root = value;
        rootPlace = place;
        break;
      }
      const isArr = frame.isArray;
      if (withPlaces) frame.place.places.push(place);
      if (isArr) (frame.value as JsonValue[]).push(value);
      else {
        const obj = frame.value as { [key: string]: JsonValue };
        const key = frame.key;
        if (withPlaces) (frame.place.keys as string[]).push(key);
        if (Object.prototype.hasOwnProperty.call(obj, key)) duplicateKeys.push(formatPath(pathTo(key)));
        // "__proto__" would set the prototype: defined, so that it stays an ordinary key.
        if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        else obj[key] = value;
      }
      ws();
      if (text.charCodeAt(i) === 44 /* , */) {
        i++;
        ws();
        if (isArr) {
          if (text.charCodeAt(i) === 93) fail('trailing comma before ]');
        } else {
          if (text.charCodeAt(i) === 125) fail('trailing comma before }');
          readKey(frame);
        }
        break;
      }
      if (text.charCodeAt(i) === (isArr ? 93 : 125)) {
        i++;
        stack.pop();
        value = frame.value;
        place = frame.place;
        continue;
      }
      fail(
        isArr
          ? `expected ',' or ']' after array element, found ${describe(i)}`
          : `expected ',' or '}' after property value, found ${describe(i)}`,
      );
    }
    if (stack.length === 0) break;
  }

  /** Reads `"key":` of the next member of an object, leaving `i` at its value. */
  function readKey(frame: Frame): void {
    ws();
    if (text.charCodeAt(i) !== 34) fail(`expected a quoted property name, found ${describe(i)}`);
    frame.keyAt = i;
    frame.key = parseString();
    ws();
    if (text.charCodeAt(i) !== 58 /* : */) fail(`expected ':' after property name, found ${describe(i)}`);
    i++;
    ws();
  }

  ws();
  if (i < len) fail(`unexpected ${describe(i)} after the end of the JSON value`);
  return { value: root, duplicateKeys, place: rootPlace };
}
