/**
 * A load generator for `vault serve`, run as its own process (so that it does not share the
 * server's event loop): `node --import tsx bench/load-client.ts < config.json`, the result as JSON on
 * stdout. N keep-alive connections each send one request at a time, GetSecretValue mostly and a
 * PutSecretValue every `writeEvery` requests, SigV4-signed as the SDK signs them, until the request
 * budget or the time limit is spent. It sends only to 127.0.0.1 and stops by itself.
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadConfig {
  /** `http://127.0.0.1:<port>/`: anything else is refused. */
  url: string;
  connections: number;
  /** Stop after this many requests in all … */
  requests: number;
  /** … or after this long, whichever comes first. */
  maxMs: number;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  secrets: string[];
  /** One request in this many is a PutSecretValue; 0 for none. */
  writeEvery: number;
  /**
   * `raw` (default): each connection sends requests signed here once per secret (the generator stays
   * light, so the server is what is measured); `sdk`: each connection is a real SecretsManagerClient
   * that signs every request afresh, as applications do (the generator then costs far more CPU).
   */
  mode?: 'raw' | 'sdk';
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** The first few failures, for the report. */
  errorSamples: string[];
  elapsedMs: number;
  requestsPerSecond: number;
  /** Latency of the GetSecretValue calls (the aim is about them). */
  p50Ms: number;
  p99Ms: number;
  /** Latency of the PutSecretValue calls: each waits for its batch to reach the disk (fsync). */
  writeP50Ms: number;
  writeP99Ms: number;
  /** Every write the server acknowledged: the version it says it stored. */
  written: { secret: string; versionId: string }[];
}

interface Prepared {
  headers: Record<string, string>;
  body: Buffer;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** SigV4 as the JS SDK signs a JSON 1.1 request (same headers, same order of work). */
function signed(cfg: LoadConfig, host: string, target: string, payload: unknown, now: Date): Prepared {
  const body = Buffer.from(JSON.stringify(payload));
  const longDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
  const shortDate = longDate.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': 'application/x-amz-json-1.1',
    host,
    'x-amz-date': longDate,
    'x-amz-target': target,
  };
  if (cfg.credentials.sessionToken) headers['x-amz-security-token'] = cfg.credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const canonical = ['POST', '/', '', ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), sha256(body)].join('\n');
  const scope = `${shortDate}/${cfg.region}/secretsmanager/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', longDate, scope, sha256(canonical)].join('\n');
  let key: Buffer | string = `AWS4${cfg.credentials.secretAccessKey}`;
  for (const part of [shortDate, cfg.region, 'secretsmanager', 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${cfg.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
  headers['content-length'] = String(body.length);
  return { headers, body };
}

function send(agent: http.Agent, url: URL, req: Prepared): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: url.hostname, port: url.port, path: '/', method: 'POST', headers: req.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export async function runLoad(cfg: LoadConfig): Promise<LoadResult> {
  const url = new URL(cfg.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`the load generator sends only to 127.0.0.1, not ${url.hostname}`);
  const host = url.host;
  const agent = new http.Agent({ keepAlive: true, maxSockets: cfg.connections });
  // Reads are signed once per secret (a signature is good for 5 minutes), so that the generator's
  // own work stays small next to the server's; every read is still verified in full by the server.
  const signedReads = new Map(cfg.secrets.map((s) => [s, signed(cfg, host, 'secretsmanager.GetSecretValue', { SecretId: s }, new Date())]));
  const latencies = new Float64Array(cfg.requests);
  const writeLatencies: number[] = [];
  const written: LoadResult['written'] = [];
  const errorSamples: string[] = [];
  let issued = 0;
  let done = 0;
  let reads = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + cfg.maxMs;

  const sdk = cfg.mode === 'sdk' ? await import('@aws-sdk/client-secrets-manager') : undefined;
  const client = async (c: number): Promise<void> => {
    if (sdk) {
      const sm = new sdk.SecretsManagerClient({ endpoint: cfg.url, region: cfg.region, credentials: cfg.credentials, maxAttempts: 1 });
      try {
        while (issued < cfg.requests && performance.now() < deadline) {
          const n = issued++;
          const secret = cfg.secrets[(c * 31 + n) % cfg.secrets.length] ?? '';
          const write = cfg.writeEvery > 0 && n % cfg.writeEvery === cfg.writeEvery - 1;
          const t0 = performance.now();
          try {
            if (write) {
              const out = await sm.send(new sdk.PutSecretValueCommand({ SecretId: secret, SecretString: `${secret}:${n}` }));
              writeLatencies.push(performance.now() - t0);
              done++;
              written.push({ secret, versionId: out.VersionId ?? '' });
            } else {
              await sm.send(new sdk.GetSecretValueCommand({ SecretId: secret }));
              latencies[reads++] = performance.now() - t0;
              done++;
            }
          } catch (err) {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
          }
        }
      } finally {
        sm.destroy();
      }
      return;
    }
    while (issued < cfg.requests && performance.now() < deadline) {
      const n = issued++;
      const secret = cfg.secrets[(c * 31 + n) % cfg.secrets.length] ?? '';
      const write = cfg.writeEvery > 0 && n % cfg.writeEvery === cfg.writeEvery - 1;
      const req = write
        ? signed(cfg, host, 'secretsmanager.PutSecretValue', { SecretId: secret, SecretString: `${secret}:${n}`, ClientRequestToken: randomUUID() }, new Date())
        : (signedReads.get(secret) as Prepared);
      const t0 = performance.now();
      try {
        const res = await send(agent, url, req);
        if (write) writeLatencies.push(performance.now() - t0);
        else latencies[reads++] = performance.now() - t0;
        done++;
        if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${res.text.slice(0, 200)}`);
        if (write) written.push({ secret, versionId: (JSON.parse(res.text) as { VersionId: string }).VersionId });
      } catch (err) {
        errors++;
        if (errorSamples.length < 5) errorSamples.push(err instanceof Error ? err.message : String(err));
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.connections }, (_, c) => client(c)));
  const elapsedMs = performance.now() - started;
  agent.destroy();
  const sorted = latencies.slice(0, reads).sort();
  const writesSorted = Float64Array.from(writeLatencies).sort();
  return {
    requests: done,
    errors,
    errorSamples,
    elapsedMs: Math.round(elapsedMs),
    requestsPerSecond: Math.round((done / elapsedMs) * 1000),
    p50Ms: Math.round(percentile(sorted, 50) * 10) / 10,
    p99Ms: Math.round(percentile(sorted, 99) * 10) / 10,
    writeP50Ms: Math.round(percentile(writesSorted, 50) * 10) / 10,
    writeP99Ms: Math.round(percentile(writesSorted, 99) * 10) / 10,
    written,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const cfg = JSON.parse(await readStdin()) as LoadConfig;
  process.stdout.write(`${JSON.stringify(await runLoad(cfg))}\n`);
}
