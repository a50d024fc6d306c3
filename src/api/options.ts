/**
 * The library's options, one type per concern, and their translation into what the commands take:
 * the library and the CLI run the same command functions with the same options.
 */
import { Writable } from 'node:stream';
import type { ResolveCommandOptions } from '../commands/prepare.js';
import type { TaskOverride } from '../taskdef/overrides.js';
import type { LaunchType } from '../taskdef/types.js';
import type { Vault } from './vault.js';

/**
 * Where ecs-local's lines go. `console` fits. [INF] Default: each warning once per process to
 * stderr (as the CLI prints them; a suite starting the same task in every test sees it once),
 * everything else nowhere, as testcontainers is quiet unless asked.
 */
export interface Logger {
  /** Findings worth a look (a placeholder secret, a field ECS ignores), one line each. */
  warn?(line: string): void;
  /** What ecs-local is doing (pulling, ports, the runtime endpoint) and our hints after ECS's text. */
  info?(line: string): void;
}

/** A task definition file in any form `ecs-local check` reads, or the task definition itself. */
export type TaskDefinitionArg = string | Record<string, unknown> | readonly Record<string, unknown>[];

/** Where secrets come from, the task's region and account, and how the task definition is read. */
export interface TaskOptions {
  /** A vault file, or a `Vault` built in the test. Default: ecs-local.vault.json beside the task definition, else in `cwd`. */
  vault?: string | Vault;
  /** An AWS-compatible endpoint (LocalStack, `ecs-local vault serve`); `true`: from AWS_ENDPOINT_URL[_SECRETS_MANAGER|_SSM]. */
  endpoint?: string | true;
  /** Real AWS, with the default credential chain. */
  aws?: boolean;
  /** Per service call, in seconds (default 5, the agent's round trip). */
  timeoutSeconds?: number;
  region?: string;
  launchType?: LaunchType;
  cluster?: string;
  /** Template placeholders and CloudFormation parameters (`--var`). */
  vars?: Record<string, string>;
  /** `--var-file`. */
  varFiles?: readonly string[];
  /** Which task definition of a CloudFormation template or Terraform JSON (`--resource`). */
  resource?: string;
  /** RunTask's overrides, as `aws ecs run-task --overrides` takes them. */
  overrides?: TaskOverride;
  /** Relative paths are read from here; default `process.cwd()`. */
  cwd?: string;
  /** The environment ecs-local reads (AWS_REGION, DOCKER_HOST, `${VAR}` of the vault); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

export interface CheckTaskOptions extends TaskOptions {
  /** Only this container's environment. */
  container?: string;
  /** Secret values instead of `****`. */
  reveal?: boolean;
}

const warned = new Set<string>();
const defaultLogger: Logger = {
  warn: (line) => {
    if (warned.has(line)) return;
    warned.add(line);
    process.stderr.write(`ecs-local: warning: ${line}\n`);
  },
};

export function loggerOf(options: TaskOptions): Logger {
  return options.logger ?? defaultLogger;
}

/** A stream that hands each complete line to `line` (ecs-local's status lines, container output). */
export function lineWriter(line: ((text: string) => void) | undefined, strip = ''): Writable {
  let rest = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) line?.(l.startsWith(strip) ? l.slice(strip.length) : l);
      callback();
    },
    final(callback) {
      if (rest !== '') line?.(rest);
      callback();
    },
  });
}

/** The name an object task definition goes by in messages. */
export const OBJECT_TASK_DEFINITION = '(task definition object)';

/** The command options for `taskdef` and `options`, as the CLI builds them from its flags. */
export function commandOptions(taskdef: TaskDefinitionArg, options: TaskOptions): ResolveCommandOptions {
  const logger = loggerOf(options);
  const cwd = options.cwd ?? process.cwd();
  const vault = options.vault;
  const inMemory = typeof vault === 'object' ? vault.backing() : undefined;
  const overrides = options.overrides;
  return {
    taskDefinition: typeof taskdef === 'string' ? taskdef : OBJECT_TASK_DEFINITION,
    ...(typeof taskdef === 'string' ? {} : { taskDefinitionText: JSON.stringify(taskdef) }),
    ...(typeof vault === 'string' ? { vault } : {}),
    ...(inMemory !== undefined ? { vault: inMemory.file, ...(inMemory.read !== undefined ? { readVaultFile: inMemory.read } : {}) } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    ...(options.aws === true ? { aws: true } : {}),
    ...(options.timeoutSeconds !== undefined ? { timeoutSeconds: options.timeoutSeconds } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.launchType !== undefined ? { launchType: options.launchType } : {}),
    ...(options.cluster !== undefined ? { cluster: options.cluster } : {}),
    ...(options.vars !== undefined ? { vars: Object.entries(options.vars).map(([k, v]) => `${k}=${v}`) } : {}),
    ...(options.varFiles !== undefined ? { varFiles: [...options.varFiles] } : {}),
    ...(options.resource !== undefined ? { resource: options.resource } : {}),
    ...(overrides !== undefined ? { overrides: { overrides: JSON.stringify(overrides) } } : {}),
    cwd,
    env: options.env ?? process.env,
    warn: (line) => logger.warn?.(line),
    ...(logger.info !== undefined ? { info: (line: string) => logger.info?.(line) } : {}),
  };
}
