import { expect } from 'chai';
import type { VaultStore } from '../../../src/vault/store.js';
import { thrown, vaultFrom } from './helpers.js';

const REGION = 'us-east-1';
const NOW = new Date('2024-06-01T12:00:00Z');
const T1 = '11111111-1111-4111-8111-111111111111';
const T2 = '22222222-2222-4222-8222-222222222222';
const T3 = '33333333-3333-4333-8333-333333333333';
const V_OLD = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const V_CUR = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

function store(content: unknown = {}): VaultStore {
  return vaultFrom(content, { clock: () => NOW, randomSuffix: () => 'RaNd01' }).store;
}

/** A secret with an AWSPREVIOUS and an AWSCURRENT version. */
function rotatedStore(): VaultStore {
  return store({
    secrets: {
      db: {
        versions: [
          { id: V_OLD, stages: ['AWSPREVIOUS'], value: 'old' },
          { id: V_CUR, stages: ['AWSCURRENT'], value: 'cur' },
        ],
      },
    },
  });
}

function stages(s: VaultStore, id = 'db'): Record<string, string[]> {
  const secret = s.data.secrets.find((x) => x.name === id);
  return Object.fromEntries((secret?.versions ?? []).map((v) => [v.versionId, v.stages]));
}

function awsError(fn: () => unknown): { code: unknown; message: string; statusCode: unknown } {
  const e = thrown(fn);
  return { code: e.code, message: e.message, statusCode: e.statusCode };
}

