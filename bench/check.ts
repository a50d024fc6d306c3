/** `ecs-local check` as a user runs it: a fresh node process on the built CLI, against `node -e ""`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { starterVault } from '../src/commands/vault-init.js';
import { buildPlan, expectedCalls } from '../src/secrets/plan.js';
import type { ContainerDefinition, TaskDefinition } from '../src/taskdef/types.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { largeTask } from './large-task.js';
import { runOk } from './spawn.js';

const NODE_BASELINE = 'node -e ""';

function nodeBaseline(ctx: BenchContext): () => Promise<void> {
  return async () => {
    await runOk(process.execPath, ['-e', ''], { cwd: ctx.root });
  };
}

function cli(ctx: BenchContext, args: string[]): () => Promise<void> {
  const bin = path.join(ctx.root, 'bin', 'ecs-local');
  return async () => {
    await runOk(process.execPath, [bin, ...args], { cwd: ctx.root });
  };
}

/** The built CLI started in a new process with `args`, against a bare `node -e ""`. */
function startup(name: string, description: string, aim: number, args: string[]): Benchmark {
  return {
    name,
    description,
    aim,
    async prepare(ctx) {
      return {
        subject: cli(ctx, args),
        baseline: nodeBaseline(ctx),
        baselineLabel: NODE_BASELINE,
        warmup: ctx.warmup ?? 3,
        runs: ctx.runs ?? 20,
      };
    },
  };
}

export const checkExample = startup('check-example', 'ecs-local check examples/seed/taskdef.json (built CLI, new process)', 1.5, ['check', 'examples/seed/taskdef.json']);

export const help = startup('help', 'ecs-local --help (built CLI, new process): the start-up of the command line alone', 1.3, ['--help']);

export const checkLarge: Benchmark = {
  name: 'check-large',
  description: 'ecs-local check of a generated task: 10 containers x 100 secrets, generated vault',
  async prepare(ctx) {
    const { taskDefinition, vault, secretCount } = largeTask(10);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-'));
    const taskFile = path.join(dir, 'taskdef.json');
    const vaultFile = path.join(dir, 'bench.vault.json');
    fs.writeFileSync(taskFile, JSON.stringify(taskDefinition, null, 2));
    fs.writeFileSync(vaultFile, JSON.stringify(vault, null, 2));
    const calls = expectedCalls(buildPlan(taskDefinition, 'us-east-1'));
    return {
      subject: cli(ctx, ['check', taskFile, '--vault', vaultFile]),
      baseline: nodeBaseline(ctx),
      baselineLabel: NODE_BASELINE,
      warmup: ctx.warmup ?? 2,
      runs: ctx.runs ?? 15,
      notes: [
        `${secretCount} secrets in ${taskDefinition.containerDefinitions.length} containers; the agent would make ` +
          `${calls.getSecretValue} GetSecretValue and ${calls.getParameters} GetParameters call(s)`,
      ],
      facts: { containers: taskDefinition.containerDefinitions.length, secrets: secretCount, calls },
      teardown: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};

/** 200 containers as a real service mesh has them: ports, awslogs, a shared secret's key and a parameter each. */
function twoHundredContainers(): TaskDefinition {
  const containers: ContainerDefinition[] = Array.from({ length: 200 }, (_, i) => ({
    name: `svc-${i}`,
    image: `444455556666.dkr.ecr.eu-west-1.amazonaws.com/svc-${i}:1.${i}.0`,
    essential: i === 0,
    portMappings: [{ containerPort: 8000 + i, hostPort: 8000 + i, protocol: 'tcp' }],
    environment: [{ name: 'INDEX', value: String(i) }],
    secrets: [
      { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:444455556666:secret:db-AbCdEf:password::' },
      { name: 'FLAG', valueFrom: `/svc/flag-${i % 20}` },
    ],
    logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `/ecs/svc-${i}`, 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'ecs' } },
  }));
  return {
    family: 'mesh',
    requiresCompatibilities: ['FARGATE'],
    networkMode: 'awsvpc',
    cpu: '4096',
    memory: '8192',
    executionRoleArn: 'arn:aws:iam::444455556666:role/ecsTaskExecutionRole',
    containerDefinitions: containers,
  };
}

export const check200: Benchmark = {
  name: 'check-200',
  description: 'ecs-local check of a 200-container task definition (400 secrets), vault from vault init',
  async prepare(ctx) {
    const taskDefinition = twoHundredContainers();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-'));
    const taskFile = path.join(dir, 'taskdef.json');
    const vaultFile = path.join(dir, 'bench.vault.json');
    fs.writeFileSync(taskFile, JSON.stringify(taskDefinition, null, 2));
    fs.writeFileSync(vaultFile, JSON.stringify(starterVault(taskDefinition).json, null, 2));
    return {
      subject: cli(ctx, ['check', taskFile, '--vault', vaultFile]),
      baseline: nodeBaseline(ctx),
      baselineLabel: NODE_BASELINE,
      warmup: ctx.warmup ?? 2,
      runs: ctx.runs ?? 15,
      notes: ['the issue asks for under 1 s (median of the subject)'],
      facts: { containers: 200, secrets: 400 },
      teardown: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  },
};
