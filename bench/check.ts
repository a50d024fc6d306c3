/** `ecs-local check` as a user runs it: a fresh node process on the built CLI, against `node -e ""`. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPlan, expectedCalls } from '../src/secrets/plan.js';
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

export const checkExample: Benchmark = {
  name: 'check-example',
  description: 'ecs-local check examples/seed/taskdef.json (built CLI, new process)',
  aim: 1.5,
  async prepare(ctx) {
    return {
      subject: cli(ctx, ['check', 'examples/seed/taskdef.json']),
      baseline: nodeBaseline(ctx),
      baselineLabel: NODE_BASELINE,
      warmup: ctx.warmup ?? 3,
      runs: ctx.runs ?? 20,
    };
  },
};

export const help: Benchmark = {
  name: 'help',
  description: 'ecs-local --help (built CLI, new process): the start-up of the command line alone',
  aim: 1.3,
  async prepare(ctx) {
    return {
      subject: cli(ctx, ['--help']),
      baseline: nodeBaseline(ctx),
      baselineLabel: NODE_BASELINE,
      warmup: ctx.warmup ?? 3,
      runs: ctx.runs ?? 20,
    };
  },
};

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
