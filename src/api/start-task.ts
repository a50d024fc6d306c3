/**
 * `startTask`: the task started as `ecs-local run` starts it (the same `runOneTask`, endpoints and
 * all), handed back while it runs, as testcontainers hands back a started container. The task
 * stays in this process: its credentials and metadata endpoints live here, and the reaper
 * (reaper.ts) removes it if this process ends first.
 */
import { Writable } from 'node:stream';
import type { ContainerEngine } from '../docker/container-engine.js';
import { Label, managedFilter } from '../docker/labels.js';
import type { CredentialsMode } from '../endpoints/credential-sources.js';
import { TaskFailedToStartError, UsageError } from '../errors.js';
import { runOneTask, type RunningTask, type TaskOutcome } from '../commands/run-task.js';
import { checkRunOptions } from '../commands/run.js';
import { describeTask, taskHealthStatus, type DescribedTask, type TaskState } from '../container/task-state.js';
import type { TaskOverride } from '../taskdef/overrides.js';
import { commandOptions, lineWriter, loggerOf, type TaskDefinitionArg, type TaskOptions } from './options.js';
import { ensureReaper, SESSION } from './reaper.js';

export type WaitStatus = 'RUNNING' | 'HEALTHY' | 'STOPPED';

export interface StartTaskOptions extends TaskOptions {
  /** The container engine, as DOCKER_HOST takes it (`unix:///run/podman/podman.sock`, `tcp://host:2375`); default: as the CLI finds it. */
  engine?: string;
  /** When to pull images (default `missing`). */
  pull?: 'always' | 'missing' | 'never';
  /** `linux/amd64` or `linux/arm64`, whatever the task's runtimePlatform says. */
  platform?: string;
  /** The task role's credentials at 169.254.170.2 (default `fake`). */
  credentials?: CredentialsMode;
  /** Where the task's own Secrets Manager and SSM calls go: `vault`, `none`, or a URL (default: the backend's). */
  runtimeEndpoint?: 'vault' | 'none' | string;
  /** What `startTask` waits for before it resolves (default `RUNNING`: every container it could start has). */
  waitFor?: 'RUNNING' | 'HEALTHY';
  /** How long `startTask` and `waitFor` wait, in milliseconds (default 120000). */
  timeoutMs?: number;
}

export interface ExecOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How often the task's state (kept in this process) is looked at while waiting. */
const POLL_MS = 50;
const DEFAULT_TIMEOUT_MS = 120_000;

/** A task started by `startTask`. `await using task = await startTask(...)` stops and removes it at the end of the block. */
export class StartedTask {
  private stopping: Promise<void> | undefined;

  /** @internal */
  constructor(
    /** The task id (32 hex characters), as in its ARN and `ecs-local ps`. */
    readonly taskId: string,
    private readonly engine: ContainerEngine,
    private readonly state: TaskState,
    private readonly overrides: TaskOverride,
    private readonly done: Promise<TaskOutcome | undefined>,
    private readonly stopNow: () => void,
    private readonly timeoutMs: number,
  ) {}

  /**
   * The host the ports are published on: 127.0.0.1 for a local engine, else the remote engine's
   * host. [INF] Not `localhost`: it may resolve to ::1, where Docker can publish the same port at
   * another number; hostPort is the IPv4 one, as `run` and `ps` print it.
   */
  get host(): string {
    const host = this.engine.profile.publishedHost;
    return host === 'localhost' ? '127.0.0.1' : host;
  }

  /** The task as `aws ecs describe-tasks` shows it (lastStatus, healthStatus, stopCode, stoppedReason, containers, ...). */
  describe(): DescribedTask {
    return describeTask(this.state, this.overrides).tasks[0] as DescribedTask;
  }

