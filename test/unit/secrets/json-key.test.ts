import { expect } from 'chai';
import { extractJsonKey } from '../../../src/secrets/json-key.js';

describe('secrets/json-key extractJsonKey (agent/asm/asm.go with a json key)', () => {
  describe('values (fmt %v of the decoded value)', () => {
    const secret = JSON.stringify({
      username: 'admin',
      password: 'p@ss "w0rd"\n',
      port: 5432,
      big: 1234567,
      million: 1000000,
      pi: 3.14,
      one: 1.0,
      tiny: 0.00001,
      enabled: true,
      disabled: false,
      nothing: null,
      list: ['a', 1, null],
      nested: { z: 1, a: 'x' },
    });
    const table: [string, string][] = [
      ['username', 'admin'],
      ['password', 'p@ss "w0rd"\n'],
      ['port', '5432'],
      ['big', '1.234567e+06'],
      ['million', '1e+06'],
      ['pi', '3.14'],
      ['one', '1'],
      ['tiny', '1e-05'],
      ['enabled', 'true'],
      ['disabled', 'false'],
      ['nothing', '<nil>'],
      ['list', '[a 1 <nil>]'],
      ['nested', 'map[a:x z:1]'],
    ];
    for (const [key, value] of table) {
      it(`${key} -> ${JSON.stringify(value)}`, () => {
        expect(extractJsonKey(secret, key)).to.deep.equal({ ok: true, value });
      });
    }

    it('loses integer precision beyond 2^53, as float64 does', () => {
      expect(extractJsonKey('{"id":12345678901234567890}', 'id')).to.deep.equal({
        ok: true,
        value: '1.2345678901234567e+19',
      });
    });

    it('keeps the last of repeated keys', () => {
      expect(extractJsonKey('{"a":"first","a":"second"}', 'a')).to.deep.equal({ ok: true, value: 'second' });
    });

    it('keeps an empty string value (an empty environment variable)', () => {
      expect(extractJsonKey('{"a":""}', 'a')).to.deep.equal({ ok: true, value: '' });
    });
  });

  describe('missing keys', () => {
    const missing = (key: string) => ({
      ok: false,
      error: `retrieved secret from Secrets Manager did not contain json key ${key}`,
    });

    it('matches keys exactly: case-sensitive, top level only, no trimming', () => {
      const secret = '{"Password":"x","db":{"host":"h"}," user ":"u"}';
      expect(extractJsonKey(secret, 'password')).to.deep.equal(missing('password'));
      expect(extractJsonKey(secret, 'host')).to.deep.equal(missing('host'));
      expect(extractJsonKey(secret, 'db.host')).to.deep.equal(missing('db.host'));
      expect(extractJsonKey(secret, 'user')).to.deep.equal(missing('user'));
      expect(extractJsonKey(secret, ' user ')).to.deep.equal({ ok: true, value: 'u' });
    });

    it('treats top-level null as an empty object', () => {
      expect(extractJsonKey('null', 'password')).to.deep.equal(missing('password'));
    });

    it('finds a key written with escapes', () => {
      expect(extractJsonKey('{"p\\u0061ss":"v"}', 'pass')).to.deep.equal({ ok: true, value: 'v' });
    });
  });

  describe('errors (raw Go encoding/json texts, no prefix)', () => {
    const table: [string, string][] = [
      ['', 'unexpected end of JSON input'],
      ['hunter2', "invalid character 'h' looking for beginning of value"],
      // rileydakota/valheim-ecs-fargate-cdk#9: a secret written with single quotes.
      ["'{\"password\":\"x\"}'", "invalid character '\\'' looking for beginning of value"],
      ['{"a":"\\!"}', "invalid character '!' in string escape code"],
      ['["a","b"]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
      ['"just a string"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
      ['5432', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
      ['true', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
      ['{"a":"ok","b":1e400}', 'json: cannot unmarshal number 1e400 into Go value of type float64'],
      ['{"password":"x"', 'unexpected end of JSON input'],
      ['{"password":"x"}\n{"other":1}', "invalid character '{' after top-level value"],
    ];
    for (const [secret, error] of table) {
      it(`${JSON.stringify(secret)} -> ${error}`, () => {
        expect(extractJsonKey(secret, 'a')).to.deep.equal({ ok: false, error });
      });
    }

    it('fails a binary-only secret (no SecretString) like an empty one [INF]', () => {
      expect(extractJsonKey(undefined, 'password')).to.deep.equal({ ok: false, error: 'unexpected end of JSON input' });
    });
  });

  describe('fuzz', () => {
    const knownPrefixes = [
      'unexpected end of JSON input',
      'invalid character ',
      'json: cannot unmarshal ',
      'retrieved secret from Secrets Manager did not contain json key ',
    ];
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const ri = (n: number) => Math.floor(rnd() * n);
    const pieces = ['{', '}', '[', ']', '"', ':', ',', ' ', '\n', '\\', '\\u', 'd83d', 'true', 'nul', '1e400', '-0.5e3',
      '"a"', '"k"', 'é', '😀', '\ud800', '\u0000', "'", '0', '.', 'e', '+'];
    const generate = (): string => {
      const base = ri(3) === 0 ? '' : JSON.stringify({ a: ri(2) ? 'x' : [1, { b: null }], k: ri(1e9) / 7 });
      const chars = [...base];
      for (let m = ri(6); m > 0; m--) {
        const at = ri(chars.length + 1);
        if (ri(2)) chars.splice(at, ri(3), pieces[ri(pieces.length)] ?? '');
        else chars.splice(at, 0, String.fromCharCode(ri(0x300)));
      }
      return chars.join('');
    };

    it('never throws on 5000 random and mutated secrets, and answers ok or a known Go text', () => {
      let oks = 0;
      for (let i = 0; i < 5000; i++) {
        const secret = generate();
        const key = ri(2) ? 'a' : 'k';
        let result: ReturnType<typeof extractJsonKey> | undefined;
        expect(() => (result = extractJsonKey(secret, key)), JSON.stringify(secret)).not.to.throw();
        if (result === undefined) throw new Error('no result');
        if (result.ok) {
          oks++;
          expect(result.value).to.be.a('string');
        } else {
          const error = result.error;
          expect(knownPrefixes.some((p) => error.startsWith(p)), `${JSON.stringify(secret)}: ${error}`).to.equal(true);
        }
      }
      expect(oks).to.be.greaterThan(100);
    });
  });
});
