/** GetSecretValue and GetParameters against the vault as the task execution role: IAM, then the vault, then KMS. */
import { expect } from 'chai';
import { guardVault } from '../../../src/vault/guard.js';
import { createVaultSources } from '../../../src/sources/vault-source.js';
import { thrown, vaultFrom } from './helpers.js';

const ACCOUNT = '123456789012';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/exec`;
const SM = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:`;
const DB = `${SM}db-AbC123`;
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/k-1`;
const USER = `User: arn:aws:sts::${ACCOUNT}:assumed-role/exec/task1`;
const REQUEST_ID = '11111111-2222-4333-8444-555555555555';
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Allow', Action, Resource });
const deny = (Action: string | string[], Resource: string | string[]) => ({ Effect: 'Deny', Action, Resource });

function guarded(statements: unknown[] | undefined, extra: Record<string, unknown> = {}) {
  const warnings: string[] = [];
  const vault = vaultFrom({
    secrets: { db: { value: 'pw', arnSuffix: 'AbC123' }, sealed: { value: 's', arnSuffix: 'Sea123', kmsKeyId: 'k-1' } },
    parameters: {
      '/app/a': 'a',
      '/app/b': { type: 'SecureString', value: 'b' },
      '/app/c': { type: 'SecureString', value: 'c', kmsKeyId: KEY },
    },
    ...(statements ? { policies: { [ROLE]: [{ Version: '2012-10-17', Statement: statements }] } } : {}),
    ...extra,
  });
  const guard = guardVault(vault, { caller: { roleArn: ROLE, sessionName: 'task1' }, warn: (l) => warnings.push(l), requestId: () => REQUEST_ID });
  return { guard, warnings };
}

const denial = (fn: () => unknown) => {
  const err = thrown(fn);
  return { code: err.code, message: err.message, status: err.statusCode, requestId: err.requestId };
};

describe('vault/guard', () => {
  describe('GetSecretValue', () => {
    it('a denial is AccessDeniedException, HTTP 400, with IAM\'s text naming the SecretId as asked', () => {
      const { guard } = guarded([allow('ssm:*', '*')]);
      expect(denial(() => guard.getSecretValue('us-east-1', { SecretId: DB }))).to.deep.equal({
        code: 'AccessDeniedException',
        message: `${USER} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${DB} because no identity-based policy allows the secretsmanager:GetSecretValue action`,
        status: 400,
        requestId: REQUEST_ID,
      });
    });

    it('a name is authorized as the full ARN of its secret, and the denial names the name', () => {
      expect(guarded([allow('secretsmanager:GetSecretValue', DB)]).guard.getSecretValue('us-east-1', { SecretId: 'db' }).SecretString).to.equal('pw');
      const { guard } = guarded([allow('secretsmanager:GetSecretValue', `${SM}db`)]);
      expect(denial(() => guard.getSecretValue('us-east-1', { SecretId: 'db' })).message).to.include('on resource: db because');
    });

    it('a partial ARN is authorized as asked: a policy on the full ARN denies it', () => {
      const { guard } = guarded([allow('secretsmanager:GetSecretValue', DB)]);
      expect(denial(() => guard.getSecretValue('us-east-1', { SecretId: `${SM}db` })).message).to.include(`on resource: ${SM}db because`);
      expect(guarded([allow('secretsmanager:GetSecretValue', `${SM}db-??????`)]).guard.getSecretValue('us-east-1', { SecretId: DB }).ARN).to.equal(DB);
    });

    it('IAM comes first: a missing secret the role may not read is AccessDenied, one it may read is ResourceNotFound', () => {
      const missing = `${SM}gone-XyZ789`;
      expect(denial(() => guarded([allow('secretsmanager:GetSecretValue', DB)]).guard.getSecretValue('us-east-1', { SecretId: missing })).code).to.equal('AccessDeniedException');
      expect(denial(() => guarded([allow('secretsmanager:*', '*')]).guard.getSecretValue('us-east-1', { SecretId: missing })).code).to.equal('ResourceNotFoundException');
      expect(denial(() => guarded([allow('secretsmanager:*', `${SM}gone`)]).guard.getSecretValue('us-east-1', { SecretId: 'gone' })).code).to.equal('ResourceNotFoundException');
    });

    it('an explicit Deny has its own text', () => {
      const { guard } = guarded([allow('*', '*'), deny('secretsmanager:Get*', `${SM}db-*`)]);
      expect(denial(() => guard.getSecretValue('us-east-1', { SecretId: DB })).message).to.equal(
        `${USER} is not authorized to perform: secretsmanager:GetSecretValue on resource: ${DB} with an explicit deny in an identity-based policy`,
      );
    });

    it('a customer key needs kms:Decrypt after the lookup: "Access to KMS is not allowed", implicit or explicit', () => {
      const sealed = `${SM}sealed-Sea123`;
      expect(denial(() => guarded([allow('secretsmanager:*', '*')]).guard.getSecretValue('us-east-1', { SecretId: sealed }))).to.deep.equal({
        code: 'AccessDeniedException',
        message: 'Access to KMS is not allowed',
        status: 400,
        requestId: REQUEST_ID,
      });
      expect(denial(() => guarded([allow('*', '*'), deny('kms:*', '*')]).guard.getSecretValue('us-east-1', { SecretId: sealed })).message).to.equal('Access to KMS is not allowed');
      expect(guarded([allow('secretsmanager:*', '*'), allow('kms:Decrypt', KEY)]).guard.getSecretValue('us-east-1', { SecretId: sealed }).SecretString).to.equal('s');
      // A stage that does not exist fails before any decryption.
      expect(denial(() => guarded([allow('secretsmanager:*', '*')]).guard.getSecretValue('us-east-1', { SecretId: sealed, VersionStage: 'NOPE' })).code).to.equal('ResourceNotFoundException');
    });
  });

  describe('GetParameters', () => {
    it('the whole batch fails on the first name denied, in request order, named by its ARN', () => {
      const { guard } = guarded([allow('ssm:GetParameters', `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/a`)]);
      expect(denial(() => guard.getParameters('us-east-1', { Names: ['/app/a', 'app/zzz', '/app/b'], WithDecryption: true })).message).to.equal(
        `${USER} is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/zzz because no identity-based policy allows the ssm:GetParameters action`,
      );
      expect(guard.getParameters('us-east-1', { Names: ['/app/a', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/a'], WithDecryption: true }).Parameters).to.have.length(2);
    });

    it('IAM comes first: an unknown name the role may read is listed in InvalidParameters', () => {
      const out = guarded([allow('ssm:GetParameters', '*')]).guard.getParameters('us-east-1', { Names: ['/app/nope'], WithDecryption: true });
      expect(out.InvalidParameters).to.deep.equal(['/app/nope']);
    });

    it('a SecureString under a customer key needs kms:Decrypt; SSM passes on KMS\'s text', () => {
      const { guard } = guarded([allow('ssm:*', '*')]);
      expect(guard.getParameters('us-east-1', { Names: ['/app/a', '/app/b'], WithDecryption: true }).Parameters).to.have.length(2);
      expect(guard.getParameters('us-east-1', { Names: ['/app/c'], WithDecryption: false }).Parameters).to.have.length(1);
      expect(denial(() => guard.getParameters('us-east-1', { Names: ['/app/a', '/app/c'], WithDecryption: true }))).to.deep.equal({
        code: 'AccessDeniedException',
        message: `${USER} is not authorized to perform: kms:Decrypt on resource: ${KEY} because no identity-based policy allows the kms:Decrypt action (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${REQUEST_ID}; Proxy: null)`,
        status: 400,
        requestId: REQUEST_ID,
      });
    });
  });

  it('[INF] a vault without policies allows every call, with one warning for all of them', () => {
    const { guard, warnings } = guarded(undefined);
    guard.getSecretValue('us-east-1', { SecretId: 'db' });
    guard.getParameters('us-east-1', { Names: ['/app/c'], WithDecryption: true });
    expect(warnings).to.deep.equal([
      `the vault has no IAM policies for ${ROLE}: every call is allowed (add a "policies" section to the vault to check the role's permissions as IAM does)`,
    ]);
  });

  it('[INF] a role given by name is the role of that name in the vault\'s account', () => {
    const vault = vaultFrom({ secrets: { db: { value: 'pw', arnSuffix: 'AbC123' } }, policies: { [ROLE]: [{ Statement: allow('*', '*') }] } });
    const guard = guardVault(vault, { caller: { roleArn: 'exec', sessionName: 't' }, warn: () => {}, requestId: () => REQUEST_ID });
    expect(guard.getSecretValue('us-east-1', { SecretId: 'db' }).SecretString).to.equal('pw');
  });

  it('createVaultSources asks a caller function at the first call, and checks nothing without a caller', async () => {
    const vault = vaultFrom({ secrets: { db: { value: 'pw' } }, policies: { [ROLE]: [] } });
    let role = 'arn:aws:iam::123456789012:role/later';
    const sources = createVaultSources(vault, { caller: () => ({ roleArn: role, sessionName: 't' }) });
    role = ROLE;
    const err = await sources.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' }).then(
      () => undefined,
      (e: Error) => e.message,
    );
    expect(err).to.include('assumed-role/exec/t is not authorized');
    expect((await createVaultSources(vault).secretsManager.getSecretValue('us-east-1', { SecretId: 'db' })).SecretString).to.equal('pw');
  });
});
