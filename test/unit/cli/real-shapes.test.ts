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

  it('refuses an unrendered template in the image as RegisterTaskDefinition does, the hint on its own line', async () => {
    const file = write('tpl.json', webTask('${account_id}.dkr.ecr.eu-west-1.amazonaws.com/app:latest'));
    for (const command of ['check', 'run']) {
      const r = await runCli([command, file], { cwd: dir, env });
      expect(r.code).to.equal(2);
      expect(r.stderr.split('\n')).to.deep.equal([
        'ClientException: Container.image contains invalid characters.',
        'ecs-local: hint: container "web" image "${account_id}.dkr.ecr.eu-west-1.amazonaws.com/app:latest": "${account_id}" is an unrendered template placeholder: render the template first',
        '',
      ]);
    }
  });
});
