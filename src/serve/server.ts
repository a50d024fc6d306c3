/**
 * `ecs-local vault serve`: the vault over the real AWS protocol, so that any SDK, the AWS CLI or a
 * container pointed at it (AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM) reads and
 * writes it as Secrets Manager and Parameter Store, and reads its environment files as S3 objects
 * (path-style GET, AWS_ENDPOINT_URL_S3). Express is loaded with a server's first request.
 */
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LockOptions } from '../vault/file-lock.js';
import { VaultFile } from '../vault/vault-file.js';
import type { CallerDirectory } from './callers.js';
import { handle } from './handle.js';
import { accessKeyIdOf } from './protocol.js';
import { getObject, parseObjectPath } from './s3.js';

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

/** The vault's AWS protocol as an express app. */
async function vaultApp(vault: VaultFile, opts: VaultServerOptions, warn: (line: string) => void): Promise<RequestListener> {
  const { default: express } = await import('express');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/', (req, _res, next) => {
    opts.onRequest?.(req.get('x-amz-target') ?? '');
    next();
  });
  app.post('/', express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res, next) => {
    const authorization = req.get('authorization');
    const accessKeyId = accessKeyIdOf(authorization);
    const caller = accessKeyId === undefined ? undefined : opts.callers?.callerOf(accessKeyId);
    handle(vault, {
      target: req.get('x-amz-target'),
      authorization,
      body: Buffer.isBuffer(req.body) ? req.body : undefined,
      ...(caller ? { caller, warn } : {}),
    })
      .then((reply) => {
        // end(), not send(): send() would add "; charset=utf-8" to AWS's content type.
        const body = Buffer.from(reply.body, 'utf8');
        res.status(reply.status).set({ ...reply.headers, 'Content-Length': String(body.length) }).end(body);
      })
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
    getObject(vault, object.bucket, object.key)
      .then((reply) => {
        res.status(reply.status).set({ ...reply.headers, 'Content-Length': String(reply.body.length) }).end(reply.body);
      })
      .catch(next);
  });
  return app as unknown as RequestListener;
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

  // Express loads with the first request, not with the server: a task that never calls its vault
  // serve does not wait for it.
  let loading: Promise<RequestListener> | undefined;
  const app = (): Promise<RequestListener> => (loading ??= vaultApp(vault, opts, warn));
  const listener: RequestListener = (req, res) => {
    app().then(
      (handle) => handle(req, res),
      (err: unknown) => {
        res.statusCode = 500;
        res.end();
        warn(`vault serve cannot answer: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
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
