import { expect } from 'chai';
import type { VaultStore } from '../../../src/vault/store.js';
import { thrown, vaultFrom } from './helpers.js';

const REGION = 'us-east-1';
const V1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const V2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const V3 = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';

function store(): VaultStore {
  return vaultFrom({
    secrets: {
      'prod/db': {
        description: 'The main Postgres database',
        tags: { team: 'payments', env: 'prod' },
        versions: [
          { id: V1, stages: [], value: 'ancient', createdDate: '2024-01-01T00:00:00Z' },
          { id: V2, stages: ['AWSPREVIOUS'], value: 'old', createdDate: '2024-02-01T00:00:00Z' },
          { id: V3, stages: ['AWSCURRENT'], value: 'cur', createdDate: '2024-03-01T00:00:00Z' },
        ],
      },
      'prod/api-key': { value: 'k', tags: { team: 'web' }, createdDate: '2024-04-01T00:00:00Z' },
      'dev/db': { value: 'd', description: 'Scratch database', createdDate: '2023-01-01T00:00:00Z' },
      'old/thing': { value: 'o', deleted: true },
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:elsewhere': { value: 'e' },
      'arn:aws:secretsmanager:us-east-1:111122223333:secret:other-account': { value: 'x' },
    },
  }).store;
}

const names = (out: { SecretList: { Name: string }[] }) => out.SecretList.map((s) => s.Name);

