/**
 * What `ecs-local check` says about task definitions in the shapes real repositories keep them
 * (test/fixtures/taskdefs/real-shaped, one per form): the result a user sees, line for line.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/main.js';
import { runCli, type CliResult } from '../../support/cli.js';
import { Capture } from '../../support/capture.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/taskdefs/real-shaped');
const vault = path.join(dir, 'ecs-local.vault.json');
const env = { PATH: process.env.PATH };

function check(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(['check', ...args, '--vault', vault], { cwd: dir, env: { ...env, ...extraEnv } });
}

/** The error line, without the `ecs-local: error: ` prefix and the absolute folder. */
function errorLine(r: CliResult): string {
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('ecs-local: error: '));
  expect(lines, r.stderr).to.have.length(1);
  return (lines[0] as string).slice('ecs-local: error: '.length).split(`${dir}/`).join('');
}

function okLine(r: CliResult): string {
  expect(r.code, r.stderr).to.equal(0);
  const line = r.stdout.split('\n').find((l) => l.startsWith('OK: '));
  return (line ?? '').split(`${dir}/`).join('');
}

describe('ecs-local check on real-shaped task definitions', () => {
  describe('task definition JSON', () => {
    it('a GitHub Actions .aws/task-definition.json (console export with read-only fields) checks OK', async () => {
      const r = await check(['gha-task-definition.json']);
      expect(okLine(r)).to.equal('OK: ECS would start web-app (FARGATE, us-east-1): 2 secret(s) resolved from the vault ecs-local.vault.json with 1 GetSecretValue and 1 GetParameters call(s).');
    });

    it('a task definition written in YAML (amazon-ecs-deploy-task-definition reads YAML) checks OK', async () => {
      const r = await check(['ci/task-definition.yaml']);
      expect(okLine(r)).to.match(/^OK: ECS would start cron-cleanup \(FARGATE, us-east-1\): 1 secret\(s\)/);
    });

    it('- reads the task definition from standard input', async () => {
      const out = new Capture();
      const err = new Capture();
      const stdin = Readable.from([fs.readFileSync(path.join(dir, 'gha-task-definition.json'))]);
      const code = await main(['check', '-', '--vault', vault], { out, err, env, cwd: dir, stdin });
      expect(code, err.text).to.equal(0);
      expect(out.text).to.include('OK: ECS would start web-app (FARGATE, us-east-1): 2 secret(s)');
    });

    it('standard input in another form (CloudFormation YAML) is read as that form', async () => {
      const out = new Capture();
      const err = new Capture();
      const stdin = Readable.from([fs.readFileSync(path.join(dir, 'cloudformation/fargate-service.yaml'))]);
      const code = await main(['check', '-', '--vault', vault, '--var', 'EnvironmentName=production'], { out, err, env, cwd: dir, stdin });
      expect(code, err.text).to.equal(0);
      expect(out.text).to.include('OK: ECS would start stdin-web (FARGATE, us-east-1): 2 secret(s)');
    });
  });

  describe('Terraform', () => {
    it('a templatefile() template with unquoted numbers is named as one before parsing fails, with the fix', async () => {
      const r = await check(['terraform/container-definitions.json.tpl']);
      expect(r.code).to.equal(2);
      expect(errorLine(r)).to.equal(
        'terraform/container-definitions.json.tpl:3:14: unrendered Terraform template (templatefile/envsubst) placeholders ' +
          '${app_name}, ${app_image}, ${app_version}, ${fargate_cpu}, ${fargate_memory}, ${app_port}, … (3 more): ' +
          'pass --var app_name=VALUE --var app_image=VALUE --var app_version=VALUE --var fargate_cpu=VALUE … (5 more) (or --var-file FILE: JSON, .tfvars or .env)',
      );
    });

    it('--var-file production.tfvars renders it; $${HOME} stays the shell\'s ${HOME}', async () => {
      const r = await runCli(['env', 'terraform/container-definitions.json.tpl', '--vault', vault, '--var-file', 'terraform/production.tfvars', '--format', 'json'], { cwd: dir, env });
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout)).to.include({ APP_ENV: 'production', DB_PASSWORD: 'db-pass-1' });
      // The tfvars lists and maps are skipped with a warning naming the line.
      expect(r.stderr).to.include('production.tfvars:12: availability_zones: only "name = value" lines with a string, number or boolean are read');
    });

    it('--var beats --var-file, and a value with quotes stays valid JSON', async () => {
      const r = await runCli(
        ['env', 'terraform/container-definitions.json.tpl', '--vault', vault, '--var-file', 'terraform/production.tfvars', '--var', 'environment=say "hi"', '--format', 'json'],
        { cwd: dir, env },
      );
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout)).to.include({ APP_ENV: 'say "hi"' });
    });

    it('renders byte for byte what terraform templatefile() renders', async () => {
      const { readTaskDefinitionForm } = await import('../../../src/taskdef/forms/input.js');
      const { collectVars } = await import('../../../src/taskdef/forms/vars.js');
      const vars = collectVars({ varFiles: ['terraform/production.tfvars'], cwd: dir, warn: () => {} });
      const text = fs.readFileSync(path.join(dir, 'terraform/container-definitions.json.tpl'), 'utf8');
      const ours = readTaskDefinitionForm(text, 'tpl', { vars, env: {}, warn: () => {} }).parsed.value;
      // Recorded with `terraform console` (1.9): templatefile("container-definitions.json.tpl", {…the tfvars…}).
      const terraform = JSON.parse(fs.readFileSync(path.join(dir, 'terraform/container-definitions.terraform-rendered.json'), 'utf8')) as unknown;
      expect(ours).to.deep.equal(terraform);
    });

    it('terraform show -json of the state: the task definition of a child module checks OK', async () => {
      const r = await check(['terraform/show-state.json']);
      expect(okLine(r)).to.match(/^OK: ECS would start web \(FARGATE, us-east-1\): 1 secret\(s\)/);
    });

    it('a raw terraform.tfstate checks OK', async () => {
      const r = await check(['terraform/terraform.tfstate']);
      expect(okLine(r)).to.match(/^OK: ECS would start web \(FARGATE, us-east-1\): 1 secret\(s\)/);
    });

    it('a plan with two task definitions lists them; --resource picks one', async () => {
      const r = await check(['terraform/show-plan.json']);
      expect(r.code).to.equal(2);
      expect(errorLine(r)).to.equal(
        'terraform/show-plan.json holds 2 task definitions (aws_ecs_task_definition.web, aws_ecs_task_definition.worker): choose one with --resource ADDRESS, e.g. --resource aws_ecs_task_definition.web',
      );
      expect(okLine(await check(['terraform/show-plan.json', '--resource', 'web']))).to.match(/^OK: ECS would start web /);
    });

    it('a plan whose container_definitions are known only after apply says so', async () => {
      const r = await check(['terraform/show-plan.json', '--resource', 'aws_ecs_task_definition.worker']);
      expect(r.code).to.equal(2);
      expect(errorLine(r)).to.match(/^terraform\/show-plan\.json \(aws_ecs_task_definition\.worker\): container_definitions is known only after apply/);
    });

    it('HCL source is named, with the terraform show -json command', async () => {
      const r = await check(['terraform/main.tf']);
      expect(r.code).to.equal(2);
      expect(errorLine(r)).to.match(/^terraform\/main\.tf is Terraform source \(HCL\): .*terraform show -json tf\.plan > plan\.json/);
    });
  });

  describe('ecspresso', () => {
    it('names must_env and tfstate placeholders with both fixes', async () => {
      const r = await check(['ecspresso/ecs-task-def.json']);
      expect(r.code).to.equal(2);
      expect(errorLine(r)).to.equal(
        'ecspresso/ecs-task-def.json:11:34: containerDefinitions[0].secrets[1].valueFrom: unrendered ecspresso template placeholders ' +
          '{{ must_env `AWS_ACCOUNT_ID` }}, {{ tfstate `aws_cloudwatch_log_group.demo.name` }}: ' +
          'pass --var AWS_ACCOUNT_ID=VALUE --var aws_cloudwatch_log_group.demo.name=VALUE (or --var-file FILE: JSON, .tfvars or .env); ' +
          'or set the variables in the environment as ecspresso reads them; or run `ecspresso render task-definition > taskdef.json` for tfstate',
      );
    });

    it('renders env/must_env from the environment (env falls back to its default) and tfstate from --var', async () => {
      const r = await runCli(
        ['env', 'ecspresso/ecs-task-def.json', '--vault', vault, '--var', 'aws_cloudwatch_log_group.demo.name=/ecs/demo', '--format', 'json'],
        { cwd: dir, env: { ...env, AWS_ACCOUNT_ID: '123456789012' } },
      );
      expect(r.code, r.stderr).to.equal(0);
      expect(JSON.parse(r.stdout)).to.include({ FOO: 'foo-value', DB_PASSWORD: 'db-pass-1' });
    });

    it('the ecspresso config is named, pointing at its task definition', async () => {
      const r = await check(['ecspresso/ecspresso.yml']);
      expect(errorLine(r)).to.match(/^ecspresso\/ecspresso\.yml is an ecspresso config: its task definition is ecs-task-def\.json: run ecs-local check ecs-task-def\.json/);
    });
  });

  describe('CloudFormation and CDK', () => {
    it('YAML with short forms: a parameter without a default is named with its --var', async () => {
      const r = await check(['cloudformation/fargate-service.yaml']);
      expect(r.code).to.equal(2);
      expect(errorLine(r)).to.equal(
        "cloudformation/fargate-service.yaml (Resources.TaskDefinition): cannot resolve offline: Ref EnvironmentName (a parameter without a Default) at Cpu, Memory and 2 more: pass --var 'EnvironmentName=VALUE'",
      );
    });

    it('with --var it checks OK: !Sub of a secret, !Ref of a parameter, !If with AWS::NoValue, !FindInMap', async () => {
      const r = await check(['cloudformation/fargate-service.yaml', '--var', 'EnvironmentName=production', '--reveal']);
      expect(okLine(r)).to.equal('OK: ECS would start fargate-service-web (FARGATE, us-east-1): 2 secret(s) resolved from the vault ecs-local.vault.json with 1 GetSecretValue and 1 GetParameters call(s).');
      expect(r.stdout).to.match(/^web\s+DB_PASSWORD\s+secret arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/web\/db:password::\s+db-pass-1$/m);
      expect(r.stdout).to.match(/^web\s+API_KEY\s+secret \/web\/api-key\s+api-key-1$/m);
      expect(r.stdout).to.match(/^web\s+PORT\s+environment\s+8080$/m);
      expect(r.stdout).to.not.match(/DEBUG/);
    });

    it('JSON with two task definitions lists them; --resource picks one; a Ref parameter comes from --var', async () => {
      const r = await check(['cloudformation/web-and-worker.json']);
      expect(errorLine(r)).to.equal(
        'cloudformation/web-and-worker.json defines 2 task definitions (WebTaskDefinition, WorkerTaskDefinition): choose one with --resource LogicalId, e.g. --resource WebTaskDefinition',
      );
      const worker = await check([
        'cloudformation/web-and-worker.json',
        '--resource',
        'WorkerTaskDefinition',
        '--var',
        'TokenSecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:staging/worker/token-Xy98Zw',
        '--var',
        'AWS::Region=eu-west-1',
      ]);
      expect(okLine(worker)).to.match(/^OK: ECS would start worker \(FARGATE, .*\): 2 secret\(s\)/);
      expect(worker.stdout).to.include('arn:aws:ssm:eu-west-1:123456789012:parameter/staging/worker/url');
    });

    it('a cdk.out folder: the stack template is found, secrets by the secret\'s name, stand-ins and the asset image said', async () => {
      const r = await check(['cdk.out']);
      expect(okLine(r)).to.match(/^OK: ECS would start WebStackTaskDef1B9D8E2A \(FARGATE, us-east-1\): 1 secret\(s\)/);
      expect(r.stdout).to.include('secret arn:aws:secretsmanager:us-east-1:123456789012:secret:DbSecret3A9F1C2B:password::');
      expect(r.stderr).to.include('names the stack gives at deploy time are stand-ins: TaskDefwebLogGroup4DA1C5F4 as "WebStack-TaskDefwebLogGroup4DA1C5F4"');
      expect(r.stderr).to.match(/containerDefinitions\[0\]\.image is a CDK asset, pushed only by cdk deploy: build it first with docker build -t 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/cdk-hnb659fds-container-assets-123456789012-us-east-1:5f1c[0-9a-f]+ \S+cdk\.out\/asset\.5f1c/);
    });

    it("-v says when the region and account are the defaults ecs-local gave the template's AWS::Region and AWS::AccountId", async () => {
      const r = await check(['cdk.out', '-v']);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.include(
        "ecs-local: region us-east-1 from the default for the template's AWS::Region (--region or --var AWS::Region=… gives the stack's); " +
          "account 123456789012 from the default for the template's AWS::AccountId (--var AWS::AccountId=… gives the stack's)\n",
      );
      const given = await check(['cdk.out', '-v', '--var', 'AWS::Region=us-east-1', '--var', 'AWS::AccountId=123456789012']);
      expect(given.stderr).to.match(/region us-east-1 from the task definition's .*; account 123456789012 from the task definition's /);
    });

    it('a Fn::Sub string pasted into plain JSON is named as CloudFormation', async () => {
      const r = await check(['ci/cfn-sub-pasted.json']);
      expect(errorLine(r)).to.equal(
        'ci/cfn-sub-pasted.json:6:7: containerDefinitions[0].image: unrendered CloudFormation placeholders ${AWS::AccountId}, ${AWS::Region}: pass --var AWS::AccountId=VALUE --var AWS::Region=VALUE (or --var-file FILE: JSON, .tfvars or .env)',
      );
    });
  });

  describe('CI placeholders and other templates', () => {
    const cases: [string, string][] = [
      ['ci/codepipeline-taskdef.json', 'ci/codepipeline-taskdef.json:6:7: containerDefinitions[0].image: unrendered CI placeholder <IMAGE1_NAME>: pass --var IMAGE1_NAME=VALUE (or --var-file FILE: JSON, .tfvars or .env)'],
      ['ci/sed-markers.json', 'ci/sed-markers.json:11:7: containerDefinitions[0].image: unrendered CI placeholders REPLACED_BY_CI, __VERSION__: pass --var REPLACED_BY_CI=VALUE --var VERSION=VALUE (or --var-file FILE: JSON, .tfvars or .env)'],
      ['ci/sample-with-brackets.json', 'ci/sample-with-brackets.json:3:3: executionRoleArn: unrendered CI placeholder [AccountID]: pass --var AccountID=VALUE (or --var-file FILE: JSON, .tfvars or .env)'],
      [
        'ci/ansible-taskdef.json.j2',
        'ci/ansible-taskdef.json.j2:2:3: family: unrendered Jinja/mustache template placeholders {{ service_name }}, {{ ecr_repository }}: pass --var service_name=VALUE --var ecr_repository=VALUE (or --var-file FILE: JSON, .tfvars or .env)',
      ],
      ['ci/envsubst-taskdef.json', 'ci/envsubst-taskdef.json:6:7: containerDefinitions[0].image: unrendered Terraform template (templatefile/envsubst) placeholder ${IMAGE_TAG}: pass --var IMAGE_TAG=VALUE (or --var-file FILE: JSON, .tfvars or .env)'],
      // Before: OK in us-east-1, the account and region silently defaulted.
      ['ci/buildspec-sed-tokens.json', 'ci/buildspec-sed-tokens.json:3:3: taskRoleArn: unrendered CI placeholders AWS_ACCOUNT_ID, AWS_REGION: pass --var AWS_ACCOUNT_ID=VALUE --var AWS_REGION=VALUE (or --var-file FILE: JSON, .tfvars or .env)'],
      // Before: OK, with a container named "$(containerName)".
      ['ci/pipeline-macros.json', 'ci/pipeline-macros.json:3:5: [0].name: unrendered CI placeholders $(containerName), %DOCKER_REGISTRY%, $(Build.BuildId): pass --var containerName=VALUE --var DOCKER_REGISTRY=VALUE --var Build.BuildId=VALUE (or --var-file FILE: JSON, .tfvars or .env)'],
    ];
    for (const [file, line] of cases) {
      it(`${file}: one line naming the placeholders, exit 2`, async () => {
        const r = await check([file]);
        expect(r.code).to.equal(2);
        expect(errorLine(r)).to.equal(line);
        expect(r.stdout).to.equal('');
      });
    }

    it('markers filled by --var check OK; a Jinja default is used when no --var gives it', async () => {
      expect(okLine(await check(['ci/codepipeline-taskdef.json', '--var', 'IMAGE1_NAME=nginx:1.27']))).to.match(/^OK: ECS would start ecs-demo /);
      expect(okLine(await check(['ci/sed-markers.json', '--var', 'REPLACED_BY_CI=1.4.2', '--var', '__VERSION__=1.4.2']))).to.match(/^OK: ECS would start billing-api /);
      const r = await runCli(['check', 'ci/ansible-taskdef.json.j2', '--vault', vault, '--var', 'service_name=api', '--var', 'ecr_repository=example/api', '--json'], { cwd: dir, env });
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.include('"family":"api"');
    });

    it('sed tokens and pipeline macros filled by --var check OK, in the region given; $(date) in a command stays the shell\'s', async () => {
      const r = await check(['ci/buildspec-sed-tokens.json', '--var', 'AWS_ACCOUNT_ID=210987654321', '--var', 'AWS_REGION=eu-west-3', '-v']);
      expect(okLine(r)).to.match(/^OK: ECS would start orders-worker \(FARGATE, eu-west-3\)/);
      expect(r.stderr).to.include('account 210987654321 from the task definition\'s executionRoleArn');
      const e = await runCli(['check', 'ci/pipeline-macros.json', '--vault', vault, '--json', '--var', 'containerName=reports', '--var', 'DOCKER_REGISTRY=registry.example.com', '--var', 'Build.BuildId=118'], { cwd: dir, env });
      expect(e.code, e.stderr).to.equal(0);
      const task = JSON.parse(e.stdout) as { containers: { name: string; environment: { name: string; value: string }[] }[] };
      expect(task.containers.map((c) => c.name)).to.deep.equal(['reports']);
      expect(task.containers[0]?.environment).to.deep.include({ name: 'STAMP_FORMAT', value: '%Y-%m-%d', source: 'environment' });
    });

    it('${PORT:-8080} and $HOME in a command are the shell\'s: with IMAGE_TAG given it checks OK', async () => {
      expect(okLine(await check(['ci/envsubst-taskdef.json', '--var', 'IMAGE_TAG=2.0']))).to.match(/^OK: ECS would start reports /);
    });
  });

  describe('files that are not task definitions', () => {
    const cases: [string, RegExp][] = [
      ['copilot/api/manifest.yml', /^copilot\/api\/manifest\.yml is a Copilot manifest \(Load Balanced Web Service "api"\), not a task definition: run `copilot svc package -n api -e ENV --output-dir out`/],
      ['ecs-cli/ecs-params.yml', /^ecs-cli\/ecs-params\.yml is an ecs-cli ecs-params\.yml, not a task definition: `ecs-cli compose --project-name NAME create` registers one/],
      ['ecs-cli/docker-compose.yml', /^ecs-cli\/docker-compose\.yml is a Docker Compose file, not an ECS task definition/],
      ['ci/deploy.yml', /^ci\/deploy\.yml is a GitHub Actions workflow, not a task definition: its task definition is \.aws\/task-definition\.json: run ecs-local check \.aws\/task-definition\.json$/],
    ];
    for (const [file, line] of cases) {
      it(`${file} is named for what it is, with the command that gives a task definition`, async () => {
        const r = await check([file]);
        expect(r.code).to.equal(2);
        expect(errorLine(r)).to.match(line);
      });
    }

    it('YAML that is none of these gets a clear line, not "invalid JSON"', async () => {
      const tmp = fs.mkdtempSync(path.join(dir, '..', 'tmp-yaml-'));
      try {
        fs.writeFileSync(path.join(tmp, 'notes.yml'), 'Deployment notes:\n  - bump the image\n');
        const r = await runCli(['check', 'notes.yml', '--vault', vault], { cwd: tmp, env });
        expect(r.code).to.equal(2);
        expect(r.stderr).to.match(/^ecs-local: error: \S+notes\.yml: not a task definition: neither JSON nor a known YAML form \(found keys Deployment notes\); expected task definition JSON/);
        expect(r.stderr).to.not.include('invalid JSON');
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  });
});
