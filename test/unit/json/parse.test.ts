import { expect } from 'chai';
import * as fc from 'fast-check';
import { MAX_DEPTH, parseJson } from '../../../src/json/parse.js';

function errorOf(text: string, file = 'f.json'): string {
  try {
    parseJson(text, file);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a failure');
}

describe('json/parse', () => {
  it('reads what JSON.parse reads, with the same values', () => {
    fc.assert(
      fc.property(fc.json(), fc.boolean(), (json, pretty) => {
        const text = pretty ? JSON.stringify(JSON.parse(json), null, 2) : json;
        expect(parseJson(text, 'f.json').value).to.deep.equal(JSON.parse(text));
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('decodes every escape as JSON.parse does', () => {
    const text = String.raw`{"a": "q\"b\\s\/f\bg\fn\nr\rt\tu\u00e9\ud83d\ude00 end", "k\u0041": "x"}`;
    expect(parseJson(text, 'f.json').value).to.deep.equal(JSON.parse(text));
  });

  it('says where each value and member key starts', () => {
    const parsed = parseJson('{\n  "a": [1, {"b": true}],\n  "c": "x"\n}', 'f.json');
    expect(parsed.positionOf([])).to.deep.equal({ line: 1, column: 1 });
    expect(parsed.positionOf(['a'])).to.deep.equal({ line: 2, column: 3 });
    expect(parsed.positionOf(['a', 1])).to.deep.equal({ line: 2, column: 12 });
    expect(parsed.positionOf(['a', 1, 'b'])).to.deep.equal({ line: 2, column: 13 });
    expect(parsed.positionOf(['c'])).to.deep.equal({ line: 3, column: 3 });
    expect(parsed.positionOf(['a', 2])).to.equal(undefined);
    expect(parsed.positionOf(['c', 'x'])).to.equal(undefined);
  });

  it('reports a duplicate key with its path and keeps the last value', () => {
    const parsed = parseJson('{"a": {"b": 1, "b": 2}, "__proto__": 3}', 'f.json');
    expect(parsed.duplicateKeys).to.deep.equal(['a.b']);
    expect(parsed.value).to.deep.equal(JSON.parse('{"a": {"b": 2}, "__proto__": 3}'));
    expect(parsed.positionOf(['a', 'b'])).to.deep.equal({ line: 1, column: 16 });
  });

  it(`reads ${MAX_DEPTH} nested levels`, () => {
    const text = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
    expect(() => parseJson(text, 'f.json')).not.to.throw();
  });

  it('refuses deeper nesting with one line naming the place and the fix, however deep', () => {
    const expected =
      `deep.json:1:${MAX_DEPTH + 1}: invalid JSON: more than ${MAX_DEPTH} nested arrays and objects ` +
      `(ecs-local reads at most ${MAX_DEPTH} levels; no real file nests this deep: check that the file is not truncated or generated in a loop)`;
    // 100,000 levels would overflow any recursive parser's stack.
    for (const depth of [MAX_DEPTH + 1, 3_200, 100_000]) {
      expect(errorOf('['.repeat(depth) + ']'.repeat(depth), 'deep.json')).to.equal(expected);
      expect(errorOf('{"a":'.repeat(depth), 'deep.json')).to.match(/^deep\.json:1:\d+: invalid JSON: more than 512 nested/);
    }
  });

  it('keeps its messages for broken files', () => {
    expect(errorOf('')).to.equal('f.json:1:1: invalid JSON: the file is empty');
    expect(errorOf('\ufeff  \n')).to.equal('f.json:1:2: invalid JSON: the file is empty');
    expect(errorOf('{"a": "x')).to.equal('f.json:1:7: invalid JSON: unterminated string');
    expect(errorOf('{"a": "x\ny"}')).to.equal('f.json:1:9: invalid JSON: control character in string (escape it, e.g. \\n)');
    expect(errorOf('{"a": "\\x"}')).to.equal('f.json:1:8: invalid JSON: invalid escape \\x in string');
    expect(errorOf('{"a": "\\u12"}')).to.equal('f.json:1:8: invalid JSON: invalid \\u escape in string');
    expect(errorOf('{"a": 1,}')).to.equal('f.json:1:9: invalid JSON: trailing comma before }');
    expect(errorOf('[1,]')).to.equal('f.json:1:4: invalid JSON: trailing comma before ]');
    expect(errorOf('{a: 1}')).to.equal('f.json:1:2: invalid JSON: expected a quoted property name, found "a"');
    expect(errorOf('{"a" 1}')).to.equal(`f.json:1:6: invalid JSON: expected ':' after property name, found "1"`);
    expect(errorOf('{"a": 1 "b"}')).to.equal(`f.json:1:9: invalid JSON: expected ',' or '}' after property value, found "\\""`);
    expect(errorOf('[1 2]')).to.equal(`f.json:1:4: invalid JSON: expected ',' or ']' after array element, found "2"`);
    expect(errorOf('[tru]')).to.equal('f.json:1:2: invalid JSON: unexpected "t"; expected a value');
    expect(errorOf('{} x')).to.equal('f.json:1:4: invalid JSON: unexpected "x" after the end of the JSON value');
    expect(errorOf('[\n[')).to.equal('f.json:2:2: invalid JSON: unexpected end of file; expected a value');
  });

  it('reads a 50 MB string value whole', () => {
    const value = 'x'.repeat(50_000_000);
    const parsed = parseJson(`{"v": "${value}"}`, 'f.json');
    expect((parsed.value as { v: string }).v.length).to.equal(value.length);
  });
});
