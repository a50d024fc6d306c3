/**
 * schema/vault.schema.json is written from src/vault/schema.ts, where the loader takes its fields,
 * patterns and limits; these tests hold the file to it and the schema to the loader: what the loader
 * accepts, the schema accepts (so editors don't flag valid vaults), and what the loader refuses
 * for its shape, the schema refuses too. The schema is checked by a JSON Schema validator (ajv).
 */
import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'chai';
import { vaultSchemaText } from '../../../src/vault/schema.js';
import { thrown, vaultFrom } from './helpers.js';

const file = fs.readFileSync(new URL('../../../schema/vault.schema.json', import.meta.url), 'utf8');
// Unknown keywords are errors; union types and required lists in not/oneOf branches are plain JSON
// Schema, which ajv's stricter lints would refuse.
const validate = new Ajv2020({ strictSchema: true, strictTypes: false, strictRequired: false, allErrors: true }).compile(JSON.parse(file) as object);

const ENV = { PW: 'pw', B64: 'AAEC', DIR: 'envs' };

/** Vaults the loader accepts; together they use every field the loader knows. */
const ACCEPTED: Record<string, unknown> = {
  'the issue example': {
    $schema: './node_modules/ecs-local/schema/vault.schema.json',
    region: 'us-east-1',
    accountId: '123456789012',
    secrets: {
      'production/database/app': { value: { username: 'app', password: 's3cret' } },
      'production/third-party-api': { value: 'plain-string', arnSuffix: 'def456' },
      'rotating/db': {
        versions: [
          { id: '11111111-1111-1111-1111-111111111111', stages: ['AWSPREVIOUS'], value: 'old' },
          { id: '22222222-2222-2222-2222-222222222222', stages: ['AWSCURRENT'], value: 'new' },
        ],
      },
      gone: { value: 'x', deleted: true },
      blob: { binary: 'AAEC' },
    },
    parameters: { '/production/config/value': { type: 'SecureString', value: 'v' }, plain: 'shorthand-string-parameter' },
    environmentFiles: { 'arn:aws:s3:::my-bucket/app.env': './app.env' },
  },
  'every secret and version field': {
    secrets: {
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123': { value: '${PW}', kmsKeyId: 'alias/k', description: 'd' },
      other: { binary: '${B64}', region: 'eu-west-2', accountId: '111122223333', arnSuffix: 'Zz9999', deleted: false },
      rotated: {
        versions: [
          { id: '11111111-1111-1111-1111-111111111111', stages: ['AWSCURRENT'], binary: 'AA==', createdDate: '2024-01-01T00:00:00Z' },
          { id: '22222222-2222-2222-2222-222222222222', value: { a: [1, true] } },
        ],
      },
      noValue: {},
      numbers: { value: 42 },
    },
  },
  'the fields vault serve writes back': {
    secrets: {
      written: {
        versions: [{ id: '11111111-1111-1111-1111-111111111111', stages: ['AWSCURRENT'], value: 'x', createdDate: '2024-01-01T00:00:00Z' }],
        tags: { team: 'web' },
        rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate',
        createdDate: '2024-01-01T00:00:00Z',
        lastChangedDate: '2024-01-02T00:00:00Z',
      },
      scheduled: { value: 'y', deleted: true, deletedDate: '2024-01-03T00:00:00Z' },
    },
    parameters: {
      '/with/history': {
        type: 'String',
        value: 'v3',
        version: 3,
        description: 'third',
        lastModifiedDate: '2024-01-03T00:00:00Z',
        history: [
          { version: 1, type: 'SecureString', value: '${PW}', labels: ['first'], kmsKeyId: 'alias/k', lastModifiedDate: '2024-01-01T00:00:00Z' },
          { version: 2, value: 'v2', description: 'second' },
        ],
      },
    },
  },
  'every parameter field': {
    parameters: {
      '/a/b': { type: 'StringList', value: 'x,y', version: 4, labels: ['prod', 'blue.2'], region: 'eu-west-1', accountId: '111122223333' },
      secure: { type: 'SecureString', value: '${PW}', kmsKeyId: 'alias/k' },
      'arn:aws:ssm:us-west-2:123456789012:parameter/c': { type: 'String', value: 'z' },
    },
    environmentFiles: { 'arn:aws:s3:::b/deep/key/app.env': '${DIR}/app.env' },
  },
  'every policy element': {
    policies: {
      'arn:aws:iam::123456789012:role/ecsTaskExecutionRole': [
        'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
        {
          Version: '2012-10-17',
          Id: 'secrets-access',
          Statement: [
            { Sid: 'Read', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: ['arn:aws:secretsmanager:*:*:secret:app-??????'] },
            { Effect: 'Deny', NotAction: 'kms:*', NotResource: '*', Condition: { Bool: { 'aws:SecureTransport': false } } },
          ],
        },
        { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
      ],
      'arn:aws:iam::123456789012:role/service-role/team/exec': [],
    },
  },
};

/** Vaults the loader refuses for a reason the schema can express. */
const REFUSED: Record<string, unknown> = {
  'unknown top-level field': { secret: {} },
  'unknown secret field': { secrets: { db: { vaule: 'x' } } },
  'unknown version field': { secrets: { db: { versions: [{ id: '11111111-1111-1111-1111-111111111111', stage: ['AWSCURRENT'], value: 'x' }] } } },
  'unknown parameter field': { parameters: { p: { type: 'String', value: 'x', lables: [] } } },
  'value and versions': { secrets: { db: { value: 'x', versions: [] } } },
  'value and binary': { secrets: { db: { value: 'x', binary: 'AA==' } } },
  'bad arnSuffix': { secrets: { db: { value: 'x', arnSuffix: 'abc' } } },
  'bad parameter type': { parameters: { p: { type: 'Text', value: 'x' } } },
  'parameter without a type': { parameters: { p: { value: 'x' } } },
  'version without a value': { secrets: { db: { versions: [{ id: '11111111-1111-1111-1111-111111111111', stages: ['AWSCURRENT'] }] } } },
  'label starting with a digit': { parameters: { p: { type: 'String', value: 'x', labels: ['1st'] } } },
  'environment file key that is not an ARN': { environmentFiles: { 's3://b/k': './k' } },
  'non-string region': { region: 1 },
  'history item without a version': { parameters: { p: { type: 'String', value: 'x', version: 2, history: [{ value: 'old' }] } } },
  'non-string tag value': { secrets: { db: { value: 'x', tags: { team: 1 } } } },
  'policy key that is not a role ARN': { policies: { 'arn:aws:iam::123456789012:user/me': [] } },
  'policy statement without Resource': { policies: { 'arn:aws:iam::123456789012:role/r': [{ Statement: { Effect: 'Allow', Action: '*' } }] } },
  'policy statement with Action and NotAction': {
    policies: { 'arn:aws:iam::123456789012:role/r': [{ Statement: { Effect: 'Allow', Action: '*', NotAction: 's3:*', Resource: '*' } }] },
  },
  'policy statement with a lower-case element': { policies: { 'arn:aws:iam::123456789012:role/r': [{ Statement: { effect: 'Allow', Action: '*', Resource: '*' } }] } },
  'unknown managed policy': { policies: { 'arn:aws:iam::123456789012:role/r': ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
  'policy resource that is not an ARN': { policies: { 'arn:aws:iam::123456789012:role/r': [{ Statement: { Effect: 'Allow', Action: '*', Resource: 'db' } }] } },
};

describe('schema/vault.schema.json', () => {
  it('is what src/vault/schema.ts says (npm run build writes it)', () => {
    expect(file).to.equal(vaultSchemaText());
  });

  for (const [name, vault] of Object.entries(ACCEPTED)) {
    it(`accepts what the loader accepts: ${name}`, () => {
      expect(() => vaultFrom(vault, { env: ENV })).to.not.throw();
      expect(validate(vault), JSON.stringify(validate.errors)).to.equal(true);
    });
  }

  it('refuses the parameter labels the loader refuses, and only those', () => {
    const labels = ['prod', 'a.b-c_d', 'x'.repeat(100), 'x'.repeat(101), '', '1st', 'aws-x', 'SSMx', 'Awsome', 'a b', 'é'];
    for (const label of labels) {
      const vault = { parameters: { p: { type: 'String', value: 'x', labels: [label] } } };
      let loaderRefuses = false;
      try {
        vaultFrom(vault, { env: ENV });
      } catch {
        loaderRefuses = true;
      }
      expect(validate(vault), label).to.equal(!loaderRefuses);
    }
  });

  for (const [name, vault] of Object.entries(REFUSED)) {
    it(`refuses what the loader refuses: ${name}`, () => {
      expect(thrown(() => vaultFrom(vault, { env: ENV })).errorName).to.equal('InputError');
      expect(validate(vault)).to.equal(false);
    });
  }
});
