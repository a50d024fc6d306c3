/**
 * One table of golden cases, each checked both ways: against the vault file directly (`--vault`) and
 * through `vault serve` and the real AWS SDK (`--endpoint`). Both ways must give the same exit code
 * and the same output, byte for byte once request ids and the backend's name are set aside, in both
 * launch types; and the server must see the calls the ECS agent would make.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildPlan, expectedCalls } from '../../../src/secrets/plan.js';
import { startVaultServer, type VaultServer } from '../../../src/serve/server.js';
import type { ContainerDefinition, TaskDefinition } from '../../../src/taskdef/types.js';
import { normalizeIds, runCli, type CliResult } from '../../support/cli.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const SM = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:`;
const FARGATE = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';
const FARGATE_ASM = `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): `;
// Version ids (32 to 64 characters) not shaped like uuids, which the output normalisation replaces.
const PREVIOUS = 'version-previous-00000000000000000001';
const CURRENT = 'version-current-000000000000000000002';
const UNKNOWN = 'version-unknown-000000000000000000003';
const PARAMS = Array.from({ length: 12 }, (_, i) => `/app/p${String(i + 1).padStart(2, '0')}`);
const ENV_BUCKET = 'ecs-local-env';

const VAULT = {
  region: REGION,
  accountId: ACCOUNT,
  secrets: {
    'app/db': {
      arnSuffix: 'AbC123',
      value: { password: 'pw-123', port: 5432, ratio: 0.5, big: 1e21, enabled: true, nothing: null, nested: { user: 'u', n: 1 }, list: ['a', 2, false, null] },
    },
    'app/token': {
      arnSuffix: 'Tok456',
      versions: [
        { id: PREVIOUS, stages: ['AWSPREVIOUS'], value: { token: 'old-token' } },
        { id: CURRENT, stages: ['AWSCURRENT'], value: { token: 'new-token' } },
      ],
    },
    'app/gone': { arnSuffix: 'Gon789', value: 'bye', deleted: true },
    'app/binary': { arnSuffix: 'Bin000', binary: 'AAEC/w==' },
    'app/plain': { arnSuffix: 'Pla111', value: 'not json at all' },
    'app/registry': { arnSuffix: 'Reg222', value: { username: 'robot', password: 'hunter2' } },
    'app/registry-bad': { arnSuffix: 'Reg333', value: { username: 'robot' } },
    'arn:aws:secretsmanager:us-west-2:123456789012:secret:app/west-Wst444': { value: 'west-value' },
  },
  parameters: {
    'plain-name': 'plain-value',
    '/app/config': 'config-value',
    '/app/secure': { type: 'SecureString', value: 's3cure' },
    '/app/list': { type: 'StringList', value: 'a,b,c' },
    ...Object.fromEntries(PARAMS.map((name, i) => [name, `param-${i + 1}`])),
  },
  environmentFiles: { [`arn:aws:s3:::${ENV_BUCKET}/app.env`]: './app.env' },
  // vault serve cannot know the caller's role (requests are signed with fake keys), so IAM is
  // simulated on the direct side only: the role may do everything, and both ways see the same.
  policies: {
    [`arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  },
};

type Calls = ReturnType<typeof expectedCalls>;

interface Case {
  name: string;
  /** The fields of the one container `app` besides name and image. */
  container: Partial<ContainerDefinition>;
  /** Exit 0: variables the container gets, as `check --reveal` shows them. */
  env?: Record<string, string>;
  /** Exit 3: the stoppedReason per launch type, request ids as <uuid> / <s3-request-id> / <host-id>. */
  fargate?: string;
  ec2?: string;
  /** The calls the server sees, when not expectedCalls' count (a valueFrom the agent refuses is never sent). */
  calls?: Calls;
}

