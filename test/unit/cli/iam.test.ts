/**
 * IAM through the CLI: the vault's `policies` decide what the task execution role may read, and a
 * denial stops the task with the AccessDeniedException text ECS reports, in both launch types.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeIds, runCli } from '../../support/cli.js';

const SEED = 'examples/seed';
const ACCOUNT = '123456789012';
const SM = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:`;
const DB = `${SM}production/database/app-abc123`;
const API = `${SM}production/third-party-api-def456`;
const PARAM = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/production/config/value`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`;
const MANAGED = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const FARGATE = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';
const FARGATE_ASM = `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): `;
const FARGATE_SSM = `${FARGATE}unable to retrieve secrets from ssm: service call has been retried 1 time(s): `;

/** Request ids and task ids (the STS session name) replaced, so texts compare byte for byte. */
function normalize(text: string): string {
  return normalizeIds(text).replace(/(assumed-role\/[^/\s]+\/)[0-9a-f]{32}\b/g, '$1<task-id>');
}

const user = (role: string) => `User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/<task-id>`;
const notAllowed = (role: string, action: string, resource: string) =>
  `${user(role)} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;
const sdkV2 = (service: string, operation: string, inner: string) =>
  `operation error ${service}: ${operation}, https response error StatusCode: 400, RequestID: <uuid>, ${inner}`;

const allow = (action: string | string[], resource: string | string[]) => ({ Effect: 'Allow', Action: action, Resource: resource });
const doc = (...statements: unknown[]) => ({ Version: '2012-10-17', Statement: statements });

describe('ecs-local check: IAM policies of the task execution role', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-iam-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const seedVault = () => JSON.parse(fs.readFileSync(`${SEED}/ecs-local.vault.json`, 'utf8')) as Record<string, unknown>;
  const seedTask = () => JSON.parse(fs.readFileSync(`${SEED}/taskdef.json`, 'utf8')) as { containerDefinitions: { secrets: { name: string; valueFrom: string }[] }[] };
  /** The seed vault with `policies` replaced (or removed when undefined). */
  const vaultWith = (policies: Record<string, unknown> | undefined, change: (v: Record<string, unknown>) => void = () => {}) => {
    const v = seedVault();
    if (policies === undefined) delete v.policies;
    else v.policies = policies;
    change(v);
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify(v, null, 2));
  };
  const task = (change: (td: ReturnType<typeof seedTask>) => void = () => {}) => {
    const td = seedTask();
    change(td);
    const file = path.join(dir, 'taskdef.json');
    fs.writeFileSync(file, JSON.stringify(td, null, 2));
    return file;
  };
  const both = async (file: string) => {
    const fargate = await runCli(['check', file]);
    const ec2 = await runCli(['check', file, '--launch-type', 'EC2']);
    return { fargate, ec2 };
  };

  it('the seed vault reproduces the article\'s Terraform policy: the seed task starts', async () => {
    const r = await runCli(['check', `${SEED}/taskdef.json`]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.not.include('IAM');
  });

  it('error-access-denied.json (managed policy only): the exact stoppedReason, Fargate and EC2', async () => {
    const { fargate, ec2 } = await both(`${SEED}/error-access-denied.json`);
    const role = 'ecsTaskExecutionRoleWithoutSecretsAccess';
    expect(fargate.code).to.equal(3);
    expect(fargate.stdout).to.equal('');
    const denied = (id: string) => `AccessDeniedException: ${notAllowed(role, 'secretsmanager:GetSecretValue', id)}`;
    expect(normalize(fargate.stderr)).to.equal(`${FARGATE_ASM}failed to fetch secret ${DB} from secrets manager: ${denied(DB)} status code: 400, request id: <uuid>\n`);

    // EC2: one error per GetSecretValue (DB twice: two JSON keys), joined with ";", cut at 1024 bytes.
    expect(ec2.code).to.equal(3);
    const one = (id: string) => {
      const sdk = sdkV2('Secrets Manager', 'GetSecretValue', `api error ${denied(id)}`);
      return `secret ${id}: ${sdk}: ${sdk}`;
    };
    expectEc2Reason(ec2.stderr, `S${[one(DB), one(DB), one(API)].join(';').slice(1)}`);
  });

  it('the session name in the denial is the task id: 32 hex digits, new for every run', async () => {
    const a = await runCli(['check', `${SEED}/error-access-denied.json`]);
    const b = await runCli(['check', `${SEED}/error-access-denied.json`]);
    const session = (t: string) => /assumed-role\/ecsTaskExecutionRoleWithoutSecretsAccess\/([^ ]+) /.exec(t)?.[1];
    expect(session(a.stderr)).to.match(/^[0-9a-f]{32}$/);
    expect(session(b.stderr)).to.match(/^[0-9a-f]{32}$/);
    expect(session(a.stderr)).to.not.equal(session(b.stderr));
  });

  it('a partial ARN (no -XXXXXX) is denied by a policy that names the full ARN, and the denial names the partial ARN (aws-cdk#18555)', async () => {
    vaultWith({ [ROLE]: [MANAGED, doc(allow('secretsmanager:GetSecretValue', [DB, API]), allow('kms:Decrypt', KEY), allow('ssm:GetParameters', PARAM))] });
    const partial = `${SM}production/third-party-api`;
    const file = task((td) => {
      const s = td.containerDefinitions[0]?.secrets.find((x) => x.name === 'API_KEY');
      if (s) s.valueFrom = partial;
    });
    const { fargate, ec2 } = await both(file);
    const denied = `AccessDeniedException: ${notAllowed('ecsTaskExecutionRole', 'secretsmanager:GetSecretValue', partial)}`;
    expect(fargate.code).to.equal(3);
    expect(normalize(fargate.stderr)).to.equal(`${FARGATE_ASM}failed to fetch secret ${partial} from secrets manager: ${denied} status code: 400, request id: <uuid>\n`);
    const sdk = sdkV2('Secrets Manager', 'GetSecretValue', `api error ${denied}`);
    expectEc2Reason(ec2.stderr, `Secret ${partial}: ${sdk}: ${sdk}`);

    // The same partial ARN passes once the policy allows the suffix with ?????? (AWS's advice).
    vaultWith({ [ROLE]: [doc(allow('secretsmanager:GetSecretValue', [DB, `${partial}-??????`, partial]), allow('kms:Decrypt', KEY), allow('ssm:GetParameters', PARAM))] });
    expect((await runCli(['check', file])).code).to.equal(0);
  });

  it('an explicit Deny wins over any Allow, and says so', async () => {
    vaultWith({
      [ROLE]: [doc(allow('*', '*'), { Sid: 'NoThirdParty', Effect: 'Deny', Action: 'secretsmanager:GetSecretValue', Resource: `${SM}production/third-party-api-*` })],
    });
    const { fargate, ec2 } = await both(task());
    const denied = `AccessDeniedException: ${user('ecsTaskExecutionRole')} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${API} with an explicit deny in an identity-based policy`;
    expect(normalize(fargate.stderr)).to.equal(`${FARGATE_ASM}failed to fetch secret ${API} from secrets manager: ${denied} status code: 400, request id: <uuid>\n`);
    const sdk = sdkV2('Secrets Manager', 'GetSecretValue', `api error ${denied}`);
    expectEc2Reason(ec2.stderr, `Secret ${API}: ${sdk}: ${sdk}`);
  });

  it('NotAction: "everything but ssm:*" reads the secrets and fails on GetParameters for the whole batch', async () => {
    vaultWith({ [ROLE]: [doc({ Effect: 'Allow', NotAction: ['ssm:*'], Resource: '*' })] });
    const { fargate, ec2 } = await both(task());
    const denied = `AccessDeniedException: ${notAllowed('ecsTaskExecutionRole', 'ssm:GetParameters', PARAM)}`;
    expect(normalize(fargate.stderr)).to.equal(`${FARGATE_SSM}${denied} status code: 400, request id: <uuid>\n`);
    expect(normalize(ec2.stderr)).to.equal(`Fetching secret data from SSM Parameter Store in us-east-1: ${sdkV2('SSM', 'GetParameters', `api error ${denied}`)}\n`);
  });

  it('NotResource: an Allow on every resource but one parameter denies that parameter', async () => {
    vaultWith({ [ROLE]: [doc(allow(['secretsmanager:GetSecretValue', 'kms:Decrypt'], '*'), { Effect: 'Allow', Action: 'ssm:GetParameters', NotResource: PARAM })] });
    const r = await runCli(['check', task()]);
    expect(normalize(r.stderr)).to.equal(`${FARGATE_SSM}AccessDeniedException: ${notAllowed('ecsTaskExecutionRole', 'ssm:GetParameters', PARAM)} status code: 400, request id: <uuid>\n`);
  });

  it('wildcards: actions match case-insensitively with * and ?, resources case-sensitively', async () => {
    const wild = [doc(allow(['SecretsManager:Get*Value', 'ssm:GetParameter?', 'KMS:decrypt'], [`${SM}production/*`, 'arn:aws:ssm:us-east-1:*:parameter/production/config/*', 'arn:aws:kms:*']))];
    vaultWith({ [ROLE]: wild });
    const ok = await runCli(['check', task()]);
    expect(ok.code, ok.stderr).to.equal(0);

    vaultWith({ [ROLE]: [doc(allow(['secretsmanager:GetSecretValue', 'ssm:GetParameters', 'kms:Decrypt'], [`${SM}Production/*`, PARAM, KEY]))] });
    const r = await runCli(['check', task()]);
    expect(r.code).to.equal(3);
    expect(normalize(r.stderr)).to.include(`on resource: ${DB} because no identity-based policy allows`);
  });

  it('KMS: a secret encrypted with a customer key needs kms:Decrypt on the key; Secrets Manager says "Access to KMS is not allowed"', async () => {
    vaultWith({ [ROLE]: [doc(allow(['secretsmanager:GetSecretValue', 'ssm:GetParameters'], '*'))] });
    const { fargate, ec2 } = await both(task());
    expect(normalize(fargate.stderr)).to.equal(
      `${FARGATE_ASM}failed to fetch secret ${DB} from secrets manager: AccessDeniedException: Access to KMS is not allowed status code: 400, request id: <uuid>\n`,
    );
    const sdk = sdkV2('Secrets Manager', 'GetSecretValue', 'api error AccessDeniedException: Access to KMS is not allowed');
    const one = (id: string) => `secret ${id}: ${sdk}: ${sdk}`;
    expectEc2Reason(ec2.stderr, `S${[one(DB), one(DB), one(API)].join(';').slice(1)}`);
  });

  it('KMS: the AWS managed key needs no kms:Decrypt; a parameter under a customer key gives SSM\'s KMS text', async () => {
    vaultWith({ [ROLE]: [doc(allow(['secretsmanager:GetSecretValue', 'ssm:GetParameters'], '*'))] }, (v) => {
      const secrets = v.secrets as Record<string, Record<string, unknown>>;
      for (const s of Object.values(secrets)) s.kmsKeyId = 'alias/aws/secretsmanager';
      (v.parameters as Record<string, Record<string, unknown>>)['/production/config/value'] = { type: 'SecureString', value: 'x', kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab' };
    });
    const { fargate, ec2 } = await both(task());
    const kms = `${notAllowed('ecsTaskExecutionRole', 'kms:Decrypt', KEY)} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: <uuid>; Proxy: null)`;
    // The key id is shaped like a uuid: normalised on both sides.
    expect(normalize(fargate.stderr)).to.equal(normalize(`${FARGATE_SSM}AccessDeniedException: ${kms} status code: 400, request id: <uuid>\n`));
    expect(normalize(ec2.stderr)).to.equal(normalize(`Fetching secret data from SSM Parameter Store in us-east-1: ${sdkV2('SSM', 'GetParameters', `api error AccessDeniedException: ${kms}`)}\n`));
  });

  it('a kmsKeyId given as an alias is evaluated as the alias ARN, with a warning', async () => {
    const alias = `arn:aws:kms:us-east-1:${ACCOUNT}:alias/app-secrets`;
    vaultWith({ [ROLE]: [doc(allow(['secretsmanager:GetSecretValue', 'ssm:GetParameters'], '*'), allow('kms:Decrypt', alias))] }, (v) => {
      for (const s of Object.values(v.secrets as Record<string, Record<string, unknown>>)) s.kmsKeyId = 'alias/app-secrets';
    });
    const r = await runCli(['check', task()]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr.match(/names its KMS key by alias/g)).to.have.length(1);
    expect(r.stderr).to.include(`(${alias})`);
  });

  it('a vault without "policies" allows every call and says so once', async () => {
    vaultWith(undefined);
    const r = await runCli(['check', task()]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.equal(
      `ecs-local: warning: the vault has no IAM policies for ${ROLE}: every call is allowed (add a "policies" section to the vault to check the role's permissions as IAM does)\n`,
    );
  });

  it('"policies" without the task\'s role: every call is denied, with a hint at the closest role', async () => {
    vaultWith({ [`arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRol`]: [doc(allow('*', '*'))] });
    const r = await runCli(['check', task()]);
    expect(r.code).to.equal(3);
    expect(r.stderr).to.include(`ecs-local: warning: the vault's "policies" name no role ${ROLE}: IAM denies every call of a role without policies; did you mean arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRol?\n`);
    expect(normalize(r.stderr)).to.include(notAllowed('ecsTaskExecutionRole', 'ssm:GetParameters', PARAM));
  });

  it('a role with a path: the denial names the role by its name only', async () => {
    const pathRole = `arn:aws:iam::${ACCOUNT}:role/service-role/team/exec`;
    vaultWith({ [pathRole]: [MANAGED] });
    const r = await runCli(['check', task((td) => Object.assign(td, { executionRoleArn: pathRole }))]);
    expect(normalize(r.stderr)).to.include(`User: arn:aws:sts::${ACCOUNT}:assumed-role/exec/<task-id> is not authorized`);
  });

  it('a Condition is not evaluated: the statement applies without it, with one warning', async () => {
    const conditional = { ...allow('*', '*'), Condition: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } } };
    vaultWith({ [ROLE]: [doc(conditional)] });
    const r = await runCli(['check', task()]);
    expect(r.code, r.stderr).to.equal(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('Condition'));
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(/^ecs-local: warning: IAM Condition blocks are not evaluated: .*ecs-local\.vault\.json:\d+:\d+: policies\["arn:aws:iam::123456789012:role\/ecsTaskExecutionRole"\]\[0\]\.Statement\[0\] was applied as if it had no Condition$/);
  });

  it('a malformed policy is one line naming file:line:col, the path and the fix, exit 2', async () => {
    vaultWith({ [ROLE]: [doc({ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resorce: '*' })] });
    const r = await runCli(['check', task()]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(
      /^ecs-local: error: \S+ecs-local\.vault\.json:\d+:\d+: policies\["arn:aws:iam::123456789012:role\/ecsTaskExecutionRole"\]\[0\]\.Statement\[0\]\.Resorce: unknown element "Resorce" \(did you mean "Resource"\? IAM element names are case-sensitive\)\n$/,
    );
  });
});

/**
 * The EC2 stoppedReason is cut at 1024 bytes, which may fall inside a request id: compare the actual
 * text with `template` (ids as <uuid> and <task-id>) piece by piece, up to where the text ends.
 */
