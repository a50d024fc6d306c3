import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { createVaultSources } from '../../../src/sources/vault-source.js';
import { loadVault } from '../../../src/vault/load.js';

async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

describe('sources/vault-source', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-vault-source-'));
    file = path.join(dir, 'ecs-local.vault.json');
    fs.mkdirSync(path.join(dir, 'envs'));
    fs.writeFileSync(path.join(dir, 'envs', 'app.env'), 'A=1\nB=2\n');
    fs.writeFileSync(
      file,
      [
        '{',
        '  "secrets": { "db": { "value": "pw", "arnSuffix": "AbC123" } },',
        '  "parameters": { "/app/key": "k" },',
        '  "environmentFiles": {',
        '    "arn:aws:s3:::my-bucket/app.env": "envs/app.env",',
        '    "arn:aws:s3:::my-bucket/missing.env": "envs/missing.env"',
        '  }',
        '}',
      ].join('\n'),
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sources = () => createVaultSources(loadVault(file, { env: {} }));

  it('answers GetSecretValue from the vault', async () => {
    const out = await sources().secretsManager.getSecretValue('us-east-1', { SecretId: 'db' });
    expect(out).to.include({ ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC123', SecretString: 'pw' });
  });

  it('rejects (not throws) with the AWS error', async () => {
    const err = await rejection(sources().secretsManager.getSecretValue('us-east-1', { SecretId: 'nope' }));
    expect([err.errorName, err.code, err.message]).to.deep.equal([
      'AwsServiceError',
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret.",
    ]);
  });

  it('answers GetParameters from the vault', async () => {
    const out = await sources().ssm.getParameters('us-east-1', { Names: ['/app/key', '/app/other'], WithDecryption: true });
    expect(out.Parameters.map((p) => p.Value)).to.deep.equal(['k']);
    expect(out.InvalidParameters).to.deep.equal(['/app/other']);
  });

  it('reads a mapped environment file from disk, relative to the vault', async () => {
    expect(await sources().s3.getObjectText('us-east-1', 'my-bucket', 'app.env')).to.equal('A=1\nB=2\n');
  });

  it('an unmapped object is S3 NoSuchKey (404, S3-style request and host ids)', async () => {
    const err = await rejection(sources().s3.getObjectText('us-east-1', 'my-bucket', 'other.env'));
    expect([err.errorName, err.code, err.message, err.statusCode]).to.deep.equal(['AwsServiceError', 'NoSuchKey', 'The specified key does not exist.', 404]);
    expect(err.requestId).to.match(/^[0-9A-F]{16}$/);
    expect(err.hostId).to.match(/^[A-Za-z0-9+/]+=*$/);
  });

  it('a mapped file that cannot be read is a vault error naming the entry and the path', async () => {
    const err = await rejection(sources().s3.getObjectText('us-east-1', 'my-bucket', 'missing.env'));
    expect(err.errorName).to.equal('InputError');
    expect(err.message).to.equal(
      `${file}:6:5: environmentFiles["arn:aws:s3:::my-bucket/missing.env"]: cannot read ${path.join(dir, 'envs', 'missing.env')}: no such file (create the file, or fix the path in the vault)`,
    );
  });

  it('reads through the readFile it is given', async () => {
    const read: string[] = [];
    const s = createVaultSources(loadVault(file, { env: {} }), {
      readFile: async (f) => {
        read.push(f);
        return 'X=1\n';
      },
    });
    expect(await s.s3.getObjectText('us-east-1', 'my-bucket', 'app.env')).to.equal('X=1\n');
    expect(read).to.deep.equal([path.join(dir, 'envs', 'app.env')]);
  });
});