describe('vault/secret-list', () => {
  describe('DescribeSecret', () => {
    it('lists labelled versions only, with the fields AWS sends and no empty ones', () => {
      const out = store().describeSecret(REGION, { SecretId: 'prod/db' });
      expect(out).to.deep.equal({
        ARN: out.ARN,
        Name: 'prod/db',
        Description: 'The main Postgres database',
        Tags: [
          { Key: 'team', Value: 'payments' },
          { Key: 'env', Value: 'prod' },
        ],
        CreatedDate: new Date('2024-01-01T00:00:00Z'),
        VersionIdsToStages: { [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT'] },
      });
    });

    it('shows a rotation Lambda from the vault as rotation enabled', () => {
      const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:rot';
      const s = vaultFrom({ secrets: { db: { value: 'x', rotationLambdaArn: lambda } } }).store;
      expect(s.describeSecret(REGION, { SecretId: 'db' })).to.include({ RotationEnabled: true, RotationLambdaARN: lambda });
    });
  });

  describe('ListSecrets', () => {
    it("lists the caller's secrets in the region, in vault order, without those scheduled for deletion", () => {
      const s = store();
      expect(names(s.listSecretEntries(REGION))).to.deep.equal(['prod/db', 'prod/api-key', 'dev/db']);
      expect(names(s.listSecretEntries(REGION, { IncludePlannedDeletion: true }))).to.deep.equal(['prod/db', 'prod/api-key', 'dev/db', 'old/thing']);
      expect(names(s.listSecretEntries('eu-west-1'))).to.deep.equal(['elsewhere']);
      expect(s.listSecretEntries(REGION).SecretList[0]?.SecretVersionsToStages).to.deep.equal({ [V2]: ['AWSPREVIOUS'], [V3]: ['AWSCURRENT'] });
    });

    it('filters by name, tags, description and all, with ! to negate', () => {
      const s = store();
      const list = (Key: string, ...Values: string[]) => names(s.listSecretEntries(REGION, { Filters: [{ Key, Values }] }));
      expect(list('name', 'prod/')).to.deep.equal(['prod/db', 'prod/api-key']);
      expect(list('name', 'Prod/')).to.deep.equal([]);
      expect(list('name', '!prod/')).to.deep.equal(['dev/db']);
      expect(list('tag-key', 'te')).to.deep.equal(['prod/db', 'prod/api-key']);
      expect(list('tag-value', 'pay', 'web')).to.deep.equal(['prod/db', 'prod/api-key']);
      expect(list('description', 'postgres')).to.deep.equal(['prod/db']);
      expect(list('all', 'database')).to.deep.equal(['prod/db', 'dev/db']);
      expect(list('all', 'scratch data')).to.deep.equal(['dev/db']);
      expect(list('all', 'api')).to.deep.equal(['prod/api-key']);
      const both = s.listSecretEntries(REGION, {
        Filters: [
          { Key: 'name', Values: ['prod/'] },
          { Key: 'tag-value', Values: ['web'] },
        ],
      });
      expect(names(both)).to.deep.equal(['prod/api-key']);
    });

    it('refuses an unknown filter key in AWS validation format', () => {
      const e = thrown(() => store().listSecretEntries(REGION, { Filters: [{ Key: 'color', Values: ['x'] }] }));
      expect([e.code, e.message]).to.deep.equal([
        'ValidationException',
        "1 validation error detected: Value 'color' at 'filters.1.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, tag-value]",
      ]);
    });

    it('pages with MaxResults and NextToken, and refuses a token it did not issue', () => {
      const s = store();
      const first = s.listSecretEntries(REGION, { MaxResults: 2 });
      expect(names(first)).to.deep.equal(['prod/db', 'prod/api-key']);
      expect(first.NextToken).to.be.a('string');
      const second = s.listSecretEntries(REGION, { MaxResults: 2, NextToken: first.NextToken });
      expect(names(second)).to.deep.equal(['dev/db']);
      expect(second).to.not.have.property('NextToken');
      const e = thrown(() => s.listSecretEntries(REGION, { NextToken: 'garbage' }));
      expect([e.code, e.message]).to.deep.equal(['InvalidNextTokenException', 'The NextToken value is invalid.']);
      const big = thrown(() => s.listSecretEntries(REGION, { MaxResults: 101 }));
      expect(big.message).to.equal(
        "1 validation error detected: Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
      );
    });

    it('sorts by name or creation date when asked', () => {
      const s = store();
      expect(names(s.listSecretEntries(REGION, { SortBy: 'name', SortOrder: 'asc' }))).to.deep.equal(['dev/db', 'prod/api-key', 'prod/db']);
      expect(names(s.listSecretEntries(REGION, { SortOrder: 'desc' }))).to.deep.equal(['prod/api-key', 'prod/db', 'dev/db']);
    });
  });

  describe('ListSecretVersionIds', () => {
    it('hides deprecated versions unless asked, and then shows them without VersionStages', () => {
      const s = store();
      const out = s.listSecretVersionIds(REGION, { SecretId: 'prod/db' });
      expect(out.Versions.map((v) => v.VersionId)).to.deep.equal([V2, V3]);
      expect(out.Versions[0]).to.deep.equal({
        VersionId: V2,
        VersionStages: ['AWSPREVIOUS'],
        CreatedDate: new Date('2024-02-01T00:00:00Z'),
        KmsKeyIds: ['DefaultEncryptionKey'],
      });
      const all = s.listSecretVersionIds(REGION, { SecretId: 'prod/db', IncludeDeprecated: true });
      expect(all.Versions[0]).to.not.have.property('VersionStages');
      expect(all.Versions).to.have.length(3);
    });
  });

  describe('BatchGetSecretValue', () => {
    it('returns the values it can and reports each failure in Errors', () => {
      const out = store().batchGetSecretValue(REGION, { SecretIdList: ['prod/db', 'missing', 'old/thing'] });
      expect(out.SecretValues.map((v) => [v.Name, v.SecretString])).to.deep.equal([['prod/db', 'cur']]);
      expect(out.Errors).to.deep.equal([
        { SecretId: 'missing', ErrorCode: 'ResourceNotFoundException', Message: "Secrets Manager can't find the specified secret." },
        {
          SecretId: 'old/thing',
          ErrorCode: 'InvalidRequestException',
          Message: "You can't perform this operation on the secret because it was marked for deletion.",
        },
      ]);
    });

    it('selects by filters with pages; refuses both ways at once', () => {
      const s = store();
      const out = s.batchGetSecretValue(REGION, { Filters: [{ Key: 'name', Values: ['prod/'] }], MaxResults: 1 });
      expect(out.SecretValues.map((v) => v.Name)).to.deep.equal(['prod/db']);
      const next = s.batchGetSecretValue(REGION, { Filters: [{ Key: 'name', Values: ['prod/'] }], MaxResults: 1, NextToken: out.NextToken });
      expect(next.SecretValues.map((v) => v.Name)).to.deep.equal(['prod/api-key']);
      const e = thrown(() => s.batchGetSecretValue(REGION, { SecretIdList: ['a'], Filters: [] }));
      expect([e.code, e.message]).to.deep.equal(['InvalidParameterException', "Either 'SecretIdList' or 'Filters' must be provided, but not both."]);
      const m = thrown(() => s.batchGetSecretValue(REGION, { SecretIdList: ['a'], MaxResults: 1 }));
      expect(m.message).to.equal("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
    });
  });
});
