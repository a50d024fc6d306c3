/**
 * `ecs-local vault serve`: the vault over the real AWS protocol, so that any SDK, the AWS CLI or a
 * container pointed at it (AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM) reads and
 * writes it as Secrets Manager and Parameter Store. Express is loaded only when a server starts.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LockOptions } from '../vault/file-lock.js';
import { VaultFile } from '../vault/vault-file.js';
import { handle } from './handle.js';

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
}

export interface VaultServer {
  /** `http://127.0.0.1:<port>/`: the endpoint URL for the SDKs and the AWS CLI. */
  url: string;
  close(): Promise<void>;
}

/** The bodies of the JS SDK are small; this leaves room for SecretBinary's 64 KiB and more. */
const BODY_LIMIT = '10mb';

export async function startVaultServer(opts: VaultServerOptions): Promise<VaultServer> {
  const vault = new VaultFile(opts.vaultFile, { env: opts.env, clock: opts.clock, lock: opts.lock });
  // A broken or missing vault fails the start, not the first request.
  await vault.read();

  const { default: express } = await import('express');
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.post('/', express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res, next) => {
    handle(vault, {
      target: req.get('x-amz-target'),
      authorization: req.get('authorization'),
      body: Buffer.isBuffer(req.body) ? req.body : undefined,
    })
      .then((reply) => {
        // end(), not send(): send() would add "; charset=utf-8" to AWS's content type.
        const body = Buffer.from(reply.body, 'utf8');
        res.status(reply.status).set({ ...reply.headers, 'Content-Length': String(body.length) }).end(body);
      })
      .catch(next);
  });

  const host = opts.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
    s.once('error', reject);
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
