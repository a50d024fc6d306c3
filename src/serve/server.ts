/**
 * `ecs-local vault serve`: the vault over the real AWS protocol, so that any SDK, the AWS CLI or a
 * container pointed at it (AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM) reads and
 * writes it as Secrets Manager and Parameter Store, and reads its environment files as S3 objects
 * (path-style GET, AWS_ENDPOINT_URL_S3).
 *
 * The requests every client sends (`POST /` with a Content-Length, an object GET) are answered
 * straight from node:http: express per request cost more than the answer itself. Anything else (a
 * chunked or oversized body, an unknown route) goes to express, loaded with the first such request,
 * which answers it as it always has.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LockOptions } from '../vault/file-lock.js';
import { VaultFile } from '../vault/vault-file.js';
import type { KeyDirectory, SigningService } from './authenticate.js';
import type { CallerDirectory } from './callers.js';
import { handle } from './handle.js';
import { TARGET_PREFIX } from './operations.js';
import { accessKeyIdOf, authFailure, type Reply } from './protocol.js';
import { getObject, parseObjectPath, s3Refusal, type ObjectReply } from './s3.js';
import type { ReceivedRequest } from './sigv4.js';

export interface VaultServerOptions {
  vaultFile: string;
  /** Fills `${VAR}` in the vault (with the `.env` beside it). */
  env: Record<string, string | undefined>;
  /** Default 127.0.0.1: the vault holds secrets, so only this machine is served unless asked. */
  host?: string;
  /** Default 0: any free port (the URL says which). */
  port?: number;
  /** For tests: the clock of the dates writes record, and the lock's timings. */
  clock?: () => Date;
  lock?: LockOptions;
  /**
   * Called as each request arrives with what it asks for: the X-Amz-Target (`secretsmanager.GetSecretValue`)
   * or `s3.GetObject`. For benchmarks and tests that count the calls a client makes.
   */
  onRequest?: (operation: string) => void;
  /**
   * The access keys a run issued to its tasks: a request signed with one is checked against the
   * vault's policies for that task's role. Without it (or for other keys) nothing is checked.
   */
  callers?: CallerDirectory;
  /**
   * Verify every request's SigV4 signature against these keys, and refuse one that is unsigned,
   * signed with another key or badly signed, with the service's own error. The caller is then the
   * key's. Without it, any signature (or none) is accepted, as LocalStack does.
   */
  verifySignatures?: KeyDirectory;
  /** Notes about IAM, each line once. */
  warn?: (line: string) => void;
}

export interface VaultServer {
  /** `http://127.0.0.1:<port>/`: the endpoint URL for the SDKs and the AWS CLI. */
  url: string;
  close(): Promise<void>;
}

/** The bodies of the JS SDK are small; this leaves room for SecretBinary's 64 KiB and more. */
const BODY_LIMIT = '10mb';
const BODY_LIMIT_BYTES = 10 * 1024 * 1024;

/** What answers a request once its body is in: both the direct path and express call these. */
interface Answers {
  json(req: IncomingMessage, body: Buffer): Promise<Reply>;
  object(req: IncomingMessage, bucket: string, key: string): Promise<ObjectReply>;
}

async function answers(vault: VaultFile, opts: VaultServerOptions, warn: (line: string) => void): Promise<Answers> {
  const verify = opts.verifySignatures;
  // The SDK's signer is loaded only by a server that verifies signatures.
  const authenticate = verify ? (await import('./authenticate.js')).authenticate : undefined;
  return {
    async json(req, body) {
      const target = single(req.headers['x-amz-target']);
      const authorization = single(req.headers.authorization);
      let caller;
      if (verify && authenticate) {
        const prefix = target?.split('.')[0] ?? '';
        const service: SigningService | undefined = Object.hasOwn(TARGET_PREFIX, prefix) ? TARGET_PREFIX[prefix] : undefined;
        const checked = await authenticate(received(req, body), service, verify);
        if (!checked.ok) return authFailure(randomUUID(), checked.refusal);
        caller = checked.key.caller;
      } else {
        const accessKeyId = accessKeyIdOf(authorization);
        caller = accessKeyId === undefined ? undefined : opts.callers?.callerOf(accessKeyId);
      }
      return handle(vault, { target, authorization, body, ...(caller ? { caller, warn } : {}) });
    },
    async object(req, bucket, key) {
      let caller;
      if (verify && authenticate) {
        const checked = await authenticate(received(req, Buffer.alloc(0)), 's3', verify);
        if (!checked.ok) return s3Refusal(checked.refusal);
        caller = checked.key.caller;
      } else {
        const accessKeyId = accessKeyIdOf(single(req.headers.authorization));
        caller = accessKeyId === undefined ? undefined : opts.callers?.callerOf(accessKeyId);
      }
      return getObject(vault, bucket, key, caller ? { caller, warn } : undefined);
    },
  };
}

