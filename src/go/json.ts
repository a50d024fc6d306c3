/**
 * Go's `json.Unmarshal(data, &map[string]interface{}{})`, byte for byte, because the ECS agent
 * returns its error text unchanged as the task's stopped reason (agent/asm/asm.go).
 *
 * Like Go it works on the UTF-8 bytes, first runs the full validity scan (encoding/json
 * scanner.go `checkValid`, so a syntax error anywhere wins over a type error), then decodes
 * (decode.go): objects become Maps (a repeated key: the last wins), strings are unescaped with
 * invalid UTF-8 and unpaired surrogate escapes turned into U+FFFD, numbers become float64; the
 * first number that overflows float64 is a type error. Decoding and scanning are iterative so that
 * Go's 10000 nesting levels never overflow the JavaScript stack.
 */
import { GoJson } from '../messages.js';
import { quoteLatin1Body } from './strconv.js';

export type GoValue = null | boolean | number | string | GoValue[] | GoMap;
export type GoMap = Map<string, GoValue>;

export type GoUnmarshalResult = { ok: true; value: GoMap } | { ok: false; error: string };

/** encoding/json's `quoteChar`: a byte quoted as a Go character literal, e.g. `'h'`, `'\''`, `'Ã'`. */
export function goQuoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return `'"'`;
  // strconv.Quote(string(c)): a byte >= 0x80 is the rune U+0080..U+00FF.
  return `'${quoteLatin1Body(c)}'`;
}

const maxNestingDepth = 10000;

