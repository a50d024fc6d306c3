import { expect } from 'chai';
import { VaultStore } from '../../../src/vault/store.js';
import type { VaultData } from '../../../src/vault/types.js';
import { thrown, vaultFrom } from './helpers.js';

const PREV = '11111111-1111-1111-1111-111111111111';
const CUR = '22222222-2222-2222-2222-222222222222';
const OLD = '33333333-3333-3333-3333-333333333333';

const { store } = vaultFrom({
  secrets: {
    'production/db': { value: { username: 'app', password: 's3cret' }, arnSuffix: 'AbC123' },
    'rotating/db': {
      arnSuffix: 'RoT123',
      versions: [
        { id: OLD, stages: [], value: 'oldest', createdDate: '2023-01-01T00:00:00Z' },
        { id: PREV, stages: ['AWSPREVIOUS'], value: 'old', createdDate: '2024-01-01T00:00:00Z' },
        { id: CUR, stages: ['AWSCURRENT', 'blue'], value: 'new', createdDate: '2024-02-01T00:00:00Z' },
      ],
    },
    // A name that itself ends in -XXXXXX (AWS-recorded case: Invalid/_+=.@-Name-a1b2c3).
    'Invalid/_+=.@-Name-a1b2c3': { value: 'tricky', arnSuffix: 'ZzZ999' },
    'four-a1b2': { value: 'four', arnSuffix: 'Four44' },
    'trailing-a1b2c3-': { value: 'trailing', arnSuffix: 'Trail1' },
    gone: { value: 'x', deleted: true, arnSuffix: 'Gone12' },
    blob: { binary: 'AAEC/w==', arnSuffix: 'Blob12' },
    empty: { arnSuffix: 'Empty1' },
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:production/db-IrL123': { value: 'ireland' },
    'arn:aws:secretsmanager:us-east-1:999999999999:secret:shared-Shr123': { value: 'other account' },
  },
});

const get = (SecretId: string, extra: { VersionId?: string; VersionStage?: string } = {}, region = 'us-east-1', account?: string) =>
  store.getSecretValue(region, account, { SecretId, ...extra });

/** The AWS error a call fails with: code, message, status. */
function awsError(fn: () => unknown): { code: unknown; message: string; statusCode: unknown } {
  const err = thrown(fn);
  expect(err.errorName).to.equal('AwsServiceError');
  return { code: err.code, message: err.message, statusCode: err.statusCode };
}

