import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { normalizeIds, runCli } from '../../support/cli.js';

const SHARED = 'arn:aws:secretsmanager:us-east-1:222233334444:secret:shared/db-AbCdEf';
const PREFIX =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): ' +
  `failed to fetch secret ${SHARED} from secrets manager: AccessDeniedException: `;

describe('ecs-local check: a secret in another account', () => {
  let dir: string;
  const vault = (entry: object) =>
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify({ region: 'us-east-1', accountId: '111122223333', secrets: { [SHARED]: { value: 's', ...entry } } }));
  const check = async () => {
    const r = await runCli(['check', path.join(dir, 'td.json')], { cwd: dir });
    const reason = normalizeIds(r.stderr.split('\n').find((l) => !l.startsWith('ecs-local: ')) ?? '');
    // The session name is the task id, random per run.
    return { code: r.code, reason: reason.replace(/(assumed-role\/exec\/)[0-9a-f]{32}/, '$1<task>') };
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-xacct-'));
    fs.writeFileSync(
      path.join(dir, 'td.json'),
      JSON.stringify({
        family: 'f',
        requiresCompatibilities: ['FARGATE'],
        cpu: '256',
        memory: '512',
        executionRoleArn: 'arn:aws:iam::111122223333:role/exec',
        containerDefinitions: [{ name: 'app', image: 'busybox', secrets: [{ name: 'SHARED', valueFrom: SHARED }] }],
      }),
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const allowAccount = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }] };
  const customerKey = 'arn:aws:kms:us-east-1:222233334444:key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it('needs a resource policy that allows the role, besides the role own policy', async () => {
    vault({ kmsKeyId: customerKey });
    expect(await check()).to.deep.equal({
      code: 3,
      reason: `${PREFIX}User: arn:aws:sts::111122223333:assumed-role/exec/<task> is not authorized to perform: secretsmanager:GetSecretValue on resource: ${SHARED} because no resource-based policy allows the secretsmanager:GetSecretValue action status code: 400, request id: <uuid>`,
    });
  });

  it('and a customer-managed KMS key: the aws/secretsmanager key cannot be shared', async () => {
    vault({ resourcePolicy: allowAccount });
    expect(await check()).to.deep.equal({ code: 3, reason: `${PREFIX}Access to KMS is not allowed status code: 400, request id: <uuid>` });
  });

  it('a hint after ECS text names what the vault entry lacks, as "Access to KMS is not allowed" does not', async () => {
    const hint = async () => {
      const r = await runCli(['check', path.join(dir, 'td.json')], { cwd: dir });
      expect(r.code).to.equal(3);
      return r.stderr.split('\n').filter((l) => l.startsWith('ecs-local: hint: '));
    };
    const prefix = `ecs-local: hint: ${SHARED}: the secret is in account 222233334444, the execution role in 111122223333; as on AWS, the vault entry needs a `;
    vault({ resourcePolicy: allowAccount });
    expect(await hint()).to.deep.equal([`${prefix}customer-managed "kmsKeyId" (README "The local vault")`]);
    vault({ resourcePolicy: allowAccount, kmsKeyId: 'alias/aws/secretsmanager' });
    expect(await hint()).to.deep.equal([`${prefix}customer-managed "kmsKeyId" (README "The local vault")`]);
    vault({});
    expect(await hint()).to.deep.equal([`${prefix}"resourcePolicy" allowing the role and a customer-managed "kmsKeyId" (README "The local vault")`]);
  });

  it('starts with both; an explicit Deny in the resource policy wins', async () => {
    vault({ resourcePolicy: allowAccount, kmsKeyId: customerKey });
    expect((await check()).code).to.equal(0);
    const deny = { ...allowAccount, Statement: [...allowAccount.Statement, { Effect: 'Deny', Principal: '*', Action: 'secretsmanager:*' }] };
    vault({ resourcePolicy: deny, kmsKeyId: customerKey });
    const r = await check();
    expect(r.code).to.equal(3);
    expect(r.reason).to.include('with an explicit deny in a resource-based policy');
  });
});
