/**
 * The I/O half of registry-auth.ts: reading the docker CLI's config.json and asking a credential
 * helper, so a pull uses the credentials `docker login` stored. Credentials are never printed.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RegistryCredentials } from './engine.js';
import { authSource, EMPTY_DOCKER_CONFIG, parseDockerConfig, parseHelperAnswer, type DockerConfig } from './registry-auth.js';

/** Where the CLI keeps config.json: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv, home: string = env.HOME ?? os.homedir()): string {
  const dir = env.DOCKER_CONFIG;
  return dir !== undefined && dir !== '' ? dir : path.join(home, '.docker');
}

export interface HelperRun {
  code: number;
  stdout: string;
}

/** Runs `docker-credential-<helper> get` with the server address on stdin. */
export function runCredentialHelper(helper: string, address: string, env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<HelperRun> {
  return new Promise((resolve, reject) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) => {
      if (err === null) return resolve({ code: 0, stdout });
      const code = (err as NodeJS.ErrnoException & { code?: unknown }).code;
      // A spawn failure (ENOENT: no such helper) has a string code; an exit has a number.
      if (typeof code === 'number') return resolve({ code, stdout });
      if (err.killed) return reject(new Error(`it did not answer within ${timeoutMs / 1000} s`));
      reject(new Error(code === 'ENOENT' ? `docker-credential-${helper} is not on the PATH` : err.message));
    });
    child.stdin?.end(address);
  });
}

export interface DockerConfigAuthOptions {
  env: NodeJS.ProcessEnv;
  /** One line for the user when the config or a helper cannot be used (the pull goes on without credentials). */
  warn: (line: string) => void;
  /** Replaceable for tests; defaults read the file and run the helper. */
  readConfig?: (file: string) => Promise<string | undefined>;
  runHelper?: (helper: string, address: string) => Promise<HelperRun>;
}

async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * A lookup of an image's credentials in the docker CLI's config, read once on first use. [INF] As the
 * CLI, a config or helper that fails gives no credentials (the CLI says nothing; ecs-local warns).
 */
export function dockerConfigAuth(o: DockerConfigAuthOptions): (image: string) => Promise<RegistryCredentials | undefined> {
  const file = path.join(dockerConfigDir(o.env), 'config.json');
  const read = o.readConfig ?? readIfPresent;
  const runHelper = o.runHelper ?? ((helper, address) => runCredentialHelper(helper, address, o.env));
  let config: Promise<DockerConfig> | undefined;
  const load = async (): Promise<DockerConfig> => {
    let source: string | undefined;
    try {
      source = await read(file);
    } catch (err) {
      o.warn(`cannot read ${file}: ${(err as Error).message}; pulling without its credentials`);
      return EMPTY_DOCKER_CONFIG;
    }
    if (source === undefined) return EMPTY_DOCKER_CONFIG;
    const parsed = parseDockerConfig(source);
    if (parsed.ok) return parsed.config;
    o.warn(`cannot use ${file}: ${parsed.error}; pulling without its credentials`);
    return EMPTY_DOCKER_CONFIG;
  };
  return async (image) => {
    config ??= load();
    const source = authSource(await config, image);
    if (source.kind === 'none') return undefined;
    if (source.kind === 'config') return source.credentials;
    const failed = (detail: string): undefined => {
      o.warn(`credential helper docker-credential-${source.helper} failed for ${source.serverAddress} (${detail}); pulling ${image} without credentials`);
      return undefined;
    };
    let run: HelperRun;
    try {
      run = await runHelper(source.helper, source.serverAddress);
    } catch (err) {
      return failed((err as Error).message);
    }
    const answer = parseHelperAnswer(run.code, run.stdout, source.serverAddress);
    if (answer.kind === 'credentials') return answer.credentials;
    if (answer.kind === 'not-found') return undefined;
    return failed(answer.error);
  };
}