const secrets = (list: Record<string, string>) => ({ secrets: Object.entries(list).map(([name, valueFrom]) => ({ name, valueFrom })) });
const ec2AsmFailed = (id: string, inner: string) => {
  const sdk = `operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: <uuid>, ${inner}`;
  return `Secret ${id}: ${sdk}: ${sdk}`;
};
const ec2AsmNotFound = (id: string, inner: string) =>
  `ResourceNotFoundException: The task can't retrieve the secret with ARN '${id}' from AWS Secrets Manager. Check whether the secret exists in the specified Region: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: <uuid>, ${inner}`;
const fargateFetch = (id: string, code: string, message: string) =>
  `${FARGATE_ASM}failed to fetch secret ${id} from secrets manager: ${code}: ${message} status code: 400, request id: <uuid>`;
const badArn = (valueFrom: string) =>
  `trying to retrieve secret with value ${valueFrom} resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.`;
const NO_CALLS: Calls = { getSecretValue: 0, getParameters: 0, getObject: 0 };
const TOKEN = `${SM}app/token-Tok456`;

const CASES: Case[] = [
  { name: 'whole secret, full ARN', container: secrets({ S: `${SM}app/plain-Pla111` }), env: { S: 'not json at all' } },
  { name: 'whole secret, partial ARN (no suffix)', container: secrets({ S: `${SM}app/plain` }), env: { S: 'not json at all' } },
  {
    name: 'JSON keys, values rendered with %v',
    container: secrets(Object.fromEntries(Object.keys(VAULT.secrets['app/db'].value).map((k) => [`K_${k.toUpperCase()}`, `${SM}app/db-AbC123:${k}::`]))),
    env: {
      K_PASSWORD: 'pw-123',
      K_PORT: '5432',
      K_RATIO: '0.5',
      K_BIG: '1e+21',
      K_ENABLED: 'true',
      K_NOTHING: '<nil>',
      K_NESTED: 'map[n:1 user:u]',
      K_LIST: '[a 2 false <nil>]',
    },
  },
  { name: 'AWSPREVIOUS stage', container: secrets({ T: `${TOKEN}:token:AWSPREVIOUS:` }), env: { T: 'old-token' } },
  { name: 'version id', container: secrets({ T: `${TOKEN}:token::${PREVIOUS}` }), env: { T: 'old-token' } },
  {
    name: 'stage and version id that do not match',
    container: secrets({ T: `${TOKEN}:token:AWSCURRENT:${PREVIOUS}` }),
    fargate: fargateFetch(TOKEN, 'InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.'),
    ec2: ec2AsmFailed(TOKEN, 'InvalidRequestException: You provided a VersionStage that is not associated to the provided VersionId.'),
  },
  {
    name: 'unknown version id',
    container: secrets({ T: `${TOKEN}:token::${UNKNOWN}` }),
    fargate: fargateFetch(TOKEN, 'ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${UNKNOWN}`),
    ec2: ec2AsmNotFound(TOKEN, `ResourceNotFoundException: Secrets Manager can't find the specified secret value for VersionId: ${UNKNOWN}`),
  },
  {
    name: 'unknown stage',
    container: secrets({ T: `${TOKEN}:token:NOPE:` }),
    fargate: fargateFetch(TOKEN, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: NOPE"),
    ec2: ec2AsmNotFound(TOKEN, "ResourceNotFoundException: Secrets Manager can't find the specified secret value for staging label: NOPE"),
  },
  {
    name: 'secret scheduled for deletion',
    container: secrets({ G: `${SM}app/gone-Gon789` }),
    fargate: fargateFetch(`${SM}app/gone-Gon789`, 'InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion."),
    ec2: ec2AsmFailed(`${SM}app/gone-Gon789`, "InvalidRequestException: You can't perform this operation on the secret because it was marked for deletion."),
  },
  { name: 'binary-only secret, whole', container: secrets({ B: `${SM}app/binary-Bin000` }), env: { B: '(empty)' } },
  {
    name: 'binary-only secret with a JSON key',
    container: secrets({ B: `${SM}app/binary-Bin000:k::` }),
    fargate: `${FARGATE_ASM}unexpected end of JSON input`,
    ec2: 'Unexpected end of JSON input',
  },
  {
    name: 'non-JSON secret with a JSON key',
    container: secrets({ P: `${SM}app/plain-Pla111:k::` }),
    fargate: `${FARGATE_ASM}invalid character 'o' in literal null (expecting 'u')`,
    ec2: "Invalid character 'o' in literal null (expecting 'u')",
  },
  {
    name: 'missing JSON key',
    container: secrets({ K: `${SM}app/db-AbC123:pasword::` }),
    fargate: `${FARGATE_ASM}retrieved secret from Secrets Manager did not contain json key pasword`,
    ec2: 'Retrieved secret from Secrets Manager did not contain json key pasword',
  },
  {
    name: '3-part ARN resource (secret:id:key)',
    container: secrets({ K: `${SM}app/db-AbC123:password` }),
    fargate: `${FARGATE_ASM}${badArn(`${SM}app/db-AbC123:password`)}`,
    ec2: `T${badArn(`${SM}app/db-AbC123:password`).slice(1)}`,
    calls: NO_CALLS,
  },
  {
    name: '4-part ARN resource (secret:id:key:stage)',
    container: secrets({ K: `${SM}app/db-AbC123:password:AWSCURRENT` }),
    fargate: `${FARGATE_ASM}${badArn(`${SM}app/db-AbC123:password:AWSCURRENT`)}`,
    ec2: `T${badArn(`${SM}app/db-AbC123:password:AWSCURRENT`).slice(1)}`,
    calls: NO_CALLS,
  },
  {
    // The task's region comes from its awslogs-region; the secret is fetched in the ARN's region.
    name: 'cross-region ARN',
    container: {
      ...secrets({ W: 'arn:aws:secretsmanager:us-west-2:123456789012:secret:app/west-Wst444' }),
      logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app', 'awslogs-region': REGION, 'awslogs-stream-prefix': 'ecs' } },
    },
    env: { W: 'west-value' },
  },
  { name: 'SSM bare name', container: secrets({ N: 'plain-name' }), env: { N: 'plain-value' } },
  { name: 'SSM /path name', container: secrets({ C: '/app/config' }), env: { C: 'config-value' } },
  { name: 'SSM parameter ARN', container: secrets({ C: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/app/config` }), env: { C: 'config-value' } },
  {
    name: 'SSM parameter missing',
    container: secrets({ C: '/app/config', M: '/app/missing' }),
    fargate: `${FARGATE}unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /app/missing`,
    ec2: 'Fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: /app/missing',
  },
  { name: 'SSM StringList', container: secrets({ L: '/app/list' }), env: { L: 'a,b,c' } },
  { name: 'SSM SecureString', container: secrets({ S: '/app/secure' }), env: { S: 's3cure' } },
  {
    name: 'SSM /aws/reference/secretsmanager/ to a secret',
    container: secrets({ R: '/aws/reference/secretsmanager/app/plain' }),
    env: { R: 'not json at all' },
  },
  {
    name: 'more than 10 SSM parameters: two GetParameters calls',
    container: secrets(Object.fromEntries(PARAMS.map((p, i) => [`P${i + 1}`, p]))),
    env: Object.fromEntries(PARAMS.map((_, i) => [`P${i + 1}`, `param-${i + 1}`])),
    calls: { getSecretValue: 0, getParameters: 2, getObject: 0 },
  },
  { name: 'repositoryCredentials', container: { repositoryCredentials: { credentialsParameter: `${SM}app/registry-Reg222` } }, env: {} },
  {
    name: 'repositoryCredentials without a password',
    container: { repositoryCredentials: { credentialsParameter: `${SM}app/registry-bad-Reg333` } },
    fargate: `${FARGATE}unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching password: AuthorizationData is malformed, empty field`,
    ec2: 'Asm fetching password: AuthorizationData is malformed, empty field',
  },
  {
    name: 'log-driver secretOptions',
    container: { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app' }, secretOptions: [{ name: 'token', valueFrom: '/app/secure' }] } },
    env: {},
  },
  {
    name: 'log-driver secretOptions naming a missing key',
    container: { logConfiguration: { logDriver: 'splunk', secretOptions: [{ name: 'splunk-token', valueFrom: `${SM}app/db-AbC123:splunk::` }] } },
    fargate: `${FARGATE_ASM}retrieved secret from Secrets Manager did not contain json key splunk`,
    ec2: 'Retrieved secret from Secrets Manager did not contain json key splunk',
  },
  {
    name: 'environmentFiles present',
    container: { environmentFiles: [{ value: `arn:aws:s3:::${ENV_BUCKET}/app.env`, type: 's3' }] },
    env: { FROM_FILE: 'file-value' },
  },
  {
    name: 'environmentFiles missing',
    container: { environmentFiles: [{ value: `arn:aws:s3:::${ENV_BUCKET}/missing.env`, type: 's3' }] },
    fargate:
      'ResourceInitializationError: failed to download env files: file download command: non empty error stream: service call has been retried 5 time(s): ' +
      'NoSuchKey: The specified key does not exist. status code: 404, request id: <s3-request-id>, host id: <host-id>',
    ec2:
      `Unable to download env file with key missing.env from bucket ${ENV_BUCKET}, error: operation error S3: GetObject, ` +
      'https response error StatusCode: 404, RequestID: <s3-request-id>, HostID: <host-id>, NoSuchKey: The specified key does not exist.',
  },
];

function taskDefinition(container: Partial<ContainerDefinition>): TaskDefinition {
  return {
    family: 'both-ways',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
    containerDefinitions: [{ name: 'app', image: 'busybox:latest', essential: true, ...container }],
  };
}

/** Sets aside what may differ between two runs: request ids (AWS's uuids, S3's) and the backend's name. */
function normalize(text: string): string {
  return normalizeIds(text)
    .replace(/(request id: |RequestID: )[0-9A-F]{16}\b/g, '$1<s3-request-id>')
    .replace(/(host id: |HostID: )[A-Za-z0-9+/=]{20,}/g, '$1<host-id>')
    .replace(/resolved from the (vault|endpoint) \S+ with/g, 'resolved from the <backend> with');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The server's requests, counted as expectedCalls counts them. */
function countCalls(operations: readonly string[]): Calls {
  const n = (op: string) => operations.filter((o) => o === op).length;
  return { getSecretValue: n('secretsmanager.GetSecretValue'), getParameters: n('AmazonSSM.GetParameters'), getObject: n('s3.GetObject') };
}

describe('ecs-local check both ways: the vault file, and vault serve + --endpoint', function () {
  this.timeout(20_000);
  let dir: string;
  let server: VaultServer;
  const requests: string[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-both-ways-'));
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify(VAULT, null, 2));
    fs.writeFileSync(path.join(dir, 'app.env'), 'FROM_FILE=file-value\n# a comment\n');
    server = await startVaultServer({ vaultFile: path.join(dir, 'ecs-local.vault.json'), env: {}, port: 0, onRequest: (op) => requests.push(op) });
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const c of CASES) {
    for (const launchType of ['FARGATE', 'EC2'] as const) {
      it(`${c.name} (${launchType})`, async () => {
        const td = taskDefinition(c.container);
        const file = path.join(dir, 'taskdef.json');
        fs.writeFileSync(file, JSON.stringify(td, null, 2));
        const args = ['check', file, '--reveal', '--launch-type', launchType];

        const direct = await runCli([...args, '--vault', path.join(dir, 'ecs-local.vault.json')], { cwd: dir });
        requests.length = 0;
        const served = await runCli([...args, '--endpoint', server.url], { cwd: dir });

        expect(served.code, `exit code through --endpoint; stderr: ${served.stderr}`).to.equal(direct.code);
        expect(normalize(served.stderr), 'stderr').to.equal(normalize(direct.stderr));
        expect(normalize(served.stdout), 'stdout').to.equal(normalize(direct.stdout));
        expect(countCalls(requests), 'calls seen by vault serve').to.deep.equal(c.calls ?? expectedCalls(buildPlan(td, REGION)));
        expectGolden(c, launchType, direct);
      });
    }
  }
});

function expectGolden(c: Case, launchType: 'FARGATE' | 'EC2', r: CliResult): void {
  if (c.env !== undefined) {
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include(`OK: ECS would start both-ways (${launchType}, ${REGION})`);
    for (const [name, value] of Object.entries(c.env)) {
      expect(r.stdout).to.match(new RegExp(`^app +${escapeRegExp(name)} +.* ${escapeRegExp(value)}$`, 'm'), name);
    }
    return;
  }
  expect(r.code, r.stderr).to.equal(3);
  expect(r.stdout).to.equal('');
  expect(normalize(r.stderr)).to.equal(`${launchType === 'FARGATE' ? c.fargate : c.ec2}\n`);
}

describe('ecs-local check --endpoint when the endpoint does not answer', function () {
  this.timeout(20_000);
  let dir: string;
  let file: string;
  const SECRET = `${SM}app/plain-Pla111`;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-no-answer-'));
    file = path.join(dir, 'taskdef.json');
    fs.writeFileSync(file, JSON.stringify(taskDefinition(secrets({ S: SECRET })), null, 2));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const timedCheck = async (args: string[]): Promise<CliResult & { ms: number }> => {
    const start = performance.now();
    const r = await runCli(['check', file, ...args], { cwd: dir });
    return { ...r, ms: performance.now() - start };
  };

  it('a closed port gives the network stoppedReason, quickly, in both launch types', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}/`;
    const dial = `Post "${url}": dial tcp 127.0.0.1:${port}: connect: connection refused`;

    const fargate = await timedCheck(['--endpoint', url]);
    expect(fargate.code).to.equal(3);
    expect(fargate.stderr).to.equal(
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret ${SECRET} from secrets manager: ` +
        `RequestError: send request failed caused by: ${dial}. Please check your task network configuration.\n`,
    );
    // Refused at once: the SDK's 3 attempts and their back-off, never the 5 s timeout.
    expect(fargate.ms).to.be.below(4000);

    const ec2 = await timedCheck(['--endpoint', url, '--launch-type', 'EC2']);
    expect(ec2.code).to.equal(3);
    const sdk = `operation error Secrets Manager: GetSecretValue, exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, ${dial}`;
    expect(ec2.stderr).to.equal(`Secret ${SECRET}: ${sdk}: ${sdk}\n`);
    expect(ec2.ms).to.be.below(4000);
  });

  it('--timeout 0.3 against a server that never answers gives up after 0.3 s with the timeout stoppedReason', async () => {
    const silent = await silentServer();
    try {
      const fargate = await timedCheck(['--endpoint', silent.url, '--timeout', '0.3']);
      expect(fargate.code).to.equal(3);
      expect(fargate.stderr).to.equal(
        `${FARGATE}unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret ${SECRET} from secrets manager: ` +
          'RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.\n',
      );
      expect(fargate.ms).to.be.within(300, 2500);

      const ec2 = await timedCheck(['--endpoint', silent.url, '--timeout', '0.3', '--launch-type', 'EC2']);
      expect(ec2.code).to.equal(3);
      const sdk = 'operation error Secrets Manager: GetSecretValue, https response error StatusCode: 0, RequestID: , canceled, context deadline exceeded';
      expect(ec2.stderr).to.equal(`Secret ${SECRET}: ${sdk}: ${sdk}\n`);
      expect(ec2.ms).to.be.within(300, 2500);
      expect(silent.connections(), 'the request reached the server').to.be.above(0);
    } finally {
      await silent.close();
    }
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never answers. */
async function silentServer(): Promise<{ url: string; connections(): number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const s = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        s.close(() => resolve());
      }),
  };
}
