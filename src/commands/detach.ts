/**
 * `ecs-local run -d`: the task runs under a background ecs-local process (`ecs-local supervise`,
 * supervise.ts) that does what a foreground run does (endpoints, an essential container's exit
 * stopping the others, the stop code and reason) and records the task when it stops. This side
 * starts it in its own session, hands it the run over an IPC channel (never argv: `-e`, `--overrides`
 * and the environment may hold secrets), shows what it says until the task runs, and then prints the
 * task id, or ends as the foreground run would have (same text, same exit code).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, FileWriteError, ReportedError, EcsLocalError } from '../errors.js';
import { fileProblem } from '../files/problem.js';
import { stateFolder } from '../runtime/task-records.js';
import type { RunOptions } from './run-task.js';

/** What the supervisor is handed: the run's options that are data, and the task definition read from stdin. */
export interface DetachedRequest {
  options: DetachedOptions;
  /** The task definition, when it is read from standard input (`-`). */
  stdinText?: string;
  /** Whether `-v` lines are wanted. */
  verbose: boolean;
  /** The supervisor's log, renamed to `<task id>.log` beside its record once the task runs. */
  log: string;
}

export type DetachedOptions = Omit<RunOptions, 'stdin' | 'warn' | 'info' | 'out' | 'err' | 'signal' | 'killSignal' | 'onRunning'>;

/** What the supervisor tells this side, in order: lines to show, then `running` or `failed`. */
export type SupervisorMessage =
  | { kind: 'err'; text: string }
  | { kind: 'warn'; line: string }
  | { kind: 'info'; line: string }
  | { kind: 'running'; taskId: string; describe: string }
  /** Ended as the foreground run would have, with this exit code (its text already sent). */
  | { kind: 'failed'; code: number };

/** What this side tells the supervisor before the task runs: the user's Ctrl-C, once or twice. */
export type ParentMessage = { kind: 'stop' } | { kind: 'kill' };

class SupervisorLostError extends EcsLocalError {
  readonly errorName = 'SupervisorLost';
  readonly exitCode = ExitCode.Internal;
}

export async function runDetached(opts: RunOptions): Promise<void> {
  const stdinText = opts.taskDefinition === '-' ? await readAll(opts.stdin ?? process.stdin) : undefined;
  const { stdin: _stdin, warn: _warn, info, out, err, signal, killSignal, onRunning: _onRunning, ...options } = opts;
  const logs = path.join(stateFolder(opts.env), 'tasks');
  const log = path.join(logs, `supervisor-${randomBytes(6).toString('hex')}.log`);
  let fd: number;
  try {
    mkdirSync(logs, { recursive: true, mode: 0o700 });
    fd = openSync(log, 'a', 0o600);
  } catch (e) {
    const p = fileProblem(e, log, 'write');
    throw new FileWriteError(`${logs}: cannot write the state folder of detached tasks: ${p.reason} (${p.fix}, or set XDG_STATE_HOME to a writable folder)`);
  }
  const { spawn } = await import('node:child_process');
  const child = (() => {
    try {
      // Its own session: the terminal's Ctrl-C and hang-up are this process's, not the task's.
      return spawn(process.execPath, [...supervisorExecArgv(process.execArgv), cliEntry(), 'supervise'], {
        // This process's folder, where its node options (a loader) resolve; the run's own is in the request.
        cwd: process.cwd(),
        env: opts.env,
        detached: true,
        stdio: ['ignore', fd, fd, 'ipc'],
      });
    } finally {
      closeSync(fd);
    }
  })();
  const request: DetachedRequest = { options, verbose: info !== undefined, log, ...(stdinText !== undefined ? { stdinText } : {}) };
  child.send(request);

  const tell = (m: ParentMessage): void => {
    if (child.connected) child.send(m);
  };
  const onStop = (): void => tell({ kind: 'stop' });
  const onKill = (): void => tell({ kind: 'kill' });
  signal?.addEventListener('abort', onStop, { once: true });
  killSignal?.addEventListener('abort', onKill, { once: true });
  try {
    const outcome = await new Promise<{ taskId: string; describe: string } | { code: number }>((resolve, reject) => {
      child.on('message', (m: SupervisorMessage) => {
        if (m.kind === 'err') err.write(m.text);
        else if (m.kind === 'warn') opts.warn(m.line);
        else if (m.kind === 'info') info?.(m.line);
        else if (m.kind === 'running') resolve({ taskId: m.taskId, describe: m.describe });
        else resolve({ code: m.code });
      });
      child.on('error', reject);
      child.on('exit', (code, sig) =>
        reject(new SupervisorLostError(`the task's background ecs-local process ended before the task ran (${sig ?? `exit ${code}`}); its log: ${log}`)),
      );
    });
    if ('code' in outcome) {
      rmSync(log, { force: true });
      if (outcome.code !== 0) throw new ReportedError(outcome.code);
      return;
    }
    out.write(opts.json ? `${outcome.describe}\n` : `${outcome.taskId}\n`);
  } finally {
    signal?.removeEventListener('abort', onStop);
    killSignal?.removeEventListener('abort', onKill);
    child.removeAllListeners();
    // Nothing more is sent; a late error of the channel is no news for this process.
    child.on('error', () => undefined);
    if (child.connected) child.disconnect();
    child.unref();
  }
}

/**
 * The command line's entry beside this command: src/index.ts under tsx, dist/index.js, or
 * dist/bundle/index.cjs (the command files sit one folder below it in all three, with its extension).
 */
function cliEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return path.join(path.dirname(here), '..', `index${path.extname(here)}`);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * This process's node options for the supervisor, without the inspector's: a `node --inspect` run
 * would otherwise have its supervisor fail to take the same debugger port (or wait for a debugger).
 * Loaders (`--import tsx`) and the like stay.
 */
export function supervisorExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i] ?? '';
    if (/^--(inspect-port|debug-port)$/.test(a)) i++; // and its value
    else if (!/^--(inspect|inspect-brk|inspect-wait|inspect-port|debug-port)(=|$)/.test(a)) out.push(a);
  }
  return out;
}
