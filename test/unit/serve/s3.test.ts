import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startVaultServer, type VaultServer } from '../../../src/serve/server.js';
import { parseObjectPath } from '../../../src/serve/s3.js';

describe('serve/s3: environment files as S3 objects (path-style GetObject)', () => {
  let dir: string;
  let server: VaultServer;
  const seen: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-serve-s3-'));
    fs.mkdirSync(path.join(dir, 'env'));
    fs.writeFileSync(path.join(dir, 'env', 'app.env'), '\uFEFFA=1\nB=two words\n');
    const vault = {
      environmentFiles: {
        'arn:aws:s3:::my-bucket/dir/app file.env': './env/app.env',
        'arn:aws:s3:::my-bucket/gone.env': './env/gone.env',
      },
    };
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify(vault));
    server = await startVaultServer({ vaultFile: path.join(dir, 'ecs-local.vault.json'), env: {}, port: 0, onRequest: (op) => seen.push(op) });
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (seen.length = 0));

  it('GET /<bucket>/<key> returns the mapped file byte for byte, key percent-decoded', async () => {
    const res = await fetch(`${server.url}my-bucket/dir/app%20file.env`);
    expect(res.status).to.equal(200);
    expect(Buffer.from(await res.arrayBuffer())).to.deep.equal(fs.readFileSync(path.join(dir, 'env', 'app.env')));
    expect(res.headers.get('x-amz-request-id')).to.match(/^[0-9A-F]{16}$/);
    expect(seen).to.deep.equal(['s3.GetObject']);
  });

  it('an object the vault does not map is NoSuchKey, 404, in S3 XML with matching ids', async () => {
    const res = await fetch(`${server.url}my-bucket/nope.env`);
    expect(res.status).to.equal(404);
    expect(res.headers.get('content-type')).to.equal('application/xml');
    const body = await res.text();
    expect(body).to.include('<Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope.env</Key>');
    expect(body).to.include(`<RequestId>${res.headers.get('x-amz-request-id')}</RequestId>`);
    expect(body).to.include(`<HostId>${res.headers.get('x-amz-id-2')}</HostId>`);
  });

  it('a mapped file that cannot be read is a 500 InternalError naming the vault entry and the file', async () => {
    const res = await fetch(`${server.url}my-bucket/gone.env`);
    expect(res.status).to.equal(500);
    const body = await res.text();
    expect(body).to.include('<Code>InternalError</Code>');
    expect(body).to.include('ecs-local vault serve failed: ');
    expect(body).to.include(`cannot read ${path.join(dir, 'env', 'gone.env')}: no such file`);
  });

  it('HEAD answers with the headers and no body', async () => {
    const res = await fetch(`${server.url}my-bucket/dir/app%20file.env`, { method: 'HEAD' });
    expect(res.status).to.equal(200);
    expect(await res.text()).to.equal('');
  });

  it('parseObjectPath: bucket and key decoded, query ignored; a path without a key names no object', () => {
    expect(parseObjectPath('/b/a%2Fb/c%3D.env?x-id=GetObject')).to.deep.equal({ bucket: 'b', key: 'a/b/c=.env' });
    expect(parseObjectPath('/b/')).to.equal(undefined);
    expect(parseObjectPath('/b/%E0%A4%A')).to.equal(undefined);
  });
});
