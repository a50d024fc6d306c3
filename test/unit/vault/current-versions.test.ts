import { expect } from 'chai';
import { currentVersions, rotationsBetween } from '../../../src/vault/current-versions.js';
import { vaultFrom } from './helpers.js';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-abc123';

describe('vault/current-versions', () => {
  const vault = () =>
    vaultFrom({ region: 'us-east-1', accountId: '123456789012', secrets: { 'app/db': { arnSuffix: 'abc123', value: 'one' }, other: { value: 'x' } } });

  it('finds the AWSCURRENT version of a secret named by name, full ARN or partial ARN', () => {
    const v = vault();
    const watched = [
      { secretId: 'app/db', region: 'us-east-1' },
      { secretId: ARN, region: 'us-east-1' },
      { secretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db', region: 'us-east-1' },
    ];
    const versions = [...currentVersions(v, watched).values()];
    expect(versions.map((x) => x.name)).to.deep.equal(['app/db', 'app/db', 'app/db']);
    expect(new Set(versions.map((x) => x.versionId)).size).to.equal(1);
    expect(versions[0]?.versionId).to.be.a('string');
  });

  it('reports a secret that moved to a new AWSCURRENT version, and only that one', () => {
    const v = vault();
    const watched = [
      { secretId: ARN, region: 'us-east-1' },
      { secretId: 'other', region: 'us-east-1' },
    ];
    const before = currentVersions(v, watched);
    expect(rotationsBetween(watched, before, currentVersions(v, watched))).to.deep.equal([]);
    const put = v.store.putSecretValue('us-east-1', { SecretId: 'app/db', SecretString: 'two', ClientRequestToken: '22222222-2222-4222-8222-222222222222' });
    const rotations = rotationsBetween(watched, before, currentVersions(v, watched));
    expect(rotations).to.deep.equal([{ secretId: ARN, name: 'app/db', from: before.get(`us-east-1\n${ARN}`)?.versionId, to: put.VersionId }]);
  });

  it('[INF] does not count a secret that went away as a rotation', () => {
    const v = vault();
    const watched = [{ secretId: 'app/db', region: 'us-east-1' }];
    const before = currentVersions(v, watched);
    v.store.deleteSecret('us-east-1', { SecretId: 'app/db', ForceDeleteWithoutRecovery: true });
    expect(currentVersions(v, watched).get('us-east-1\napp/db')).to.deep.equal({ name: 'app/db', versionId: undefined });
    expect(rotationsBetween(watched, before, currentVersions(v, watched))).to.deep.equal([]);
  });
});
