import { expect } from 'chai';
import { secretArnSuffix, stableVersionId } from '../../../src/vault/suffix.js';

describe('vault/suffix', () => {
  describe('secretArnSuffix', () => {
    it('is 6 letters or digits, as AWS suffixes are', () => {
      for (const name of ['a', 'production/database/app', 'x'.repeat(512), 'with+odd=chars@.-_/']) {
        expect(secretArnSuffix(name)).to.match(/^[A-Za-z0-9]{6}$/);
      }
    });

    it('is the same for the same name on every run (ARNs are reproducible)', () => {
      // Pinned: a change here changes every generated ARN users may have copied.
      expect(secretArnSuffix('production/database/app')).to.equal('TtUnnd');
      expect(secretArnSuffix('blob')).to.equal('h7GUsy');
    });

    it('differs between names', () => {
      const suffixes = new Set(Array.from({ length: 200 }, (_, i) => secretArnSuffix(`secret-${i}`)));
      expect(suffixes.size).to.equal(200);
    });
  });

  describe('stableVersionId', () => {
    it('is a version-5 UUID', () => {
      expect(stableVersionId(['us-east-1', '123456789012', 'db', 'string', 'v'])).to.match(
        /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    it('is stable for the same secret and value, and changes when the value does', () => {
      const a = stableVersionId(['us-east-1', '123456789012', 'db', 'string', 'v1']);
      expect(stableVersionId(['us-east-1', '123456789012', 'db', 'string', 'v1'])).to.equal(a);
      expect(stableVersionId(['us-east-1', '123456789012', 'db', 'string', 'v2'])).to.not.equal(a);
      expect(stableVersionId(['us-east-1', '123456789012', 'other', 'string', 'v1'])).to.not.equal(a);
    });

    it('does not confuse field boundaries', () => {
      expect(stableVersionId(['a', 'bc'])).to.not.equal(stableVersionId(['ab', 'c']));
    });
  });
});
