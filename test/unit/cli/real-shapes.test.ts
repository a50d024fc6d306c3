/**
 * Task definitions shaped like those in public repositories (written for these tests), through the
 * whole CLI: what a new user meets in the first minute.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.js';

/** A Fargate web service as GitHub Actions' `.aws/task-definition.json` files have it: no secrets. */
function webTask(image: string): object {
  return {
    family: 'web',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image,
        essential: true,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
        environment: [{ name: 'PORT', value: '8080' }],
      },
    ],
  };
}

describe('ecs-local on real-shaped task definitions', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-shapes-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, td: object): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(td, null, 2));
    return file;
  };
  // No engine is reachable: a command that called one would exit 4, not 3.
  const env = { PATH: process.env.PATH, DOCKER_HOST: 'unix:///nonexistent/docker.sock' };

  it('needs no vault when the task reads no secret', async () => {
    const file = write('task-definition.json', webTask('nginx:1.25'));
    const r = await runCli(['check', file], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('OK: ECS would start web (FARGATE, ');
    expect(r.stdout).to.include('nothing to resolve (no secrets, parameters, registry credentials or environment files; no vault needed).');
  });

  it('still asks for a vault when a secret must be read', async () => {
    const td = webTask('nginx:1.25') as { containerDefinitions: { secrets?: object[] }[] };
    td.containerDefinitions[0]!.secrets = [{ name: 'DB', valueFrom: '/app/db' }];
    const r = await runCli(['check', write('with-secret.json', td)], { cwd: dir, env });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/^ecs-local: error: no vault found: /);
  });

  it('check and run report an image Docker cannot parse as ECS does, before any engine call', async () => {
    const file = write('upper.json', webTask('MyOrg/App:latest'));
    for (const command of ['check', 'run']) {
      const r = await runCli([command, file], { cwd: dir, env });
      expect(r.code, `${command}: ${r.stderr}`).to.equal(3);
      expect(r.stderr).to.equal('CannotPullContainerError: invalid reference format: repository name (App) must be lowercase\n');
    }
    const j = await runCli(['check', write('bad.json', webTask('app:1.0:extra')), '--json'], { cwd: dir, env });
    expect(j.code).to.equal(3);
    expect(JSON.parse(j.stdout)).to.deep.equal({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: invalid reference format' });
  });

  it('names an unrendered template in the image before anything else, with the --var fix (exit 2, no engine call)', async () => {
    // The template front end (src/taskdef/forms) runs before RegisterTaskDefinition's rules, so the
    // user learns it is a template and how to render it, rather than ECS's "invalid characters".
    const file = write('tpl.json', webTask('${account_id}.dkr.ecr.eu-west-1.amazonaws.com/app:latest'));
    for (const command of ['check', 'run']) {
      const r = await runCli([command, file], { cwd: dir, env });
      expect(r.code).to.equal(2);
      expect(r.stderr.split('\n')).to.deep.equal([
        `ecs-local: error: ${file}:13:7: containerDefinitions[0].image: unrendered Terraform template (templatefile/envsubst) placeholder \${account_id}: pass --var account_id=VALUE (or --var-file FILE: JSON, .tfvars or .env)`,
        '',
      ]);
    }
    // Rendered, it goes on to the next stage.
    const r = await runCli(['check', file, '--var', 'account_id=111122223333'], { cwd: dir, env });
    expect(r.code, r.stderr).to.equal(0);
  });
});

describe('ecs-local: the region and account a task definition names', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-region-'));
    file = path.join(dir, 'api.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        family: 'api',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        cpu: '256',
        memory: '512',
        executionRoleArn: 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole',
        containerDefinitions: [
          {
            name: 'api',
            image: '444455556666.dkr.ecr.eu-central-1.amazonaws.com/api:1.4.2',
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/api', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'ecs' } },
          },
        ],
      }),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  type CheckJson = { region: string; regionFrom: string; accountId: string; accountIdFrom: string; containers: { environment: { name: string; value: string }[] }[] };
  const checkJson = async (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CheckJson> => {
    const r = await runCli(['check', file, '--json', ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env } });
    expect(r.code, r.stderr).to.equal(0);
    return JSON.parse(r.stdout) as CheckJson;
  };
  const injected = (out: CheckJson) => out.containers[0]!.environment.filter((v) => v.name.endsWith('_REGION')).map((v) => `${v.name}=${v.value}`);

  it('takes them from the file (awslogs-region, the execution role) and injects AWS_REGION to match', async () => {
    const out = await checkJson([]);
    expect(out).to.deep.include({
      region: 'eu-west-1',
      regionFrom: `the task definition's containerDefinitions[0].logConfiguration.options.awslogs-region (${file}:1:${JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8'))).indexOf('"awslogs-region"') + 1})`,
      accountId: '444455556666',
    });
    expect(out.accountIdFrom).to.match(/^the task definition's executionRoleArn \(.*api\.json:1:\d+\)$/);
    expect(injected(out)).to.deep.equal(['AWS_DEFAULT_REGION=eu-west-1', 'AWS_REGION=eu-west-1']);
  });

  it('lets the environment beat the file, and --region beat both', async () => {
    const env = await checkJson([], { AWS_REGION: 'ap-south-1' });
    expect(env).to.deep.include({ region: 'ap-south-1', regionFrom: 'the environment (AWS_REGION)' });
    expect(injected(env)).to.deep.equal(['AWS_DEFAULT_REGION=ap-south-1', 'AWS_REGION=ap-south-1']);
    const flag = await checkJson(['--region', 'us-west-2'], { AWS_DEFAULT_REGION: 'ap-south-1' });
    expect(flag).to.deep.include({ region: 'us-west-2', regionFrom: '--region' });
  });

  it('-v says where they came from, on stderr', async () => {
    const r = await runCli(['check', file, '-v'], { cwd: dir, env: { PATH: process.env.PATH } });
    expect(r.code).to.equal(0);
    // After the line saying what the file was read as (src/taskdef/forms).
    expect(r.stderr).to.match(/^ecs-local: read \S+api\.json as task definition JSON\necs-local: region eu-west-1 from the task definition's containerDefinitions\[0\]\.logConfiguration\.options\.awslogs-region \(.*api\.json:1:\d+\); account 444455556666 from the task definition's executionRoleArn \(.*\)\n$/);
    expect(r.stdout).to.include('OK: ECS would start api (FARGATE, eu-west-1)');
  });
});
