import { expect } from 'chai';
import { compareGoStrings, goSprintV } from '../../../src/go/format.js';
import { goUnmarshalMap, type GoValue } from '../../../src/go/json.js';
import { formatFloatShortestG, isPrintLatin1, quoteLatin1Body } from '../../../src/go/strconv.js';

/** The value of key "v" in a JSON object, as Go decodes it. */
const decoded = (json: string): GoValue => {
  const r = goUnmarshalMap(`{"v":${json}}`);
  if (!r.ok) throw new Error(r.error);
  return r.value.get('v') ?? null;
};

describe('go/strconv formatFloatShortestG (fmt %v of a float64)', () => {
  // Each checked against Go: fmt.Sprintf("%v", f).
  const table: [number, string][] = [
    [5432, '5432'],
    [123456, '123456'],
    [999999, '999999'],
    [1234567, '1.234567e+06'],
    [1000000, '1e+06'],
    [12345678, '1.2345678e+07'],
    [3.14, '3.14'],
    [1.0, '1'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [0.000123, '0.000123'],
    [-1.5e-7, '-1.5e-07'],
    [0, '0'],
    [-0, '-0'],
    [-42, '-42'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [Number('12345678901234567890'), '1.2345678901234567e+19'],
    [2 ** 53 + 2, '9.007199254740994e+15'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [5e-324, '5e-324'],
  ];
  for (const [f, text] of table) {
    it(`${String(f)} -> ${text}`, () => {
      expect(formatFloatShortestG(f)).to.equal(text);
    });
  }
});

describe('go/strconv quoting of runes U+0000..U+00FF', () => {
  it('treats exactly 0x20-0x7E and 0xA1-0xFF except 0xAD as printable', () => {
    const printable = Array.from({ length: 256 }, (_, r) => r).filter(isPrintLatin1);
    expect(printable.length).to.equal(95 + 94);
    expect(isPrintLatin1(0xa0)).to.equal(false);
    expect(isPrintLatin1(0xad)).to.equal(false);
  });

  it('escapes every non-printable rune with \\x below 0x80 and \\u above', () => {
    for (let r = 0; r < 256; r++) {
      const body = quoteLatin1Body(r);
      if (isPrintLatin1(r) && r !== 0x22 && r !== 0x5c) expect(body).to.equal(String.fromCharCode(r));
      else if (r >= 0x80) expect(body).to.match(/^\\u00[89a][0-9a-f]$/);
      else expect(body).to.match(/^\\([abfnrtv"\\]|x[01][0-9a-f]|x7f)$/);
    }
  });
});

describe('go/format goSprintV (fmt %v of decoded JSON)', () => {
  const table: [string, string][] = [
    ['"abc"', 'abc'],
    ['"a\\nb \\"q\\""', 'a\nb "q"'],
    ['""', ''],
    ['true', 'true'],
    ['false', 'false'],
    ['null', '<nil>'],
    ['1234567', '1.234567e+06'],
    ['[]', '[]'],
    ['{}', 'map[]'],
    ['[1,"two",true,null,2.5]', '[1 two true <nil> 2.5]'],
    ['{"b":2,"a":"x","c":null}', 'map[a:x b:2 c:<nil>]'],
    ['{"z":{"y":[1,{"k":"v"}],"x":[]},"a":[[]]}', 'map[a:[[]] z:map[x:[] y:[1 map[k:v]]]]'],
    ['["a b","c"]', '[a b c]'],
    ['{"B":1,"a":2,"_":3,"1":4}', 'map[1:4 B:1 _:3 a:2]'],
  ];
  for (const [json, text] of table) {
    it(`${json} -> ${text}`, () => {
      expect(goSprintV(decoded(json))).to.equal(text);
    });
  }

  it('sorts map keys by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FFFF sorts before U+1F600 in UTF-8 (EF.. < F0..) but after it in UTF-16 (FFFF > D83D).
    expect(goSprintV(decoded('{"😀":1,"\\uffff":2,"é":3}'))).to.equal('map[é:3 \uffff:2 😀:1]');
    expect(compareGoStrings('\uffff', '😀')).to.be.lessThan(0);
    expect('\uffff' < '😀').to.equal(false);
  });

  it('prints 10000 nested levels without exhausting the stack', () => {
    const text = goSprintV(decoded(`${'['.repeat(9999)}${']'.repeat(9999)}`));
    expect(text).to.equal(`${'['.repeat(9999)}${']'.repeat(9999)}`);
  });
});