function expectEc2Reason(stderr: string, template: string): void {
  expect(stderr.endsWith('\n'), 'one line').to.equal(true);
  const actual = stderr.slice(0, -1);
  let pos = 0;
  for (const part of template.split(/(<uuid>|<task-id>)/)) {
    const rest = actual.slice(pos);
    if (part === '<uuid>' || part === '<task-id>') {
      const id = part === '<uuid>' ? /^[0-9a-f-]{0,36}/.exec(rest)?.[0] ?? '' : /^[0-9a-f]{0,32}/.exec(rest)?.[0] ?? '';
      pos += id.length;
      if (pos === actual.length) break;
      expect(id.length, `${part} at ${pos}`).to.equal(part === '<uuid>' ? 36 : 32);
    } else {
      const want = part.slice(0, rest.length);
      expect(rest.slice(0, want.length), `text at ${pos}`).to.equal(want);
      pos += want.length;
      if (pos === actual.length) break;
    }
  }
  expect(pos, 'the whole reason was compared').to.equal(actual.length);
  const complete = template.replace(/<uuid>/g, 'x'.repeat(36)).replace(/<task-id>/g, 'x'.repeat(32));
  expect(Buffer.byteLength(actual), 'cut at 1024 bytes').to.equal(Math.min(Buffer.byteLength(complete), 1024));
}
