/**
 * Finds the Docker engine the way the docker CLI does and connects to it. Precedence (docker/cli
 * `resolveContextName`): DOCKER_HOST, then DOCKER_CONTEXT, then `currentContext` in the CLI config,
 * then the default socket. dockerode is loaded only here, lazily, so commands that never touch Docker
 * do not pay for it.
 */
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DockerUnavailableError } from '../errors.js';
import { DockerEngine } from './engine.js';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface DockerEndpoint {
  /** The engine address as the user would write it (`unix:///var/run/docker.sock`, `tcp://h:2376`). */
  host: string;
  /** Where the address came from, for messages: `DOCKER_HOST`, `context "x"`, `default`. */
  source: string;
  options: Docker.DockerOptions;
}

export interface ConnectDeps {
  /** The user's home directory (for `~/.docker`). */
  home?: string;
  /** Reads a file, or returns undefined when it does not exist. */
  readFile?: (path: string) => Buffer | undefined;
  pingTimeoutMs?: number;
}

type Env = Record<string, string | undefined>;

function defaultReadFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

/** Which engine to talk to and how. Reads only the docker CLI's config files; no network. */
export function resolveDockerEndpoint(env: Env, deps: ConnectDeps = {}): DockerEndpoint {
  const readFile = deps.readFile ?? defaultReadFile;
  const configDir = nonEmpty(env.DOCKER_CONFIG) ?? join(deps.home ?? homedir(), '.docker');

  const envHost = nonEmpty(env.DOCKER_HOST);
  if (envHost) {
    const tlsVerify = nonEmpty(env.DOCKER_TLS_VERIFY) !== undefined;
    const tls = tlsVerify || nonEmpty(env.DOCKER_TLS) !== undefined;
    const certDir = nonEmpty(env.DOCKER_CERT_PATH) ?? configDir;
    const files = tls ? readTls(certDir, readFile, tlsVerify, 'DOCKER_HOST') : undefined;
    return endpointFor(envHost, 'DOCKER_HOST', files, env);
  }

  const envContext = nonEmpty(env.DOCKER_CONTEXT);
  const context = envContext ? { name: envContext, from: 'DOCKER_CONTEXT' } : currentContext(configDir, readFile);
  if (context && context.name !== 'default') {
    const source = `context "${context.name}"${context.from === 'DOCKER_CONTEXT' ? ' (DOCKER_CONTEXT)' : ''}`;
    const id = createHash('sha256').update(context.name).digest('hex');
    const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
    const meta = readFile(metaPath);
    if (!meta) {
      throw new DockerUnavailableError(
        `Docker ${source} does not exist (no ${metaPath}): run \`docker context ls\` and pick an existing context, or unset it.`,
      );
    }
    let host: string | undefined;
    let skipVerify = false;
    try {
      const parsed = JSON.parse(meta.toString('utf8')) as {
        Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
      };
      host = nonEmpty(parsed.Endpoints?.docker?.Host);
      skipVerify = parsed.Endpoints?.docker?.SkipTLSVerify === true;
    } catch {
      throw new DockerUnavailableError(`Docker ${source}: ${metaPath} is not valid JSON: recreate the context with \`docker context create\`.`);
    }
    if (!host) {
      throw new DockerUnavailableError(`Docker ${source} has no docker endpoint in ${metaPath}: recreate it with \`docker context create\`.`);
    }
    const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
    const files: TlsFiles = {
      ca: readFile(join(tlsDir, 'ca.pem')),
      cert: readFile(join(tlsDir, 'cert.pem')),
      key: readFile(join(tlsDir, 'key.pem')),
    };
    const hasTls = files.ca !== undefined || files.cert !== undefined || skipVerify;
    return endpointFor(host, source, hasTls ? files : undefined, env);
  }

  return endpointFor(DEFAULT_DOCKER_HOST, 'default', undefined, env);
}

function currentContext(
  configDir: string,
  readFile: (path: string) => Buffer | undefined,
): { name: string; from: string } | undefined {
  const raw = readFile(join(configDir, 'config.json'));
  if (!raw) return undefined;
  try {
    const name = nonEmpty((JSON.parse(raw.toString('utf8')) as { currentContext?: string }).currentContext);
    return name ? { name, from: 'config.json' } : undefined;
  } catch {
    // The CLI refuses a broken config.json too, but it is not ours to fix here: use the default.
    return undefined;
  }
}

function readTls(
  dir: string,
  readFile: (path: string) => Buffer | undefined,
  required: boolean,
  source: string,
): TlsFiles {
  const files: TlsFiles = {
    ca: readFile(join(dir, 'ca.pem')),
    cert: readFile(join(dir, 'cert.pem')),
    key: readFile(join(dir, 'key.pem')),
  };
  if (required && (!files.ca || !files.cert || !files.key)) {
    throw new DockerUnavailableError(
      `DOCKER_TLS_VERIFY is set for ${source} but ${join(dir, '{ca,cert,key}.pem')} are not all there: set DOCKER_CERT_PATH to the directory holding them, or unset DOCKER_TLS_VERIFY.`,
    );
  }
  return files;
}

