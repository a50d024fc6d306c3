import { expect } from 'chai';
import { goCheckValid, goQuoteChar, goUnmarshalMap, type GoMap } from '../../../src/go/json.js';

const errorOf = (input: string | Uint8Array): string | undefined => {
  const r = goUnmarshalMap(input);
  return r.ok ? undefined : r.error;
};
const valueOf = (input: string | Uint8Array): GoMap => {
  const r = goUnmarshalMap(input);
  if (!r.ok) throw new Error(`unexpected error: ${r.error}`);
  return r.value;
};

describe('go/json goQuoteChar (encoding/json quoteChar of a byte)', () => {
  const table: [number, string][] = [
    [0x68, `'h'`],
    [0x27, `'\\''`],
    [0x22, `'"'`],
    [0x5c, `'\\\\'`],
    [0x20, `' '`],
    [0x0a, `'\\n'`],
    [0x0d, `'\\r'`],
    [0x09, `'\\t'`],
    [0x07, `'\\a'`],
    [0x08, `'\\b'`],
    [0x0c, `'\\f'`],
    [0x0b, `'\\v'`],
    [0x00, `'\\x00'`],
    [0x1b, `'\\x1b'`],
    [0x7f, `'\\x7f'`],
    [0x80, `'\\u0080'`],
    [0x85, `'\\u0085'`],
    [0x9f, `'\\u009f'`],
    [0xa0, `'\\u00a0'`],
    [0xa1, `'¡'`],
    [0xad, `'\\u00ad'`],
    [0xc3, `'Ã'`],
    [0xe9, `'é'`],
    [0xef, `'ï'`],
    [0xff, `'ÿ'`],
  ];
  for (const [byte, quoted] of table) {
    it(`quotes byte 0x${byte.toString(16).padStart(2, '0')} as ${quoted}`, () => {
      expect(goQuoteChar(byte)).to.equal(quoted);
    });
  }
});

