import { expect } from 'chai';
import type { VaultStore } from '../../../src/vault/store.js';
import { thrown, vaultFrom } from './helpers.js';

const REGION = 'us-east-1';
const NOW = new Date('2024-06-01T12:00:00Z');

function store(): VaultStore {
  return vaultFrom(
    {
      secrets: { db: { value: 'secret-value' } },
      parameters: {
        plain: 'p',
        '/app/prod/url': 'https://example.com',
        '/app/prod/db/password': { type: 'SecureString', value: 'pw', kmsKeyId: 'alias/app' },
        '/app/prod/list': { type: 'StringList', value: 'a,b' },
        '/app/dev/url': 'http://localhost',
        '/app/labelled': {
          type: 'String',
          value: 'v3',
          version: 3,
          labels: ['prod'],
          history: [
            { version: 1, value: 'v1', labels: ['old'] },
            { version: 2, value: 'v2' },
          ],
        },
      },
    },
    { clock: () => NOW },
  ).store;
}

function error(fn: () => unknown): [unknown, string] {
  const e = thrown(fn);
  return [e.code, e.message];
}

describe('vault/parameter-ops', () => {
  describe('GetParameter', () => {
    it('answers a name, a version or label selector, and an ARN', () => {
      const s = store();
      expect(s.getParameter(REGION, { Name: '/app/prod/url' }).Parameter).to.include({ Name: '/app/prod/url', Value: 'https://example.com', Version: 1 });
      expect(s.getParameter(REGION, { Name: '/app/labelled:1' }).Parameter).to.include({ Value: 'v1', Selector: ':1' });
      expect(s.getParameter(REGION, { Name: '/app/labelled:prod' }).Parameter).to.include({ Value: 'v3', Version: 3 });
      expect(s.getParameter(REGION, { Name: '/plain' }).Parameter).to.include({ Name: '/plain', Value: 'p' });
      const arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/url';
      expect(s.getParameter(REGION, { Name: arn }).Parameter.Name).to.equal('/app/prod/url');
    });

    it('decrypts a SecureString only WithDecryption', () => {
      const s = store();
      expect(s.getParameter(REGION, { Name: '/app/prod/db/password', WithDecryption: true }).Parameter.Value).to.equal('pw');
      expect(s.getParameter(REGION, { Name: '/app/prod/db/password' }).Parameter.Value).to.match(/^AQICAH/);
    });

    it('ParameterNotFound has no message; an unknown version is ParameterVersionNotFound', () => {
      const s = store();
      expect(error(() => s.getParameter(REGION, { Name: '/nope' }))).to.deep.equal(['ParameterNotFound', '']);
      expect(error(() => s.getParameter(REGION, { Name: '/app/labelled:nolabel' }))).to.deep.equal(['ParameterNotFound', '']);
      expect(error(() => s.getParameter(REGION, { Name: '/app/labelled:9' }))).to.deep.equal([
        'ParameterVersionNotFound',
        'Systems Manager could not find version 9 of /app/labelled. Verify the version and try again.',
      ]);
      expect(error(() => s.getParameter(REGION, { Name: 'app/prod/url' }))[0]).to.equal('ValidationException');
    });

    it('reaches Secrets Manager through /aws/reference/secretsmanager/ (WithDecryption only)', () => {
      const s = store();
      expect(s.getParameter(REGION, { Name: '/aws/reference/secretsmanager/db', WithDecryption: true }).Parameter.Value).to.equal('secret-value');
      expect(error(() => s.getParameter(REGION, { Name: '/aws/reference/secretsmanager/db' }))).to.deep.equal([
        'ValidationException',
        'WithDecryption flag must be True for retrieving a Secret Manager secret.',
      ]);
      expect(error(() => s.getParameter(REGION, { Name: '/aws/reference/secretsmanager/nope', WithDecryption: true }))).to.deep.equal([
        'ParameterNotFound',
        'An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret /aws/reference/secretsmanager/nope not found.',
      ]);
    });
  });

  describe('GetParametersByPath', () => {
    it('lists one level, or every level with Recursive, in name order', () => {
      const s = store();
      const list = (Path: string, Recursive?: boolean) => s.getParametersByPath(REGION, { Path, Recursive }).Parameters.map((p) => p.Name);
      expect(list('/app/prod')).to.deep.equal(['/app/prod/list', '/app/prod/url']);
      expect(list('/app/prod/', true)).to.deep.equal(['/app/prod/db/password', '/app/prod/list', '/app/prod/url']);
      expect(list('/')).to.deep.equal(['plain']);
      expect(list('/app', true)).to.have.length(5);
    });

    it('pages by MaxResults (at most 10) and filters by Type', () => {
      const s = store();
      const first = s.getParametersByPath(REGION, { Path: '/app', Recursive: true, MaxResults: 4 });
      expect(first.Parameters).to.have.length(4);
      const rest = s.getParametersByPath(REGION, { Path: '/app', Recursive: true, MaxResults: 4, NextToken: first.NextToken });
      expect(rest.Parameters.map((p) => p.Name)).to.deep.equal(['/app/prod/url']);
      expect(rest).to.not.have.property('NextToken');
      const typed = s.getParametersByPath(REGION, { Path: '/app', Recursive: true, ParameterFilters: [{ Key: 'Type', Values: ['SecureString'] }] });
      expect(typed.Parameters.map((p) => p.Name)).to.deep.equal(['/app/prod/db/password']);
      expect(error(() => s.getParametersByPath(REGION, { Path: '/app', MaxResults: 11 }))).to.deep.equal([
        'ValidationException',
        "1 validation error detected: Value '11' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10",
      ]);
      expect(error(() => s.getParametersByPath(REGION, { Path: '/app', ParameterFilters: [{ Key: 'Name', Values: ['x'] }] }))).to.deep.equal([
        'InvalidFilterKey',
        'The following filter key is not valid: Name. Valid filter keys include: [Type, KeyId].',
      ]);
    });
  });

  describe('PutParameter', () => {
    it('creates version 1, and with Overwrite the next version; old versions stay reachable', () => {
      const s = store();
      expect(s.putParameter(REGION, { Name: '/new/one', Value: 'a', Type: 'String' })).to.deep.equal({ Version: 1, Tier: 'Standard' });
      expect(s.putParameter(REGION, { Name: '/new/one', Value: 'b', Overwrite: true })).to.deep.equal({ Version: 2, Tier: 'Standard' });
      expect(s.getParameter(REGION, { Name: '/new/one' }).Parameter).to.include({ Value: 'b', Version: 2, Type: 'String' });
      expect(s.getParameter(REGION, { Name: '/new/one:1' }).Parameter.Value).to.equal('a');
      expect(s.getParameter(REGION, { Name: '/new/one' }).Parameter.LastModifiedDate).to.deep.equal(NOW);
    });

    it('refuses an existing name without Overwrite, with the AWS text', () => {
      expect(error(() => store().putParameter(REGION, { Name: 'plain', Value: 'x', Type: 'String' }))).to.deep.equal([
        'ParameterAlreadyExists',
        'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
      ]);
      // `plain` and `/plain` are one parameter.
      expect(error(() => store().putParameter(REGION, { Name: '/plain', Value: 'x', Type: 'String' }))[0]).to.equal('ParameterAlreadyExists');
    });

    it('refuses: no type on create, a bad type, an empty value, reserved and malformed names', () => {
      const s = store();
      expect(error(() => s.putParameter(REGION, { Name: '/x', Value: 'v' }))).to.deep.equal([
        'ValidationException',
        'A parameter type is required when you create a parameter.',
      ]);
      expect(error(() => s.putParameter(REGION, { Name: '/x', Value: 'v', Type: 'Text' }))[1]).to.equal(
        "1 validation error detected: Value 'Text' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]",
      );
      expect(error(() => s.putParameter(REGION, { Name: '/x', Value: '', Type: 'String' }))[1]).to.equal(
        "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.",
      );
      expect(error(() => s.putParameter(REGION, { Name: 'awsthing', Value: 'v', Type: 'String' }))).to.deep.equal([
        'ValidationException',
        'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
      ]);
      expect(error(() => s.putParameter(REGION, { Name: '/aws/mine', Value: 'v', Type: 'String' }))).to.deep.equal([
        'AccessDeniedException',
        'No access to reserved parameter name: /aws/mine.',
      ]);
      expect(error(() => s.putParameter(REGION, { Name: 'a/b', Value: 'v', Type: 'String' }))[1]).to.match(/^Parameter name: can't be prefixed with "ssm"/);
      // [INF] Only "text": an AMI data type needs EC2 to check the value.
      expect(error(() => s.putParameter(REGION, { Name: '/ami', Value: 'ami-1', Type: 'String', DataType: 'aws:ec2:image' }))).to.deep.equal([
        'ValidationException',
        'The following data type is not supported: aws:ec2:image (Data type names are all lowercase.)',
      ]);
    });

    it('keeps the key of a SecureString across an overwrite, and never on other types', () => {
      const s = store();
      s.putParameter(REGION, { Name: '/app/prod/db/password', Value: 'pw2', Overwrite: true });
      const versions = s.data.parameters.find((p) => p.name === '/app/prod/db/password')?.versions;
      expect(versions?.map((v) => [v.version, v.kmsKeyId])).to.deep.equal([
        [1, 'alias/app'],
        [2, 'alias/app'],
      ]);
      s.putParameter(REGION, { Name: '/k', Value: 'v', Type: 'String', KeyId: 'alias/x' });
      expect(s.data.parameters.find((p) => p.name === '/k')?.versions[0]).to.not.have.property('kmsKeyId');
    });
  });

  describe('DeleteParameter', () => {
    it('deletes, and then the parameter is not found (no message)', () => {
      const s = store();
      expect(s.deleteParameter(REGION, { Name: '/app/dev/url' })).to.deep.equal({});
      expect(error(() => s.getParameter(REGION, { Name: '/app/dev/url' }))).to.deep.equal(['ParameterNotFound', '']);
      expect(error(() => s.deleteParameter(REGION, { Name: '/app/dev/url' }))).to.deep.equal(['ParameterNotFound', '']);
    });
  });
});
