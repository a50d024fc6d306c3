/**
 * `npm run bench [-- --only <name>] [--json] [--runs N] [--warmup N]`: builds the CLI, then runs
 * each benchmark against its baseline and prints the ratios. Not a test: nothing here asserts on
 * time; a benchmark that cannot run on this machine says why. Use `npm run bench --silent -- --json`
 * for JSON alone on stdout (npm prints the build's banner otherwise).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Benchmark, BenchContext, BenchResult } from './benchmark.js';
import { check200, checkExample, checkLarge, help } from './check.js';
import { checkCloudFormationJson, checkCloudFormationYaml } from './cloudformation.js';
import { measurePair } from './harness.js';
import { machineFacts, renderJson, renderText } from './report.js';
import { awsvpcFloor, runAwsvpc, runAwsvpcCold, runFive, runTrue } from './run.js';
import { serve1000 } from './serve.js';
import { check100k, vaultGet100mb, vaultList100k, vaultPut100k, vaultPut100mb } from './vault-scale.js';
import { serveLoadBench, serveLoadSdkBench, serveLoadSignedBench } from './serve-load.js';

const BENCHMARKS: Benchmark[] = [help, checkExample, checkLarge, check200, checkCloudFormationJson, checkCloudFormationYaml, serve1000, serveLoadBench, serveLoadSignedBench, serveLoadSdkBench, runTrue, runAwsvpc, runAwsvpcCold, awsvpcFloor, runFive, vaultList100k, vaultPut100k, check100k, vaultGet100mb, vaultPut100mb];

const USAGE = `usage: npm run bench -- [--only <name>[,<name>]] [--json] [--runs N] [--warmup N]
benchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}
`;

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}`);
  process.exit(2);
}

function count(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`${flag} must be an integer >= ${min}, got "${value}"`);
  return n;
}

async function runOne(b: Benchmark, ctx: BenchContext): Promise<BenchResult> {
  const base = { name: b.name, description: b.description, ...(b.aim !== undefined ? { aim: b.aim } : {}) };
  let prepared;
  try {
    prepared = await b.prepare(ctx);
  } catch (err) {
    return { ...base, status: 'failed', reason: err instanceof Error ? err.message : String(err) };
  }
  if ('unavailable' in prepared) return { ...base, status: 'unavailable', reason: prepared.unavailable };
  try {
    ctx.progress(`${b.name}: ${prepared.warmup} warm-up + ${prepared.runs} runs`);
    const m = await measurePair({
      warmup: prepared.warmup,
      runs: prepared.runs,
      subject: prepared.subject,
      baseline: prepared.baseline,
      ...(prepared.beforeSubject ? { beforeSubject: prepared.beforeSubject } : {}),
    });
    return {
      ...base,
      status: 'ok',
      baselineLabel: prepared.baselineLabel,
      warmup: prepared.warmup,
      runs: prepared.runs,
      subject: m.subject,
      baseline: m.baseline,
      ratio: m.ratio,
      ...(b.aim !== undefined ? { withinAim: m.ratio <= b.aim } : {}),
      notes: prepared.notes ?? [],
      facts: prepared.facts ?? {},
    };
  } catch (err) {
    return { ...base, status: 'failed', reason: err instanceof Error ? err.message : String(err) };
  } finally {
    await prepared.teardown?.().catch((err: unknown) => ctx.progress(`${b.name}: cleanup failed: ${String(err)}`));
  }
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string', multiple: true },
        json: { type: 'boolean', default: false },
        runs: { type: 'string' },
        warmup: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const wanted = (values.only ?? []).flatMap((o) => o.split(',')).map((o) => o.trim()).filter((o) => o !== '');
  const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.name === w));
  if (unknown.length > 0) fail(`unknown benchmark(s): ${unknown.join(', ')}`);
  const selected = wanted.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => wanted.includes(b.name));

  const facts = machineFacts();
  const runs = count('--runs', values.runs, 1);
  const warmup = count('--warmup', values.warmup, 0);
  const ctx: BenchContext = {
    root: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
    ...(runs !== undefined ? { runs } : {}),
    ...(warmup !== undefined ? { warmup } : {}),
    progress: (line) => process.stderr.write(`bench: ${line}\n`),
  };

  const results: BenchResult[] = [];
  for (const b of selected) results.push(await runOne(b, ctx));
  process.stdout.write(values.json ? renderJson(facts, results) : renderText(facts, results));
  // A benchmark that could not run is reported, not an error; one that broke is.
  if (results.some((r) => r.status === 'failed')) process.exitCode = 1;
}

await main();