/** Builds the dockerode options for a docker host URL. */
function endpointFor(host: string, source: string, tls: TlsFiles | undefined, env: Env): DockerEndpoint {
  const url = host.includes('://') ? host : `tcp://${host}`;
  const scheme = url.slice(0, url.indexOf('://'));
  // docker-modem merges its own reading of process.env under ours; set every key so ours wins.
  const base: Docker.DockerOptions = {
    socketPath: undefined,
    host: undefined,
    port: undefined,
    protocol: undefined,
    ca: undefined,
    cert: undefined,
    key: undefined,
  };
  switch (scheme) {
    case 'unix':
    case 'npipe': {
      const path = url.slice(scheme.length + 3);
      if (!path) throw badHost(host, source);
      return { host: url, source, options: { ...base, socketPath: path } };
    }
    case 'tcp':
    case 'http':
    case 'https': {
      let parsed: URL;
      try {
        parsed = new URL(`http${url.slice(scheme.length)}`);
      } catch {
        throw badHost(host, source);
      }
      if (!parsed.hostname) throw badHost(host, source);
      const secure = tls !== undefined || scheme === 'https';
      const port = parsed.port || (secure ? '2376' : '2375');
      return {
        host: url,
        source,
        options: {
          ...base,
          host: parsed.hostname,
          port,
          protocol: secure ? 'https' : 'http',
          ca: tls?.ca,
          cert: tls?.cert,
          key: tls?.key,
        },
      };
    }
    case 'ssh': {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        throw badHost(host, source);
      }
      if (!parsed.hostname) throw badHost(host, source);
      return {
        host: url,
        source,
        options: {
          ...base,
          protocol: 'ssh',
          host: parsed.hostname,
          port: parsed.port || '22',
          username: decodeURIComponent(parsed.username) || undefined,
          sshOptions: { agent: env.SSH_AUTH_SOCK },
        } as Docker.DockerOptions,
      };
    }
    default:
      throw badHost(host, source);
  }
}

function badHost(host: string, source: string): DockerUnavailableError {
  return new DockerUnavailableError(
    `Cannot use Docker host "${host}" (${source}): expected unix:///path/to/docker.sock, tcp://host:port or ssh://user@host. Fix ${source === 'DOCKER_HOST' ? 'DOCKER_HOST' : 'the docker context'}.`,
  );
}

/** One line naming the endpoint, what went wrong and the fix. */
export function unreachableMessage(endpoint: DockerEndpoint, err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const status = (err as { statusCode?: unknown } | undefined)?.statusCode;
  const where = `Cannot connect to the Docker engine at ${endpoint.host}${endpoint.source === 'default' ? '' : ` (from ${endpoint.source})`}`;
  const isSocket = endpoint.options.socketPath !== undefined;
  if (typeof status === 'number') {
    return `${where}: it answered HTTP ${status} to a ping, so it is not a Docker engine. Set DOCKER_HOST to a running engine or fix the docker context.`;
  }
  switch (code) {
    case 'ENOENT':
      return `${where}: the socket does not exist. Start Docker, or set DOCKER_HOST to a running engine.`;
    case 'EACCES':
    case 'EPERM':
      return `${where}: permission denied on the socket. Add your user to the docker group (then log in again) or check the socket's permissions, or set DOCKER_HOST.`;
    case 'ECONNREFUSED':
      return `${where}: connection refused. Start Docker${isSocket ? '' : ' on that host'}, or set DOCKER_HOST to a running engine.`;
    case 'ABORT_ERR':
    case 'ETIMEDOUT':
      return `${where}: no answer in time. Check that Docker is running and reachable, or set DOCKER_HOST to a running engine.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${where}: unknown host. Fix DOCKER_HOST or the docker context.`;
    default: {
      const detail = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
      return `${where}: ${detail}. Start Docker, set DOCKER_HOST to a running engine, or check permissions on the socket.`;
    }
  }
}

/** Connects to the engine and pings it; an unreachable engine is a DockerUnavailableError (exit 4). */
export async function connectDocker(env: Env = process.env, deps: ConnectDeps = {}): Promise<DockerEngine> {
  const endpoint = resolveDockerEndpoint(env, deps);
  const { default: Dockerode } = await import('dockerode');
  let docker: Docker;
  try {
    docker = new Dockerode(endpoint.options);
  } catch (err) {
    throw new DockerUnavailableError(unreachableMessage(endpoint, err), { cause: err });
  }
  const engine = new DockerEngine(docker, endpoint.host);
  try {
    await engine.ping(AbortSignal.timeout(deps.pingTimeoutMs ?? 10_000));
  } catch (err) {
    throw new DockerUnavailableError(unreachableMessage(endpoint, err), { cause: err });
  }
  return engine;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