  /**
   * Resolves once the task is RUNNING, HEALTHY (every essential container with a health check is
   * healthy) or STOPPED, with the task as describe() shows it. Rejects when that cannot come any
   * more (STOPPED before RUNNING, as the AWS CLI's `tasks-running` waiter fails), or after `timeoutMs`.
   */
  async waitFor(status: WaitStatus, options: { timeoutMs?: number } = {}): Promise<DescribedTask> {
    if (status === 'HEALTHY' && !this.state.containers.some((c) => c.health !== 'none')) {
      throw new UsageError(`task ${this.taskId} has no container with a healthCheck: it never becomes HEALTHY (wait for RUNNING)`);
    }
    const deadline = Date.now() + (options.timeoutMs ?? this.timeoutMs);
    for (;;) {
      const s = this.state;
      if (status === 'STOPPED' && s.lastStatus === 'STOPPED') {
        await this.done.catch(() => undefined);
        return this.describe();
      }
      if (status !== 'STOPPED' && s.lastStatus === 'STOPPED') {
        throw new Error(`task ${this.taskId} stopped before it was ${status}: ${s.stopCode ?? ''}: ${s.stoppedReason ?? 'no reason'}`);
      }
      if (status === 'RUNNING' && s.lastStatus === 'RUNNING') return this.describe();
      if (status === 'HEALTHY' && s.lastStatus === 'RUNNING' && taskHealthStatus(s.containers) === 'HEALTHY') return this.describe();
      if (Date.now() > deadline) throw new Error(`task ${this.taskId} was not ${status} after ${options.timeoutMs ?? this.timeoutMs} ms (it is ${s.lastStatus})`);
      await sleep(POLL_MS);
    }
  }

  /** Where `containerPort` of `container` is published on `host`. */
  async hostPort(container: string, containerPort: number, protocol: 'tcp' | 'udp' = 'tcp'): Promise<number> {
    const { publishedPorts } = await import('../runtime/cleanup.js');
    const ports = publishedPorts(await this.engine.listContainers({ ...managedFilter, [Label.taskId]: this.taskId }));
    const wanted = `${container}:`;
    const suffix = `->${containerPort}/${protocol}`;
    const found = ports.find((p) => p.startsWith(wanted) && p.endsWith(suffix));
    if (found === undefined) {
      throw new UsageError(`task ${this.taskId}: ${container}'s port ${containerPort}/${protocol} is not published (published: ${ports.join(', ') || 'none'})`);
    }
    return Number(found.slice(wanted.length, found.length - suffix.length).split(':').pop());
  }

  /** The container's output so far, as `ecs-local logs TASK CONTAINER --no-log-prefix` prints it. */
  async logs(container: string): Promise<string> {
    const { printTaskLogs } = await import('../runtime/task-logs.js');
    const out = collector();
    await printTaskLogs(this.engine, { task: this.taskId, container, follow: false, mode: 'plain', colour: false, out: out.stream });
    return out.text();
  }

  /** Runs `command` in the running container, as `ecs-local exec TASK CONTAINER -- command...` does. */
  async exec(container: string, command: readonly string[]): Promise<ExecOutput> {
    const { execInTask } = await import('../runtime/task-exec.js');
    const stdout = collector();
    const stderr = collector();
    const exitCode = await execInTask(this.engine, { task: this.taskId, container, command: [...command], streams: { stdout: stdout.stream, stderr: stderr.stream } });
    return { exitCode, stdout: stdout.text(), stderr: stderr.text() };
  }