describe('go/json syntax errors (scanner.go checkValid)', () => {
  const table: [string, string][] = [
    ['', 'unexpected end of JSON input'],
    ['   \n\t', 'unexpected end of JSON input'],
    ['{', 'unexpected end of JSON input'],
    ['{"a":"abc', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['hello', "invalid character 'h' looking for beginning of value"],
    ["'secret'", "invalid character '\\'' looking for beginning of value"],
    ['{"a":}', "invalid character '}' looking for beginning of value"],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":1}x', "invalid character 'x' after top-level value"],
    ['{} {}', "invalid character '{' after top-level value"],
    ['{"a":"\n"}', "invalid character '\\n' in string literal"],
    ['{"a":"\t"}', "invalid character '\\t' in string literal"],
    ['{"a":"\\!"}', "invalid character '!' in string escape code"],
    ['{"a":"\\\'"}', "invalid character '\\'' in string escape code"],
    ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
    ['{"a":tRue}', "invalid character 'R' in literal true (expecting 'r')"],
    ['{"a":trUe}', "invalid character 'U' in literal true (expecting 'u')"],
    ['{"a":truE}', "invalid character 'E' in literal true (expecting 'e')"],
    ['{"a":fAlse}', "invalid character 'A' in literal false (expecting 'a')"],
    ['{"a":faLse}', "invalid character 'L' in literal false (expecting 'l')"],
    ['{"a":falSe}', "invalid character 'S' in literal false (expecting 's')"],
    ['{"a":falsE}', "invalid character 'E' in literal false (expecting 'e')"],
    ['{"a":nUll}', "invalid character 'U' in literal null (expecting 'u')"],
    ['{"a":nuLl}', "invalid character 'L' in literal null (expecting 'l')"],
    ['{"a":nulL}', "invalid character 'L' in literal null (expecting 'l')"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['{"a":1.x}', "invalid character 'x' after decimal point in numeric literal"],
    ['{"a":1ex}', "invalid character 'x' in exponent of numeric literal"],
    ['{"a":01}', "invalid character '1' after object key:value pair"],
    ['{"a":+1}', "invalid character '+' looking for beginning of value"],
    ['{"a":.5}', "invalid character '.' looking for beginning of value"],
    // At the end of input the scanner is fed a space: a cut literal blames ' '.
    ['tru', "invalid character ' ' in literal true (expecting 'e')"],
    ['1.', "invalid character ' ' after decimal point in numeric literal"],
    ['-', "invalid character ' ' in numeric literal"],
    ['1e+', "invalid character ' ' in exponent of numeric literal"],
    // A byte >= 0x80 is quoted as the rune U+0080..U+00FF: 'é' starts with 0xC3.
    ['é', "invalid character 'Ã' looking for beginning of value"],
    ['\u00a0{}', "invalid character 'Â' looking for beginning of value"],
    ['\ufeff{"a":1}', "invalid character 'ï' looking for beginning of value"],
  ];
  for (const [input, message] of table) {
    it(`${JSON.stringify(input)} -> ${message}`, () => {
      expect(errorOf(input)).to.equal(message);
    });
  }

  it('reports a syntax error even after an earlier type error (the scan runs first)', () => {
    expect(errorOf('[1e400] x')).to.equal("invalid character 'x' after top-level value");
    expect(errorOf('{"a":1e400,"b":}')).to.equal("invalid character '}' looking for beginning of value");
  });

  it('accepts 10000 nested levels and refuses the 10001st', () => {
    expect(goCheckValid(Buffer.from(`${'['.repeat(10000)}${']'.repeat(10000)}`))).to.equal(undefined);
    expect(errorOf(`${'['.repeat(10001)}${']'.repeat(10001)}`)).to.equal("invalid character '[' exceeded max depth");
    expect(errorOf(`{"a":${'{"a":'.repeat(10000)}1${'}'.repeat(10001)}`)).to.equal(
      "invalid character '{' exceeded max depth",
    );
  });
});

describe('go/json type errors (decode.go)', () => {
  const table: [string, string][] = [
    ['[]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['[1e400]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"{\\"a\\":1}"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['42', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
    ['1e400', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
    [' true', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
    ['false', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
    ['{"a":1e400}', 'json: cannot unmarshal number 1e400 into Go value of type float64'],
    ['{"a":[1,{"b":-2E+999}]}', 'json: cannot unmarshal number -2E+999 into Go value of type float64'],
    ['{"a":1e400,"b":2e400}', 'json: cannot unmarshal number 1e400 into Go value of type float64'],
    ['{"a":1e400,"a":1}', 'json: cannot unmarshal number 1e400 into Go value of type float64'],
  ];
  for (const [input, message] of table) {
    it(`${JSON.stringify(input)} -> ${message}`, () => {
      expect(errorOf(input)).to.equal(message);
    });
  }

  it('decodes top-level null as an empty map, without error', () => {
    expect(valueOf(' null ').size).to.equal(0);
  });

  it('rounds a number that underflows to 0 instead of failing', () => {
    expect(valueOf('{"a":1e-400}').get('a')).to.equal(0);
  });
});

describe('go/json decoding', () => {
  it('keeps the last of repeated keys, without merging objects', () => {
    const m = valueOf('{"a":{"x":1},"b":2,"a":{"y":2}}');
    expect([...(m.get('a') as GoMap).entries()]).to.deep.equal([['y', 2]]);
    expect(m.get('b')).to.equal(2);
  });

  it('decodes every JSON type into Go values', () => {
    const m = valueOf('{"s":"x","n":-1.5,"t":true,"f":false,"z":null,"l":[1,"2",[]],"o":{}}');
    expect(m.get('s')).to.equal('x');
    expect(m.get('n')).to.equal(-1.5);
    expect(m.get('t')).to.equal(true);
    expect(m.get('f')).to.equal(false);
    expect(m.get('z')).to.equal(null);
    expect(m.get('l')).to.deep.equal([1, '2', []]);
    expect((m.get('o') as GoMap).size).to.equal(0);
  });

  it('unescapes strings and keys', () => {
    const m = valueOf('{"k\\u0065y":"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00"}');
    expect(m.get('key')).to.equal('a"b\\c/d\b\f\n\r\té😀');
  });

  it('turns unpaired surrogate escapes into U+FFFD, decoding the next escape on its own', () => {
    expect(valueOf('{"a":"\\ud83d"}').get('a')).to.equal('\ufffd');
    expect(valueOf('{"a":"\\ude00x"}').get('a')).to.equal('\ufffdx');
    expect(valueOf('{"a":"\\ud83d\\u0041"}').get('a')).to.equal('\ufffdA');
    expect(valueOf('{"a":"\\ud800\\ud800\\udc00"}').get('a')).to.equal('\ufffd\u{10000}');
  });

  it('replaces each invalid UTF-8 byte with U+FFFD, as utf8.DecodeRune consumes one byte', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xe2, 0x82, 0x41, 0xff, 0xc3, 0xa9]), Buffer.from('"}')]);
    expect(valueOf(bytes).get('a')).to.equal('\ufffd\ufffdA\ufffdé');
    const overlong = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    expect(valueOf(overlong).get('a')).to.equal('\ufffd'.repeat(5));
  });

  it('decodes deeply nested values without exhausting the stack', () => {
    const m = valueOf(`{"a":${'['.repeat(9999)}${']'.repeat(9999)}}`);
    let v = m.get('a');
    let depth = 0;
    while (Array.isArray(v) && v.length > 0) {
      v = v[0];
      depth++;
    }
    expect(depth).to.equal(9998);
  });
});
