/**
 * `vault serve` as a task's runtime endpoint: a call signed with an access key the run issued to a
 * task is checked against the vault's policies for the task role, and denied with AWS's text naming
 * `assumed-role/<role>/<task id>`; any other key is refused, as AWS refuses a key it does not know.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BatchGetSecretValueCommand, CreateSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SignatureV4 } from '@smithy/signature-v4';
import { expect } from 'chai';
import { IssuedKeys } from '../../../src/serve/callers.js';
import { accessKeyIdOf } from '../../../src/serve/protocol.js';
import { startVaultServer, type VaultServer } from '../../../src/serve/server.js';
import { NodeSha256 } from '../../../src/serve/sigv4.js';
import { sdkError } from './helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/app-role';
const TASK = '0123456789abcdef0123456789abcdef';
const TASK_KEY = 'ASIAECSLOCALTASKKEY1';
const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const PRINCIPAL = `arn:aws:sts::123456789012:assumed-role/app-role/${TASK}`;

const POLICIES = {
  [ROLE]: [
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*' },
        { Effect: 'Deny', Action: 'secretsmanager:PutSecretValue', Resource: '*' },
        { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/*' },
        { Effect: 'Allow', Action: ['secretsmanager:CreateSecret', 'secretsmanager:BatchGetSecretValue'], Resource: '*' },
        { Effect: 'Deny', Action: 'secretsmanager:CreateSecret', Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:other/*' },
        { Effect: 'Allow', Action: 'ssm:GetParametersByPath', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/app' },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::config/app/*' },
      ],
    },
  ],
};

const VAULT = {
  region: 'us-east-1',
  accountId: '123456789012',
  secrets: {
    'app/db': { value: 'db-password' },
    'app/encrypted': { value: 'x', kmsKeyId: KEY_ARN },
    'other/api-key': { value: 'api-key' },
  },
  parameters: { '/app/url': 'https://example.com', '/other/url': 'https://example.org' },
  environmentFiles: { 'arn:aws:s3:::config/app/app.env': './app.env', 'arn:aws:s3:::config/other/other.env': './app.env' },
  policies: POLICIES,
};

describe('serve: IAM for the task role of a run', () => {
  let dir: string;
  let server: VaultServer | undefined;
  const clients: { destroy(): void }[] = [];
  const warnings: string[] = [];

  async function start(vault: unknown): Promise<string> {
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify(vault));
    fs.writeFileSync(path.join(dir, 'app.env'), 'A=1\n');
    const callers = new IssuedKeys();
    // As a run registers the keys its credentials endpoint hands out, secret and token included.
    callers.register(TASK_KEY, { roleArn: ROLE, sessionName: TASK }, { secretAccessKey: 'fake', sessionToken: 'fake' });
    server = await startVaultServer({
      vaultFile: path.join(dir, 'ecs-local.vault.json'),
      env: {},
      callers,
      verifySignatures: callers,
      warn: (l) => warnings.push(l),
    });
    return server.url;
  }
  const credentials = (accessKeyId: string) => ({ accessKeyId, secretAccessKey: 'fake', sessionToken: 'fake' });
  const sm = (url: string, key = TASK_KEY) => {
    const c = new SecretsManagerClient({ endpoint: url, region: 'us-east-1', credentials: credentials(key), maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  const ssm = (url: string, key = TASK_KEY) => {
    const c = new SSMClient({ endpoint: url, region: 'us-east-1', credentials: credentials(key), maxAttempts: 1 });
    clients.push(c);
    return c;
  };

  /** A path-style GetObject signed with the task's key, as the S3 client signs it. */
  const getObject = async (url: string, objectPath: string): Promise<{ status: number; text: string }> => {
    const host = new URL(url).host;
    const signer = new SignatureV4({ service: 's3', region: 'us-east-1', credentials: credentials(TASK_KEY), sha256: NodeSha256, uriEscapePath: false, applyChecksum: true });
    const { headers } = await signer.sign({ method: 'GET', protocol: 'http:', hostname: '127.0.0.1', path: objectPath, headers: { host }, query: { 'x-id': 'GetObject' } });
    const res = await fetch(`${url.replace(/\/$/, '')}${objectPath}?x-id=GetObject`, { headers });
    return { status: res.status, text: await res.text() };
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-task-role-'));
    warnings.length = 0;
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await server?.close();
    server = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads the access key id of a SigV4 Authorization header', () => {
    expect(accessKeyIdOf('AWS4-HMAC-SHA256 Credential=ASIAECSLOCALABCDEFGH/20260101/us-east-1/secretsmanager/aws4_request, SignedHeaders=host, Signature=x')).to.equal(
      'ASIAECSLOCALABCDEFGH',
    );
    expect(accessKeyIdOf(undefined)).to.equal(undefined);
    expect(accessKeyIdOf('Bearer token')).to.equal(undefined);
  });

  it("allows what the task role's policies allow and denies the rest with AWS's text", async () => {
    const url = await start(VAULT);
    const out = await sm(url).send(new GetSecretValueCommand({ SecretId: 'app/db' }));
    expect(out.SecretString).to.equal('db-password');
    expect(await sdkError(sm(url).send(new GetSecretValueCommand({ SecretId: 'other/api-key' })))).to.deep.equal({
      name: 'AccessDeniedException',
      message: `User: ${PRINCIPAL} is not authorized to perform: secretsmanager:GetSecretValue on resource: other/api-key because no identity-based policy allows the secretsmanager:GetSecretValue action`,
      status: 400,
    });
  });

  it("reads an environment file as an S3 object only where the task role's policies allow s3:GetObject, S3's AccessDenied elsewhere", async () => {
    const url = await start(VAULT);
    expect(await getObject(url, '/config/app/app.env')).to.deep.equal({ status: 200, text: 'A=1\n' });
    const denied = await getObject(url, '/config/other/other.env');
    expect(denied.status).to.equal(403);
    expect(denied.text).to.match(
      new RegExp(
        `^<\\?xml version="1.0" encoding="UTF-8"\\?>\n<Error><Code>AccessDenied</Code><Message>User: ${PRINCIPAL} is not authorized to perform: s3:GetObject on resource: &quot;arn:aws:s3:::config/other/other.env&quot; because no identity-based policy allows the s3:GetObject action</Message><RequestId>[0-9A-F]{16}</RequestId><HostId>[^<]+</HostId></Error>$`,
      ),
    );
    // IAM before existence, as S3: an object the vault does not map is denied too, not NoSuchKey.
    expect((await getObject(url, '/config/other/missing.env')).text).to.include('<Code>AccessDenied</Code>');
  });

  it('denies a write under an explicit deny and leaves the vault file as it was', async () => {
    const url = await start(VAULT);
    const before = fs.readFileSync(path.join(dir, 'ecs-local.vault.json'), 'utf8');
    const failure = await sdkError(sm(url).send(new PutSecretValueCommand({ SecretId: 'app/db', SecretString: 'new' })));
    expect(failure.message).to.equal(
      `User: ${PRINCIPAL} is not authorized to perform: secretsmanager:PutSecretValue on resource: app/db with an explicit deny in an identity-based policy`,
    );
    expect(fs.readFileSync(path.join(dir, 'ecs-local.vault.json'), 'utf8')).to.equal(before);
  });

  it('checks kms:Decrypt for a secret under a customer key, as for the execution role', async () => {
    const url = await start(VAULT);
    expect(await sdkError(sm(url).send(new GetSecretValueCommand({ SecretId: 'app/encrypted' })))).to.deep.include({
      name: 'AccessDeniedException',
      message: 'Access to KMS is not allowed',
    });
  });

  it('evaluates ssm:GetParameter on the parameter ARN', async () => {
    const url = await start(VAULT);
    const ok = await ssm(url).send(new GetParameterCommand({ Name: '/app/url' }));
    expect(ok.Parameter?.Value).to.equal('https://example.com');
    expect((await sdkError(ssm(url).send(new GetParameterCommand({ Name: '/other/url' })))).message).to.equal(
      `User: ${PRINCIPAL} is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/other/url because no identity-based policy allows the ssm:GetParameter action`,
    );
  });

  it('[INF] authorizes CreateSecret on the new ARN with its unknown suffix as `-??????`', async () => {
    const url = await start(VAULT);
    const created = await sm(url).send(new CreateSecretCommand({ Name: 'app/new', SecretString: 'v', ClientRequestToken: '33333333-3333-4333-8333-333333333333' }));
    expect(created.Name).to.equal('app/new');
    expect((await sdkError(sm(url).send(new CreateSecretCommand({ Name: 'other/new', SecretString: 'v' })))).message).to.equal(
      `User: ${PRINCIPAL} is not authorized to perform: secretsmanager:CreateSecret on resource: arn:aws:secretsmanager:us-east-1:123456789012:secret:other/new-?????? with an explicit deny in an identity-based policy`,
    );
  });

  it('[INF] denies a whole BatchGetSecretValue when one listed secret may not be read', async () => {
    const url = await start(VAULT);
    const ok = await sm(url).send(new BatchGetSecretValueCommand({ SecretIdList: ['app/db'] }));
    expect(ok.SecretValues?.map((v) => v.SecretString)).to.deep.equal(['db-password']);
    expect((await sdkError(sm(url).send(new BatchGetSecretValueCommand({ SecretIdList: ['app/db', 'other/api-key'] })))).message).to.equal(
      `User: ${PRINCIPAL} is not authorized to perform: secretsmanager:GetSecretValue on resource: other/api-key because no identity-based policy allows the secretsmanager:GetSecretValue action`,
    );
  });

  it('[INF] authorizes GetParametersByPath on the path as a parameter ARN', async () => {
    const url = await start(VAULT);
    const ok = await ssm(url).send(new GetParametersByPathCommand({ Path: '/app' }));
    expect(ok.Parameters?.map((p) => p.Name)).to.deep.equal(['/app/url']);
    expect((await sdkError(ssm(url).send(new GetParametersByPathCommand({ Path: '/other' })))).message).to.equal(
      `User: ${PRINCIPAL} is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/other because no identity-based policy allows the ssm:GetParametersByPath action`,
    );
  });

  it('refuses a key it did not issue, as AWS refuses a key it does not know', async () => {
    const url = await start(VAULT);
    expect(await sdkError(sm(url, 'AKIAHOSTUSERKEY00001').send(new GetSecretValueCommand({ SecretId: 'other/api-key' })))).to.deep.equal({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 400,
    });
    expect(warnings).to.deep.equal([]);
  });

  it('[INF] checks nothing when the vault has no policies', async () => {
    const url = await start({ ...VAULT, policies: undefined });
    const out = await sm(url).send(new GetSecretValueCommand({ SecretId: 'other/api-key' }));
    expect(out.SecretString).to.equal('api-key');
    expect(warnings).to.deep.equal([]);
  });

  it('denies every call of a task role the policies do not name, and says so once', async () => {
    const url = await start({ ...VAULT, policies: { 'arn:aws:iam::123456789012:role/another-role': POLICIES[ROLE] } });
    for (let i = 0; i < 2; i++) {
      expect((await sdkError(sm(url).send(new GetSecretValueCommand({ SecretId: 'app/db' })))).name).to.equal('AccessDeniedException');
    }
    expect(warnings).to.deep.equal([
      `the vault's "policies" name no role ${ROLE}: IAM denies every call of a role without policies`,
    ]);
  });
});
