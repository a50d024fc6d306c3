/**
 * `vault serve` through the real AWS SDK v3 clients: what an application or the AWS CLI sees, errors
 * included (code, message, HTTP 400), and what ends up in the vault file.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  ListSecretsCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  RotateSecretCommand,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  PutParameterCommand,
} from '@aws-sdk/client-ssm';
import { expect } from 'chai';
import { sdkError, serve, type Served } from './helpers.js';

const ENV = { DB_PASSWORD: 'hunter2', API_KEY: 'key-123' };
const NOW = new Date('2024-06-01T12:00:00Z');
const VAULT = {
  $schema: './node_modules/ecs-local/schema/vault.schema.json',
  region: 'us-east-1',
  secrets: {
    'prod/db': { description: 'Main DB', value: { username: 'app', password: '${DB_PASSWORD}' }, tags: { team: 'payments' } },
    'api-key': { value: '${API_KEY}' },
    blob: { binary: 'Zm9vdGVzdA==' },
    gone: { value: 'x', deleted: true },
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:eu-only': { value: 'eu' },
  },
  parameters: {
    '/app/prod/url': 'https://example.com',
    '/app/prod/password': { type: 'SecureString', value: '${DB_PASSWORD}' },
    plain: 'p',
  },
};
const T1 = '11111111-1111-4111-8111-111111111111';

describe('serve: the vault through the AWS SDK v3 clients', () => {
  let s: Served;
  beforeEach(async () => {
    s = await serve(VAULT, ENV, () => NOW);
  });
  afterEach(() => s.stop());

  describe('Secrets Manager', () => {
    it('GetSecretValue: by name, full ARN and partial ARN; binary as bytes; the version date', async () => {
      const sm = s.sm();
      const byName = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
      expect(byName.SecretString).to.equal('{"username":"app","password":"hunter2"}');
      expect(byName.VersionStages).to.deep.equal(['AWSCURRENT']);
      expect(byName.CreatedDate).to.be.instanceOf(Date);
      const byArn = await sm.send(new GetSecretValueCommand({ SecretId: byName.ARN }));
      expect(byArn.VersionId).to.equal(byName.VersionId);
      const partial = await sm.send(new GetSecretValueCommand({ SecretId: byName.ARN?.slice(0, -7) }));
      expect(partial.Name).to.equal('prod/db');
      const blob = await sm.send(new GetSecretValueCommand({ SecretId: 'blob' }));
      expect(Buffer.from(blob.SecretBinary ?? new Uint8Array()).toString()).to.equal('footest');
    });

    it('GetSecretValue errors, byte for byte', async () => {
      const sm = s.sm();
      const { VersionId } = await sm.send(new GetSecretValueCommand({ SecretId: 'api-key' }));
      const cases: [Record<string, string>, string, string][] = [
        [{ SecretId: 'missing' }, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret."],
        [{ SecretId: 'api-key', VersionStage: 'AWSPREVIOUS' }, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"],
        [{ SecretId: 'api-key', VersionId: T1 }, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${T1}`],
        [{ SecretId: 'api-key', VersionId: VersionId ?? '', VersionStage: 'AWSPENDING' }, 'InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.'],
        [{ SecretId: 'gone' }, 'InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."],
        [{ SecretId: 'bad name!' }, 'ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!'],
      ];
      for (const [input, name, message] of cases) {
        expect(await sdkError(sm.send(new GetSecretValueCommand(input as never)))).to.deep.equal({ name, message, status: 400 });
      }
    });

    it('takes the region from the SigV4 credential scope', async () => {
      expect((await s.sm('eu-west-1').send(new GetSecretValueCommand({ SecretId: 'eu-only' }))).SecretString).to.equal('eu');
      expect((await sdkError(s.sm('us-east-1').send(new GetSecretValueCommand({ SecretId: 'eu-only' })))).name).to.equal('ResourceNotFoundException');
    });

    it('CreateSecret writes the new entry to the file (its mode kept), keeping templates and the rest', async () => {
      const sm = s.sm();
      const out = await sm.send(new CreateSecretCommand({ Name: 'new/one', SecretString: 'n1', Description: 'made by the SDK', Tags: [{ Key: 'k', Value: 'v' }] }));
      expect(out.ARN).to.match(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:new\/one-[A-Za-z0-9]{6}$/);
      expect(out.VersionId).to.match(/^[0-9a-f-]{36}$/);
      expect(fs.statSync(s.file).mode & 0o777).to.equal(0o644);
      const doc = s.doc();
      expect(doc.$schema).to.equal(VAULT.$schema);
      expect(doc.secrets?.['prod/db']).to.deep.equal(VAULT.secrets['prod/db']);
      expect(doc.secrets?.['api-key']).to.deep.equal({ value: '${API_KEY}' });
      expect(doc.secrets?.['new/one']).to.deep.include({ description: 'made by the SDK', tags: { k: 'v' } });
      expect((await sm.send(new GetSecretValueCommand({ SecretId: 'new/one' }))).SecretString).to.equal('n1');
      expect(await sdkError(sm.send(new CreateSecretCommand({ Name: 'new/one', SecretString: 'again' })))).to.deep.equal({
        name: 'ResourceExistsException',
        message: 'The operation failed because the secret new/one already exists.',
        status: 400,
      });
      expect(await sdkError(sm.send(new CreateSecretCommand({ Name: 'gone', SecretString: 'again' })))).to.deep.equal({
        name: 'InvalidRequestException',
        message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
        status: 400,
      });
    });

    it('a rotation: AWSPENDING put, read by VersionId, AWSCURRENT moved; AWSPREVIOUS follows; visible in the file', async () => {
      const sm = s.sm();
      const before = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
      const pending = await sm.send(
        new PutSecretValueCommand({ SecretId: 'prod/db', ClientRequestToken: T1, SecretString: '{"username":"app","password":"rotated"}', VersionStages: ['AWSPENDING'] }),
      );
      expect(pending).to.deep.include({ VersionId: T1, VersionStages: ['AWSPENDING'] });
      // setSecret/testSecret read the pending version.
      const read = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db', VersionId: T1, VersionStage: 'AWSPENDING' }));
      expect(read.SecretString).to.include('rotated');
      // Still the old value by default.
      expect((await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }))).VersionId).to.equal(before.VersionId);
      // finishSecret.
      await sm.send(new UpdateSecretVersionStageCommand({ SecretId: 'prod/db', VersionStage: 'AWSCURRENT', MoveToVersionId: T1, RemoveFromVersionId: before.VersionId }));
      const after = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));
      expect(after).to.deep.include({ VersionId: T1, VersionStages: ['AWSCURRENT', 'AWSPENDING'] });
      const previous = await sm.send(new GetSecretValueCommand({ SecretId: 'prod/db', VersionStage: 'AWSPREVIOUS' }));
      expect(previous.VersionId).to.equal(before.VersionId);
      expect(previous.SecretString).to.include('hunter2');
      // Secrets Manager then takes AWSPENDING off.
      await sm.send(new UpdateSecretVersionStageCommand({ SecretId: 'prod/db', VersionStage: 'AWSPENDING', RemoveFromVersionId: T1 }));
      const described = await sm.send(new DescribeSecretCommand({ SecretId: 'prod/db' }));
      expect(described.VersionIdsToStages).to.deep.equal({ [before.VersionId ?? '']: ['AWSPREVIOUS'], [T1]: ['AWSCURRENT'] });
      expect(described.LastChangedDate).to.deep.equal(NOW);

      const versions = (s.doc().secrets?.['prod/db'] as { versions: { id: string; stages: string[]; value: unknown }[] }).versions;
      expect(versions.map((v) => [v.id, v.stages])).to.deep.equal([
        [before.VersionId, ['AWSPREVIOUS']],
        [T1, ['AWSCURRENT']],
      ]);
      // The old version keeps its template; only the new value is written as text.
      expect(versions[0]?.value).to.deep.equal({ username: 'app', password: '${DB_PASSWORD}' });
      expect(fs.readFileSync(s.file, 'utf8')).to.not.include('hunter2');
      expect(fs.statSync(s.file).mode & 0o777).to.equal(0o644);
    });

    it('PutSecretValue and UpdateSecretVersionStage errors', async () => {
      const sm = s.sm();
      const { VersionId } = await sm.send(new PutSecretValueCommand({ SecretId: 'api-key', ClientRequestToken: T1, SecretString: 'x', VersionStages: ['AWSPENDING'] }));
      const current = (await sm.send(new GetSecretValueCommand({ SecretId: 'api-key' }))).VersionId;
      expect(await sdkError(sm.send(new UpdateSecretVersionStageCommand({ SecretId: 'api-key', VersionStage: 'AWSCURRENT', MoveToVersionId: VersionId })))).to.deep.equal({
        name: 'InvalidParameterException',
        message: `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${current}, so you must explicitly reference that version in RemoveFromVersionId.`,
        status: 400,
      });
      expect(await sdkError(sm.send(new PutSecretValueCommand({ SecretId: 'api-key', ClientRequestToken: T1, SecretString: 'different' })))).to.deep.equal({
        name: 'ResourceExistsException',
        message: `You can't use ClientRequestToken ${T1} because that value is already in use for a version of secret ${(await sm.send(new DescribeSecretCommand({ SecretId: 'api-key' }))).ARN}.`,
        status: 400,
      });
      expect(await sdkError(sm.send(new PutSecretValueCommand({ SecretId: 'api-key', SecretString: 'v', SecretBinary: new Uint8Array([1]) })))).to.deep.equal({
        name: 'InvalidParameterException',
        message: "You can't specify both a binary secret value and a string secret value in the same secret.",
        status: 400,
      });
      expect(await sdkError(sm.send(new PutSecretValueCommand({ SecretId: 'gone', SecretString: 'v' })))).to.deep.equal({
        name: 'InvalidRequestException',
        message: "You can't perform this operation on the secret because it was marked for deletion.",
        status: 400,
      });
    });

    it('DeleteSecret, DescribeSecret while scheduled, RestoreSecret, and a forced delete', async () => {
      const sm = s.sm();
      const del = await sm.send(new DeleteSecretCommand({ SecretId: 'api-key', RecoveryWindowInDays: 7 }));
      expect(del.DeletionDate).to.deep.equal(new Date('2024-06-08T12:00:00Z'));
      expect((await sm.send(new DescribeSecretCommand({ SecretId: 'api-key' }))).DeletedDate).to.deep.equal(NOW);
      expect(s.doc().secrets?.['api-key']).to.deep.include({ value: '${API_KEY}', deleted: true });
      expect(await sdkError(sm.send(new DeleteSecretCommand({ SecretId: 'api-key', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })))).to.deep.equal({
        name: 'InvalidParameterException',
        message: "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
        status: 400,
      });
      expect(await sdkError(sm.send(new DeleteSecretCommand({ SecretId: 'api-key', RecoveryWindowInDays: 31 })))).to.deep.equal({
        name: 'InvalidParameterException',
        message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
        status: 400,
      });
      await sm.send(new RestoreSecretCommand({ SecretId: 'api-key' }));
      expect((await sm.send(new GetSecretValueCommand({ SecretId: 'api-key' }))).SecretString).to.equal('key-123');
      await sm.send(new DeleteSecretCommand({ SecretId: 'api-key', ForceDeleteWithoutRecovery: true }));
      expect(s.doc().secrets).to.not.have.property('api-key');
      const ghost = await sm.send(new DeleteSecretCommand({ SecretId: 'never-existed', ForceDeleteWithoutRecovery: true }));
      expect(ghost.Name).to.equal('never-existed');
    });

    it('RotateSecret fails as on AWS without a Lambda', async () => {
      expect(await sdkError(s.sm().send(new RotateSecretCommand({ SecretId: 'api-key' })))).to.deep.equal({
        name: 'InvalidRequestException',
        message: 'No Lambda rotation function ARN is associated with this secret.',
        status: 400,
      });
    });

    it('DescribeSecret, ListSecrets (filters, pages), ListSecretVersionIds, BatchGetSecretValue', async () => {
      const sm = s.sm();
      const described = await sm.send(new DescribeSecretCommand({ SecretId: 'prod/db' }));
      expect(described).to.deep.include({ Name: 'prod/db', Description: 'Main DB', Tags: [{ Key: 'team', Value: 'payments' }] });
      const page1 = await sm.send(new ListSecretsCommand({ MaxResults: 2 }));
      expect(page1.SecretList?.map((e) => e.Name)).to.deep.equal(['prod/db', 'api-key']);
      const page2 = await sm.send(new ListSecretsCommand({ MaxResults: 2, NextToken: page1.NextToken }));
      expect(page2.SecretList?.map((e) => e.Name)).to.deep.equal(['blob']);
      const withDeleted = await sm.send(new ListSecretsCommand({ IncludePlannedDeletion: true, Filters: [{ Key: 'name', Values: ['go'] }] }));
      expect(withDeleted.SecretList?.map((e) => e.Name)).to.deep.equal(['gone']);
      const tagged = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'tag-value', Values: ['payments'] }] }));
      expect(tagged.SecretList?.map((e) => [e.Name, Object.values(e.SecretVersionsToStages ?? {})])).to.deep.equal([['prod/db', [['AWSCURRENT']]]]);
      expect(await sdkError(sm.send(new ListSecretsCommand({ Filters: [{ Key: 'colour' as never, Values: ['x'] }] })))).to.deep.equal({
        name: 'ValidationException',
        message:
          "1 validation error detected: Value 'colour' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, tag-value]",
        status: 400,
      });
      const ids = await sm.send(new ListSecretVersionIdsCommand({ SecretId: 'api-key' }));
      expect(ids.Versions?.map((v) => [v.VersionStages, v.KmsKeyIds])).to.deep.equal([[['AWSCURRENT'], ['DefaultEncryptionKey']]]);
      const batch = await sm.send(new BatchGetSecretValueCommand({ SecretIdList: ['api-key', 'missing'] }));
      expect(batch.SecretValues?.map((v) => v.SecretString)).to.deep.equal(['key-123']);
      expect(batch.Errors).to.deep.equal([{ SecretId: 'missing', ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." }]);
    });
  });

  describe('SSM', () => {
    it('GetParameter, GetParameters and GetParametersByPath', async () => {
      const ssm = s.ssm();
      const p = (await ssm.send(new GetParameterCommand({ Name: '/app/prod/password', WithDecryption: true }))).Parameter;
      expect(p).to.deep.include({ Name: '/app/prod/password', Type: 'SecureString', Value: 'hunter2', Version: 1, DataType: 'text' });
      expect(p?.ARN).to.equal('arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/password');
      const many = await ssm.send(new GetParametersCommand({ Names: ['plain', '/app/prod/url', 'nope'] }));
      expect(many.Parameters?.map((x) => x.Name)).to.deep.equal(['/app/prod/url', 'plain']);
      expect(many.InvalidParameters).to.deep.equal(['nope']);
      const byPath = await ssm.send(new GetParametersByPathCommand({ Path: '/app', Recursive: true, WithDecryption: true }));
      expect(byPath.Parameters?.map((x) => [x.Name, x.Value])).to.deep.equal([
        ['/app/prod/password', 'hunter2'],
        ['/app/prod/url', 'https://example.com'],
      ]);
    });

    it('GetParameter errors: ParameterNotFound (no message from AWS) and ParameterVersionNotFound', async () => {
      const ssm = s.ssm();
      const missing = await sdkError(ssm.send(new GetParameterCommand({ Name: '/nope' })));
      expect([missing.name, missing.status]).to.deep.equal(['ParameterNotFound', 400]);
      expect(await sdkError(ssm.send(new GetParameterCommand({ Name: 'plain:4' })))).to.deep.equal({
        name: 'ParameterVersionNotFound',
        message: 'Systems Manager could not find version 4 of plain. Verify the version and try again.',
        status: 400,
      });
    });

    it('PutParameter (new, overwrite, refused) and DeleteParameter, written to the file', async () => {
      const ssm = s.ssm();
      expect((await ssm.send(new PutParameterCommand({ Name: '/app/new', Value: 'v1', Type: 'String' }))).Version).to.equal(1);
      expect((await ssm.send(new PutParameterCommand({ Name: '/app/new', Value: 'v2', Overwrite: true }))).Version).to.equal(2);
      expect(await sdkError(ssm.send(new PutParameterCommand({ Name: '/app/new', Value: 'v3', Type: 'String' })))).to.deep.equal({
        name: 'ParameterAlreadyExists',
        message: 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
        status: 400,
      });
      expect((await ssm.send(new GetParameterCommand({ Name: '/app/new:1' }))).Parameter?.Value).to.equal('v1');
      await ssm.send(new PutParameterCommand({ Name: '/app/prod/password', Value: 'changed', Overwrite: true }));
      await ssm.send(new DeleteParameterCommand({ Name: 'plain' }));
      const doc = s.doc();
      expect(doc.parameters?.['/app/new']).to.deep.include({ value: 'v2', version: 2, history: [{ version: 1, value: 'v1', lastModifiedDate: NOW.toISOString() }] });
      expect((doc.parameters?.['/app/prod/password'] as { history: unknown }).history).to.deep.equal([{ version: 1, value: '${DB_PASSWORD}' }]);
      expect(doc.parameters).to.not.have.property('plain');
      expect(path.basename(s.file)).to.equal('ecs-local.vault.json');
      expect((await sdkError(ssm.send(new DeleteParameterCommand({ Name: 'plain' })))).name).to.equal('ParameterNotFound');
    });
  });
});