describe('vault/secret-write', () => {
  describe('CreateSecret', () => {
    it('creates a secret whose first version is AWSCURRENT, with a random ARN suffix', () => {
      const s = store();
      const out = s.createSecret(REGION, { Name: 'app/db', SecretString: 'pw', ClientRequestToken: T1, Tags: [{ Key: 'team', Value: 'web' }] });
      expect(out).to.deep.equal({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-RaNd01', Name: 'app/db', VersionId: T1 });
      expect(s.getSecretValue(REGION, undefined, { SecretId: 'app/db' })).to.include({ SecretString: 'pw', VersionId: T1 });
      expect(s.describeSecret(REGION, { SecretId: 'app/db' }).Tags).to.deep.equal([{ Key: 'team', Value: 'web' }]);
    });

    it('without a value has no VersionId and no value (AWS-recorded)', () => {
      const s = store();
      expect(s.createSecret(REGION, { Name: 'empty' })).to.not.have.property('VersionId');
      expect(awsError(() => s.getSecretValue(REGION, undefined, { SecretId: 'empty' }))).to.deep.equal({
        code: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        statusCode: 400,
      });
    });

    it('refuses an existing name, a name scheduled for deletion, and a bad name', () => {
      const s = store({ secrets: { db: { value: 'x' }, gone: { value: 'y', deleted: true } } });
      expect(awsError(() => s.createSecret(REGION, { Name: 'db', SecretString: 'z', ClientRequestToken: T1 }))).to.deep.equal({
        code: 'ResourceExistsException',
        message: 'The operation failed because the secret db already exists.',
        statusCode: 400,
      });
      expect(awsError(() => s.createSecret(REGION, { Name: 'gone', SecretString: 'z', ClientRequestToken: T1 }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
        statusCode: 400,
      });
      expect(awsError(() => s.createSecret(REGION, { Name: 'bad name', SecretString: 'z', ClientRequestToken: T1 })).code).to.equal(
        'ValidationException',
      );
    });

    it('is idempotent for a retry with the same token and value', () => {
      const s = store();
      const first = s.createSecret(REGION, { Name: 'db', SecretString: 'v', ClientRequestToken: T1 });
      expect(s.createSecret(REGION, { Name: 'db', SecretString: 'v', ClientRequestToken: T1 })).to.deep.equal(first);
      expect(awsError(() => s.createSecret(REGION, { Name: 'db', SecretString: 'other', ClientRequestToken: T1 })).message).to.equal(
        `You can't use ClientRequestToken ${T1} because that value is already in use for a version of secret ${first.ARN}.`,
      );
    });

    it('refuses a value without a ClientRequestToken, and both kinds of value', () => {
      const s = store();
      expect(awsError(() => s.createSecret(REGION, { Name: 'db', SecretString: 'v' }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.',
        statusCode: 400,
      });
      const both = awsError(() => s.createSecret(REGION, { Name: 'db', SecretString: 'v', SecretBinary: new Uint8Array([1]), ClientRequestToken: T1 }));
      expect(both).to.deep.equal({
        code: 'InvalidParameterException',
        message: "You can't specify both a binary secret value and a string secret value in the same secret.",
        statusCode: 400,
      });
    });
  });

  describe('PutSecretValue', () => {
    it('moves AWSCURRENT to the new version and AWSPREVIOUS to the old current; the old previous is deprecated', () => {
      const s = rotatedStore();
      const out = s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'new', ClientRequestToken: T1 });
      expect(out).to.deep.include({ Name: 'db', VersionId: T1, VersionStages: ['AWSCURRENT'] });
      expect(stages(s)).to.deep.equal({ [V_OLD]: [], [V_CUR]: ['AWSPREVIOUS'], [T1]: ['AWSCURRENT'] });
      expect(s.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretString).to.equal('new');
      expect(s.getSecretValue(REGION, undefined, { SecretId: 'db', VersionStage: 'AWSPREVIOUS' }).SecretString).to.equal('cur');
    });

    it('with custom labels only, leaves AWSCURRENT where it is and moves the labels (AWS-recorded)', () => {
      const s = rotatedStore();
      const out = s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'x', ClientRequestToken: T1, VersionStages: ['SAMPLESTAGE1', 'SAMPLESTAGE0'] });
      expect(out.VersionStages).to.deep.equal(['SAMPLESTAGE0', 'SAMPLESTAGE1']);
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'y', ClientRequestToken: T2, VersionStages: ['SAMPLESTAGE1', 'SAMPLESTAGE0'] });
      expect(stages(s)).to.deep.equal({ [V_OLD]: ['AWSPREVIOUS'], [V_CUR]: ['AWSCURRENT'], [T1]: [], [T2]: ['SAMPLESTAGE0', 'SAMPLESTAGE1'] });
      expect(s.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretString).to.equal('cur');
    });

    it('gives the first version of a secret AWSCURRENT even when not asked', () => {
      const s = store();
      s.createSecret(REGION, { Name: 'db' });
      expect(s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'v', ClientRequestToken: T1, VersionStages: ['AWSPENDING'] }).VersionStages).to.deep.equal([
        'AWSCURRENT',
        'AWSPENDING',
      ]);
    });

    it('follows the AWS-recorded AWSCURRENT/AWSPENDING sequence: a manual put drops AWSPENDING', () => {
      const s = store({ secrets: { db: { versions: [{ id: V_CUR, stages: ['AWSCURRENT'], value: 'v1' }] } } });
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'v2', ClientRequestToken: T1, VersionStages: ['AWSPENDING'] });
      expect(stages(s)).to.deep.equal({ [V_CUR]: ['AWSCURRENT'], [T1]: ['AWSPENDING'] });
      s.updateSecretVersionStage(REGION, { SecretId: 'db', VersionStage: 'AWSCURRENT', RemoveFromVersionId: V_CUR, MoveToVersionId: T1 });
      expect(stages(s)).to.deep.equal({ [V_CUR]: ['AWSPREVIOUS'], [T1]: ['AWSCURRENT', 'AWSPENDING'] });
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'v3', ClientRequestToken: T2 });
      expect(stages(s)).to.deep.equal({ [V_CUR]: [], [T1]: ['AWSPREVIOUS'], [T2]: ['AWSCURRENT'] });
    });

    it('is idempotent for the same token and data, and refuses the same token with other data', () => {
      const s = rotatedStore();
      const first = s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'new', ClientRequestToken: T1 });
      expect(s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'new', ClientRequestToken: T1 })).to.deep.equal(first);
      expect(s.data.secrets[0]?.versions).to.have.length(3);
      expect(awsError(() => s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'other', ClientRequestToken: T1 }))).to.deep.equal({
        code: 'ResourceExistsException',
        message: `You can't use ClientRequestToken ${T1} because that value is already in use for a version of secret ${first.ARN}.`,
        statusCode: 400,
      });
    });

    it('stores a binary value', () => {
      const s = rotatedStore();
      s.putSecretValue(REGION, { SecretId: 'db', SecretBinary: new Uint8Array([0, 1, 255]), ClientRequestToken: T1 });
      expect([...(s.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretBinary ?? [])]).to.deep.equal([0, 1, 255]);
    });

    it('refuses: no token, no value, unknown secret, deleted secret', () => {
      const s = store({ secrets: { db: { value: 'x' }, gone: { value: 'y', deleted: true } } });
      expect(awsError(() => s.putSecretValue(REGION, { SecretId: 'nope', SecretString: 'v' }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.',
        statusCode: 400,
      });
      expect(awsError(() => s.putSecretValue(REGION, { SecretId: 'db', ClientRequestToken: T1 }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: 'You must provide either SecretString or SecretBinary.',
        statusCode: 400,
      });
      expect(awsError(() => s.putSecretValue(REGION, { SecretId: 'nope', SecretString: 'v', ClientRequestToken: T1 }))).to.deep.equal({
        code: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret.",
        statusCode: 400,
      });
      expect(awsError(() => s.putSecretValue(REGION, { SecretId: 'gone', SecretString: 'v', ClientRequestToken: T1 }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: "You can't perform this operation on the secret because it was marked for deletion.",
        statusCode: 400,
      });
      expect(awsError(() => s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'v', ClientRequestToken: 'short' })).message).to.equal(
        "1 validation error detected: Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32",
      );
    });

    it("keeps AWS's retention: more than 100 versions are kept while younger than a day", () => {
      let now = new Date('2024-01-01T00:00:00Z');
      const s = vaultFrom({ secrets: { db: { value: 'v0' } } }, { clock: () => now }).store;
      for (let i = 0; i < 105; i++) {
        s.putSecretValue(REGION, { SecretId: 'db', SecretString: `v${i}`, ClientRequestToken: `token-${String(i).padStart(32, '0')}` });
      }
      expect(s.data.secrets[0]?.versions).to.have.length(106);
      now = new Date('2024-01-03T00:00:00Z');
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'later', ClientRequestToken: T1 });
      expect(s.data.secrets[0]?.versions).to.have.length(100);
      expect(s.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretString).to.equal('later');
    });
  });

  describe('UpdateSecretVersionStage', () => {
    it('moves AWSCURRENT; AWSPREVIOUS follows to the version it left and leaves the old one', () => {
      const s = rotatedStore();
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'p', ClientRequestToken: T1, VersionStages: ['AWSPENDING'] });
      const out = s.updateSecretVersionStage(REGION, { SecretId: 'db', VersionStage: 'AWSCURRENT', RemoveFromVersionId: V_CUR, MoveToVersionId: T1 });
      expect(out).to.deep.equal({ ARN: s.data.secrets[0]?.arn, Name: 'db' });
      expect(stages(s)).to.deep.equal({ [V_OLD]: [], [V_CUR]: ['AWSPREVIOUS'], [T1]: ['AWSCURRENT', 'AWSPENDING'] });
      s.updateSecretVersionStage(REGION, { SecretId: 'db', VersionStage: 'AWSPENDING', RemoveFromVersionId: T1 });
      expect(stages(s)[T1]).to.deep.equal(['AWSCURRENT']);
    });

    it('requires RemoveFromVersionId when the label is on another version', () => {
      const s = rotatedStore();
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'p', ClientRequestToken: T1, VersionStages: ['blue'] });
      expect(awsError(() => s.updateSecretVersionStage(REGION, { SecretId: 'db', VersionStage: 'AWSCURRENT', MoveToVersionId: T1 }))).to.deep.equal({
        code: 'InvalidParameterException',
        message: `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${V_CUR}, so you must explicitly reference that version in RemoveFromVersionId.`,
        statusCode: 400,
      });
      expect(awsError(() => s.updateSecretVersionStage(REGION, { SecretId: 'db', VersionStage: 'blue', MoveToVersionId: V_OLD })).message).to.equal(
        `The parameter RemoveFromVersionId can't be empty. Staging label blue is currently attached to version ${T1}, so you must explicitly reference that version in RemoveFromVersionId.`,
      );
      // Nothing moved.
      expect(stages(s)).to.deep.equal({ [V_OLD]: ['AWSPREVIOUS'], [V_CUR]: ['AWSCURRENT'], [T1]: ['blue'] });
    });

    it('refuses unknown versions, a RemoveFromVersionId without the label, and removing AWSCURRENT outright', () => {
      const s = rotatedStore();
      const call = (extra: object) => awsError(() => s.updateSecretVersionStage(REGION, { SecretId: 'db', VersionStage: 'AWSCURRENT', ...extra }));
      expect(call({ RemoveFromVersionId: V_CUR, MoveToVersionId: T3 })).to.deep.equal({
        code: 'InvalidParameterException',
        message: `Not a valid version: ${T3}`,
        statusCode: 400,
      });
      expect(call({ RemoveFromVersionId: V_OLD, MoveToVersionId: V_OLD }).message).to.equal(`Version stage AWSCURRENT not found in version ${V_OLD}`);
      expect(call({ RemoveFromVersionId: V_CUR }).message).to.equal(
        `You can't remove the staging label AWSCURRENT from version ${V_CUR} without moving it: specify MoveToVersionId.`,
      );
    });

    it('attaches a new custom label without RemoveFromVersionId', () => {
      const s = rotatedStore();
      s.updateSecretVersionStage(REGION, { SecretId: 'db', VersionStage: 'blue', MoveToVersionId: V_OLD });
      expect(s.getSecretValue(REGION, undefined, { SecretId: 'db', VersionStage: 'blue' }).SecretString).to.equal('old');
    });
  });

  describe('DeleteSecret and RestoreSecret', () => {
    it('schedules a deletion (30 days by default), after which reads fail until restored', () => {
      const s = rotatedStore();
      const out = s.deleteSecret(REGION, { SecretId: 'db' });
      expect(out.DeletionDate.toISOString()).to.equal('2024-07-01T12:00:00.000Z');
      expect(s.deleteSecret(REGION, { SecretId: 'gone-soon', ForceDeleteWithoutRecovery: true }).Name).to.equal('gone-soon');
      expect(awsError(() => s.getSecretValue(REGION, undefined, { SecretId: 'db' })).code).to.equal('InvalidRequestException');
      expect(s.describeSecret(REGION, { SecretId: 'db' }).DeletedDate?.toISOString()).to.equal(NOW.toISOString());
      expect(awsError(() => s.deleteSecret(REGION, { SecretId: 'db' }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: "You tried to perform the operation on a secret that's currently marked deleted.",
        statusCode: 400,
      });
      expect(s.restoreSecret(REGION, { SecretId: 'db' }).Name).to.equal('db');
      expect(s.getSecretValue(REGION, undefined, { SecretId: 'db' }).SecretString).to.equal('cur');
    });

    it('takes a recovery window of 7 to 30 days', () => {
      const s = rotatedStore();
      expect(s.deleteSecret(REGION, { SecretId: 'db', RecoveryWindowInDays: 7 }).DeletionDate.toISOString()).to.equal('2024-06-08T12:00:00.000Z');
      const bad = awsError(() => rotatedStore().deleteSecret(REGION, { SecretId: 'db', RecoveryWindowInDays: 6 }));
      expect(bad).to.deep.equal({
        code: 'InvalidParameterException',
        message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
        statusCode: 400,
      });
      const both = awsError(() => rotatedStore().deleteSecret(REGION, { SecretId: 'db', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }));
      expect(both.message).to.equal("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    });

    it('force-deletes at once (also a scheduled secret), and the name can be created again with a new suffix', () => {
      let n = 0;
      const s = vaultFrom({ secrets: { db: { value: 'x', deleted: true } } }, { clock: () => NOW, randomSuffix: () => `Suffx${n++}` }).store;
      expect(s.deleteSecret(REGION, { SecretId: 'db', ForceDeleteWithoutRecovery: true }).DeletionDate).to.deep.equal(NOW);
      expect(s.data.secrets).to.deep.equal([]);
      expect(s.createSecret(REGION, { Name: 'db', SecretString: 'y', ClientRequestToken: T1 }).ARN).to.match(/:secret:db-Suffx0$/);
    });

    it('a forced delete of a secret that does not exist succeeds (AWS-recorded); without force it is not found', () => {
      const s = store();
      const out = s.deleteSecret(REGION, { SecretId: 'nothing', ForceDeleteWithoutRecovery: true });
      expect(out).to.deep.equal({
        ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:nothing-RaNd01',
        Name: 'nothing',
        DeletionDate: NOW,
      });
      expect(awsError(() => s.deleteSecret(REGION, { SecretId: 'nothing' })).code).to.equal('ResourceNotFoundException');
    });
  });

  describe('RotateSecret', () => {
    it('without a rotation Lambda fails as AWS does', () => {
      expect(awsError(() => rotatedStore().rotateSecret(REGION, { SecretId: 'db', ClientRequestToken: T1 }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: 'No Lambda rotation function ARN is associated with this secret.',
        statusCode: 400,
      });
    });

    it('[INF] with a Lambda (given or in the vault) fails as for a function AWS cannot invoke, and changes nothing', () => {
      const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:rotate';
      const s = store({ secrets: { db: { value: 'x', rotationLambdaArn: lambda } } });
      const expected = {
        code: 'AccessDeniedException',
        message:
          'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.',
        statusCode: 400,
      };
      expect(awsError(() => s.rotateSecret(REGION, { SecretId: 'db', ClientRequestToken: T1 }))).to.deep.equal(expected);
      expect(awsError(() => rotatedStore().rotateSecret(REGION, { SecretId: 'db', ClientRequestToken: T1, RotationLambdaARN: lambda }))).to.deep.equal(expected);
      expect(s.data.secrets[0]?.versions).to.have.length(1);
    });

    it('refuses a raw request without a token (InvalidParameterException) and a rotation in progress', () => {
      const s = rotatedStore();
      expect(awsError(() => s.rotateSecret(REGION, { SecretId: 'db' }))).to.deep.equal({
        code: 'InvalidParameterException',
        message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.',
        statusCode: 400,
      });
      s.putSecretValue(REGION, { SecretId: 'db', SecretString: 'p', ClientRequestToken: T1, VersionStages: ['AWSPENDING'] });
      expect(awsError(() => s.rotateSecret(REGION, { SecretId: 'db', ClientRequestToken: T2 })).message).to.equal(
        'Previous rotation request is still in progress.',
      );
    });
  });

  it('marks what a write changed, and only that', () => {
    const s = store({ secrets: { a: { value: 'x' }, b: { value: 'y' } } });
    s.putSecretValue(REGION, { SecretId: 'b', SecretString: 'z', ClientRequestToken: T1 });
    expect(s.data.secrets.map((x) => x.changed === true)).to.deep.equal([false, true]);
    expect(s.describeSecret(REGION, { SecretId: 'b' }).LastChangedDate).to.deep.equal(NOW);
  });
});
