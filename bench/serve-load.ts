/**
 * `serve-load`, `serve-load-signed` and `serve-load-sdk`: `vault serve` (the last two verifying
 * signatures, as the runtime endpoint does; the last with 200 real SDK clients) under 200 concurrent
 * keep-alive clients (bench/load-client.ts, its own process, 127.0.0.1 only), GetSecretValue mostly and one
 * PutSecretValue in 50, against a baseline measured in the same run: a bare node:http server that
 * answers every request with the same bytes, without a vault (what node itself costs on this
 * machine). Each run starts from the same vault file; after it, every version the server
 * acknowledged must be in the file (lost writes). The aim of issue #12: >= 5,000 requests/s, p99
 * under 100 ms, 0 errors, 0 lost writes.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { IssuedKeys } from '../src/serve/callers.js';
import { startVaultServer } from '../src/serve/server.js';
import type { Benchmark, BenchContext } from './benchmark.js';
import type { LoadConfig, LoadResult } from './load-client.js';

const CONNECTIONS = 200;
const REQUESTS = 30_000;
const MAX_MS = 60_000;
const WRITE_EVERY = 50;
const SECRETS = Array.from({ length: 100 }, (_, i) => `load/secret-${i}`);
const KEY = { accessKeyId: 'AKIDECSLOCALBENCH', secretAccessKey: 'bench-secret-access-key' };

function vaultText(): string {
  const secrets = Object.fromEntries(SECRETS.map((s) => [s, { value: `${s}:initial` }]));
  return `${JSON.stringify({ region: 'us-east-1', accountId: '123456789012', secrets }, null, 2)}\n`;
}

/**
 * Runs the load generator against `url` and returns what it measured, with the CPU time this
 * process (the server's) spent per request: on a machine shared with other work, throughput and
 * latency depend on the neighbours, CPU per request much less.
 */
async function load(root: string, url: string, mode: 'raw' | 'sdk', requests: number): Promise<LoadResult & { cpuUs: number }> {
  const cpu = process.cpuUsage();
  const cfg: LoadConfig = { url, connections: CONNECTIONS, requests, maxMs: MAX_MS, region: 'us-east-1', credentials: KEY, secrets: SECRETS, writeEvery: WRITE_EVERY, mode };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'load-client.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  child.stdin.end(JSON.stringify(cfg));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`the load generator exited ${code}: ${err.trim().split('\n').slice(-3).join(' | ')}`);
  const used = process.cpuUsage(cpu);
  const result = JSON.parse(out) as LoadResult;
  return { ...result, cpuUs: Math.round((used.user + used.system) / Math.max(1, result.requests)) };
}

/** Versions the server acknowledged that the file does not hold. */
function lostWrites(file: string, written: LoadResult['written']): number {
  const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { secrets: Record<string, { versions?: { id: string }[] }> };
  return written.filter((w) => !(doc.secrets[w.secret]?.versions ?? []).some((v) => v.id === w.versionId)).length;
}

/** A GetSecretValue answer as vault serve writes it, for the baseline to send. */
const CANNED = JSON.stringify({
  ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:load/secret-0-AbCdEf',
  Name: 'load/secret-0',
  VersionId: '00000000-0000-4000-8000-000000000000',
  VersionStages: ['AWSCURRENT'],
  CreatedDate: 1767225600,
  SecretString: 'load/secret-0:initial',
});

async function bareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const body = Buffer.from(CANNED);
      res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': '00000000-0000-4000-8000-000000000000', 'Content-Length': String(body.length) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Figures {
  /** cpuUs: the server's CPU time per request (this process's user + system time during the load). */
  runs: { rps: number; p50: number; p99: number; writeP99: number; cpuUs: number; errors: number; lost: number }[];
}