function single(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function received(req: IncomingMessage, body: Buffer): ReceivedRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return { method: req.method ?? 'GET', path: q < 0 ? url : url.slice(0, q), query: q < 0 ? '' : url.slice(q + 1), headers: req.headers, body };
}

function send(res: ServerResponse, reply: { status: number; headers: Record<string, string>; body: string | Buffer }): void {
  // Content-Length is set as AWS does; HEAD gets the headers only (node:http leaves the body out).
  // A string body goes out in one write with the headers (a Buffer would be a second one).
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Buffer.byteLength(reply.body)) });
  res.end(reply.body);
}

/** The vault's AWS protocol as an express app, for the requests the direct path leaves to it. */
async function vaultApp(a: Answers, opts: VaultServerOptions): Promise<RequestListener> {
  const { default: express } = await import('express');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/', (req, _res, next) => {
    opts.onRequest?.(req.get('x-amz-target') ?? '');
    next();
  });
  app.post('/', express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res, next) => {
    a.json(req, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0))
      // end(), not send(): send() would add "; charset=utf-8" to AWS's content type.
      .then((reply) => send(res, reply))
      .catch(next);
  });
  // S3 GetObject, path-style, for environment files (express answers HEAD with the same route).
  app.get(/^\/[^/]+\/./, (req, res, next) => {
    const object = parseObjectPath(req.originalUrl);
    if (object === undefined) {
      next();
      return;
    }
    opts.onRequest?.('s3.GetObject');
    a.object(req, object.bucket, object.key)
      .then((reply) => send(res, reply))
      .catch(next);
  });
  return app as unknown as RequestListener;
}

/** A body of the length the request announced, or undefined when it has none the direct path takes. */
function announcedLength(req: IncomingMessage): number | undefined {
  const text = req.headers['content-length'];
  if (text === undefined || req.headers['transfer-encoding'] !== undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= BODY_LIMIT_BYTES ? n : undefined;
}

function readBody(req: IncomingMessage, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, length)));
    req.on('error', reject);
  });
}

export async function startVaultServer(opts: VaultServerOptions): Promise<VaultServer> {
  const vault = new VaultFile(opts.vaultFile, { env: opts.env, clock: opts.clock, lock: opts.lock });
  const warned = new Set<string>();
  const warn = (line: string): void => {
    if (warned.has(line)) return;
    warned.add(line);
    opts.warn?.(line);
  };
  // A broken or missing vault fails the start, not the first request.
  await vault.read();
  const a = await answers(vault, opts, warn);

  let loading: Promise<RequestListener> | undefined;
  const app = (): Promise<RequestListener> => (loading ??= vaultApp(a, opts));
  const viaExpress: RequestListener = (req, res) => {
    app().then(
      (handle) => handle(req, res),
      (err: unknown) => {
        res.statusCode = 500;
        res.end();
        warn(`vault serve cannot answer: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  };
  const failed = (res: ServerResponse) => (err: unknown) => {
    // What express's error handler did: a bare 500, and why, once.
    if (!res.headersSent) res.writeHead(500);
    res.end();
    warn(`vault serve cannot answer: ${err instanceof Error ? err.message : String(err)}`);
  };
  const listener: RequestListener = (req, res) => {
    const url = req.url ?? '';
    if (req.method === 'POST' && (url === '/' || url.startsWith('/?'))) {
      const length = announcedLength(req);
      if (length === undefined) {
        viaExpress(req, res);
        return;
      }
      opts.onRequest?.(single(req.headers['x-amz-target']) ?? '');
      readBody(req, length)
        .then((body) => a.json(req, body))
        .then((reply) => send(res, reply), failed(res));
      return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && /^\/[^/]+\/./.test(url)) {
      const object = parseObjectPath(url);
      if (object !== undefined) {
        opts.onRequest?.('s3.GetObject');
        a.object(req, object.bucket, object.key).then((reply) => send(res, reply), failed(res));
        return;
      }
    }
    viaExpress(req, res);
  };

  const host = opts.host ?? '127.0.0.1';
  const server: Server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // SDK clients keep connections open; close them so that close() does not wait for them.
        server.closeAllConnections();
      }),
  };
}
