import { expect } from 'chai';
import type { GetParametersOutput } from '../../../src/aws/ports.js';
import { thrown, vaultFrom } from './helpers.js';

const { store } = vaultFrom({
  secrets: {
    'production/db': { value: { password: 's3cret' }, arnSuffix: 'AbC123' },
    gone: { value: 'x', deleted: true },
    blob: { binary: 'AAEC' },
  },
  parameters: {
    plain: 'top-level',
    '/slashed': 'created with a slash',
    '/production/config/value': { type: 'SecureString', value: 'decrypted', kmsKeyId: 'alias/app' },
    '/production/list': { type: 'StringList', value: 'a,b,c' },
    '/versioned': { type: 'String', value: 'v3', version: 3, labels: ['prod', 'blue'] },
    'arn:aws:ssm:eu-west-1:123456789012:parameter/regional': 'ireland',
    'arn:aws:ssm:us-east-1:999999999999:parameter/shared/key': 'other account',
  },
});

const getParameters = (Names: string[], WithDecryption = true, region = 'us-east-1'): GetParametersOutput =>
  store.getParameters(region, { Names, WithDecryption });
const names = (out: GetParametersOutput) => out.Parameters.map((p) => p.Name);
const values = (out: GetParametersOutput) => out.Parameters.map((p) => p.Value);

