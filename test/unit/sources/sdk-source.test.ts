import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { AwsServiceError, ServiceUnreachableError } from '../../../src/aws/ports.js';
import type { ResolvedEndpoints } from '../../../src/sources/endpoints.js';
import { createSdkSources, type SdkSourceOptions, type SdkSources } from '../../../src/sources/sdk-source.js';
import {
  awsError,
  awsOk,
  s3Error,
  startFakeAwsServer,
  type FakeAwsServer,
  type FakeRoutes,
} from '../../support/fake-aws-server.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC123';

async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function everywhere(url: string): ResolvedEndpoints {
  const e = { url: `${url}/`, source: '--endpoint' };
  return { secretsManager: e, ssm: e, s3: e };
}

/** `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request, …` → key, region, service. */
function credentialScope(authorization: unknown): { key: string; region: string; service: string } {
  const m = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(String(authorization));
  if (m === null) throw new Error(`no SigV4 credential scope in ${String(authorization)}`);
  return { key: m[1] ?? '', region: m[2] ?? '', service: m[3] ?? '' };
}

describe('sources/sdk-source', function () {
  let server: FakeAwsServer | undefined;
  let sources: SdkSources | undefined;

  async function serve(routes: FakeRoutes, opts: Partial<SdkSourceOptions> = {}): Promise<{ srv: FakeAwsServer; src: SdkSources }> {
    server = await startFakeAwsServer(routes);
    sources = createSdkSources({ endpoint: everywhere(server.url), credentials: 'fake', timeoutMs: 3000, env: {}, ...opts });
    return { srv: server, src: sources };
  }

  afterEach(async () => {
    sources?.destroy();
    sources = undefined;
    await server?.close();
    server = undefined;
  });

  describe('GetSecretValue', () => {
    it('returns the secret, with CreatedDate from epoch seconds', async () => {
      const { src } = await serve({
        'secretsmanager.GetSecretValue': awsOk({
          ARN: SECRET_ARN,
          Name: 'db',
          VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
          SecretString: '{"password":"pw"}',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1.523477145713e9,
        }),
      });
      const out = await src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' });
      expect(out).to.deep.equal({
        ARN: SECRET_ARN,
        Name: 'db',
        VersionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
        SecretString: '{"password":"pw"}',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: new Date('2018-04-11T20:05:45.713Z'),
      });
    });

    it('decodes SecretBinary from base64 to bytes', async () => {
      const { src } = await serve({
        'secretsmanager.GetSecretValue': awsOk({
          ARN: SECRET_ARN,
          Name: 'db',
          VersionId: 'v1',
          SecretBinary: 'Zm9vdGVzdA==',
          VersionStages: ['AWSCURRENT'],
          CreatedDate: 1700000000,
        }),
      });
      const out = await src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' });
      expect(out.SecretBinary).to.be.instanceOf(Uint8Array);
      expect(Buffer.from(out.SecretBinary ?? []).toString('utf8')).to.equal('footest');
      expect(out).not.to.have.property('SecretString');
    });

    it('sends SecretId, and VersionStage / VersionId only when given', async () => {
      const ok = awsOk({ ARN: SECRET_ARN, Name: 'db', VersionId: 'v1', SecretString: 'x', VersionStages: [], CreatedDate: 1 });
      const { srv, src } = await serve({ 'secretsmanager.GetSecretValue': ok });
      await src.secretsManager.getSecretValue('us-east-1', { SecretId: SECRET_ARN });
      await src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db', VersionStage: 'AWSPREVIOUS' });
      await src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db', VersionId: 'v7', VersionStage: 'AWSCURRENT' });
      expect(srv.requests.map((r) => r.body)).to.deep.equal([
        { SecretId: SECRET_ARN },
        { SecretId: 'db', VersionStage: 'AWSPREVIOUS' },
        { SecretId: 'db', VersionId: 'v7', VersionStage: 'AWSCURRENT' },
      ]);
      const first = srv.requests[0];
      expect(first?.method).to.equal('POST');
      expect(first?.path).to.equal('/');
      expect(first?.headers['content-type']).to.equal('application/x-amz-json-1.1');
    });
  });

  describe('GetParameters', () => {
    it('returns the parameters and passes InvalidParameters through', async () => {
      const { src } = await serve({
        'AmazonSSM.GetParameters': awsOk({
          Parameters: [
            {
              Name: '/app/db',
              Type: 'SecureString',
              Value: 's3cr3t',
              Version: 3,
              Selector: ':3',
              LastModifiedDate: 1700000000.5,
              ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db',
              DataType: 'text',
            },
          ],
          InvalidParameters: ['/app/missing', 'other:prod'],
        }),
      });
      const out = await src.ssm.getParameters('eu-west-1', { Names: ['/app/db:3', '/app/missing', 'other:prod'], WithDecryption: true });
      expect(out).to.deep.equal({
        Parameters: [
          {
            Name: '/app/db',
            Type: 'SecureString',
            Value: 's3cr3t',
            Version: 3,
            Selector: ':3',
            LastModifiedDate: new Date(1700000000500),
            ARN: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db',
            DataType: 'text',
          },
        ],
        InvalidParameters: ['/app/missing', 'other:prod'],
      });
    });

    it('sends Names and WithDecryption', async () => {
      const { srv, src } = await serve({ 'AmazonSSM.GetParameters': awsOk({ Parameters: [], InvalidParameters: [] }) });
      const out = await src.ssm.getParameters('eu-west-1', { Names: ['a', '/b/c'], WithDecryption: true });
      expect(out).to.deep.equal({ Parameters: [], InvalidParameters: [] });
      expect(srv.requests.map((r) => [r.route, r.body])).to.deep.equal([
        ['AmazonSSM.GetParameters', { Names: ['a', '/b/c'], WithDecryption: true }],
      ]);
    });
  });

  describe('service errors', () => {
    const iamMessage =
      'User: arn:aws:sts::123456789012:assumed-role/exec/task-1 is not authorized to perform: secretsmanager:GetSecretValue on resource: db because no identity-based policy allows the secretsmanager:GetSecretValue action';
    const cases: Array<[string, string]> = [
      ['ResourceNotFoundException', "Secrets Manager can't find the specified secret."],
      ['AccessDeniedException', iamMessage],
      ['InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.'],
    ];
    for (const [code, message] of cases) {
      it(`carries ${code} over with its exact Message and request id`, async () => {
        const { srv, src } = await serve({ 'secretsmanager.GetSecretValue': awsError(code, message, `req-${code}`) });
        const err = await rejection(src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' }));
        expect(err).to.be.instanceOf(AwsServiceError);
        expect({ code: err['code'], message: err.message, statusCode: err['statusCode'], requestId: err['requestId'] }).to.deep.equal({
          code,
          message,
          statusCode: 400,
          requestId: `req-${code}`,
        });
        expect(srv.requests).to.have.length(1);
      });
    }

    it("keeps SSM's message-less ParameterNotFound as '' (not the SDK's 'UnknownError')", async () => {
      const { src } = await serve({ 'AmazonSSM.GetParameters': awsError('ParameterNotFound', undefined, 'req-pnf') });
      const err = await rejection(src.ssm.getParameters('us-east-1', { Names: ['x'], WithDecryption: true }));
      expect(err).to.be.instanceOf(AwsServiceError);
      expect([err['code'], err.message, err['statusCode'], err['requestId']]).to.deep.equal(['ParameterNotFound', '', 400, 'req-pnf']);
    });

    it("keeps an empty Message empty, and reads moto's lower-case `message`", async () => {
      const { src } = await serve({
        'AmazonSSM.GetParameters': { status: 400, headers: { 'x-amzn-RequestId': 'r1' }, body: { __type: 'ValidationException', Message: '' } },
        'secretsmanager.GetSecretValue': {
          status: 400,
          headers: { 'x-amzn-RequestId': 'r2' },
          body: { __type: 'ResourceNotFoundException', message: 'Secrets Manager can’t find the specified secret.' },
        },
      });
      const ssmErr = await rejection(src.ssm.getParameters('us-east-1', { Names: ['x'], WithDecryption: true }));
      expect([ssmErr['code'], ssmErr.message]).to.deep.equal(['ValidationException', '']);
      const asmErr = await rejection(src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' }));
      expect([asmErr['code'], asmErr.message]).to.deep.equal(['ResourceNotFoundException', 'Secrets Manager can’t find the specified secret.']);
    });

    it("keeps a Message that happens to be the SDK's own placeholder text", async () => {
      const { src } = await serve({ 'AmazonSSM.GetParameters': awsError('ValidationException', 'UnknownError', 'r3') });
      const err = await rejection(src.ssm.getParameters('us-east-1', { Names: ['x'], WithDecryption: true }));
      expect([err['code'], err.message]).to.deep.equal(['ValidationException', 'UnknownError']);
    });

    it('retries a 500 like the Go SDK (3 attempts) and then reports it', async () => {
      const { srv, src } = await serve({
        'secretsmanager.GetSecretValue': awsError('InternalServiceError', 'An error occurred on the server side.', 'req-500', 500),
      });
      const err = await rejection(src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' }));
      expect([err['code'], err.message, err['statusCode'], err['requestId']]).to.deep.equal([
        'InternalServiceError',
        'An error occurred on the server side.',
        500,
        'req-500',
      ]);
      expect(srv.requests).to.have.length(3);
    });
  });

  describe('no answer', () => {
    it('maps a refused connection to a Go dial error, fast', async () => {
      const port = await closedPort();
      sources = createSdkSources({ endpoint: everywhere(`http://127.0.0.1:${port}`), credentials: 'fake', timeoutMs: 5000, env: {} });
      const started = Date.now();
      const err = await rejection(sources.ssm.getParameters('us-east-1', { Names: ['x'], WithDecryption: true }));
      expect(Date.now() - started).to.be.below(2000);
      expect(err).to.be.instanceOf(ServiceUnreachableError);
      expect([err['reason'], err['url'], err['detail']]).to.deep.equal([
        'connection',
        `http://127.0.0.1:${port}/`,
        `dial tcp 127.0.0.1:${port}: connect: connection refused`,
      ]);
    });

    it('maps a name that does not resolve to a Go lookup error', async () => {
      const url = 'http://ecs-local-test.invalid:4566';
      sources = createSdkSources({ endpoint: everywhere(url), credentials: 'fake', timeoutMs: 5000, env: {} });
      const err = await rejection(sources.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' }));
      expect(err).to.be.instanceOf(ServiceUnreachableError);
      expect(err['reason']).to.equal('connection');
      expect(err['url']).to.equal(`${url}/`);
      // Without a DNS server at all, the resolver says "try again" rather than "no such host".
      expect(err['detail']).to.match(/^dial tcp: lookup ecs-local-test\.invalid: (no such host|Temporary failure in name resolution)$/);
    });

    it('gives up after timeoutMs with context deadline exceeded', async () => {
      const { srv, src } = await serve({ 'secretsmanager.GetSecretValue': { hang: true } }, { timeoutMs: 300 });
      const started = Date.now();
      const err = await rejection(src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' }));
      const elapsed = Date.now() - started;
      expect(elapsed).to.be.within(250, 2000);
      expect(err).to.be.instanceOf(ServiceUnreachableError);
      expect([err['reason'], err['url'], err['detail']]).to.deep.equal(['timeout', `${srv.url}/`, 'context deadline exceeded']);
    });

    it("names real AWS's regional endpoint when no endpoint is configured", async () => {
      // A 1 ms budget ends every call before any packet could reach AWS.
      sources = createSdkSources({ endpoint: {}, credentials: 'fake', timeoutMs: 1, env: {} });
      const asm = await rejection(sources.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' }));
      const ssm = await rejection(sources.ssm.getParameters('eu-west-1', { Names: ['x'], WithDecryption: true }));
      const china = await rejection(sources.ssm.getParameters('cn-north-1', { Names: ['x'], WithDecryption: true }));
      expect([asm['reason'], asm['url']]).to.deep.equal(['timeout', 'https://secretsmanager.us-east-1.amazonaws.com/']);
      expect([ssm['reason'], ssm['url']]).to.deep.equal(['timeout', 'https://ssm.eu-west-1.amazonaws.com/']);
      expect(china['url']).to.equal('https://ssm.cn-north-1.amazonaws.com.cn/');
    });
  });

  describe('clients and credentials', () => {
    it('uses one client per region, signing for that region', async () => {
      const ok = awsOk({ ARN: SECRET_ARN, Name: 'db', VersionId: 'v1', SecretString: 'x', VersionStages: [], CreatedDate: 1 });
      const { srv, src } = await serve({ 'secretsmanager.GetSecretValue': ok });
      await src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' });
      await src.secretsManager.getSecretValue('eu-west-1', { SecretId: 'db' });
      await src.secretsManager.getSecretValue('us-east-1', { SecretId: 'db' });
      const scopes = srv.requests.map((r) => credentialScope(r.headers['authorization']));
      expect(scopes.map((s) => `${s.region}/${s.service}`)).to.deep.equal([
        'us-east-1/secretsmanager',
        'eu-west-1/secretsmanager',
        'us-east-1/secretsmanager',
      ]);
      // The same kept-alive connection for both us-east-1 calls: the same client; another one for eu-west-1.
      const [a, b, c] = srv.requests.map((r) => r.remotePort);
      expect(c).to.equal(a);
      expect(b).not.to.equal(a);
    });

    it("signs with the clearly fake keys when credentials are 'fake', the access key id being ecs-local's default account", async () => {
      const { srv, src } = await serve({ 'AmazonSSM.GetParameters': awsOk({ Parameters: [], InvalidParameters: [] }) });
      await src.ssm.getParameters('us-west-2', { Names: ['x'], WithDecryption: true });
      // LocalStack files a request signed with a 12-digit access key id under that account.
      expect(credentialScope(srv.requests[0]?.headers['authorization'])).to.deep.equal({
        key: '123456789012',
        region: 'us-west-2',
        service: 'ssm',
      });
    });

    it("signs as the given accountId with 'fake' credentials", async () => {
      const { srv, src } = await serve({ 'AmazonSSM.GetParameters': awsOk({ Parameters: [], InvalidParameters: [] }) }, { accountId: '111122223333' });
      await src.ssm.getParameters('us-east-1', { Names: ['x'], WithDecryption: true });
      expect(credentialScope(srv.requests[0]?.headers['authorization']).key).to.equal('111122223333');
    });

    it("signs with the SDK's default chain otherwise (here: the process's AWS_ACCESS_KEY_ID)", async () => {
      const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'] as const;
      const saved = names.map((n) => process.env[n]);
      process.env['AWS_ACCESS_KEY_ID'] = 'AKIDECSLOCALCHAIN';
      process.env['AWS_SECRET_ACCESS_KEY'] = 'chain-secret';
      delete process.env['AWS_SESSION_TOKEN'];
      delete process.env['AWS_PROFILE']; // with a profile set, the chain skips the environment keys
      try {
        const { srv, src } = await serve(
          { 'AmazonSSM.GetParameters': awsOk({ Parameters: [], InvalidParameters: [] }) },
          { credentials: 'default-chain' },
        );
        await src.ssm.getParameters('us-east-1', { Names: ['x'], WithDecryption: true });
        expect(credentialScope(srv.requests[0]?.headers['authorization']).key).to.equal('AKIDECSLOCALCHAIN');
      } finally {
        names.forEach((n, i) => {
          const v = saved[i];
          if (v === undefined) delete process.env[n];
          else process.env[n] = v;
        });
      }
    });

    it('resolves the endpoints from env (AWS_ENDPOINT_URL…) when none are given', async () => {
      server = await startFakeAwsServer({ 'AmazonSSM.GetParameters': awsOk({ Parameters: [], InvalidParameters: ['x'] }) });
      sources = createSdkSources({ credentials: 'fake', timeoutMs: 3000, env: { AWS_ENDPOINT_URL_SSM: server.url } });
      const out = await sources.ssm.getParameters('us-east-1', { Names: ['x'], WithDecryption: true });
      expect(out.InvalidParameters).to.deep.equal(['x']);
      expect(server.requests).to.have.length(1);
    });
  });

  describe('S3 env files (endpoint mode)', () => {
    it('GETs <endpoint>/<bucket>/<key> path-style and returns the bytes as text, BOM and all', async () => {
      const { srv, src } = await serve({ 'GET /my-bucket/dir/app%20v1.env': { status: 200, body: '\ufeffA=1\nB=é\n' } });
      const text = await src.s3.getObjectText('us-east-1', 'my-bucket', 'dir/app v1.env');
      expect(text).to.equal('\ufeffA=1\nB=é\n');
      expect(srv.requests.map((r) => r.route)).to.deep.equal(['GET /my-bucket/dir/app%20v1.env']);
    });

    it('maps an S3 XML error to AwsServiceError with its request and host ids', async () => {
      const { src } = await serve({
        'GET /my-bucket/missing.env': s3Error('NoSuchKey', 'The specified key does not exist.', 'TX1234', 'host/id+2='),
      });
      const err = await rejection(src.s3.getObjectText('us-east-1', 'my-bucket', 'missing.env'));
      expect(err).to.be.instanceOf(AwsServiceError);
      expect([err['code'], err.message, err['statusCode'], err['requestId'], err['hostId']]).to.deep.equal([
        'NoSuchKey',
        'The specified key does not exist.',
        404,
        'TX1234',
        'host/id+2=',
      ]);
    });

    it('maps a refused connection, naming the object URL', async () => {
      const port = await closedPort();
      sources = createSdkSources({ endpoint: everywhere(`http://127.0.0.1:${port}`), credentials: 'fake', timeoutMs: 5000, env: {} });
      const err = await rejection(sources.s3.getObjectText('us-east-1', 'b', 'k.env'));
      expect(err).to.be.instanceOf(ServiceUnreachableError);
      expect([err['reason'], err['url'], err['detail']]).to.deep.equal([
        'connection',
        `http://127.0.0.1:${port}/b/k.env`,
        `dial tcp 127.0.0.1:${port}: connect: connection refused`,
      ]);
    });

    it('times out on a server that never answers', async () => {
      const { srv, src } = await serve({ 'GET /b/k.env': { hang: true } }, { timeoutMs: 300 });
      const err = await rejection(src.s3.getObjectText('us-east-1', 'b', 'k.env'));
      expect([err['reason'], err['url'], err['detail']]).to.deep.equal(['timeout', `${srv.url}/b/k.env`, 'context deadline exceeded']);
    });

    it('refuses real S3 with an InputError saying what to do', async () => {
      sources = createSdkSources({ endpoint: {}, credentials: 'default-chain', timeoutMs: 1000, env: {} });
      const err = await rejection(sources.s3.getObjectText('us-east-1', 'my-bucket', 'app.env'));
      expect(err['errorName']).to.equal('InputError');
      expect(err.message).to.equal(
        'environment file s3://my-bucket/app.env: reading environment files from real Amazon S3 is not supported yet; serve it from an emulator (--endpoint URL or AWS_ENDPOINT_URL_S3) or from the local vault',
      );
    });
  });

  describe('in a fresh process', () => {
    const moduleUrl = pathToFileURL(path.resolve('src/sources/sdk-source.ts')).href;
    /** Runs an ES module script under tsx and returns what it printed. */
    async function runScript(script: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: process.cwd(),
        env,
        timeout: 30000,
      });
      return stdout;
    }

    it('says how to set up credentials when the default chain finds none', async () => {
      const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-sdk-home-'));
      try {
        const port = await closedPort();
        const script = `
          const { createSdkSources } = await import(${JSON.stringify(moduleUrl)});
          const e = { url: 'http://127.0.0.1:${port}/', source: '--endpoint' };
          const s = createSdkSources({ endpoint: { secretsManager: e }, credentials: 'default-chain', timeoutMs: 5000, env: {} });
          const err = await s.secretsManager.getSecretValue('us-east-1', { SecretId: 'x' }).catch((err) => err);
          s.destroy();
          console.log(JSON.stringify({ errorName: err.errorName, message: err.message }));
        `;
        // No keys, no profile files, no instance metadata: nothing for the chain to find.
        const env = { PATH: process.env['PATH'], HOME: home, AWS_EC2_METADATA_DISABLED: 'true' };
        expect(JSON.parse(await runScript(script, env))).to.deep.equal({
          errorName: 'InputError',
          message: `no AWS credentials to sign the request to http://127.0.0.1:${port}/ (Could not load credentials from any providers): configure them as for the AWS CLI (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials)`,
        });
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    });

    it('does not load an AWS SDK client until the first call that needs it', async () => {
      // The SDK clients are CommonJS (no "exports" map), so a loaded one sits in require.cache.
      const script = `
        import { createRequire } from 'node:module';
        import net from 'node:net';
        const cache = createRequire(import.meta.url).cache;
        const loaded = (pkg) => Object.keys(cache).some((f) => f.includes('/node_modules/' + pkg + '/'));
        const report = (when) => ({ when, asm: loaded('@aws-sdk/client-secrets-manager'), ssm: loaded('@aws-sdk/client-ssm') });
        const { createSdkSources } = await import(${JSON.stringify(moduleUrl)});
        const out = [report('imported')];
        const s = createSdkSources({ endpoint: {}, credentials: 'fake', timeoutMs: 1, env: {} });
        out.push(report('created'));
        await s.secretsManager.getSecretValue('us-east-1', { SecretId: 'x' }).catch(() => undefined);
        out.push(report('after GetSecretValue'));
        s.destroy();
        console.log(JSON.stringify(out));
      `;
      expect(JSON.parse(await runScript(script))).to.deep.equal([
        { when: 'imported', asm: false, ssm: false },
        { when: 'created', asm: false, ssm: false },
        { when: 'after GetSecretValue', asm: true, ssm: false },
      ]);
    });
  });
});
