/**
 * `ecs-local check family:revision` / an ARN with --endpoint: DescribeTaskDefinition through the real
 * @aws-sdk/client-ecs against a real HTTP server speaking the ECS JSON protocol, then the secrets
 * through the same endpoint, as a user reproducing a production failure would run it.
 */
import { expect } from 'chai';
import { runCli } from '../../support/cli.js';
import { awsError, awsOk, startFakeAwsServer, type FakeAwsServer } from '../../support/fake-aws-server.js';
import { DESCRIBE, describeOutput, REAL_SHAPED, secretsRoutes } from '../../support/registered-revision.js';

const dir = REAL_SHAPED;
const env = { PATH: process.env.PATH };

describe('ecs-local check FAMILY:REVISION (DescribeTaskDefinition)', () => {
  let server: FakeAwsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('reads the registered revision, with its tags, and resolves its secrets through the same endpoint', async () => {
    server = await startFakeAwsServer({ [DESCRIBE]: awsOk(describeOutput()), ...secretsRoutes() });
    const r = await runCli(['check', 'web-app:14', '--endpoint', server.url], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('OK: ECS would start web-app (FARGATE, us-east-1): 2 secret(s)');
    const describe = server.requests.find((q) => q.route === DESCRIBE);
    expect(describe?.body).to.deep.equal({ taskDefinition: 'web-app:14', include: ['TAGS'] });
  });

  it('with --endpoint a bare family is its latest revision, and -v says what was read', async () => {
    server = await startFakeAwsServer({ [DESCRIBE]: awsOk(describeOutput()), ...secretsRoutes() });
    const r = await runCli(['check', 'web-app', '--endpoint', server.url, '-v'], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
    expect(server.requests.find((q) => q.route === DESCRIBE)?.body).to.deep.include({ taskDefinition: 'web-app' });
    expect(r.stderr).to.include('ecs-local: read web-app as registered revision (DescribeTaskDefinition)\n');
  });

  it('a registered revision is what ECS runs: a ${VAR} in it is a value, not a template placeholder', async () => {
    const out = describeOutput() as { taskDefinition: { containerDefinitions: { environment: { name: string; value: string }[] }[] } };
    out.taskDefinition.containerDefinitions[0]?.environment.push({ name: 'DATA_DIR', value: '${HOME}/data' });
    server = await startFakeAwsServer({ [DESCRIBE]: awsOk(out), ...secretsRoutes() });
    const r = await runCli(['check', 'web-app:14', '--endpoint', server.url], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^web-app\s+DATA_DIR\s+environment\s+\$\{HOME\}\/data$/m);
  });

  it('a task definition ARN is read in the region and account it names', async () => {
    server = await startFakeAwsServer({ [DESCRIBE]: awsOk(describeOutput()), ...secretsRoutes() });
    const arn = 'arn:aws:ecs:eu-west-1:210987654321:task-definition/web-app:14';
    const r = await runCli(['check', arn, '--endpoint', server.url, '--json'], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
    const describe = server.requests.find((q) => q.route === DESCRIBE);
    expect(describe?.body).to.deep.include({ taskDefinition: arn });
    // Signed for the ARN's region, with the ARN's account as the fake access key id (LocalStack's convention).
    expect(String(describe?.headers['authorization'])).to.match(/Credential=210987654321\/\d{8}\/eu-west-1\/ecs\/aws4_request/);
  });

  it("ECS's refusal is one line with the service's own text, exit 2", async () => {
    server = await startFakeAwsServer({ [DESCRIBE]: awsError('ClientException', 'Unable to describe task definition.', 'req-1') });
    const r = await runCli(['check', 'web-app:99', '--endpoint', server.url], { cwd: dir, env });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      `ecs-local: error: web-app:99: DescribeTaskDefinition at ${server.url}/ failed: ClientException: Unable to describe task definition. (check the family and revision, --region and the credentials)\n`,
    );
  });

  it('an endpoint nobody answers on is said, not a stack trace', async () => {
    const r = await runCli(['check', 'web-app:14', '--endpoint', 'http://127.0.0.1:9', '--timeout', '2'], { cwd: dir, env });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^ecs-local: error: web-app:14: cannot reach http:\/\/127\.0\.0\.1:9\/ for DescribeTaskDefinition: .+\n$/);
  });

  it('without --aws or --endpoint, says how to read a registered revision', async () => {
    const r = await runCli(['check', 'web-app:14'], { cwd: dir, env });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      'ecs-local: error: web-app:14 is not a file; to read the registered revision web-app:14 (DescribeTaskDefinition), add --aws (real AWS) or --endpoint URL (LocalStack, moto)\n',
    );
  });
});
