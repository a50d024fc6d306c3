/**
 * `ecs-local vault serve`: the vault as Secrets Manager and SSM Parameter Store over AWS's JSON 1.1
 * protocol, until SIGINT or SIGTERM (given here as an AbortSignal), then a clean close.
 */
import { UsageError } from '../errors.js';
import { IssuedKeys } from '../serve/callers.js';
import { startVaultServer } from '../serve/server.js';
import { vaultPath, type VaultCommandOptions } from './vault.js';

export interface VaultServeOptions extends VaultCommandOptions {
  host?: string;
  port?: number;
  /** `--verify-signatures`: answer only requests signed with the key of this environment. */
  verifySignatures?: boolean;
  /** Aborted on SIGINT / SIGTERM. */
  signal: AbortSignal;
}

export const DEFAULT_HOST = '127.0.0.1';
/**
 * [INF] LocalStack's port: tools already set up for LocalStack (AWS_ENDPOINT_URL=http://localhost:4566)
 * reach the vault unchanged. With LocalStack running, choose another with --port.
 */
export const DEFAULT_PORT = 4566;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function vaultServe(opts: VaultServeOptions): Promise<void> {
  const host = opts.host ?? DEFAULT_HOST;
  const port = opts.port ?? DEFAULT_PORT;
  const keys = opts.verifySignatures === true ? ownKey(opts.env) : undefined;
  if (!LOOPBACK.has(host) && !host.startsWith('127.')) {
    opts.warn(
      keys
        ? `serving on ${host}: every machine that can reach this one can reach the vault; signatures are verified, but secret values cross the network unencrypted (plain HTTP)`
        : `serving on ${host}: every machine that can reach this one can read and change the vault's secrets, without credentials`,
    );
  }
  const file = vaultPath(opts);
  let server;
  try {
    server = await startVaultServer({ vaultFile: file, env: opts.env, host, port, ...(keys ? { verifySignatures: keys.directory } : {}) });
  } catch (err) {
    throw listenError(err, host, port);
  }
  const endpoint = server.url.replace(/\/$/, '');
  opts.out.write(
    `Serving ${file} as Secrets Manager and SSM Parameter Store at ${server.url}\n` +
      `  export AWS_ENDPOINT_URL=${endpoint}\n` +
      `  ecs-local check taskdef.json --endpoint ${endpoint}\n` +
      (keys
        ? `Only requests signed with ${keys.accessKeyId} (AWS_ACCESS_KEY_ID of this environment) are answered; others get AWS's errors. Stop with Ctrl-C.\n`
        : 'Any credentials are accepted (SDKs need some, e.g. AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test). Stop with Ctrl-C.\n'),
  );
  await aborted(opts.signal);
  await server.close();
  opts.out.write('Stopped.\n');
}

/**
 * [INF] The key `--verify-signatures` accepts: the one in vault serve's own environment, as the SDKs
 * and the AWS CLI read it (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so that a
 * client started from the same shell signs with it. Never from the command line (argv is visible to
 * every user of the machine). Calls signed with it are the local user's: no IAM role applies.
 */
function ownKey(env: Record<string, string | undefined>): { accessKeyId: string; directory: IssuedKeys } {
  const accessKeyId = env.AWS_ACCESS_KEY_ID ?? '';
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY ?? '';
  if (accessKeyId === '' || secretAccessKey === '') {
    throw new UsageError(
      '--verify-signatures accepts the key of this environment, and it has none: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary keys), the key your clients sign with',
    );
  }
  const directory = new IssuedKeys();
  const sessionToken = env.AWS_SESSION_TOKEN;
  directory.register(accessKeyId, undefined, { secretAccessKey, ...(sessionToken ? { sessionToken } : {}) });
  return { accessKeyId, directory };
}

function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

function listenError(err: unknown, host: string, port: number): unknown {
  const code = (err as { code?: string }).code;
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new UsageError(`cannot serve on ${where}: the port is in use${port === DEFAULT_PORT ? ' (LocalStack uses it too)' : ''}; choose another with --port N, or --port 0 for any free port`);
  }
  if (code === 'EACCES') return new UsageError(`cannot serve on ${where}: permission denied (ports below 1024 need privileges); choose another with --port N`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new UsageError(`cannot serve on ${where}: no such address on this machine; check --host`);
  return err;
}
