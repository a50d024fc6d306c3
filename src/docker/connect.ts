/**
 * Finds the container engine the way the docker CLI does, then as testcontainers-node does where
 * the CLI would give up, and connects to it. Precedence: DOCKER_HOST, then CONTAINER_HOST (Podman's
 * variable), then DOCKER_CONTEXT, then `currentContext` in the CLI config (docker/cli
 * `resolveContextName`), then the first socket that exists of /var/run/docker.sock, rootless
 * Docker's, Docker Desktop's, rootless then rootful Podman's, Colima's, OrbStack's and Rancher
 * Desktop's. dockerode is loaded only here, lazily, so commands that never touch Docker do not pay
 * for it. The engine's profile (what it is and allows) is read once, here.
 */
import type Docker from 'dockerode';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DockerUnavailableError } from '../errors.js';
import type { ContainerEngine } from './container-engine.js';
import { DockerEngine } from './engine.js';
import { engineProfile } from './profile.js';
import { keepFacts, keptFacts, pingHeaders, pingSignature, versionCacheFile, type KeptFacts } from './version-cache.js';

export const DEFAULT_DOCKER_HOST = 'unix:///var/run/docker.sock';

export interface DockerEndpoint {
  /** The engine address as the user would write it (`unix:///var/run/docker.sock`, `tcp://h:2376`). */
  host: string;
  /** Where the address came from, for messages: `DOCKER_HOST`, `context "x"`, `default`, `found`. */
  source: string;
  options: Docker.DockerOptions;
}

export interface ConnectDeps {
  /** The user's home directory (for `~/.docker`). */
  home?: string;
  /** Reads a file, or returns undefined when it does not exist. */
  readFile?: (path: string) => Buffer | undefined;
  /** Whether a socket file exists. */
  exists?: (path: string) => boolean;
  /** The user's id, for /run/user/<uid> when XDG_RUNTIME_DIR is unset. */
  uid?: number;
  pingTimeoutMs?: number;
  /** Where engines' `/version` answers are kept between commands (version-cache.ts); false: not kept. */
  versionCache?: string | false;
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