const summary = (f: Figures): string => {
  if (f.runs.length === 0) return 'not measured';
  const rps = f.runs.map((r) => r.rps);
  const p99 = f.runs.map((r) => r.p99);
  return `${Math.min(...rps)}-${Math.max(...rps)} req/s, GetSecretValue p50 ${f.runs.map((r) => r.p50).join('/')} ms, p99 ${p99.join('/')} ms, PutSecretValue p99 ${f.runs.map((r) => r.writeP99).join('/')} ms, server CPU ${f.runs.map((r) => r.cpuUs).join('/')} µs/request, errors ${f.runs.reduce((n, r) => n + r.errors, 0)}, lost writes ${f.runs.reduce((n, r) => n + r.lost, 0)}`;
};

function serveLoad(name: string, signed: boolean, mode: 'raw' | 'sdk'): Benchmark {
  // Real SDK clients cost the generator several times the server's CPU: fewer requests keep the run short.
  const requests = mode === 'sdk' ? REQUESTS / 3 : REQUESTS;
  const clients = mode === 'sdk' ? 'SecretsManagerClients (each request signed afresh)' : 'concurrent clients';
  return {
    name,
    description: `vault serve${signed ? ' --verify-signatures' : ''}: ${requests} requests from ${CONNECTIONS} ${clients} (1 in ${WRITE_EVERY} a PutSecretValue) vs a bare node:http server`,
    async prepare(ctx: BenchContext) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-load-'));
      const file = path.join(dir, 'load.vault.json');
      const subjectFigures: Figures = { runs: [] };
      const baselineFigures: Figures = { runs: [] };
      const notes: string[] = [];
      const facts: Record<string, unknown> = {};
      const warmup = ctx.warmup ?? 1;
      // Warm-up runs are measured but not reported.
      const keep = (figures: Figures, calls: { n: number }, run: Figures['runs'][number]) => {
        if (++calls.n > warmup) figures.runs.push(run);
      };
      const subjectCalls = { n: 0 };
      const baselineCalls = { n: 0 };
      const record = () => {
        notes.length = 0;
        notes.push(`vault serve:   ${summary(subjectFigures)}`, `bare node:http: ${summary(baselineFigures)}`, 'aim (issue #12): >= 5000 req/s, p99 < 100 ms, 0 errors, 0 lost writes');
        facts.subject = subjectFigures.runs;
        facts.baseline = baselineFigures.runs;
      };
      return {
        subject: async () => {
          fs.writeFileSync(file, vaultText(), { mode: 0o600 });
          const keys = new IssuedKeys();
          keys.register(KEY.accessKeyId, undefined, { secretAccessKey: KEY.secretAccessKey });
          const server = await startVaultServer({ vaultFile: file, env: {}, port: 0, ...(signed ? { verifySignatures: keys } : {}) });
          try {
            const r = await load(ctx.root, server.url, mode, requests);
            keep(subjectFigures, subjectCalls, { rps: r.requestsPerSecond, p50: r.p50Ms, p99: r.p99Ms, writeP99: r.writeP99Ms, cpuUs: r.cpuUs, errors: r.errors, lost: lostWrites(file, r.written) });
            if (r.errors > 0) ctx.progress(`${name}: ${r.errors} errors, e.g. ${r.errorSamples[0] ?? ''}`);
          } finally {
            await server.close();
          }
          record();
        },
        baseline: async () => {
          const server = await bareServer();
          try {
            const r = await load(ctx.root, server.url, mode, requests);
            keep(baselineFigures, baselineCalls, { rps: r.requestsPerSecond, p50: r.p50Ms, p99: r.p99Ms, writeP99: r.writeP99Ms, cpuUs: r.cpuUs, errors: r.errors, lost: 0 });
          } finally {
            await server.close();
          }
          record();
        },
        baselineLabel: 'a bare node:http server answering every request with the same bytes (no vault, no signature check)',
        warmup,
        runs: ctx.runs ?? 3,
        notes,
        facts,
        teardown: async () => {
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

export const serveLoadBench = serveLoad('serve-load', false, 'raw');
export const serveLoadSignedBench = serveLoad('serve-load-signed', true, 'raw');
export const serveLoadSdkBench = serveLoad('serve-load-sdk', true, 'sdk');
