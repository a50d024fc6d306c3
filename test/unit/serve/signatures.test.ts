/**
 * `vault serve` verifying SigV4 (the task's runtime endpoint, `vault serve --verify-signatures`):
 * the real SDK clients and raw HTTP requests against the real server. The right key works; a wrong
 * secret, an unknown key, a wrong token, an unsigned or half-signed request, a stale date and a key
 * past its expiry are refused with the code, status and text each service (Secrets Manager, SSM,
 * S3) answers with.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SignatureV4 } from '@smithy/signature-v4';
import { expect } from 'chai';
import { AwsJsonAuth } from '../../../src/messages.js';
import { IssuedKeys } from '../../../src/serve/callers.js';
import { startVaultServer, type VaultServer } from '../../../src/serve/server.js';
import { NodeSha256 } from '../../../src/serve/sigv4.js';
import { sdkError } from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/app-role';
const TASK = '0123456789abcdef0123456789abcdef';
const TASK_KEY = { accessKeyId: 'ASIAECSLOCALTASKKEY1', secretAccessKey: 'task-secret-access-key', sessionToken: 'task-session-token' };
const USER_KEY = { accessKeyId: 'AKIAECSLOCALUSERKEY1', secretAccessKey: 'user-secret-access-key' };

const INVALID_TOKEN = 'The security token included in the request is invalid.';
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

interface RawReply {
  status: number;
  contentType: string | null;
  text: string;
  headers?: Headers;
}

describe('serve: SigV4 verification (runtime endpoint, vault serve --verify-signatures)', () => {
  let dir: string;
  let server: VaultServer;
  let host: string;
  const keys = new IssuedKeys();
  const clients: { destroy(): void }[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-sigv4-'));
    fs.writeFileSync(path.join(dir, 'app.env'), 'A=1\n');
    const vault = {
      region: 'us-east-1',
      accountId: '123456789012',
      secrets: { 'app/db': { value: 'db-password' } },
      parameters: { '/app/url': 'https://example.com' },
      environmentFiles: { 'arn:aws:s3:::my-bucket/app.env': './app.env' },
    };
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify(vault));
    keys.register(TASK_KEY.accessKeyId, { roleArn: ROLE, sessionName: TASK }, { secretAccessKey: TASK_KEY.secretAccessKey, sessionToken: TASK_KEY.sessionToken });
    keys.register(USER_KEY.accessKeyId, undefined, { secretAccessKey: USER_KEY.secretAccessKey });
    keys.register('ASIAECSLOCALEXPIRED1', undefined, { secretAccessKey: 'x', sessionToken: 't', expiration: new Date(Date.now() - 1000) });
    server = await startVaultServer({ vaultFile: path.join(dir, 'ecs-local.vault.json'), env: {}, callers: keys, verifySignatures: keys });
    host = new URL(server.url).host;
  });
  after(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const creds = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => c;
  const sm = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => {
    const client = new SecretsManagerClient({ endpoint: server.url, region: 'us-east-1', credentials: creds(c), maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const ssm = (c: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }) => {
    const client = new SSMClient({ endpoint: server.url, region: 'us-east-1', credentials: creds(c), maxAttempts: 1 });
    clients.push(client);
    return client;
  };

  /** A JSON 1.1 request signed as the SDK signs it (its own signer), or not at all. */
  async function post(
    target: string,
    body: string,
    opts: { key?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }; service?: string; date?: Date; headers?: Record<string, string> } = {},
  ): Promise<RawReply & { signed: Record<string, string> }> {
    let headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1', host, 'x-amz-target': target, ...opts.headers };
    if (opts.key) {
      const signer = new SignatureV4({ service: opts.service ?? target.split('.')[0]!.replace('AmazonSSM', 'ssm'), region: 'us-east-1', credentials: opts.key, sha256: NodeSha256 });
      const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', path: '/', headers, body, query: {} }, { signingDate: opts.date ?? new Date() });
      headers = signed.headers;
    }
    const res = await fetch(server.url, { method: 'POST', headers, body });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text(), headers: res.headers, signed: headers };
  }

  /** A path-style GetObject signed as the S3 client signs it (payload hash header, path as sent). */
  async function getObject(objectPath: string, key?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<RawReply> {
    let headers: Record<string, string> = { host };
    if (key) {
      const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: key, sha256: NodeSha256, uriEscapePath: false, applyChecksum: true });
      headers = (await signer.sign({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: objectPath, headers, query: { 'x-id': 'GetObject' } })).headers;
    }
    const res = await fetch(`${server.url.replace(/\/$/, '')}${objectPath}?x-id=GetObject`, { headers });
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  }

  it('answers the SDK clients signed with an issued key, and with a long-term key', async () => {
    expect((await sm(TASK_KEY).send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).to.equal('db-password');
    expect((await ssm(TASK_KEY).send(new GetParameterCommand({ Name: '/app/url' }))).Parameter?.Value).to.equal('https://example.com');
    expect((await sm(USER_KEY).send(new GetSecretValueCommand({ SecretId: 'app/db' }))).SecretString).to.equal('db-password');
  });

  it('a wrong secret: InvalidSignatureException, 400, with the canonical request and string to sign AWS would show', async () => {
    const wrong = { ...TASK_KEY, secretAccessKey: 'not-the-secret' };
    const failure = await sdkError(sm(wrong).send(new GetSecretValueCommand({ SecretId: 'app/db' })));
    expect(failure.name).to.equal('InvalidSignatureException');
    expect(failure.status).to.equal(400);
    expect(failure.message.startsWith(`${BAD_SIGNATURE}\n\nThe Canonical String for this request should have been\n'POST\n/\n\n`)).to.equal(true);
    expect(failure.message).to.match(/\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/us-east-1\/secretsmanager\/aws4_request\n[0-9a-f]{64}'\n$/);

    // Byte for byte on the wire: the body, its lowercase "message", and what AWS computed.
    const date = new Date();
    const body = '{"SecretId":"app/db"}';
    const r = await post('secretsmanager.GetSecretValue', body, { key: wrong, date });
    const longDate = date.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const canonical = [
      'POST',
      '/',
      '',
      'content-type:application/x-amz-json-1.1',
      `host:${host}`,
      `x-amz-content-sha256:${createHash('sha256').update(body).digest('hex')}`,
      `x-amz-date:${longDate}`,
      `x-amz-security-token:${TASK_KEY.sessionToken}`,
      'x-amz-target:secretsmanager.GetSecretValue',
      '',
      'content-type;host;x-amz-content-sha256;x-amz-date;x-amz-security-token;x-amz-target',
      createHash('sha256').update(body).digest('hex'),
    ].join('\n');
    const stringToSign = ['AWS4-HMAC-SHA256', longDate, `${longDate.slice(0, 8)}/us-east-1/secretsmanager/aws4_request`, createHash('sha256').update(canonical).digest('hex')].join('\n');
    expect(r.status).to.equal(400);
    expect(r.contentType).to.equal('application/x-amz-json-1.1');
    expect(r.text).to.equal(JSON.stringify({ __type: 'InvalidSignatureException', message: AwsJsonAuth.invalidSignature(canonical, stringToSign) }));
  });

  it('a key it did not issue: UnrecognizedClientException, 400, from Secrets Manager and SSM', async () => {
    const stranger = { accessKeyId: 'AKIAHOSTUSERKEY00001', secretAccessKey: 'whatever' };
    expect(await sdkError(sm(stranger).send(new GetSecretValueCommand({ SecretId: 'app/db' })))).to.deep.equal({
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    });
    expect(await sdkError(ssm(stranger).send(new GetParameterCommand({ Name: '/app/url' })))).to.deep.equal({
      name: 'UnrecognizedClientException',
      message: INVALID_TOKEN,
      status: 400,
    });
    const raw = await post('secretsmanager.GetSecretValue', '{"SecretId":"app/db"}', { key: stranger });
    expect(raw.text).to.equal('{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}');
  });

  it('an issued key with another session token, or none, is UnrecognizedClientException', async () => {
    for (const sessionToken of ['another-token', undefined]) {
      const failure = await sdkError(sm({ ...TASK_KEY, sessionToken }).send(new GetSecretValueCommand({ SecretId: 'app/db' })));
      expect(failure).to.deep.equal({ name: 'UnrecognizedClientException', message: INVALID_TOKEN, status: 400 });
    }
  });

  it('an unsigned request: MissingAuthenticationTokenException, 400, the 89-byte body AWS sends', async () => {
    const r = await post('secretsmanager.GetSecretValue', '{"SecretId":"app/db"}');
    expect(r.status).to.equal(400);
    expect(r.text).to.equal('{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}');
    expect(Buffer.byteLength(r.text)).to.equal(89);
    // The headers AWS sends with it: its type and request id, no x-amzn-ErrorType.
    expect(r.headers?.get('content-type')).to.equal('application/x-amz-json-1.1');
    expect(r.headers?.get('x-amzn-requestid')).to.match(/^[0-9a-f-]{36}$/);
    expect(r.headers?.get('x-amzn-errortype')).to.equal(null);
    const ssmRaw = await post('AmazonSSM.GetParameter', '{"Name":"/app/url"}');
    expect(ssmRaw.text).to.equal('{"__type":"MissingAuthenticationTokenException","message":"Missing Authentication Token"}');
  });

  it('a half-signed request: IncompleteSignatureException with each missing part, and the header', async () => {
    const authorization = 'AWS4-HMAC-SHA256 Credential=ASIAECSLOCALTASKKEY1/20260101/us-east-1/secretsmanager/aws4_request';
    const r = await post('secretsmanager.GetSecretValue', '{}', { headers: { authorization } });
    expect(r.status).to.equal(400);
    expect(JSON.parse(r.text)).to.deep.equal({
      __type: 'IncompleteSignatureException',
      message: `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization}`,
    });
    const v2 = await post('AmazonSSM.GetParameter', '{}', { headers: { authorization: 'AWS AKIDEXAMPLE:c2lnbmF0dXJl', 'x-amz-date': '20260101T000000Z' } });
    expect(JSON.parse(v2.text).message).to.equal(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS AKIDEXAMPLE:c2lnbmF0dXJl",
    );
  });

  it('a header part without "=": IncompleteSignatureException naming it, as AWS words it', async () => {
    const authorization =
      'AWS4-HMAC-SHA256 Credential= ASIAECSLOCALTASKKEY1/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc';
    const r = await post('secretsmanager.GetSecretValue', '{}', { headers: { authorization, 'x-amz-date': '20260101T000000Z' } });
    expect(r.status).to.equal(400);
    expect(JSON.parse(r.text)).to.deep.equal({
      __type: 'IncompleteSignatureException',
      message: `'ASIAECSLOCALTASKKEY1/20260101/us-east-1/secretsmanager/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
    });
  });

  it('a signature older or newer than 5 minutes: InvalidSignatureException with the dates', async () => {
    const old = new Date(Date.now() - 10 * 60_000);
    const r = await post('secretsmanager.GetSecretValue', '{"SecretId":"app/db"}', { key: TASK_KEY, date: old });
    const signed = old.toISOString().replace(/[-:]|\.\d{3}/g, '');
    expect(r.status).to.equal(400);
    const body = JSON.parse(r.text);
    expect(body.__type).to.equal('InvalidSignatureException');
    expect(body.message).to.match(new RegExp(`^Signature expired: ${signed} is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)$`));
    const ahead = await post('secretsmanager.GetSecretValue', '{"SecretId":"app/db"}', { key: TASK_KEY, date: new Date(Date.now() + 10 * 60_000) });
    expect(JSON.parse(ahead.text).message).to.match(/^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/);
  });

  it('a credential scoped to another service: InvalidSignatureException naming the right one', async () => {
    const r = await post('secretsmanager.GetSecretValue', '{"SecretId":"app/db"}', { key: TASK_KEY, service: 'ssm' });
    expect(r.text).to.equal(`{"__type":"InvalidSignatureException","message":"Credential should be scoped to correct service: 'secretsmanager'. "}`);
  });

  it('an issued key past its expiry: ExpiredTokenException', async () => {
    const r = await post('secretsmanager.GetSecretValue', '{"SecretId":"app/db"}', { key: { accessKeyId: 'ASIAECSLOCALEXPIRED1', secretAccessKey: 'x', sessionToken: 't' } });
    expect(r.status).to.equal(400);
    expect(r.text).to.equal('{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}');
  });

  it('S3 GetObject: signed works; unknown key, bad signature and unsigned are refused as S3 refuses them', async () => {
    const ok = await getObject('/my-bucket/app.env', TASK_KEY);
    expect(ok.status).to.equal(200);
    expect(ok.text).to.equal('A=1\n');

    const unknown = await getObject('/my-bucket/app.env', { accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'x' });
    expect(unknown.status).to.equal(403);
    expect(unknown.contentType).to.equal('application/xml');
    expect(unknown.text).to.match(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>InvalidAccessKeyId<\/Code><Message>The AWS Access Key Id you provided does not exist in our records.<\/Message><AWSAccessKeyId>AKIAUNKNOWNKEY000001<\/AWSAccessKeyId><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/,
    );

    const bad = await getObject('/my-bucket/app.env', { ...TASK_KEY, secretAccessKey: 'wrong' });
    expect(bad.status).to.equal(403);
    expect(bad.text).to.contain(
      '<Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>ASIAECSLOCALTASKKEY1</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n',
    );
    expect(bad.text).to.contain('<CanonicalRequest>GET\n/my-bucket/app.env\nx-id=GetObject\n');

    const unsigned = await getObject('/my-bucket/app.env');
    expect(unsigned.status).to.equal(403);
    expect(unsigned.text).to.contain('<Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>');
  });

  it('[INF] a presigned S3 URL counts as unsigned: AccessDenied', async () => {
    const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: TASK_KEY, sha256: NodeSha256, uriEscapePath: false });
    const presigned = await signer.presign({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: '/my-bucket/app.env', headers: { host }, query: {} });
    const query = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await fetch(`${server.url.replace(/\/$/, '')}/my-bucket/app.env?${query}`);
    expect(res.status).to.equal(403);
    expect(await res.text()).to.contain('<Code>AccessDenied</Code>');
  });
});
