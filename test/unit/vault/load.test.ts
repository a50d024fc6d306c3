import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { loadVault } from '../../../src/vault/load.js';
import { secretArnSuffix } from '../../../src/vault/suffix.js';
import { thrown, VAULT_FILE, vaultFrom } from './helpers.js';

/** `line:col` of the first occurrence of `needle` in `text` (1-based, as editors count). */
function at(text: string, needle: string): string {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, i).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

/** The InputError message for a vault given as text. */
function errorFor(text: string, opts: Parameters<typeof vaultFrom>[1] = {}): string {
  const err = thrown(() => vaultFrom(text, opts));
  expect(err.errorName, err.message).to.equal('InputError');
  return err.message;
}

const ISSUE_EXAMPLE = {
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
  parameters: {
    '/production/config/value': { type: 'SecureString', value: 'v' },
    plain: 'shorthand-string-parameter',
  },
  environmentFiles: { 'arn:aws:s3:::my-bucket/app.env': './app.env' },
};

describe('vault/load', () => {
  describe('a valid vault', () => {
    it('loads the example from the issue', () => {
      const { store, region, accountId } = vaultFrom(ISSUE_EXAMPLE);
      expect(region).to.equal('us-east-1');
      expect(accountId).to.equal('123456789012');
      const secrets = store.listSecrets();
      expect(secrets.map((s) => s.name)).to.deep.equal(['production/database/app', 'production/third-party-api', 'rotating/db', 'gone', 'blob']);
      expect(secrets[1]?.arn).to.equal('arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-def456');
      expect(secrets[3]?.deleted).to.equal(true);
      expect(secrets[2]?.versions).to.deep.equal([
        { versionId: '11111111-1111-1111-1111-111111111111', stages: ['AWSPREVIOUS'] },
        { versionId: '22222222-2222-2222-2222-222222222222', stages: ['AWSCURRENT'] },
      ]);
      expect(store.listParameters().map((p) => [p.name, p.type, p.version])).to.deep.equal([
        ['/production/config/value', 'SecureString', 1],
        ['plain', 'String', 1],
      ]);
      expect(store.getEnvironmentFile('arn:aws:s3:::my-bucket/app.env')).to.equal('/project/app.env');
    });

    it('stores an object value as its compact JSON text, and a string as is', () => {
      const { store } = vaultFrom({
        secrets: {
          obj: { value: { username: 'app', password: 's3cret', nested: { n: 1, list: [true, null] } } },
          arr: { value: [1, 'two'] },
          num: { value: 42 },
          bool: { value: false },
          str: { value: '{ "not": "reformatted" }' },
        },
      });
      const get = (id: string) => store.getSecretValue('us-east-1', undefined, { SecretId: id }).SecretString;
      expect(get('obj')).to.equal('{"username":"app","password":"s3cret","nested":{"n":1,"list":[true,null]}}');
      expect(get('arr')).to.equal('[1,"two"]');
      expect(get('num')).to.equal('42');
      expect(get('bool')).to.equal('false');
      expect(get('str')).to.equal('{ "not": "reformatted" }');
    });

    it('gives a secret without arnSuffix the stable suffix of its name', () => {
      const { store } = vaultFrom({ secrets: { 'production/database/app': { value: 'x' } } });
      expect(store.listSecrets()[0]?.arn).to.equal(
        `arn:aws:secretsmanager:us-east-1:123456789012:secret:production/database/app-${secretArnSuffix('production/database/app')}`,
      );
    });

    it('gives a single value a version id that is the same on every load and AWSCURRENT', () => {
      const a = vaultFrom({ secrets: { db: { value: 'v1' } } }).store.listSecrets()[0]?.versions;
      const b = vaultFrom({ secrets: { db: { value: 'v1' } } }).store.listSecrets()[0]?.versions;
      const c = vaultFrom({ secrets: { db: { value: 'v2' } } }).store.listSecrets()[0]?.versions;
      expect(a).to.deep.equal(b);
      expect(a?.[0]?.stages).to.deep.equal(['AWSCURRENT']);
      expect(a?.[0]?.versionId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(c?.[0]?.versionId).to.not.equal(a?.[0]?.versionId);
    });

    it('uses the top-level region and account as defaults, and per-entry ones where given', () => {
      const { store } = vaultFrom({
        region: 'eu-central-1',
        accountId: '111122223333',
        secrets: { a: { value: 'x' }, b: { value: 'y', region: 'ap-south-1', accountId: '444455556666' } },
        parameters: { p: 'v', q: { type: 'String', value: 'w', region: 'us-west-2' } },
      });
      expect(store.listSecrets().map((s) => [s.region, s.accountId])).to.deep.equal([
        ['eu-central-1', '111122223333'],
        ['ap-south-1', '444455556666'],
      ]);
      expect(store.listParameters().map((p) => p.arn)).to.deep.equal([
        'arn:aws:ssm:eu-central-1:111122223333:parameter/p',
        'arn:aws:ssm:us-west-2:111122223333:parameter/q',
      ]);
    });

    it('takes region, account and suffix from a full ARN key, so one name can live in two regions', () => {
      const { store } = vaultFrom({
        secrets: {
          db: { value: 'virginia' },
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123': { value: 'ireland' },
          'arn:aws:secretsmanager:eu-west-2:210987654321:secret:db': { value: 'london' },
        },
      });
      const [virginia, ireland, london] = store.listSecrets();
      expect(ireland).to.include({ name: 'db', region: 'eu-west-1', accountId: '123456789012', arn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbC123' });
      // A partial ARN key (no -XXXXXX) gets the name's stable suffix.
      expect(london?.arn).to.equal(`arn:aws:secretsmanager:eu-west-2:210987654321:secret:db-${secretArnSuffix('db')}`);
      expect(virginia?.region).to.equal('us-east-1');
      expect(store.getSecretValue('eu-west-1', undefined, { SecretId: 'db' }).SecretString).to.equal('ireland');
      expect(store.getSecretValue('us-east-1', undefined, { SecretId: 'db' }).SecretString).to.equal('virginia');
    });

    it('takes region and account from an SSM parameter ARN key', () => {
      const { store } = vaultFrom({
        parameters: {
          'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db': 'hierarchical',
          'arn:aws:ssm:eu-west-1:123456789012:parameter/top': 'top-level',
        },
      });
      expect(store.listParameters().map((p) => [p.name, p.region])).to.deep.equal([
        ['/app/db', 'eu-west-1'],
        ['top', 'eu-west-1'],
      ]);
    });

    it('accepts a secret with no value (as CreateSecret without a value makes)', () => {
      const { store } = vaultFrom({ secrets: { empty: {} } });
      expect(store.listSecrets()[0]?.versions).to.deep.equal([]);
    });

    it('accepts version dates, deprecated versions and custom labels', () => {
      const { store } = vaultFrom({
        secrets: {
          s: {
            versions: [
              { id: '00000000-0000-0000-0000-000000000001', value: 'oldest', createdDate: '2023-01-02T03:04:05Z' },
              { id: '00000000-0000-0000-0000-000000000002', stages: ['AWSCURRENT', 'blue'], binary: 'AAEC' },
            ],
          },
        },
      });
      const v = store.getSecretValue('us-east-1', undefined, { SecretId: 's', VersionId: '00000000-0000-0000-0000-000000000001' });
      expect(v.CreatedDate.toISOString()).to.equal('2023-01-02T03:04:05.000Z');
      expect(v.VersionStages).to.deep.equal([]);
    });

    it('resolves environment file paths against the vault folder, not the working directory', () => {
      const { store } = vaultFrom({ environmentFiles: { 'arn:aws:s3:::b/k/app.env': 'envs/app.env', 'arn:aws:s3:::b/abs.env': '/etc/abs.env' } });
      expect(store.getEnvironmentFile('arn:aws:s3:::b/k/app.env')).to.equal('/project/envs/app.env');
      expect(store.getEnvironmentFile('arn:aws:s3:::b/abs.env')).to.equal('/etc/abs.env');
      expect(store.getEnvironmentFile('arn:aws:s3:::b/other.env')).to.equal(undefined);
    });
  });

  describe('${VAR} interpolation', () => {
    it('fills secret values (strings inside objects too), version values, binary, parameter values and env-file paths', () => {
      const { store } = vaultFrom(
        {
          secrets: {
            db: { value: { username: 'app', password: '${DB_PASSWORD}' } },
            rot: { versions: [{ id: '00000000-0000-0000-0000-000000000001', stages: ['AWSCURRENT'], value: 'v-${TAG}' }] },
            bin: { binary: '${B64}' },
          },
          parameters: { p: 'x-${TAG}', q: { type: 'SecureString', value: '${DB_PASSWORD}' } },
          environmentFiles: { 'arn:aws:s3:::b/app.env': './${TAG}.env' },
        },
        { env: { DB_PASSWORD: 'pw"with\\quotes', TAG: 'blue', B64: 'AAEC' } },
      );
      const get = (id: string) => store.getSecretValue('us-east-1', undefined, { SecretId: id });
      // The value is filled before JSON encoding, so quotes in it stay valid JSON.
      expect(JSON.parse(get('db').SecretString ?? '')).to.deep.equal({ username: 'app', password: 'pw"with\\quotes' });
      expect(get('rot').SecretString).to.equal('v-blue');
      expect(Array.from(get('bin').SecretBinary ?? [])).to.deep.equal([0, 1, 2]);
      const params = store.getParameters('us-east-1', { Names: ['p', 'q'], WithDecryption: true }).Parameters;
      expect(params.map((p) => p.Value)).to.deep.equal(['x-blue', 'pw"with\\quotes']);
      expect(store.getEnvironmentFile('arn:aws:s3:::b/app.env')).to.equal('/project/blue.env');
    });

    it('reads .env beside the vault, and the process environment wins over it', () => {
      const { store } = vaultFrom(
        { parameters: { a: '${FROM_DOTENV}', b: '${IN_BOTH}' } },
        { env: { IN_BOTH: 'from-process' }, files: { '/project/.env': 'FROM_DOTENV=dot\nIN_BOTH=from-dotenv\n' } },
      );
      const values = store.getParameters('us-east-1', { Names: ['a', 'b'], WithDecryption: false }).Parameters.map((p) => p.Value);
      expect(values).to.deep.equal(['dot', 'from-process']);
    });

    it('does not put .env values into the process environment', () => {
      const name = `ECS_LOCAL_TEST_${process.pid}_ONLY_IN_DOTENV`;
      vaultFrom({ parameters: { a: `\${${name}}` } }, { files: { '/project/.env': `${name}=x\n` } });
      expect(process.env[name]).to.equal(undefined);
    });

    it('keeps $${ as a literal ${', () => {
      const { store } = vaultFrom({ parameters: { tpl: 'Hello $${NAME}' } });
      expect(store.getParameters('us-east-1', { Names: ['tpl'], WithDecryption: false }).Parameters[0]?.Value).to.equal('Hello ${NAME}');
    });

    it('refuses an unset variable, naming the entry, the variable and the .env file', () => {
      const text = '{\n  "secrets": {\n    "db": { "value": { "password": "${DB_PASSWORD}" } }\n  }\n}\n';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"password"')}: secrets.db.value.password: variable DB_PASSWORD is not set (set DB_PASSWORD in the environment, or add DB_PASSWORD=... to /project/.env)`,
      );
    });

    it('refuses an unset variable in a parameter shorthand and in an environment file path', () => {
      const p = '{ "parameters": { "/app/key": "${API_KEY}" } }';
      expect(errorFor(p)).to.equal(
        `${VAULT_FILE}:${at(p, '"/app/key"')}: parameters["/app/key"]: variable API_KEY is not set (set API_KEY in the environment, or add API_KEY=... to /project/.env)`,
      );
      const e = '{ "environmentFiles": { "arn:aws:s3:::b/k.env": "${DIR}/k.env" } }';
      expect(errorFor(e)).to.match(/^\/project\/ecs-local\.vault\.json:1:25: environmentFiles\["arn:aws:s3:::b\/k\.env"\]: variable DIR is not set/);
    });

    it('refuses a malformed reference', () => {
      const text = '{ "parameters": { "p": "${NOT CLOSED" } }';
      expect(errorFor(text)).to.match(/:1:19: parameters\.p: "\$\{" at offset 0 is not closed by "\}" \(write \$\{NAME\} to insert a variable, or \$\$\{ for a literal "\$\{"\)$/);
    });
  });

  describe('a bad vault: one line naming file:line:col, the path and the fix', () => {
    it('malformed JSON', () => {
      const text = '{\n  "secrets": {\n    "db": { "value": "x", }\n  }\n}';
      expect(errorFor(text)).to.equal(`${VAULT_FILE}:3:27: invalid JSON: trailing comma before }`);
    });

    it('a top-level value that is not an object', () => {
      expect(errorFor('[]')).to.equal(
        `${VAULT_FILE}:1:1: (top level): expected an object, found an array (the vault is a JSON object: { "secrets": { … }, "parameters": { … } })`,
      );
    });

    it('an unknown top-level field, with a suggestion', () => {
      const text = '{\n  "secret": {}\n}';
      expect(errorFor(text)).to.equal(`${VAULT_FILE}:2:3: secret: unknown field "secret" (did you mean "secrets"?)`);
    });

    it('an unknown field with nothing close lists the allowed ones', () => {
      const text = '{ "secrets": { "db": { "value": "x", "labels": [] } } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"labels"')}: secrets.db.labels: unknown field "labels" (the fields allowed here are "value", "binary", "versions", "arnSuffix", "region", "accountId", "deleted", "deletedDate", "kmsKeyId", "resourcePolicy", "description", "tags", "rotationLambdaArn", "createdDate", "lastChangedDate")`,
      );
    });

    it('a misspelt secret field', () => {
      const text = '{\n  "secrets": {\n    "production/db": { "vaule": "x" }\n  }\n}';
      expect(errorFor(text)).to.equal(`${VAULT_FILE}:3:24: secrets["production/db"].vaule: unknown field "vaule" (did you mean "value"?)`);
    });

    it('a misspelt field in a version and in a parameter', () => {
      const v = '{ "secrets": { "s": { "versions": [ { "id": "11111111-1111-1111-1111-111111111111", "stage": ["AWSCURRENT"], "value": "x" } ] } } }';
      expect(errorFor(v)).to.equal(`${VAULT_FILE}:${at(v, '"stage"')}: secrets.s.versions[0].stage: unknown field "stage" (did you mean "stages"?)`);
      const p = '{ "parameters": { "p": { "type": "String", "value": "x", "lables": [] } } }';
      expect(errorFor(p)).to.equal(`${VAULT_FILE}:${at(p, '"lables"')}: parameters.p.lables: unknown field "lables" (did you mean "labels"?)`);
    });

    it('wrong types', () => {
      const s = '{ "secrets": [] }';
      expect(errorFor(s)).to.equal(`${VAULT_FILE}:1:3: secrets: expected an object, found an array (write "secrets": { "<name>": { "value": "..." } })`);
      const e = '{ "secrets": { "db": "plain" } }';
      expect(errorFor(e)).to.equal(
        `${VAULT_FILE}:1:16: secrets.db: expected an object, found a string (write { "value": "..." }, { "binary": "<base64>" } or { "versions": [...] })`,
      );
      const d = '{ "secrets": { "db": { "value": "x", "deleted": "yes" } } }';
      expect(errorFor(d)).to.equal(`${VAULT_FILE}:${at(d, '"deleted"')}: secrets.db.deleted: expected true or false, found a string (write true or false)`);
      const n = '{ "secrets": { "db": { "value": null } } }';
      expect(errorFor(n)).to.match(/:1:24: secrets\.db\.value: expected a value, found null \(/);
      const r = '{ "region": 1 }';
      expect(errorFor(r)).to.equal(`${VAULT_FILE}:1:3: region: expected a string, found a number (1) (write a region such as "eu-west-1")`);
    });

    it('never quotes a string value in a message (it may be a secret)', () => {
      expect(errorFor('{ "secrets": { "db": "hunter2" } }')).to.not.include('hunter2');
    });

    it('an invalid region or account id', () => {
      expect(errorFor('{ "region": "US East" }')).to.equal(`${VAULT_FILE}:1:3: region: "US East" is not a region (write a region such as "eu-west-1")`);
      const a = '{ "parameters": { "p": { "type": "String", "value": "x", "accountId": "12345" } } }';
      expect(errorFor(a)).to.equal(`${VAULT_FILE}:${at(a, '"accountId"')}: parameters.p.accountId: "12345" is not an account id (write 12 digits, e.g. "123456789012")`);
    });

    it('a bad arnSuffix', () => {
      const text = '{ "secrets": { "db": { "value": "x", "arnSuffix": "-abc12" } } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"arnSuffix"')}: secrets.db.arnSuffix: "-abc12" is not an ARN suffix (write exactly 6 letters or digits, e.g. "AbC123", without the hyphen)`,
      );
      expect(errorFor('{ "secrets": { "db": { "value": "x", "arnSuffix": "abc1234" } } }')).to.include('"abc1234" is not an ARN suffix');
    });

    it('a bad secret name or secret ARN key', () => {
      const text = '{ "secrets": { "my secret": { "value": "x" } } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:1:16: secrets["my secret"]: "my secret" is not a valid secret name (use 1 to 512 letters, digits and the symbols / _ + = . @ -)`,
      );
      const arn = '{ "secrets": { "arn:aws:ssm:us-east-1:123456789012:parameter/x": { "value": "x" } } }';
      expect(errorFor(arn)).to.match(/:1:16: secrets\["arn:aws:ssm:[^"]+"\]: this key starts with "arn:" but is not a Secrets Manager secret ARN \(/);
      const region = '{ "secrets": { "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db": { "value": "x", "region": "us-east-1" } } }';
      expect(errorFor(region)).to.include(`secrets["arn:aws:secretsmanager:eu-west-1:123456789012:secret:db"].region: "us-east-1" differs from "eu-west-1" in the ARN key (remove "region": the ARN sets it)`);
      const partition = '{ "secrets": { "arn:aws:secretsmanager:cn-north-1:123456789012:secret:db": { "value": "x" } } }';
      expect(errorFor(partition)).to.include('region cn-north-1 is in partition "aws-cn", not "aws" (start the ARN with arn:aws-cn:)');
    });

    it('bad parameter names, with the SSM rule and the fix', () => {
      const cases: [string, string][] = [
        ['a/b', 'parameter name "a/b" is not a valid path (a name with "/" must start with "/" and have no empty level, e.g. /app/prod/db)'],
        ['/a//b', 'parameter name "/a//b" is not a valid path'],
        ['/a/b/', 'parameter name "/a/b/" ends with "/" (remove the trailing "/")'],
        ['has space', 'parameter name "has space" has characters SSM does not allow'],
        ['name:1', 'parameter name "name:1" has characters SSM does not allow'],
        ['/SSM/x', 'starts with "aws" or "ssm", which AWS reserves (any case)'],
        ['awsKey', 'starts with "aws" or "ssm", which AWS reserves (any case)'],
        ['/aws/reference/secretsmanager/db', 'starts with "aws" or "ssm", which AWS reserves'],
        [`/${Array.from({ length: 16 }, (_, i) => `l${i}`).join('/')}`, 'has more than 15 levels'],
      ];
      for (const [name, problem] of cases) {
        const text = `{ "parameters": { ${JSON.stringify(name)}: "v" } }`;
        const msg = errorFor(text);
        const shown = /^[A-Za-z_]\w*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
        expect(msg, name).to.include(`${VAULT_FILE}:1:19: parameters${shown}: `);
        expect(msg, name).to.include(problem);
      }
    });

    it('bad parameter fields', () => {
      const t = '{ "parameters": { "p": { "type": "Secure", "value": "x" } } }';
      expect(errorFor(t)).to.equal(`${VAULT_FILE}:${at(t, '"type"')}: parameters.p.type: "Secure" is not a parameter type (write "String", "StringList" or "SecureString")`);
      expect(errorFor('{ "parameters": { "p": { "value": "x" } } }')).to.include('parameters.p.type: expected a string, found nothing');
      expect(errorFor('{ "parameters": { "p": "" } }')).to.include('parameters.p: the value is empty, which SSM does not allow');
      expect(errorFor('{ "parameters": { "p": { "type": "String", "value": ["a", "b"] } } }')).to.include(
        'parameters.p.value: expected a string, found an array (write the value as a string (a StringList is comma-separated: "a,b,c"))',
      );
      expect(errorFor('{ "parameters": { "p": { "type": "String", "value": "x", "version": 0 } } }')).to.include('parameters.p.version: the version must be a whole number from 1');
      expect(errorFor('{ "parameters": { "p": { "type": "String", "value": "x", "version": 1.5 } } }')).to.include('the version must be a whole number from 1');
      const k = '{ "parameters": { "p": { "type": "String", "value": "x", "kmsKeyId": "alias/k" } } }';
      expect(errorFor(k)).to.include('parameters.p.kmsKeyId: only a SecureString parameter is encrypted, this one is a String');
    });

    it('bad parameter labels', () => {
      for (const [label, problem] of [
        ['1st', 'starts with a digit'],
        ['awsProd', 'starts with "aws" or "ssm"'],
        ['has space', 'has characters SSM does not allow'],
      ]) {
        const text = `{ "parameters": { "p": { "type": "String", "value": "x", "labels": ["ok", ${JSON.stringify(label)}] } } }`;
        expect(errorFor(text), label).to.include(`${VAULT_FILE}:${at(text, JSON.stringify(label))}: parameters.p.labels[1]: label "${label}" ${problem}`);
      }
      expect(errorFor('{ "parameters": { "p": { "type": "String", "value": "x", "labels": ["a", "a"] } } }')).to.include('parameters.p.labels[1]: label a is listed twice');
    });

    it('a staging label on two versions, naming both', () => {
      const text = [
        '{ "secrets": { "rotating/db": { "versions": [',
        '  { "id": "11111111-1111-1111-1111-111111111111", "stages": ["AWSCURRENT"], "value": "old" },',
        '  { "id": "22222222-2222-2222-2222-222222222222", "stages": ["AWSPENDING", "AWSCURRENT"], "value": "new" }',
        '] } } }',
      ].join('\n');
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"AWSCURRENT"], "value": "new"')}: secrets["rotating/db"].versions[1].stages[1]: staging label AWSCURRENT is already on versions[0] (a label can be attached to only one version: remove it from one of them)`,
      );
    });

    it('versions without AWSCURRENT', () => {
      const text = '{ "secrets": { "db": { "versions": [ { "id": "11111111-1111-1111-1111-111111111111", "stages": ["AWSCURENT"], "value": "x" } ] } } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"versions"')}: secrets.db.versions: no version has the staging label AWSCURRENT (add "AWSCURRENT" to the stages of the version GetSecretValue returns by default)`,
      );
    });

    it('bad versions: id, duplicates, content, date', () => {
      const v = (body: string) => `{ "secrets": { "db": { "versions": [ ${body} ] } } }`;
      const id1 = '"id": "11111111-1111-1111-1111-111111111111"';
      expect(errorFor(v('{ "id": "short", "stages": ["AWSCURRENT"], "value": "x" }'))).to.include(
        'secrets.db.versions[0].id: a VersionId has 32 to 64 characters, this one has 5 (use a UUID such as 11111111-1111-1111-1111-111111111111)',
      );
      expect(errorFor(v(`{ ${id1}, "stages": ["AWSCURRENT"], "value": "x" }, { ${id1}, "value": "y" }`))).to.include(
        'secrets.db.versions[1].id: versions[0] has the same id (give each version its own id)',
      );
      expect(errorFor(v(`{ ${id1}, "stages": ["AWSCURRENT"] }`))).to.include('secrets.db.versions[0]: this version has no "value" or "binary"');
      expect(errorFor(v(`{ ${id1}, "stages": ["AWSCURRENT"], "value": "x", "binary": "AA==" }`))).to.include(
        'secrets.db.versions[0].binary: "value" and "binary" can\'t both be set',
      );
      expect(errorFor(v(`{ ${id1}, "stages": ["AWSCURRENT", "AWSCURRENT"], "value": "x" }`))).to.include('secrets.db.versions[0].stages[1]: staging label AWSCURRENT is listed twice');
      expect(errorFor(v(`{ ${id1}, "stages": ["AWSCURRENT"], "value": "x", "createdDate": "yesterday" }`))).to.include(
        'secrets.db.versions[0].createdDate: "yesterday" is not an ISO 8601 date',
      );
    });

    it('both value and versions (or binary)', () => {
      const text = '{ "secrets": { "db": { "value": "x", "versions": [] } } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"versions"')}: secrets.db.versions: "value" and "versions" can't both be set (use "value" or "binary" for a secret with one version, or list every version in "versions")`,
      );
      expect(errorFor('{ "secrets": { "db": { "value": "x", "binary": "AA==" } } }')).to.include('secrets.db.binary: "value" and "binary" can\'t both be set');
    });

    it('binary that is not base64', () => {
      const text = '{ "secrets": { "blob": { "binary": "not base64!" } } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"binary"')}: secrets.blob.binary: this is not valid base64 (write the bytes as standard base64 (A-Z a-z 0-9 + /, padded with =))`,
      );
    });

    it('a duplicate key', () => {
      const text = '{\n  "secrets": {\n    "db": { "value": "a" },\n    "db": { "value": "b" }\n  }\n}';
      expect(errorFor(text)).to.equal(`${VAULT_FILE}:4:5: secrets.db: "db" appears more than once in this object (keep one of them)`);
    });

    it('the same secret twice (name and ARN key)', () => {
      const text = `{ "secrets": { "db": { "value": "a" }, "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-${secretArnSuffix('db')}": { "value": "b" } } }`;
      expect(errorFor(text)).to.include(
        'this is the same secret as secrets.db (db in us-east-1, account 123456789012) (keep only one of the two entries)'.replace('secrets.db', 'secrets["db"]'),
      );
    });

    it('the same parameter twice as foo and /foo', () => {
      const text = '{ "parameters": { "foo": "a", "/foo": "b" } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:${at(text, '"/foo"')}: parameters["/foo"]: this is the same parameter as parameters["foo"] (SSM treats "foo" and "/foo" as one name) (keep only one of the two entries)`,
      );
    });

    it('an environment file key that is not an S3 object ARN', () => {
      const text = '{ "environmentFiles": { "s3://bucket/app.env": "./app.env" } }';
      expect(errorFor(text)).to.equal(
        `${VAULT_FILE}:1:25: environmentFiles["s3://bucket/app.env"]: "s3://bucket/app.env" is not an S3 object ARN (write it as in the task definition, e.g. arn:aws:s3:::my-bucket/app.env)`,
      );
    });

    it('a vault file that does not exist', () => {
      const err = thrown(() => loadVault('/nowhere/ecs-local.vault.json', { env: {}, readFile: () => { throw Object.assign(new Error('x'), { code: 'ENOENT' }); } }));
      expect(err.errorName).to.equal('InputError');
      expect(err.message).to.equal('/nowhere/ecs-local.vault.json: cannot read the vault: no such file (create it, or name another file with --vault FILE)');
    });
  });

  describe('from disk', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-vault-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('reads the vault and the .env beside it', () => {
      const file = path.join(dir, 'ecs-local.vault.json');
      fs.writeFileSync(file, JSON.stringify({ secrets: { db: { value: '${PW}' } } }));
      fs.writeFileSync(path.join(dir, '.env'), '# comment\nPW="from dotenv"\n');
      const { store } = loadVault(file, { env: {} });
      expect(store.getSecretValue('us-east-1', undefined, { SecretId: 'db' }).SecretString).to.equal('from dotenv');
    });

    it('works without a .env', () => {
      const file = path.join(dir, 'v.json');
      fs.writeFileSync(file, '{ "parameters": { "p": "v" } }');
      expect(loadVault(file, { env: {} }).store.listParameters()).to.have.length(1);
    });
  });
});
