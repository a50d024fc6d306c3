/**
 * The vault at scale, each a new process of the built CLI against the engine's own JSON.parse of
 * the same file (`node -e`), so the ratio says what ecs-local adds to reading the file at all:
 *
 * - `vault-list-100k`, `vault-put-100k`, `check-100k`: a vault of 100,000 secrets (about 100 MB);
 * - `vault-get-100mb`, `vault-put-100mb`: a vault holding one 100 MB value (read; replaced).
 *
 * Each prepare runs the subject once more to report its peak memory (maxRSS, from the process
 * itself), the figure the issue sets a bound on (500 MB for the 100,000-secret vault).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Benchmark, BenchContext, Prepared } from './benchmark.js';
import { runOk } from './spawn.js';

const SECRETS = 100_000;
const VALUE_BYTES = 950;
const BIG_VALUE_BYTES = 100_000_000;
const RSS_MARK = 'ecs-local-bench-maxrss:';

/** A preload that prints the process's peak memory as it exits (index.ts exits explicitly). */
const PRINT_RSS = `process.on('exit', () => process.stderr.write('\\n${RSS_MARK}' + process.resourceUsage().maxRSS + '\\n'));`;

function manySecretsVault(): string {
  const secrets: Record<string, unknown> = {};
  for (let i = 0; i < SECRETS; i++) {
    secrets[`app/service-${i}/secret`] = { value: `${'v'.repeat(VALUE_BYTES)}${i}`, arnSuffix: `Ab${String(i % 10_000).padStart(4, '0')}` };
  }
  const parameters: Record<string, unknown> = {};
  for (let i = 0; i < 1_000; i++) parameters[`/app/param-${i}`] = { type: 'SecureString', value: `p${i}` };
  return `${JSON.stringify({ region: 'us-east-1', accountId: '123456789012', secrets, parameters }, null, 2)}\n`;
}

function bigValueVault(): string {
  return `${JSON.stringify({ region: 'us-east-1', secrets: { 'big/one': { value: 'x'.repeat(BIG_VALUE_BYTES) }, small: { value: 's' } } }, null, 2)}\n`;
}

const TASK = {
  family: 'scale',
  executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
  memory: '512',
  containerDefinitions: [
    {
      name: 'app',
      image: 'busybox',
      essential: true,
      secrets: [
        { name: 'A', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/service-5/secret' },
        { name: 'B', valueFrom: '/app/param-3' },
      ],
    },
  ],
};

interface Scenario {
  name: string;
  description: string;
  vault: () => string;
  /** The command line after `ecs-local`, given the folder of the files. */
  args: (dir: string) => string[];
  /** Files the command needs beside the vault. */
  files?: Record<string, () => string>;
  /** Put the vault back as it was before each run (the command changes it). */
  restore?: boolean;
}

function scenario(s: Scenario): Benchmark {
  return {
    name: s.name,
    description: s.description,
    async prepare(ctx: BenchContext): Promise<Prepared> {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-scale-'));
      const vaultFile = path.join(dir, 'ecs-local.vault.json');
      const pristine = path.join(dir, 'pristine.json');
      fs.writeFileSync(pristine, s.vault());
      fs.copyFileSync(pristine, vaultFile);
      for (const [name, content] of Object.entries(s.files ?? {})) fs.writeFileSync(path.join(dir, name), content());
      const bin = path.join(ctx.root, 'bin', 'ecs-local');
      const restore = () => {
        if (s.restore) fs.copyFileSync(pristine, vaultFile);
      };
      const subject = async () => {
        restore();
        await runOk(process.execPath, [bin, ...s.args(dir)], { cwd: dir });
      };
      const baseline = async () => {
        restore();
        await runOk(process.execPath, ['-e', `JSON.parse(require('fs').readFileSync(${JSON.stringify(vaultFile)}, 'utf8'))`], { cwd: dir });
      };
      // Once more each, for the figures: peak memory, printed by a preload as the process exits.
      const preload = path.join(dir, 'print-rss.cjs');
      const parse = path.join(dir, 'parse.cjs');
      fs.writeFileSync(preload, PRINT_RSS);
      fs.writeFileSync(parse, `JSON.parse(require('fs').readFileSync(${JSON.stringify(vaultFile)}, 'utf8'))`);
      const peak = async (args: string[]) => {
        restore();
        const r = await runOk(process.execPath, ['--require', preload, ...args], { cwd: dir });
        return Math.round(Number(r.stderr.split(RSS_MARK).pop()?.trim().split('\n')[0]) / 1024);
      };
      const subjectMiB = await peak([bin, ...s.args(dir)]);
      const baselineMiB = await peak([parse]);
      const sizeMB = Math.round(fs.statSync(pristine).size / 1e6);
      return {
        subject,
        baseline,
        baselineLabel: 'node -e "JSON.parse(<the vault>)"',
        warmup: ctx.warmup ?? 1,
        runs: ctx.runs ?? 5,
        notes: [`vault ${sizeMB} MB; peak memory (maxRSS): ecs-local ${subjectMiB} MiB, JSON.parse alone ${baselineMiB} MiB`],
        facts: { vaultMB: sizeMB, subjectMaxRssMiB: subjectMiB, baselineMaxRssMiB: baselineMiB },
        teardown: async () => fs.rmSync(dir, { recursive: true, force: true }),
      };
    },
  };
}

const valueFile = { 'value.txt': () => 'new-value' };

export const vaultList100k = scenario({
  name: 'vault-list-100k',
  description: 'ecs-local vault list of a 100,000-secret vault',
  vault: manySecretsVault,
  args: () => ['vault', 'list'],
});

export const vaultPut100k = scenario({
  name: 'vault-put-100k',
  description: 'ecs-local vault put of one secret in a 100,000-secret vault (the whole file rewritten)',
  vault: manySecretsVault,
  args: (dir) => ['vault', 'put', 'app/service-7/secret', '--file', path.join(dir, 'value.txt')],
  files: valueFile,
  restore: true,
});

export const check100k = scenario({
  name: 'check-100k',
  description: 'ecs-local check of a 2-secret task against a 100,000-secret vault',
  vault: manySecretsVault,
  args: (dir) => ['check', path.join(dir, 'taskdef.json')],
  files: { 'taskdef.json': () => JSON.stringify(TASK) },
});

export const vaultGet100mb = scenario({
  name: 'vault-get-100mb',
  description: 'ecs-local vault get of one 100 MB value',
  vault: bigValueVault,
  args: () => ['vault', 'get', 'big/one'],
});

export const vaultPut100mb = scenario({
  name: 'vault-put-100mb',
  description: 'ecs-local vault put of a new 100 MB value over a 100 MB one',
  vault: bigValueVault,
  args: (dir) => ['vault', 'put', 'big/one', '--file', path.join(dir, 'value.txt')],
  files: { 'value.txt': () => 'y'.repeat(BIG_VALUE_BYTES) },
  restore: true,
});
