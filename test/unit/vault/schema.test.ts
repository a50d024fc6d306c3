/**
 * schema/vault.schema.json must agree with the loader: what the loader accepts, the schema accepts
 * (so editors don't flag valid vaults), and the fields the loader refuses, the schema refuses too.
 * A small checker for the keywords the schema uses keeps this free of a validator dependency.
 */
import fs from 'node:fs';
import { expect } from 'chai';
import { thrown, vaultFrom } from './helpers.js';

type Schema = Record<string, unknown>;
const schema = JSON.parse(fs.readFileSync(new URL('../../../schema/vault.schema.json', import.meta.url), 'utf8')) as Schema;

const KNOWN_KEYWORDS = new Set([
  '$schema', '$id', '$defs', '$ref', 'title', 'description', 'type', 'properties', 'additionalProperties', 'propertyNames',
  'required', 'items', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maxItems', 'oneOf', 'anyOf', 'not',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** Problems of `v` against `s` (empty: valid). */
function check(v: unknown, s: Schema, at = '$'): string[] {
  if (typeof s.$ref === 'string') {
    const name = s.$ref.replace('#/$defs/', '');
    const target = (schema.$defs as Record<string, Schema>)[name];
    if (!target) return [`${at}: unknown $ref ${s.$ref}`];
    return check(v, target, at);
  }
  const errs: string[] = [];
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    const t = typeOf(v);
    if (!types.includes(t) && !(t === 'integer' && types.includes('number'))) return [`${at}: ${t} is not ${types.join('|')}`];
  }
  if (Array.isArray(s.enum) && !s.enum.includes(v)) errs.push(`${at}: not in enum`);
  if (typeof v === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(v)) errs.push(`${at}: does not match ${s.pattern}`);
    if (typeof s.minLength === 'number' && v.length < s.minLength) errs.push(`${at}: too short`);
    if (typeof s.maxLength === 'number' && v.length > s.maxLength) errs.push(`${at}: too long`);
  }
  if (typeof v === 'number' && typeof s.minimum === 'number' && v < s.minimum) errs.push(`${at}: below minimum`);
  if (Array.isArray(v)) {
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) errs.push(`${at}: too many items`);
    if (s.items) v.forEach((item, i) => errs.push(...check(item, s.items as Schema, `${at}[${i}]`)));
  }
  if (typeOf(v) === 'object') {
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const r of (s.required ?? []) as string[]) if (!(r in obj)) errs.push(`${at}: missing ${r}`);
    for (const [k, val] of Object.entries(obj)) {
      if (s.propertyNames) errs.push(...check(k, s.propertyNames as Schema, `${at} key ${k}`));
      if (props[k]) errs.push(...check(val, props[k], `${at}.${k}`));
      else if (s.additionalProperties === false) errs.push(`${at}: unknown property ${k}`);
      else if (typeof s.additionalProperties === 'object') errs.push(...check(val, s.additionalProperties as Schema, `${at}.${k}`));
    }
  }
  if (Array.isArray(s.oneOf)) {
    const passing = (s.oneOf as Schema[]).filter((sub) => check(v, sub, at).length === 0).length;
    if (passing !== 1) errs.push(`${at}: matches ${passing} of oneOf`);
  }
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some((sub) => check(v, sub, at).length === 0)) errs.push(`${at}: matches none of anyOf`);
  if (s.not && check(v, s.not as Schema, at).length === 0) errs.push(`${at}: matches "not"`);
  return errs;
}

function keywordsOf(s: unknown, out = new Set<string>(), inProperties = false): Set<string> {
  if (Array.isArray(s)) s.forEach((x) => keywordsOf(x, out));
  else if (s && typeof s === 'object') {
    for (const [k, v] of Object.entries(s)) {
      if (!inProperties) out.add(k);
      // The keys of properties/$defs are names, not keywords.
      keywordsOf(v, out, !inProperties && (k === 'properties' || k === '$defs'));
    }
  }
  return out;
}

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
  it('is a draft 2020-12 schema using only keywords this test checks', () => {
    expect(schema.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    const unknown = [...keywordsOf(schema)].filter((k) => !KNOWN_KEYWORDS.has(k));
    expect(unknown).to.deep.equal([]);
  });

  for (const [name, vault] of Object.entries(ACCEPTED)) {
    it(`accepts what the loader accepts: ${name}`, () => {
      expect(() => vaultFrom(vault, { env: ENV })).to.not.throw();
      expect(check(vault, schema)).to.deep.equal([]);
    });
  }

  for (const [name, vault] of Object.entries(REFUSED)) {
    it(`refuses what the loader refuses: ${name}`, () => {
      expect(thrown(() => vaultFrom(vault, { env: ENV })).errorName).to.equal('InputError');
      expect(check(vault, schema)).to.not.deep.equal([]);
    });
  }
});