  /**
   * Stops the task as ECS does (SIGTERM, then SIGKILL after each container's stopTimeout) and
   * removes everything it created; resolves with the stopped task. Calling it again waits for the same stop.
   */
  async stop(): Promise<DescribedTask> {
    this.stopping ??= (async () => {
      this.stopNow();
      await this.done.catch(() => undefined);
    })();
    await this.stopping;
    return this.describe();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * Starts the task as `ecs-local run` would and resolves once it is RUNNING (or `waitFor`). A task
 * ECS would not start rejects with a TaskFailedToStartError whose message is ECS's stoppedReason,
 * byte for byte, and leaves nothing behind.
 */
export async function startTask(taskdef: TaskDefinitionArg, options: StartTaskOptions = {}): Promise<StartedTask> {
  const logger = loggerOf(options);
  const env = { ...(options.env ?? process.env), ...(options.engine !== undefined ? { DOCKER_HOST: options.engine } : {}) };
  const base = commandOptions(taskdef, { ...options, env });
  const err = lineWriter((line) => logger.info?.(line), 'ecs-local: ');
  // The containers' output is not followed here: `logs(container)` reads it from the engine.
  const out = lineWriter(undefined);
  const graceful = new AbortController();
  const kill = new AbortController();
  let started: RunningTask | undefined;
  const runOptions = {
    ...base,
    forRun: true,
    pull: options.pull ?? 'missing',
    ...(options.platform !== undefined ? { platform: options.platform } : {}),
    credentials: options.credentials ?? 'fake',
    runtimeEndpoint: runtimeEndpointFlag(options.runtimeEndpoint),
    out,
    err,
    signal: graceful.signal,
    killSignal: kill.signal,
    labels: { [Label.session]: SESSION },
    onRunning: (task: RunningTask) => {
      started = task;
    },
  };
  const runState = checkRunOptions(runOptions);
  // Before anything exists on the engine: whatever this process leaves is swept when it ends.
  const reaper = await ensureReaper(env);
  // An in-memory vault becomes a private file for the task's `vault serve`, removed with the task
  // (or by the reaper, if this process ends first).
  const vaultFile = typeof options.vault === 'object' ? await options.vault.materialize() : undefined;
  if (vaultFile?.dir !== undefined) reaper.own(vaultFile.dir);
  const removeVaultFile = async (): Promise<void> => {
    await vaultFile?.remove();
    if (vaultFile?.dir !== undefined) reaper.disown(vaultFile.dir);
  };
  let outcome: Promise<TaskOutcome | undefined>;
  try {
    outcome = runOneTask({ ...runOptions, ...(vaultFile !== undefined ? { vault: vaultFile.file, readVaultFile: undefined } : {}) }, runState);
  } catch (e) {
    await removeVaultFile();
    throw e;
  }
  const done = outcome.finally(async () => {
    await removeVaultFile();
    out.end();
    err.end();
  });
  // Settled here too, so that a failure before the task exists is not an unhandled rejection.
  const settled = done.then(
    (o) => ({ ok: true as const, outcome: o }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let result: Awaited<typeof settled> | undefined;
  void settled.then((r) => (result = r));
  // Until every container has started, or the task stopped or failed before that.
  for (;;) {
    if (result !== undefined && !result.ok) throw result.error;
    if (started !== undefined) break;
    if (result !== undefined) {
      const stopped = result.outcome?.result;
      // [INF] A task that stops before it ever runs (a container the engine refuses, a dependsOn
      // condition that cannot be met) is a failed start: its stoppedReason, as ECS reports it.
      if (stopped?.stopCode === 'TaskFailedToStart') throw new TaskFailedToStartError(stopped.stoppedReason ?? 'TaskFailedToStart');
      throw new Error(`task ${stopped?.taskId ?? ''} stopped before it was RUNNING: ${stopped?.stopCode ?? ''}: ${stopped?.stoppedReason ?? 'no reason'}`);
    }
    if (Date.now() > deadline) {
      kill.abort();
      await settled;
      throw new Error(`the task did not start within ${timeoutMs} ms`);
    }
    await sleep(POLL_MS);
  }
  const { state, engine, overrides } = started;
  const task = new StartedTask(state.context.taskId, engine, state, overrides, done, () => graceful.abort(), timeoutMs);
  if (options.waitFor === 'HEALTHY') {
    try {
      await task.waitFor('HEALTHY');
    } catch (e) {
      await task.stop();
      throw e;
    }
  }
  return task;
}

function runtimeEndpointFlag(flag: StartTaskOptions['runtimeEndpoint']) {
  if (flag === undefined) return undefined;
  if (flag === 'vault' || flag === 'none') return { kind: flag } as const;
  if (!/^https?:\/\/[^/?#]+/.test(flag)) throw new UsageError(`runtimeEndpoint must be 'vault', 'none' or an http(s) URL such as http://localhost:4566, got "${flag}"`);
  return { kind: 'url', url: flag } as const;
}

function collector(): { stream: Writable; text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