describe('vault/store getParameters', () => {
  it('returns a parameter in the AWS shape', () => {
    expect(getParameters(['/production/list'])).to.deep.equal({
      Parameters: [
        {
          Name: '/production/list',
          Type: 'StringList',
          Value: 'a,b,c',
          Version: 1,
          ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/production/list',
          LastModifiedDate: new Date('2024-05-01T10:00:00Z'),
          DataType: 'text',
        },
      ],
      InvalidParameters: [],
    });
  });

  it('treats foo and /foo as one top-level parameter and echoes the form asked for', () => {
    const out = getParameters(['plain', '/plain', 'slashed', '/slashed']);
    expect(names(out)).to.deep.equal(['/plain', '/slashed', 'plain', 'slashed']);
    expect(values(out)).to.deep.equal(['top-level', 'created with a slash', 'top-level', 'created with a slash']);
    expect(out.Parameters.map((p) => p.ARN)).to.deep.equal([
      'arn:aws:ssm:us-east-1:123456789012:parameter/plain',
      'arn:aws:ssm:us-east-1:123456789012:parameter/slashed',
      'arn:aws:ssm:us-east-1:123456789012:parameter/plain',
      'arn:aws:ssm:us-east-1:123456789012:parameter/slashed',
    ]);
  });

  it('needs the leading slash of a hierarchical name; a malformed path is an unknown name', () => {
    const out = getParameters(['production/list', '/production//list', '/production/list/']);
    expect(out.Parameters).to.deep.equal([]);
    expect(out.InvalidParameters).to.deep.equal(['production/list', '/production//list', '/production/list/']);
  });

  it('lists unknown names verbatim in InvalidParameters, in request order, next to the found ones', () => {
    const out = getParameters(['/zzz/missing', 'plain', 'Plain', '/aaa/missing']);
    expect(names(out)).to.deep.equal(['plain']);
    expect(out.InvalidParameters).to.deep.equal(['/zzz/missing', 'Plain', '/aaa/missing']);
  });

  it('sorts results alphabetically by Name', () => {
    expect(names(getParameters(['plain', '/versioned', '/production/list', '/production/config/value']))).to.deep.equal([
      '/production/config/value',
      '/production/list',
      '/versioned',
      'plain',
    ]);
  });

  it('answers a name asked twice once', () => {
    const out = getParameters(['plain', 'plain', 'nope', 'nope']);
    expect(names(out)).to.deep.equal(['plain']);
    expect(out.InvalidParameters).to.deep.equal(['nope']);
  });

  it('accepts ARNs and answers with the name the parameter was created with', () => {
    const out = getParameters([
      'arn:aws:ssm:us-east-1:123456789012:parameter/production/list',
      'arn:aws:ssm:us-east-1:123456789012:parameter/slashed',
      'arn:aws:ssm:us-east-1:123456789012:parameter/plain',
    ]);
    expect(names(out)).to.deep.equal(['/production/list', '/slashed', 'plain']);
    expect(out.InvalidParameters).to.deep.equal([]);
  });

  it('reaches a parameter of another account only by ARN', () => {
    const arn = 'arn:aws:ssm:us-east-1:999999999999:parameter/shared/key';
    const out = getParameters([arn, '/shared/key']);
    expect(values(out)).to.deep.equal(['other account']);
    expect(out.Parameters[0]?.ARN).to.equal(arn);
    expect(out.InvalidParameters).to.deep.equal(['/shared/key']);
  });

  it('holds each region apart: an ARN of another region is not found here', () => {
    expect(values(getParameters(['regional'], true, 'eu-west-1'))).to.deep.equal(['ireland']);
    expect(getParameters(['regional']).InvalidParameters).to.deep.equal(['regional']);
    expect(getParameters(['arn:aws:ssm:eu-west-1:123456789012:parameter/regional']).InvalidParameters).to.deep.equal([
      'arn:aws:ssm:eu-west-1:123456789012:parameter/regional',
    ]);
    expect(getParameters(['plain'], true, 'eu-west-1').InvalidParameters).to.deep.equal(['plain']);
  });

  describe('selectors', () => {
    it('name:<version> and name:<label> select a version and come back with Selector', () => {
      const out = getParameters(['/versioned:3', '/versioned:prod']);
      expect(out.Parameters.map((p) => [p.Name, p.Selector, p.Version, p.Value])).to.deep.equal([
        ['/versioned', ':3', 3, 'v3'],
        ['/versioned', ':prod', 3, 'v3'],
      ]);
      expect(getParameters(['/versioned']).Parameters[0]).to.not.have.property('Selector');
    });

    it('an unknown version or label, or a second colon, is an unknown name', () => {
      const asked = ['/versioned:1', '/versioned:staging', '/versioned:3:prod', '/versioned:', 'plain:2'];
      const out = getParameters(asked);
      expect(out.Parameters).to.deep.equal([]);
      expect(out.InvalidParameters).to.deep.equal(asked);
    });

    it('works on ARNs too', () => {
      const out = getParameters(['arn:aws:ssm:us-east-1:123456789012:parameter/versioned:blue']);
      expect(out.Parameters.map((p) => [p.Name, p.Selector])).to.deep.equal([['/versioned', ':blue']]);
    });
  });

  describe('SecureString', () => {
    it('is decrypted with WithDecryption', () => {
      expect(values(getParameters(['/production/config/value'], true))).to.deep.equal(['decrypted']);
    });

    it('without WithDecryption is a stable base64 stand-in for the ciphertext, not the value', () => {
      const [a] = values(getParameters(['/production/config/value'], false));
      const [b] = values(getParameters(['/production/config/value'], false));
      expect(a).to.equal(b);
      expect(a).to.match(/^AQICAH[A-Za-z0-9+/]+=*$/);
      expect(Buffer.from(a ?? '', 'base64').toString('latin1')).to.not.include('decrypted');
    });

    it('WithDecryption does not matter for String and StringList', () => {
      expect(values(getParameters(['plain', '/production/list'], false))).to.deep.equal(['a,b,c', 'top-level']);
    });
  });

  describe('/aws/reference/secretsmanager/<id>', () => {
    it('returns the secret as a SecureString', () => {
      const out = getParameters(['/aws/reference/secretsmanager/production/db']);
      expect(out.InvalidParameters).to.deep.equal([]);
      const [p] = out.Parameters;
      expect(p).to.deep.include({
        Name: '/aws/reference/secretsmanager/production/db',
        Type: 'SecureString',
        Value: '{"password":"s3cret"}',
        Version: 0,
        ARN: 'arn:aws:ssm:us-east-1:123456789012:parameter/aws/reference/secretsmanager/production/db',
        DataType: 'text',
      });
      expect(JSON.parse(p?.SourceResult ?? '{}')).to.include({
        ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production/db-AbC123',
        Name: 'production/db',
        SecretString: '{"password":"s3cret"}',
      });
    });

    it('accepts the secret ARN after the prefix', () => {
      const asked = '/aws/reference/secretsmanager/arn:aws:secretsmanager:us-east-1:123456789012:secret:production/db-AbC123';
      expect(values(getParameters([asked]))).to.deep.equal(['{"password":"s3cret"}']);
    });

    it('needs WithDecryption: ValidationException otherwise', () => {
      const err = thrown(() => getParameters(['plain', '/aws/reference/secretsmanager/production/db'], false));
      expect([err.code, err.message, err.statusCode]).to.deep.equal([
        'ValidationException',
        'WithDecryption flag must be True for retrieving a Secret Manager secret.',
        400,
      ]);
    });

    it('an unknown, deleted or badly named secret is an unknown name', () => {
      const asked = ['/aws/reference/secretsmanager/nope', '/aws/reference/secretsmanager/gone', '/aws/reference/secretsmanager/bad name'];
      const out = getParameters(asked);
      expect(out.Parameters).to.deep.equal([]);
      expect(out.InvalidParameters).to.deep.equal(asked);
    });

    it('gives a binary secret as base64', () => {
      expect(values(getParameters(['/aws/reference/secretsmanager/blob']))).to.deep.equal(['AAEC']);
    });
  });

  describe('request limits', () => {
    it('more than 10 names: ValidationException with the list', () => {
      const asked = Array.from({ length: 11 }, (_, i) => `p${i}`);
      const err = thrown(() => getParameters(asked));
      expect([err.code, err.message, err.statusCode]).to.deep.equal([
        'ValidationException',
        "1 validation error detected: Value '[p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.",
        400,
      ]);
      expect(getParameters(asked.slice(0, 10)).InvalidParameters).to.have.length(10);
    });

    it('no names: ValidationException', () => {
      expect(thrown(() => getParameters([])).code).to.equal('ValidationException');
    });
  });
});
