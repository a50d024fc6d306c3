/**
 * `ecs-local check` of a 1 MB CloudFormation template (issue #8: under 1 s), JSON as `cdk synth`
 * writes it and YAML with short forms, against `check` of the same task definition as plain JSON, so
 * the ratio is what reading the template costs on top of checking the task.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { Benchmark, BenchContext } from './benchmark.js';
import { runOk } from './spawn.js';

const TARGET_BYTES = 1024 * 1024;
const SECRETS = 50;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A template of filler resources (parameters, log groups, roles) around one task definition using 50 of them. */
export function bigTemplate(): { template: { [k: string]: Json }; plain: Json; vault: Json } {
  const resources: { [k: string]: Json } = {};
  const vaultParameters: { [k: string]: Json } = {};
  let i = 0;
  const padding = 'x'.repeat(300);
  while (JSON.stringify(resources).length < TARGET_BYTES - 20_000) {
    resources[`Param${i}`] = { Type: 'AWS::SSM::Parameter', Properties: { Name: `/bench/param-${i}`, Type: 'String', Value: `${padding}-${i}` }, Metadata: { 'aws:cdk:path': `Bench/Param${i}/Resource` } };
    resources[`Logs${i}`] = { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: { 'Fn::Sub': `/bench/\${AWS::StackName}/${i}` }, RetentionInDays: 7 } };
    if (i < SECRETS) vaultParameters[`/bench/param-${i}`] = `value-${i}`;
    i++;
  }
  const secrets: Json[] = [];
  const plainSecrets: Json[] = [];
  for (let k = 0; k < SECRETS; k++) {
    secrets.push({ Name: `P${k}`, ValueFrom: { Ref: `Param${k}` } });
    plainSecrets.push({ name: `P${k}`, valueFrom: `/bench/param-${k}` });
  }
  resources['TaskDef'] = {
    Type: 'AWS::ECS::TaskDefinition',
    Properties: {
      Family: 'bench',
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      Cpu: '256',
      Memory: '512',
      ExecutionRoleArn: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/ecsTaskExecutionRole']] },
      ContainerDefinitions: [
        {
          Name: 'app',
          Image: { 'Fn::Sub': '${AWS::AccountId}.dkr.ecr.${AWS::Region}.${AWS::URLSuffix}/app:1.0' },
          Secrets: secrets,
          LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'Logs0' }, 'awslogs-region': { Ref: 'AWS::Region' }, 'awslogs-stream-prefix': 'app' } },
        },
      ],
    },
  };
  const plain: Json = {
    family: 'bench',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'app',
        image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.0',
        secrets: plainSecrets,
        logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/bench/stack/0', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'app' } },
      },
    ],
  };
  return { template: { AWSTemplateFormatVersion: '2010-09-09', Resources: resources }, plain, vault: { region: 'us-east-1', accountId: '123456789012', parameters: vaultParameters } };
}

function cli(ctx: BenchContext, args: string[]): () => Promise<void> {
  const bin = path.join(ctx.root, 'bin', 'ecs-local');
  return async () => {
    await runOk(process.execPath, [bin, ...args], { cwd: ctx.root });
  };
}

function cfnBench(format: 'json' | 'yaml'): Benchmark {
  return {
    name: `check-cloudformation-${format}`,
    description: `ecs-local check of a 1 MB CloudFormation template (${format === 'json' ? 'JSON, as cdk synth writes it' : 'YAML with short forms'})`,
    async prepare(ctx) {
      const { template, plain, vault } = bigTemplate();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-cfn-'));
      const file = path.join(dir, format === 'json' ? 'Bench.template.json' : 'bench.yaml');
      // YAML as people write it: short forms for Ref and Sub.
      const text = format === 'json' ? JSON.stringify(template, null, 1) : stringify(template).replace(/\{ *Ref: ([\w:]+) *\}/g, '!Ref $1');
      fs.writeFileSync(file, text);
      const plainFile = path.join(dir, 'taskdef.json');
      fs.writeFileSync(plainFile, JSON.stringify(plain, null, 2));
      const vaultFile = path.join(dir, 'bench.vault.json');
      fs.writeFileSync(vaultFile, JSON.stringify(vault));
      const bytes = Buffer.byteLength(text);
      return {
        subject: cli(ctx, ['check', file, '--vault', vaultFile]),
        baseline: cli(ctx, ['check', plainFile, '--vault', vaultFile]),
        baselineLabel: 'ecs-local check of the same task definition as plain JSON',
        warmup: ctx.warmup ?? 2,
        runs: ctx.runs ?? 10,
        notes: [`template: ${(bytes / 1024 / 1024).toFixed(2)} MB, ${Object.keys(template['Resources'] as object).length} resources; the task has ${SECRETS} secrets`],
        facts: { bytes, secrets: SECRETS },
        teardown: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

export const checkCloudFormationJson = cfnBench('json');
export const checkCloudFormationYaml = cfnBench('yaml');
