import { expect } from 'chai';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  accountOfAccessKeyId,
  assumeRoleCredentialSource,
  credentialSource,
  fakeAccessKeyId,
  localStackAccessKeyId,
  fakeCredentialSource,
  hostCredentialSource,
} from '../../../src/endpoints/credential-sources.js';

describe('endpoints/credential-sources', () => {
  it('gives fake temporary keys under the task role, six hours ahead', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    const c = await fakeCredentialSource(() => now).fetch('arn:aws:iam::123456789012:role/app', 'task');
    expect(c.roleArn).to.equal('arn:aws:iam::123456789012:role/app');
    expect(c.accessKeyId).to.match(/^ASIAECSLOCAL[A-Z2-7]{8}$/);
    expect(c.sessionToken).to.not.equal('');
    expect(c.expiration.toISOString()).to.equal('2026-01-01T06:00:00.000Z');
  });

  it('gives every fetch its own fake key id, secret and token, so a key names one task and only it can sign', async () => {
    const source = fakeCredentialSource();
    const fetched = await Promise.all([1, 2, 3].map(() => source.fetch('arn:aws:iam::1:role/app', 'task')));
    expect(new Set(fetched.map((c) => c.accessKeyId)).size).to.equal(3);
    expect(new Set(fetched.map((c) => c.secretAccessKey)).size).to.equal(3);
    expect(new Set(fetched.map((c) => c.sessionToken)).size).to.equal(3);
    for (const c of fetched) {
      expect(c.secretAccessKey).to.match(/^ecsLocalFakeSecret[\w-]{22}$/);
      expect(c.sessionToken).to.match(/^ecs-local-fake-session-token-[\w-]{43}$/);
    }
    expect(fakeAccessKeyId(() => new Uint8Array([0, 1, 25, 26, 31, 32, 33, 63]))).to.equal('ASIAECSLOCALABZ27AB7');
  });
});

describe('endpoints/credential-sources: keys that carry the account for LocalStack', () => {
  it("reads LocalStack's documented example as it does (LSIAQAAAAAAVNCBMPNSG is account 000000000042)", () => {
    expect(accountOfAccessKeyId('LSIAQAAAAAAVNCBMPNSG')).to.equal('000000000042');
  });

  it('issues LSIA keys of 20 characters that decode to the task definition account, random for every fetch', async () => {
    for (const account of ['123456789012', '000000000001', '999999999999']) {
      const key = localStackAccessKeyId(account);
      expect(key).to.match(/^LSIA[A-Z2-7]{16}$/);
      expect(accountOfAccessKeyId(key)).to.equal(account);
    }
    expect(accountOfAccessKeyId(localStackAccessKeyId('123456789012', (n) => new Uint8Array(n).fill(255)))).to.equal('123456789012');
    const source = credentialSource('fake', 'us-east-1', { localStackAccount: '210987654321' });
    const fetched = await Promise.all([1, 2, 3].map(() => source.fetch('arn:aws:iam::210987654321:role/app', 'task')));
    expect(new Set(fetched.map((c) => c.accessKeyId)).size).to.equal(3);
    for (const c of fetched) expect(accountOfAccessKeyId(c.accessKeyId)).to.equal('210987654321');
  });
});

describe('endpoints/credential-sources: host and assume-role', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  it("host: this machine's keys from the default chain, under the task role's name", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAHOSTKEY';
    process.env.AWS_SECRET_ACCESS_KEY = 'host-secret';
    delete process.env.AWS_SESSION_TOKEN;
    const c = await hostCredentialSource(() => 0).fetch('arn:aws:iam::1:role/app', 'task');
    expect(c).to.deep.include({ roleArn: 'arn:aws:iam::1:role/app', accessKeyId: 'AKIAHOSTKEY', secretAccessKey: 'host-secret', sessionToken: '' });
    expect(c.expiration.getTime()).to.equal(6 * 3600_000);
  });

  it('assume-role: STS AssumeRole of the task role, session named after the task, for an hour', async () => {
    const bodies: string[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.setHeader('Content-Type', 'text/xml');
        res.end(
          '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>' +
            '<AccessKeyId>ASIASTSKEY</AccessKeyId><SecretAccessKey>sts-secret</SecretAccessKey><SessionToken>sts-token</SessionToken>' +
            '<Expiration>2030-01-01T01:00:00Z</Expiration></Credentials>' +
            '<AssumedRoleUser><AssumedRoleId>AROA:task</AssumedRoleId><Arn>arn:aws:sts::1:assumed-role/app/task</Arn></AssumedRoleUser>' +
            '</AssumeRoleResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></AssumeRoleResponse>',
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      process.env.AWS_ACCESS_KEY_ID = 'AKIAHOSTKEY';
      process.env.AWS_SECRET_ACCESS_KEY = 'host-secret';
      process.env.AWS_ENDPOINT_URL_STS = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
      const c = await assumeRoleCredentialSource('us-east-1').fetch('arn:aws:iam::1:role/app', '0123abcd');
      expect(c).to.deep.include({ roleArn: 'arn:aws:iam::1:role/app', accessKeyId: 'ASIASTSKEY', secretAccessKey: 'sts-secret', sessionToken: 'sts-token' });
      expect(c.expiration.toISOString()).to.equal('2030-01-01T01:00:00.000Z');
      const sent = new URLSearchParams(bodies[0]);
      expect(sent.get('Action')).to.equal('AssumeRole');
      expect(sent.get('RoleArn')).to.equal('arn:aws:iam::1:role/app');
      expect(sent.get('RoleSessionName')).to.equal('0123abcd');
      expect(sent.get('DurationSeconds')).to.equal('3600');
    } finally {
      server.close();
    }
  });
});