const enum Parse {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

const enum St {
  BeginValue,
  BeginValueOrEmpty,
  BeginStringOrEmpty,
  BeginString,
  EndValue,
  EndTop,
  InString,
  InStringEsc,
  InStringEscU,
  InStringEscU1,
  InStringEscU12,
  InStringEscU123,
  Neg,
  One,
  Zero,
  Dot,
  Dot0,
  E,
  ESign,
  E0,
  T,
  Tr,
  Tru,
  F,
  Fa,
  Fal,
  Fals,
  N,
  Nu,
  Nul,
  Error,
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** The escapes `\b \f \n \r \t \\ \/ \"`; `\u` is followed by four hex digits. */
const oneLetterEscapes = new Set([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22]);
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** scanner.go's state machine; only what `checkValid` needs (the error and end of top value). */
class Scanner {
  private step = St.BeginValue;
  private readonly parseState: Parse[] = [];
  err: string | undefined;
  endTop = false;

  private error(c: number, context: string): void {
    this.step = St.Error;
    this.err = GoJson.invalidCharacter(goQuoteChar(c), context);
  }

  private push(c: number, p: Parse): void {
    this.parseState.push(p);
    if (this.parseState.length > maxNestingDepth) this.error(c, GoJson.context.exceededMaxDepth);
  }

  private pop(): void {
    this.parseState.pop();
    if (this.parseState.length === 0) {
      this.step = St.EndTop;
      this.endTop = true;
    } else {
      this.step = St.EndValue;
    }
  }

  /** Feeds one byte; returns false once an error has been recorded. */
  feed(c: number): boolean {
    this.stepOnce(c);
    return this.err === undefined;
  }

  /** scanner.eof: a value cut short is `unexpected end of JSON input` unless a space ends it. */
  eof(): string | undefined {
    if (this.err !== undefined) return this.err;
    if (this.endTop) return undefined;
    this.stepOnce(0x20);
    if (this.endTop) return undefined;
    this.err ??= GoJson.unexpectedEnd;
    return this.err;
  }

  private stepOnce(c: number): void {
    const ctx = GoJson.context;
    switch (this.step) {
      case St.BeginValueOrEmpty:
        if (isSpace(c)) return;
        if (c === 0x5d) return this.endValue(c);
        return this.beginValue(c);
      case St.BeginValue:
        return this.beginValue(c);
      case St.BeginStringOrEmpty:
        if (isSpace(c)) return;
        if (c === 0x7d) {
          this.parseState[this.parseState.length - 1] = Parse.ObjectValue;
          return this.endValue(c);
        }
        return this.beginString(c);
      case St.BeginString:
        return this.beginString(c);
      case St.EndValue:
        return this.endValue(c);
      case St.EndTop:
        return this.endTopState(c);
      case St.InString:
        if (c === 0x22) this.step = St.EndValue;
        else if (c === 0x5c) this.step = St.InStringEsc;
        else if (c < 0x20) this.error(c, ctx.inStringLiteral);
        return;
      case St.InStringEsc:
        if (oneLetterEscapes.has(c)) this.step = St.InString;
        else if (c === 0x75) this.step = St.InStringEscU;
        else this.error(c, ctx.inStringEscape);
        return;
      case St.InStringEscU:
      case St.InStringEscU1:
      case St.InStringEscU12:
      case St.InStringEscU123:
        if (!isHex(c)) return this.error(c, ctx.inUnicodeEscape);
        this.step = this.step === St.InStringEscU123 ? St.InString : this.step + 1;
        return;
      case St.Neg:
        if (c === 0x30) this.step = St.Zero;
        else if (c >= 0x31 && c <= 0x39) this.step = St.One;
        else this.error(c, ctx.inNumericLiteral);
        return;
      case St.One:
        if (isDigit(c)) return;
        return this.zero(c);
      case St.Zero:
        return this.zero(c);
      case St.Dot:
        if (isDigit(c)) this.step = St.Dot0;
        else this.error(c, ctx.afterDecimalPoint);
        return;
      case St.Dot0:
        if (isDigit(c)) return;
        if (c === 0x65 || c === 0x45) {
          this.step = St.E;
          return;
        }
        return this.endValue(c);
      case St.E:
        if (c === 0x2b || c === 0x2d) {
          this.step = St.ESign;
          return;
        }
        return this.eSign(c);
      case St.ESign:
        return this.eSign(c);
      case St.E0:
        if (isDigit(c)) return;
        return this.endValue(c);
      case St.T:
        return this.literal(c, 0x72, St.Tr, 'true', 'r');
      case St.Tr:
        return this.literal(c, 0x75, St.Tru, 'true', 'u');
      case St.Tru:
        return this.literal(c, 0x65, St.EndValue, 'true', 'e');
      case St.F:
        return this.literal(c, 0x61, St.Fa, 'false', 'a');
      case St.Fa:
        return this.literal(c, 0x6c, St.Fal, 'false', 'l');
      case St.Fal:
        return this.literal(c, 0x73, St.Fals, 'false', 's');
      case St.Fals:
        return this.literal(c, 0x65, St.EndValue, 'false', 'e');
      case St.N:
        return this.literal(c, 0x75, St.Nu, 'null', 'u');
      case St.Nu:
        return this.literal(c, 0x6c, St.Nul, 'null', 'l');
      case St.Nul:
        return this.literal(c, 0x6c, St.EndValue, 'null', 'l');
      case St.Error:
        return;
    }
  }

  private literal(c: number, want: number, next: St, lit: 'true' | 'false' | 'null', letter: string): void {
    if (c === want) this.step = next;
    else this.error(c, GoJson.context.inLiteral(lit, letter));
  }

  private beginValue(c: number): void {
    if (isSpace(c)) return;
    switch (c) {
      case 0x7b: // {
        this.step = St.BeginStringOrEmpty;
        return this.push(c, Parse.ObjectKey);
      case 0x5b: // [
        this.step = St.BeginValueOrEmpty;
        return this.push(c, Parse.ArrayValue);
      case 0x22:
        this.step = St.InString;
        return;
      case 0x2d:
        this.step = St.Neg;
        return;
      case 0x30:
        this.step = St.Zero;
        return;
      case 0x74:
        this.step = St.T;
        return;
      case 0x66:
        this.step = St.F;
        return;
      case 0x6e:
        this.step = St.N;
        return;
    }
    if (c >= 0x31 && c <= 0x39) {
      this.step = St.One;
      return;
    }
    this.error(c, GoJson.context.beginningOfValue);
  }

  private beginString(c: number): void {
    if (isSpace(c)) return;
    if (c === 0x22) {
      this.step = St.InString;
      return;
    }
    this.error(c, GoJson.context.beginningOfObjectKey);
  }

  private zero(c: number): void {
    if (c === 0x2e) this.step = St.Dot;
    else if (c === 0x65 || c === 0x45) this.step = St.E;
    else this.endValue(c);
  }

  private eSign(c: number): void {
    if (isDigit(c)) this.step = St.E0;
    else this.error(c, GoJson.context.inExponent);
  }

  private endValue(c: number): void {
    const n = this.parseState.length;
    if (n === 0) {
      this.step = St.EndTop;
      this.endTop = true;
      return this.endTopState(c);
    }
    if (isSpace(c)) {
      this.step = St.EndValue;
      return;
    }
    const ctx = GoJson.context;
    switch (this.parseState[n - 1]) {
      case Parse.ObjectKey:
        if (c === 0x3a) {
          this.parseState[n - 1] = Parse.ObjectValue;
          this.step = St.BeginValue;
          return;
        }
        return this.error(c, ctx.afterObjectKey);
      case Parse.ObjectValue:
        if (c === 0x2c) {
          this.parseState[n - 1] = Parse.ObjectKey;
          this.step = St.BeginString;
          return;
        }
        if (c === 0x7d) return this.pop();
        return this.error(c, ctx.afterObjectKeyValuePair);
      default:
        if (c === 0x2c) {
          this.step = St.BeginValue;
          return;
        }
        if (c === 0x5d) return this.pop();
        return this.error(c, ctx.afterArrayElement);
    }
  }

  private endTopState(c: number): void {
    if (!isSpace(c)) this.error(c, GoJson.context.afterTopLevelValue);
  }
}

/** encoding/json `checkValid`: the syntax error Go reports for `data`, or undefined if valid. */
export function goCheckValid(data: Uint8Array): string | undefined {
  const scan = new Scanner();
  for (const c of data) if (!scan.feed(c)) return scan.err;
  return scan.eof();
}

/** unicode/utf8.DecodeRune's validity rules: the length of a valid sequence at i, or 0. */
function utf8SeqLen(b: Uint8Array, i: number, end: number): number {
  const c0 = b[i] ?? 0;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => {
    const x = b[i + k];
    return i + k < end && x !== undefined && x >= lo && x <= hi;
  };
  if (c0 < 0x80) return 1;
  if (c0 >= 0xc2 && c0 <= 0xdf) return cont(1) ? 2 : 0;
  if (c0 >= 0xe0 && c0 <= 0xef) {
    const lo = c0 === 0xe0 ? 0xa0 : 0x80;
    const hi = c0 === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c0 >= 0xf0 && c0 <= 0xf4) {
    const lo = c0 === 0xf0 ? 0x90 : 0x80;
    const hi = c0 === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function pushUtf8(out: number[], r: number): void {
  if (r < 0x80) out.push(r);
  else if (r < 0x800) out.push(0xc0 | (r >> 6), 0x80 | (r & 0x3f));
  else if (r < 0x10000) out.push(0xe0 | (r >> 12), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
  else out.push(0xf0 | (r >> 18), 0x80 | ((r >> 12) & 0x3f), 0x80 | ((r >> 6) & 0x3f), 0x80 | (r & 0x3f));
}

const replacementChar = 0xfffd;
/** `\"` `\\` `\/` `\b` `\f` `\n` `\r` `\t` and what they stand for. */
const simpleEscapes = new Map([
  [0x22, 0x22],
  [0x5c, 0x5c],
  [0x2f, 0x2f],
  [0x62, 0x08],
  [0x66, 0x0c],
  [0x6e, 0x0a],
  [0x72, 0x0d],
  [0x74, 0x09],
]);
const isNumberByte = (c: number) => isDigit(c) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
const decoder = new TextDecoder('utf-8');

/** decode.go `getu4`: the value of `\uXXXX` at i (bounded by end), or -1. */
function getu4(b: Uint8Array, i: number, end: number): number {
  if (i + 6 > end || b[i] !== 0x5c || b[i + 1] !== 0x75) return -1;
  let r = 0;
  for (let k = i + 2; k < i + 6; k++) {
    const c = b[k] ?? 0;
    if (!isHex(c)) return -1;
    r = r * 16 + (c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10);
  }
  return r;
}

/**
 * decode.go `unquoteBytes` for an already validated string literal starting at `start` (the opening
 * quote). Returns the Go string (as UTF-16) and the index after the closing quote.
 */
function readString(b: Uint8Array, start: number): [string, number] {
  let end = start + 1;
  // The scanner has validated the literal, so the first unescaped quote closes it.
  while (b[end] !== 0x22) end += b[end] === 0x5c ? 2 : 1;
  const out: number[] = [];
  let r = start + 1;
  while (r < end) {
    const c = b[r] ?? 0;
    if (c === 0x5c) {
      const e = b[r + 1] ?? 0;
      const mapped = simpleEscapes.get(e);
      if (mapped !== undefined) {
        out.push(mapped);
        r += 2;
        continue;
      }
      // \uXXXX: a surrogate must be followed by the escape of its pair, else it becomes U+FFFD
      // (and the following escape is decoded on its own).
      let rr = getu4(b, r, end);
      r += 6;
      if (rr >= 0xd800 && rr < 0xe000) {
        const rr1 = getu4(b, r, end);
        if (rr < 0xdc00 && rr1 >= 0xdc00 && rr1 < 0xe000) {
          r += 6;
          pushUtf8(out, 0x10000 + ((rr - 0xd800) << 10) + (rr1 - 0xdc00));
          continue;
        }
        rr = replacementChar;
      }
      pushUtf8(out, rr);
      continue;
    }
    const n = utf8SeqLen(b, r, end);
    if (n === 0) {
      // Invalid UTF-8: each bad byte becomes one U+FFFD, as utf8.DecodeRune consumes one byte.
      pushUtf8(out, replacementChar);
      r += 1;
      continue;
    }
    for (let k = 0; k < n; k++) out.push(b[r + k] ?? 0);
    r += n;
  }
  return [decoder.decode(Uint8Array.from(out)), end + 1];
}

type Frame = { kind: 'object'; map: GoMap; key: string } | { kind: 'array'; items: GoValue[] };

/**
 * Decodes an already validated top-level object into Go values. Returns the first number that
 * overflows float64, in document order, as Go's saved UnmarshalTypeError.
 */
function decodeObject(b: Uint8Array, at: number): GoUnmarshalResult {
  let i = at;
  let firstError: string | undefined;
  const stack: Frame[] = [];
  const ws = () => {
    while (isSpace(b[i] ?? 0)) i++;
  };
  const key = (): string => {
    ws();
    const [k, next] = readString(b, i);
    i = next;
    ws();
    i++; // the colon
    return k;
  };
  for (;;) {
    ws();
    const c = b[i] ?? 0;
    let v: GoValue;
    if (c === 0x7b) {
      i++;
      ws();
      if (b[i] === 0x7d) {
        i++;
        v = new Map();
      } else {
        stack.push({ kind: 'object', map: new Map(), key: key() });
        continue;
      }
    } else if (c === 0x5b) {
      i++;
      ws();
      if (b[i] === 0x5d) {
        i++;
        v = [];
      } else {
        stack.push({ kind: 'array', items: [] });
        continue;
      }
    } else if (c === 0x22) {
      [v, i] = readString(b, i);
    } else if (c === 0x74) {
      v = true;
      i += 4;
    } else if (c === 0x66) {
      v = false;
      i += 5;
    } else if (c === 0x6e) {
      v = null;
      i += 4;
    } else {
      const s = i;
      while (i < b.length && isNumberByte(b[i] ?? 0)) i++;
      const text = decoder.decode(b.subarray(s, i));
      v = Number(text);
      // strconv.ParseFloat fails only on overflow (underflow rounds to 0); Go keeps the first error.
      if (!Number.isFinite(v)) {
        firstError ??= GoJson.cannotUnmarshal(`number ${text}`, GoJson.float64Type);
        v = null;
      }
    }
    // Attach the finished value to its parent, closing every container that ends here.
    for (;;) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (firstError !== undefined) return { ok: false, error: firstError };
        return { ok: true, value: v as GoMap };
      }
      if (top.kind === 'object') top.map.set(top.key, v);
      else top.items.push(v);
      ws();
      if (b[i] === 0x2c) {
        i++;
        if (top.kind === 'object') top.key = key();
        break;
      }
      i++; // } or ]
      stack.pop();
      v = top.kind === 'object' ? top.map : top.items;
    }
  }
}

/**
 * `json.Unmarshal(data, &map[string]interface{}{})`. A syntax error (checkValid) wins; then a top-level
 * value that is not an object is `json: cannot unmarshal <array|string|number|bool> into Go value of type
 * map[string]interface {}`; top-level `null` leaves the map empty; an overflowing number anywhere in
 * the object is `json: cannot unmarshal number <literal> into Go value of type float64`.
 */
export function goUnmarshalMap(input: string | Uint8Array): GoUnmarshalResult {
  const data = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const syntaxError = goCheckValid(data);
  if (syntaxError !== undefined) return { ok: false, error: syntaxError };
  let i = 0;
  while (isSpace(data[i] ?? 0)) i++;
  const typeError = (what: string): GoUnmarshalResult => ({
    ok: false,
    error: GoJson.cannotUnmarshal(what, GoJson.mapType),
  });
  switch (data[i]) {
    case 0x7b:
      return decodeObject(data, i);
    case 0x6e:
      return { ok: true, value: new Map() };
    case 0x5b:
      return typeError('array');
    case 0x22:
      return typeError('string');
    case 0x74:
    case 0x66:
      return typeError('bool');
    default:
      return typeError('number');
  }
}