  const containerHost = nonEmpty(env.CONTAINER_HOST);
  if (containerHost) {
    if (containerHost.startsWith('ssh://')) {
      // Podman's ssh:// names a Podman socket path after the host, which the docker CLI's ssh does not.
      return endpointFor(containerHost.replace(/^(ssh:\/\/[^/]+)\/.*$/, '$1'), 'CONTAINER_HOST', undefined, env);
    }
    return endpointFor(containerHost, 'CONTAINER_HOST', undefined, env);
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

  const exists = deps.exists ?? existsSync;
  const found = socketCandidates(env, deps.home ?? homedir(), deps.uid ?? process.getuid?.() ?? 0).find((path) => exists(path));
  if (found !== undefined && `unix://${found}` !== DEFAULT_DOCKER_HOST) return endpointFor(`unix://${found}`, 'found', undefined, env);
  return endpointFor(DEFAULT_DOCKER_HOST, 'default', undefined, env);
}

/**
 * The sockets engines listen on by default, in the order they are tried (testcontainers-node's
 * unix-socket and rootless strategies, plus Podman's): the system Docker first, then the user's own.
 */
export function socketCandidates(env: Env, home: string, uid: number): string[] {
  const runtimeDir = nonEmpty(env.XDG_RUNTIME_DIR) ?? `/run/user/${uid}`;
  return [
    '/var/run/docker.sock',
    join(runtimeDir, 'docker.sock'),
    join(home, '.docker', 'run', 'docker.sock'),
    join(home, '.docker', 'desktop', 'docker.sock'),
    join(runtimeDir, 'podman', 'podman.sock'),
    '/run/podman/podman.sock',
    join(home, '.colima', 'default', 'docker.sock'),
    join(home, '.orbstack', 'run', 'docker.sock'),
    join(home, '.rd', 'docker.sock'),
  ];
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
  const where = `Cannot connect to the Docker engine at ${endpoint.host}${endpoint.source === 'default' || endpoint.source === 'found' ? '' : ` (from ${endpoint.source})`}`;
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

/**
 * Connects to the engine and pings it; an unreachable engine is a DockerUnavailableError (exit 4).
 * A socket nobody configured (the system's, or the first one found) that does not answer gives way
 * to the next socket that exists, as testcontainers-node tries its next strategy: a rootless Docker
 * or Podman user on a machine whose system Docker refuses them (not in the docker group) or is
 * stopped gets their own engine. Nothing answers: the first socket's error.
 */
export async function connectDocker(env: Env = process.env, deps: ConnectDeps = {}): Promise<ContainerEngine> {
  const endpoint = resolveDockerEndpoint(env, deps);
  const cacheFile = deps.versionCache === false ? undefined : (deps.versionCache ?? versionCacheFile(env, deps.home));
  try {
    return await connectTo(endpoint, deps, cacheFile);
  } catch (err) {
    if (endpoint.source !== 'default' && endpoint.source !== 'found') throw err;
    const exists = deps.exists ?? existsSync;
    const candidates = socketCandidates(env, deps.home ?? homedir(), deps.uid ?? process.getuid?.() ?? 0).map((path) => `unix://${path}`);
    for (const host of candidates.slice(candidates.indexOf(endpoint.host) + 1)) {
      if (!exists(host.slice('unix://'.length))) continue;
      try {
        return await connectTo(endpointFor(host, 'found', undefined, env), deps, cacheFile);
      } catch {
        // Not this one either: the next.
      }
    }
    throw err;
  }
}

/**
 * The engine's `/version` answer, which is also the ping: on a unix socket, the one kept from an
 * earlier command when `/_ping` names the same engine (version-cache.ts), else asked and kept.
 */
async function versionFacts(docker: Docker, endpoint: DockerEndpoint, cacheFile: string | undefined, timeout: () => AbortSignal): Promise<KeptFacts> {
  const socket = endpoint.options.socketPath;
  let signature: string | undefined;
  if (socket !== undefined && cacheFile !== undefined) {
    // A missing, refused or silent socket fails here with the codes `/version` would have failed with.
    const ping = await pingHeaders(socket, timeout());
    signature = ping.status === 200 ? pingSignature(ping.headers) : undefined;
    const kept = signature === undefined ? undefined : keptFacts(cacheFile, endpoint.host, signature);
    if (kept !== undefined) return kept;
  }
  // The typings miss version's options, which dockerode does accept.
  const version = docker.version.bind(docker) as (opts: { abortSignal?: AbortSignal }) => Promise<unknown>;
  const facts = (await version({ abortSignal: timeout() })) as KeptFacts;
  if (signature !== undefined && cacheFile !== undefined) keepFacts(cacheFile, endpoint.host, signature, facts);
  return facts;
}

async function connectTo(endpoint: DockerEndpoint, deps: ConnectDeps, cacheFile: string | undefined): Promise<ContainerEngine> {
  const { default: Dockerode } = await import('dockerode');
  let docker: Docker;
  try {
    docker = new Dockerode(endpoint.options);
  } catch (err) {
    throw new DockerUnavailableError(unreachableMessage(endpoint, err), { cause: err });
  }
  let facts: KeptFacts;
  try {
    facts = await versionFacts(docker, endpoint, cacheFile, () => AbortSignal.timeout(deps.pingTimeoutMs ?? 10_000));
  } catch (err) {
    throw new DockerUnavailableError(unreachableMessage(endpoint, err), { cause: err });
  }
  const local = endpoint.options.socketPath !== undefined;
  const profile = engineProfile(facts, endpoint.host, local && existsSync('/run/systemd/system'));
  return new DockerEngine(docker, endpoint.host, profile, facts);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== '' ? value : undefined;
}
