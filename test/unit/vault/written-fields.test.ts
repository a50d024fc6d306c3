/** The vault fields that `vault serve` writes back (and a user may write): checked like the rest. */
import { expect } from 'chai';
import { thrown, VAULT_FILE, vaultFrom } from './helpers.js';

const errorFor = (content: unknown) => thrown(() => vaultFrom(content)).message;

describe('vault/load: fields written back by vault serve', () => {
  it('reads tags, dates and the rotation Lambda of a secret', () => {
    const store = vaultFrom({
      secrets: {
        db: {
          value: 'x',
          tags: { team: 'web', env: 'prod' },
          createdDate: '2024-01-01T00:00:00Z',
          lastChangedDate: '2024-02-01T00:00:00Z',
          deleted: true,
          deletedDate: '2024-03-01T00:00:00Z',
          rotationLambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:rotate',
        },
      },
    }).store;
    const d = store.describeSecret('us-east-1', { SecretId: 'db' });
    expect(d.Tags).to.deep.equal([
      { Key: 'team', Value: 'web' },
      { Key: 'env', Value: 'prod' },
    ]);
    expect(d.RotationLambdaARN).to.equal('arn:aws:lambda:us-east-1:123456789012:function:rotate');
    expect([d.CreatedDate, d.LastChangedDate, d.DeletedDate].map((x) => x?.toISOString())).to.deep.equal([
      '2024-01-01T00:00:00.000Z',
      '2024-02-01T00:00:00.000Z',
      '2024-03-01T00:00:00.000Z',
    ]);
  });

  it('reads a parameter history: older versions by number and label, each with its own type', () => {
    const store = vaultFrom({
      parameters: {
        '/p': {
          type: 'String',
          value: 'v3',
          version: 3,
          history: [
            { version: 1, type: 'SecureString', value: 'v1', labels: ['first'] },
            { version: 2, value: 'v2', lastModifiedDate: '2024-01-02T00:00:00Z' },
          ],
        },
      },
    }).store;
    expect(store.getParameter('us-east-1', { Name: '/p:first', WithDecryption: true }).Parameter).to.include({ Value: 'v1', Type: 'SecureString', Version: 1 });
    expect(store.getParameter('us-east-1', { Name: '/p:2' }).Parameter.LastModifiedDate.toISOString()).to.equal('2024-01-02T00:00:00.000Z');
    expect(store.getParameter('us-east-1', { Name: '/p' }).Parameter.Version).to.equal(3);
  });

  it('refuses what cannot be: history out of order, a label on two versions, a deletion date without deleted', () => {
    expect(errorFor({ parameters: { p: { type: 'String', value: 'x', version: 2, history: [{ version: 2, value: 'y' }] } } })).to.equal(
      `${VAULT_FILE}:9:11: parameters.p.history[0].version: version 2 is out of order (list older versions oldest first, each below the current "version")`,
    );
    expect(
      errorFor({ parameters: { p: { type: 'String', value: 'x', version: 2, labels: ['a'], history: [{ version: 1, value: 'y', labels: ['a'] }] } } }),
    ).to.equal(`${VAULT_FILE}:3:5: parameters.p: label a is on both version 1 and version 2 (a label is on one version at a time: remove it from one of them)`);
    expect(errorFor({ secrets: { db: { value: 'x', deletedDate: '2024-01-01T00:00:00Z' } } })).to.equal(
      `${VAULT_FILE}:5:7: secrets.db.deletedDate: a deletion date is set but "deleted" is not true (add "deleted": true, or remove "deletedDate")`,
    );
    expect(errorFor({ secrets: { db: { value: 'x', tags: ['team'] } } })).to.equal(
      `${VAULT_FILE}:5:7: secrets.db.tags: expected an object, found an array (write the tags as an object of strings, e.g. { "team": "web" })`,
    );
  });
});