const NOT_FOUND = { code: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret.", statusCode: 400 };
const DB_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production/db-AbC123';

describe('vault/store getSecretValue', () => {
  describe('SecretId resolution', () => {
    it('finds a secret by exact name', () => {
      const out = get('production/db');
      expect(out).to.deep.equal({
        ARN: DB_ARN,
        Name: 'production/db',
        VersionId: out.VersionId,
        SecretString: '{"username":"app","password":"s3cret"}',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: new Date('2024-05-01T10:00:00Z'),
      });
    });

    it('finds a secret by full ARN, matched exactly', () => {
      expect(get(DB_ARN).Name).to.equal('production/db');
      expect(awsError(() => get('arn:aws:secretsmanager:us-east-1:123456789012:secret:production/db-XyZ789'))).to.deep.equal(NOT_FOUND);
      // Case matters in the suffix.
      expect(awsError(() => get('arn:aws:secretsmanager:us-east-1:123456789012:secret:production/db-abc123'))).to.deep.equal(NOT_FOUND);
    });

    it('finds a secret by partial ARN (without -XXXXXX)', () => {
      expect(get('arn:aws:secretsmanager:us-east-1:123456789012:secret:production/db').ARN).to.equal(DB_ARN);
    });

    it('does not find a name with the suffix appended (a bare name is matched exactly)', () => {
      expect(awsError(() => get('production/db-AbC123'))).to.deep.equal(NOT_FOUND);
    });

    it('cannot find a secret whose name ends in -XXXXXX by partial ARN, as on AWS', () => {
      const name = 'Invalid/_+=.@-Name-a1b2c3';
      const arn = `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}-ZzZ999`;
      expect(get(name).SecretString).to.equal('tricky');
      expect(get(arn).SecretString).to.equal('tricky');
      expect(awsError(() => get(arn.slice(0, -7)))).to.deep.equal(NOT_FOUND);
    });

    it('finds names ending in -XXXX or -XXXXXX- by partial ARN', () => {
      expect(get('arn:aws:secretsmanager:us-east-1:123456789012:secret:four-a1b2').SecretString).to.equal('four');
      expect(get('arn:aws:secretsmanager:us-east-1:123456789012:secret:trailing-a1b2c3-').SecretString).to.equal('trailing');
    });

    it('looks only in the backend region: by name, full ARN and partial ARN', () => {
      expect(get('production/db', {}, 'eu-west-1').SecretString).to.equal('ireland');
      expect(awsError(() => get('blob', {}, 'eu-west-1'))).to.deep.equal(NOT_FOUND);
      expect(awsError(() => get(DB_ARN, {}, 'eu-west-1'))).to.deep.equal(NOT_FOUND);
      expect(awsError(() => get('arn:aws:secretsmanager:us-east-1:123456789012:secret:production/db', {}, 'eu-west-1'))).to.deep.equal(NOT_FOUND);
      expect(awsError(() => get('arn:aws:secretsmanager:eu-west-1:123456789012:secret:production/db'))).to.deep.equal(NOT_FOUND);
    });

    it('looks up names in the caller account, ARNs in the account they name', () => {
      expect(awsError(() => get('shared'))).to.deep.equal(NOT_FOUND);
      expect(get('shared', {}, 'us-east-1', '999999999999').SecretString).to.equal('other account');
      expect(get('arn:aws:secretsmanager:us-east-1:999999999999:secret:shared-Shr123').SecretString).to.equal('other account');
      expect(get('arn:aws:secretsmanager:us-east-1:999999999999:secret:shared').SecretString).to.equal('other account');
      expect(awsError(() => get('arn:aws:secretsmanager:us-east-1:111111111111:secret:shared'))).to.deep.equal(NOT_FOUND);
    });

    it('refuses a name with characters Secrets Manager does not allow (ValidationException)', () => {
      const expected = {
        code: 'ValidationException',
        message: 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
        statusCode: 400,
      };
      expect(awsError(() => get('my secret'))).to.deep.equal(expected);
      expect(awsError(() => get('name:with:colons'))).to.deep.equal(expected);
      expect(awsError(() => get(''))).to.deep.equal(expected);
    });

    it('does not find an ARN of another service', () => {
      expect(awsError(() => get('arn:aws:ssm:us-east-1:123456789012:parameter/production/db'))).to.deep.equal(NOT_FOUND);
    });
  });

  describe('checks, in order', () => {
    it('a secret scheduled for deletion: InvalidRequestException, before any version check', () => {
      const expected = {
        code: 'InvalidRequestException',
        message: "You can't perform this operation on the secret because it was marked for deletion.",
        statusCode: 400,
      };
      expect(awsError(() => get('gone'))).to.deep.equal(expected);
      expect(awsError(() => get('gone', { VersionId: 'no-such-version-0000000000000000000' }))).to.deep.equal(expected);
      expect(awsError(() => get('gone', { VersionStage: 'AWSPENDING' }))).to.deep.equal(expected);
    });

    it('VersionId and VersionStage that do not go together: InvalidRequestException', () => {
      expect(awsError(() => get('rotating/db', { VersionId: PREV, VersionStage: 'AWSCURRENT' }))).to.deep.equal({
        code: 'InvalidRequestException',
        message: 'You provided a VersionStage that is not associated to the provided VersionId.',
        statusCode: 400,
      });
    });

    it('an unknown VersionId: ResourceNotFoundException naming it (even with a stage)', () => {
      const id = '99999999-9999-9999-9999-999999999999';
      const expected = {
        code: 'ResourceNotFoundException',
        message: `Secrets Manager can't find the specified secret value for VersionId: ${id}`,
        statusCode: 400,
      };
      expect(awsError(() => get('rotating/db', { VersionId: id }))).to.deep.equal(expected);
      expect(awsError(() => get('rotating/db', { VersionId: id, VersionStage: 'AWSCURRENT' }))).to.deep.equal(expected);
    });

    it('a staging label on no version: ResourceNotFoundException naming it', () => {
      expect(awsError(() => get('rotating/db', { VersionStage: 'AWSPENDING' }))).to.deep.equal({
        code: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret value for staging label: AWSPENDING",
        statusCode: 400,
      });
    });

    it('a secret without any value: AWSCURRENT not found', () => {
      expect(awsError(() => get('empty'))).to.deep.equal({
        code: 'ResourceNotFoundException',
        message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        statusCode: 400,
      });
    });
  });

  describe('versions', () => {
    it('returns AWSCURRENT by default, with all its labels and its own date', () => {
      expect(get('rotating/db')).to.deep.include({
        VersionId: CUR,
        SecretString: 'new',
        VersionStages: ['AWSCURRENT', 'blue'],
        CreatedDate: new Date('2024-02-01T00:00:00Z'),
      });
    });

    it('returns the version with a given label, or a given id', () => {
      expect(get('rotating/db', { VersionStage: 'AWSPREVIOUS' })).to.deep.include({ VersionId: PREV, SecretString: 'old' });
      expect(get('rotating/db', { VersionStage: 'blue' })).to.deep.include({ VersionId: CUR });
      expect(get('rotating/db', { VersionId: PREV, VersionStage: 'AWSPREVIOUS' })).to.deep.include({ SecretString: 'old' });
      // A deprecated version (no labels) is still readable by id.
      expect(get('rotating/db', { VersionId: OLD })).to.deep.include({ SecretString: 'oldest', VersionStages: [] });
    });

    it('treats empty VersionId / VersionStage as not given', () => {
      expect(get('rotating/db', { VersionId: '', VersionStage: '' }).VersionId).to.equal(CUR);
    });

    it('returns binary secrets as SecretBinary bytes and no SecretString', () => {
      const out = get('blob');
      expect(out.SecretBinary).to.be.instanceOf(Uint8Array);
      expect(Array.from(out.SecretBinary ?? [])).to.deep.equal([0, 1, 2, 255]);
      expect(out).to.not.have.property('SecretString');
    });

    it('hands out copies: changing an answer does not change the vault', () => {
      const out = get('rotating/db');
      out.VersionStages.push('tampered');
      out.CreatedDate.setFullYear(1999);
      expect(get('rotating/db').VersionStages).to.deep.equal(['AWSCURRENT', 'blue']);
      expect(get('rotating/db').CreatedDate.getFullYear()).to.equal(2024);
    });
  });

  describe('errors', () => {
    it('carry a fresh request id per error (a UUID by default)', () => {
      const data: VaultData = { region: 'us-east-1', accountId: '123456789012', secrets: [], parameters: [], environmentFiles: [] };
      const plain = new VaultStore(data);
      const a = thrown(() => plain.getSecretValue('us-east-1', undefined, { SecretId: 'x' }));
      const b = thrown(() => plain.getSecretValue('us-east-1', undefined, { SecretId: 'x' }));
      expect(a.requestId).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(a.requestId).to.not.equal(b.requestId);
      let n = 0;
      const counted = new VaultStore(data, { requestId: () => `req-${++n}` });
      expect(thrown(() => counted.getSecretValue('us-east-1', undefined, { SecretId: 'x' })).requestId).to.equal('req-1');
    });
  });
});
