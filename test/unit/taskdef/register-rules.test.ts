import { expect } from 'chai';
import { checkRegistration } from '../../../src/taskdef/register-rules.js';
import type { ContainerDefinition, TaskDefinition } from '../../../src/taskdef/types.js';

const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const SM_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';

/** A container ECS registers; the soft limit stands in for the memory limit an EC2 task needs. */
function container(extra: Partial<ContainerDefinition> = {}): ContainerDefinition {
  return { name: 'app', image: 'busybox', memoryReservation: 64, ...extra };
}

function task(containers: ContainerDefinition[], extra: Partial<TaskDefinition> = {}): TaskDefinition {
  return { family: 'f', executionRoleArn: ROLE, containerDefinitions: containers, ...extra };
}

/** The ClientException text checkRegistration throws, or undefined if ECS would register it. */
function refusal(td: TaskDefinition): string | undefined {
  try {
    checkRegistration(td);
    return undefined;
  } catch (err) {
    expect((err as { errorName?: string }).errorName).to.equal('ClientException');
    return (err as Error).message;
  }
}

const secret = (name: string, valueFrom = SM_ARN) => ({ name, valueFrom });

describe('taskdef/register-rules', () => {
  it('accepts a plain task definition', () => {
    expect(refusal(task([container({ secrets: [secret('A')] })]))).to.equal(undefined);
  });

  describe('task level', () => {
    it('refuses an empty container list', () => {
      expect(refusal(task([]))).to.equal('Container list cannot be empty.');
    });

    it('requires executionRoleArn for container secrets', () => {
      expect(refusal(task([container({ secrets: [secret('A')] })], { executionRoleArn: undefined }))).to.equal(
        "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
      );
    });

    it('requires executionRoleArn for log driver secretOptions, in any container', () => {
      const logged = container({
        name: 'b',
        logConfiguration: { logDriver: 'splunk', secretOptions: [secret('splunk-token')] },
      });
      expect(refusal(task([container(), logged], { executionRoleArn: '' }))).to.equal(
        "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
      );
    });

    it('[INF] needs no executionRoleArn for empty secrets lists', () => {
      const c = container({ secrets: [], logConfiguration: { logDriver: 'json-file', secretOptions: [] } });
      expect(refusal(task([c], { executionRoleArn: undefined }))).to.equal(undefined);
    });

    it('on Fargate, requires executionRoleArn for awslogs and for private ECR images', () => {
      const awslogs = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app' } };
      const fargate = { executionRoleArn: undefined, requiresCompatibilities: ['FARGATE'], cpu: '256', memory: '512' };
      expect(refusal(task([container({ logConfiguration: awslogs })], fargate))).to.equal(
        'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
      );
      expect(refusal(task([container({ image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/app:1' })], fargate))).to.equal(
        'Fargate requires task definition to have execution role ARN to support ECR images.',
      );
      // EC2 uses the instance role for both; public ECR needs no role.
      expect(refusal(task([container({ logConfiguration: awslogs })], { ...fargate, requiresCompatibilities: ['EC2'] }))).to.equal(undefined);
      expect(refusal(task([container({ image: 'public.ecr.aws/nginx/nginx:1' })], fargate))).to.equal(undefined);
    });

    it("on Fargate, requires a task size Fargate offers, in RegisterTaskDefinition's words", () => {
      const fargate = (size: Partial<TaskDefinition>) => refusal(task([container()], { requiresCompatibilities: ['FARGATE'], ...size }));
      expect(fargate({ memory: '512' })).to.equal("Fargate requires that 'cpu' be defined at the task level.");
      expect(fargate({ cpu: '256' })).to.equal("Fargate requires that 'memory' be defined at the task level.");
      expect(fargate({ cpu: '1024', memory: '1024' })).to.equal(
        'No Fargate configuration exists for given values: 1024 CPU, 1024 memory. See the Amazon ECS documentation for the valid values.',
      );
      // Units and MiB whatever the form the sizes were written in.
      expect(fargate({ cpu: '0.25 vCPU', memory: '4 GB' })).to.equal(
        'No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.',
      );
      for (const [cpu, memory] of [['256', '512'], ['256', '2048'], ['512', '4096'], ['1 vCPU', '2 GB'], ['4096', '30720'], ['8192', '20480'], ['16384', '122880']]) {
        expect(fargate({ cpu, memory }), `${cpu}/${memory}`).to.equal(undefined);
      }
      for (const [cpu, memory] of [['256', '1536'], ['512', '512'], ['8192', '17408'], ['16384', '36864'], ['3072', '8192']]) {
        expect(fargate({ cpu, memory }), `${cpu}/${memory}`).to.match(/^No Fargate configuration exists/);
      }
      // EC2 tasks may have any size, or none.
      expect(refusal(task([container()], { requiresCompatibilities: ['EC2'], cpu: '3000', memory: '100' }))).to.equal(undefined);
    });

    it('requires one essential container; essential defaults to true', () => {
      expect(refusal(task([container({ essential: false }), container({ name: 'b', essential: false })]))).to.equal(
        "Task definition doesn't have any essential container.",
      );
      expect(refusal(task([container({ essential: false }), container({ name: 'b' })]))).to.equal(undefined);
    });
  });

  describe('container name and image', () => {
    it('refuses an empty name or image', () => {
      expect(refusal(task([container({ name: '' })]))).to.equal('Container.name should not be null or empty.');
      expect(refusal(task([container({ image: ' ' })]))).to.equal('Container.image should not be null or empty.');
    });

    it('refuses characters ECS does not allow in a container name or family, naming the character in a hint', () => {
      const refused = (td: TaskDefinition) => {
        try {
          checkRegistration(td);
          return undefined;
        } catch (err) {
          return { message: (err as Error).message, hint: (err as { hint?: string }).hint };
        }
      };
      // A requiresAttributes entry pasted into container_definitions (terraform-provider-aws#5950).
      expect(refused(task([container(), container({ name: 'ecs.capability.execution-role-awslogs' })]))).to.deep.equal({
        message: 'Container.name contains invalid characters.',
        hint: 'container name "ecs.capability.execution-role-awslogs": "." is not allowed (letters, digits, _ and - are)',
      });
      // An Azure Pipelines macro left unrendered.
      expect(refused(task([container({ name: '$(aws_ecr_repository)' })]))?.message).to.equal('Container.name contains invalid characters.');
      expect(refused(task([container({ name: 'perf test' })]))?.hint).to.include('" " is not allowed');
      expect(refused(task([container({ name: 'a'.repeat(256) })]))?.hint).to.include('longer than 255 characters');
      expect(refused(task([container()], { family: 'weird_dir@letssee.cats' }))).to.deep.equal({
        message: 'Family contains invalid characters.',
        hint: 'family "weird_dir@letssee.cats": "@" is not allowed (letters, digits, _ and - are)',
      });
      for (const ok of ['App_1-x', 'a'.repeat(255)]) {
        expect(refusal(task([container({ name: ok })], { family: ok }))).to.equal(undefined);
      }
    });

    it('refuses characters ECS does not allow in an image, naming an unrendered placeholder in a hint', () => {
      const refused = (image: string) => {
        try {
          checkRegistration(task([container({ image })]));
          return undefined;
        } catch (err) {
          return { message: (err as Error).message, hint: (err as { hint?: string }).hint };
        }
      };
      expect(refused('${account_id}.dkr.ecr.eu-west-1.amazonaws.com/app:latest')).to.deep.equal({
        message: 'Container.image contains invalid characters.',
        hint: 'container "app" image "${account_id}.dkr.ecr.eu-west-1.amazonaws.com/app:latest": "${account_id}" is an unrendered template placeholder: render the template first',
      });
      expect(refused('app:{{ must_env `TAG` }}')?.hint).to.include('"{{ must_env `TAG` }}" is an unrendered template placeholder');
      expect(refused('app latest')?.hint).to.equal('container "app" image "app latest": " " is not allowed (letters, digits and - _ : . / # @ are)');
      // Accepted at registration, even where Docker cannot parse them (that fails at task start).
      for (const ok of ['MyApp:Latest', 'app:1.0:extra', 'localhost:5000/a#b', `app@sha256:${'a'.repeat(64)}`]) expect(refused(ok)).to.equal(undefined);
    });
  });

  describe('memory', () => {
    it("refuses a container memory above the task's, in RegisterTaskDefinition's words (RunTask's differ)", () => {
      expect(refusal(task([container({ memory: 1024 })], { memory: '512' }))).to.equal("The 'memory' setting for container 'app' is greater than for the task.");
      expect(refusal(task([container({ memory: 1024 })], { memory: '0.5 GB' }))).to.equal("The 'memory' setting for container 'app' is greater than for the task.");
      expect(refusal(task([container({ memory: 512 })], { memory: '512' }))).to.equal(undefined);
      // A reservation is soft: only the hard limit counts; no task memory (EC2), nothing to exceed.
      expect(refusal(task([container({ memoryReservation: 1024 })], { memory: '512' }))).to.equal(undefined);
      expect(refusal(task([container({ memory: 4096 })]))).to.equal(undefined);
    });

    it("without task memory, refuses a container with neither 'memory' nor 'memoryReservation', naming it, with a hint", () => {
      const bare = container({ name: 'worker', memoryReservation: undefined });
      const refused = (td: TaskDefinition, opts?: Parameters<typeof checkRegistration>[1]) => {
        try {
          checkRegistration(td, opts);
          return undefined;
        } catch (err) {
          return { name: (err as { errorName?: string }).errorName, message: (err as Error).message, hint: (err as { hint?: string }).hint };
        }
      };
      // The first container has its soft limit; the second has nothing, on EC2 or with no launch type.
      for (const extra of [{}, { requiresCompatibilities: ['EC2'] }, { requiresCompatibilities: ['EXTERNAL'] }, { memory: ' ' }]) {
        expect(refused(task([container(), bare], extra)), JSON.stringify(extra)).to.deep.equal({
          name: 'ClientException',
          message: "Invalid setting for container 'worker'. At least one of 'memory' or 'memoryReservation' must be specified.",
          hint: 'set the task\'s "memory", or "memoryReservation" (a soft limit) or "memory" (a hard limit) in container "worker"',
        });
      }
      // Either limit on the container, or the task's memory in any form, is enough.
      expect(refusal(task([{ ...bare, memory: 256 }]))).to.equal(undefined);
      expect(refusal(task([{ ...bare, memoryReservation: 128 }]))).to.equal(undefined);
      expect(refusal(task([bare], { memory: '512' }))).to.equal(undefined);
      expect(refusal(task([bare], { memory: '1 GB' }))).to.equal(undefined);
      // Fargate's own rule for the task's memory comes first.
      expect(refusal(task([bare], { requiresCompatibilities: ['FARGATE'], cpu: '256' }))).to.equal("Fargate requires that 'memory' be defined at the task level.");
      // [INF] A bare containerDefinitions array: the task's memory lives in the Terraform resource.
      expect(refused(task([bare]), { bareContainerList: true })).to.equal(undefined);
      // Name and image are judged first.
      expect(refusal(task([{ ...bare, image: '' }]))).to.equal('Container.image should not be null or empty.');
    });
  });

  describe('ports and log drivers', () => {
    it('in awsvpc mode, refuses a hostPort other than the containerPort ([INF] 0 counts as left out)', () => {
      const ports = (portMappings: { containerPort: number; hostPort?: number }[], networkMode: TaskDefinition['networkMode'] = 'awsvpc') =>
        refusal(task([container({ portMappings })], { networkMode }));
      expect(ports([{ containerPort: 5601, hostPort: 80 }])).to.equal('When networkMode=awsvpc, the host ports and container ports in port mappings must match.');
      expect(ports([{ containerPort: 80, hostPort: 80 }, { containerPort: 81 }, { containerPort: 82, hostPort: 0 }])).to.equal(undefined);
      expect(ports([{ containerPort: 5601, hostPort: 80 }], 'bridge')).to.equal(undefined);
    });

    it('refuses a log driver without its required options; secretOptions count as options', () => {
      const log = (logConfiguration: ContainerDefinition['logConfiguration']) => refusal(task([container({ logConfiguration })]));
      expect(log({ logDriver: 'splunk', options: { 'splunk-url': 'https://splunk.example.com:8088' } })).to.equal(
        'Log driver splunk requires options: splunk-token',
      );
      expect(log({ logDriver: 'splunk', options: { 'splunk-url': 'u' }, secretOptions: [secret('splunk-token', '/splunk/token')] })).to.equal(undefined);
      expect(log({ logDriver: 'awslogs', options: { 'awslogs-region': 'eu-west-1' } })).to.equal('Log driver awslogs requires options: awslogs-group');
      expect(log({ logDriver: 'json-file' })).to.equal(undefined);
    });
  });

  describe('secrets', () => {
    it('refuses a duplicate secret name', () => {
      expect(refusal(task([container({ secrets: [secret('A'), secret('B'), secret('A')] })]))).to.equal(
        'Duplicate secret names found: A. Each secret name must be unique.',
      );
    });

    it('[INF] lists every duplicate of the first offending container, in order of first appearance', () => {
      const first = container({ secrets: ['C', 'A', 'B', 'A', 'B', 'C', 'D'].map((n) => secret(n)) });
      const second = container({ name: 'b', secrets: [secret('Z'), secret('Z')] });
      expect(refusal(task([first, second]))).to.equal('Duplicate secret names found: C, A, B. Each secret name must be unique.');
    });

    it('does not count a secretOptions name against a secrets name', () => {
      const c = container({
        secrets: [secret('splunk-token')],
        logConfiguration: { logDriver: 'splunk', secretOptions: [secret('splunk-token')] },
      });
      expect(refusal(task([c]))).to.equal(undefined);
    });

    it('refuses a secret named like an environment variable of the same container', () => {
      const c = container({ secrets: [secret('A'), secret('DB_PASSWORD')], environment: [{ name: 'DB_PASSWORD', value: 'x' }] });
      expect(refusal(task([c]))).to.equal(
        "The secret name must be unique and not shared with any new or existing environment variables set on the container, such as 'DB_PASSWORD'.",
      );
      const other = container({ name: 'b', environment: [{ name: 'A', value: 'x' }] });
      expect(refusal(task([container({ secrets: [secret('A')] }), other]))).to.equal(undefined);
    });

    it('refuses a blank secret name or valueFrom, in secrets and in secretOptions', () => {
      expect(refusal(task([container({ secrets: [secret('')] })]))).to.equal('Secret name cannot be null or blank.');
      expect(refusal(task([container({ secrets: [secret('A', ' ')] })]))).to.equal('Secret valueFrom cannot be null or blank.');
      const log = container({ logConfiguration: { logDriver: 'splunk', secretOptions: [secret('token', '')] } });
      expect(refusal(task([log]))).to.equal('Secret valueFrom cannot be null or blank.');
    });

    it('[INF] reports blank names as blank, not as duplicates', () => {
      expect(refusal(task([container({ secrets: [secret(''), secret('')] })]))).to.equal('Secret name cannot be null or blank.');
    });

    it('refuses a bare name with a Secrets Manager suffix (not a valid SSM name)', () => {
      expect(refusal(task([container({ secrets: [secret('DB_PASSWORD', 'secret-name:key::')] })]))).to.equal(
        'The Systems Manager parameter name specified for secret DB_PASSWORD is invalid.',
      );
    });

    it('refuses a malformed SSM parameter ARN, e.g. without the account', () => {
      const valueFrom = 'arn:aws:ssm:us-east-1::parameter/app/key';
      expect(refusal(task([container({ secrets: [secret('KEY', valueFrom)] })]))).to.equal(
        'The Systems Manager parameter ARN specified for secret KEY is invalid.',
      );
    });

    it('checks secretOptions valueFrom the same way', () => {
      const log = container({ logConfiguration: { logDriver: 'splunk', secretOptions: [secret('token', 'ssm/token')] } });
      expect(refusal(task([log]))).to.equal('The Systems Manager parameter name specified for secret token is invalid.');
    });

    it('does not check the Secrets Manager ARN suffix (that fails at task start)', () => {
      const odd = [`${SM_ARN}:k1`, `${SM_ARN}:key:`, `${SM_ARN}:a:b:c:d:e`, 'arn:aws:secretsmanager:us-east-1:123456789012:secret'];
      for (const valueFrom of odd) expect(refusal(task([container({ secrets: [secret('A', valueFrom)] })])), valueFrom).to.equal(undefined);
    });
  });

  describe('environment', () => {
    it('refuses a blank or missing environment variable name', () => {
      for (const name of ['', '   ', undefined]) {
        const env = [{ name, value: 'x' } as { name: string; value: string }];
        expect(refusal(task([container({ environment: env })])), String(name)).to.equal(
          'Environment variable name cannot be null or blank.',
        );
      }
    });
  });

  describe('environmentFiles', () => {
    const file = (value: string, type = 's3') => ({ value, type }) as { value: string; type: 's3' };

    it('accepts up to 10 S3 .env files', () => {
      const files = Array.from({ length: 10 }, (_, i) => file(`arn:aws:s3:::bucket/${i}.env`));
      expect(refusal(task([container({ environmentFiles: files })]))).to.equal(undefined);
    });

    it('[INF] refuses more than 10', () => {
      const files = Array.from({ length: 11 }, (_, i) => file(`arn:aws:s3:::bucket/${i}.env`));
      expect(refusal(task([container({ environmentFiles: files })]))).to.equal(
        "Invalid setting for container 'app'. The number of environment files (11) cannot exceed 10.",
      );
    });

    it('[INF] refuses a type other than s3', () => {
      expect(refusal(task([container({ environmentFiles: [file('arn:aws:s3:::bucket/a.env', 'S3')] })]))).to.equal(
        "Invalid setting for container 'app'. Environment file type 'S3' is not supported; the only supported type is 's3'.",
      );
    });

    it('[INF] refuses a file without the .env extension', () => {
      expect(refusal(task([container({ environmentFiles: [file('arn:aws:s3:::bucket/app.txt')] })]))).to.equal(
        "Invalid setting for container 'app'. Environment file 'arn:aws:s3:::bucket/app.txt' must have the '.env' file extension.",
      );
    });
  });

  describe('mount points', () => {
    it('refuses a mount point naming no task volume', () => {
      const c = container({ mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] });
      expect(refusal(task([c]))).to.equal("Unknown volume 'data'.");
      expect(refusal(task([c], { volumes: [{ name: 'data' }] }))).to.equal(undefined);
    });
  });

  describe('dependsOn', () => {
    it('refuses a dependency on a container that does not exist', () => {
      const c = container({ dependsOn: [{ containerName: 'db', condition: 'START' }] });
      expect(refusal(task([c]))).to.equal("Cannot depend on container + 'db' because it does not exist");
    });

    it('refuses SUCCESS or COMPLETE on an essential container', () => {
      const app = container({ dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] });
      expect(refusal(task([app, container({ name: 'migrate' })]))).to.equal(
        'A dependency container with SUCCESS or COMPLETE condition cannot be an essential container',
      );
      expect(refusal(task([app, container({ name: 'migrate', essential: false })]))).to.equal(undefined);
    });

    it('refuses a cycle', () => {
      const a = container({ name: 'a', dependsOn: [{ containerName: 'b', condition: 'START' }] });
      const b = container({ name: 'b', dependsOn: [{ containerName: 'a', condition: 'START' }] });
      expect(refusal(task([a, b]))).to.equal('Container dependencies should not have a cycle: a -> b -> a');
    });
  });

  describe('[INF] order of checks', () => {
    it('task-level rules come before container rules', () => {
      const c = container({ essential: false, secrets: [secret('A'), secret('A')] });
      expect(refusal(task([c], { executionRoleArn: undefined }))).to.match(/^When you are specifying container secrets/);
      expect(refusal(task([c]))).to.equal("Task definition doesn't have any essential container.");
    });

    it('containers are checked in order', () => {
      const first = container({ environment: [{ name: '', value: 'x' }] });
      const second = container({ name: 'b', secrets: [secret('A'), secret('A')] });
      expect(refusal(task([first, second]))).to.equal('Environment variable name cannot be null or blank.');
    });

    it("a container's rules run in the listed order", () => {
      const env = [{ name: 'A', value: '1' }];
      // Duplicates before the environment clash.
      expect(refusal(task([container({ secrets: [secret('A'), secret('A')], environment: env })]))).to.match(/^Duplicate/);
      // The environment clash before a blank environment name.
      expect(refusal(task([container({ secrets: [secret('A')], environment: [...env, { name: '', value: '' }] })]))).to.match(
        /^The secret name must be unique/,
      );
      // A blank environment name before a blank secret field.
      expect(refusal(task([container({ secrets: [secret('B', '')], environment: [{ name: '', value: '' }] })]))).to.match(
        /^Environment variable name/,
      );
      // Blank fields of every secret before any invalid valueFrom.
      expect(refusal(task([container({ secrets: [secret('B', 'bad:name'), secret('C', '')] })]))).to.equal(
        'Secret valueFrom cannot be null or blank.',
      );
      // valueFrom before environment files, environment files before mount points.
      const files = [{ value: 'a.txt', type: 's3' as const }];
      expect(refusal(task([container({ secrets: [secret('B', 'bad:name')], environmentFiles: files })]))).to.match(/^The Systems Manager/);
      const mounts = [{ sourceVolume: 'nope' }];
      expect(refusal(task([container({ environmentFiles: files, mountPoints: mounts })]))).to.match(/^Invalid setting/);
    });

    it('dependsOn is checked after every container', () => {
      const first = container({ dependsOn: [{ containerName: 'ghost', condition: 'START' }] });
      const second = container({ name: 'b', image: '' });
      expect(refusal(task([first, second]))).to.equal('Container.image should not be null or empty.');
    });
  });
});
