/**
 * `serve-1000`: the same 1,000-secret task checked through `vault serve` and the AWS SDK
 * (`--endpoint`) against the vault file read directly (`--vault`), each a new process of the built
 * CLI. The server runs in this process and counts the requests it gets, so the report shows the
 * calls really made next to the ones the ECS agent would make (expectedCalls).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPlan, expectedCalls } from '../src/secrets/plan.js';
import { startVaultServer } from '../src/serve/server.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import { largeTask } from './large-task.js';
import { runOk } from './spawn.js';

type Calls = ReturnType<typeof expectedCalls>;

const REGION = 'us-east-1';

/** The server's requests, counted as expectedCalls counts them. */
function countCalls(operations: readonly string[]): Calls {
  const n = (op: string) => operations.filter((o) => o === op).length;
  return { getSecretValue: n('secretsmanager.GetSecretValue'), getParameters: n('AmazonSSM.GetParameters'), getObject: n('s3.GetObject') };
}

const describeCalls = (c: Calls) => `${c.getSecretValue} GetSecretValue, ${c.getParameters} GetParameters, ${c.getObject} GetObject`;
const sameCalls = (a: Calls, b: Calls) => a.getSecretValue === b.getSecretValue && a.getParameters === b.getParameters && a.getObject === b.getObject;

export const serve1000: Benchmark = {
  name: 'serve-1000',
  description: 'ecs-local check of 1,000 secrets through vault serve + the AWS SDK (--endpoint) vs the vault file directly (--vault)',
  async prepare(ctx: BenchContext) {
    const { taskDefinition, vault, secretCount } = largeTask(10);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-serve-'));
    const taskFile = path.join(dir, 'taskdef.json');
    const vaultFile = path.join(dir, 'bench.vault.json');
    fs.writeFileSync(taskFile, JSON.stringify(taskDefinition, null, 2));
    fs.writeFileSync(vaultFile, JSON.stringify(vault, null, 2));

    const requests: string[] = [];
    const server = await startVaultServer({ vaultFile, env: {}, port: 0, onRequest: (op) => requests.push(op) });
    const teardown = async () => {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    const bin = path.join(ctx.root, 'bin', 'ecs-local');
    // --region: the endpoint side would otherwise take AWS_REGION from this machine's environment.
    const check = (backend: string[]) => runOk(process.execPath, [bin, 'check', taskFile, '--region', REGION, ...backend], { cwd: ctx.root });
    const expected = expectedCalls(buildPlan(taskDefinition, REGION));

    let made: Calls;
    try {
      // One checked run each way before timing: both must succeed, and the calls are counted.
      await check(['--vault', vaultFile]);
      requests.length = 0;
      await check(['--endpoint', server.url]);
      made = countCalls(requests);
    } catch (err) {
      await teardown();
      throw err;
    }

    return {
      subject: async () => {
        requests.length = 0;
        await check(['--endpoint', server.url]);
        const now = countCalls(requests);
        if (!sameCalls(now, made)) throw new Error(`a run made ${describeCalls(now)}, the first made ${describeCalls(made)}`);
      },
      baseline: async () => {
        await check(['--vault', vaultFile]);
      },
      baselineLabel: 'ecs-local check --vault (the same task, the vault file read directly)',
      warmup: ctx.warmup ?? 2,
      runs: ctx.runs ?? 10,
      notes: [
        `${secretCount} secrets in ${taskDefinition.containerDefinitions.length} containers`,
        `calls made through vault serve: ${describeCalls(made)} per check`,
        `calls the agent would make:     ${describeCalls(expected)}${sameCalls(made, expected) ? ' (same)' : ' (DIFFERENT)'}`,
      ],
      facts: { secrets: secretCount, containers: taskDefinition.containerDefinitions.length, callsMade: made, callsExpected: expected },
      teardown,
    };
  },
};
