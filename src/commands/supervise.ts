/**
 * `ecs-local supervise` (hidden): the background process of `run -d` (detach.ts). It runs the task
 * as a foreground run does, endpoints included, sending what it prints to the `run -d` that started
 * it until the task runs; then it records the task (task-records.ts), answers `stop`, `down`,
 * `describe` and `wait` on its socket (supervisor-channel.ts), writes to its log, and ends once the
 * task has stopped and its final record is written.
 */
import { Readable, Writable } from 'node:stream';
import { renameSync, rmSync } from 'node:fs';
import { describeTask, renderDescribeTasks, stopByUser, waitExitCode, type StopDecision } from '../container/task-state.js';
import { ReportedError, UsageError, writeError } from '../errors.js';
import { EcsTaskLifecycle } from '../messages.js';
import { listenForRequests, type SupervisorChannel } from '../runtime/supervisor-channel.js';
import { TaskRecords, type TaskRecord } from '../runtime/task-records.js';
import type { DetachedRequest, ParentMessage, SupervisorMessage } from './detach.js';
import { checkRunOptions, summaryLine } from './run.js';
import { runOneTask, type RunningTask } from './run-task.js';

export async function supervise(): Promise<void> {
  if (process.send === undefined) throw new UsageError('`ecs-local supervise` is started by `ecs-local run -d`, not by hand');
  const request = await new Promise<DetachedRequest>((resolve) => process.once('message', (m) => resolve(m as DetachedRequest)));
  // Until the task runs, everything goes to the `run -d` that waits; then to this process's log.
  let attached = true;
  const send = (m: SupervisorMessage): void => {
    if (attached && process.connected) process.send?.(m);
  };
  const err = new Writable({
    write: (chunk: Buffer, _enc, cb) => {
      if (attached) send({ kind: 'err', text: chunk.toString('utf8') });
      else process.stderr.write(chunk);
      cb();
    },
  });
  const warn = (line: string): void => {
    if (attached) send({ kind: 'warn', line });
    else process.stderr.write(`ecs-local: warning: ${line}\n`);
  };

  const graceful = new AbortController();
  const kill = new AbortController();
  const stop = (decision: StopDecision, now: boolean): void => {
    if (!graceful.signal.aborted) graceful.abort(decision);
    if (now) kill.abort();
  };
  // The user's Ctrl-C at `run -d` while the task starts; a signal to this process later.
  process.on('message', (m: ParentMessage) => stop(stopByUser(), m.kind === 'kill'));
  for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => stop(stopByUser(), graceful.signal.aborted));

  const opts = {
    ...request.options,
    detach: false,
    ...(request.stdinText !== undefined ? { stdin: Readable.from([request.stdinText]) } : {}),
    warn,
    ...(request.verbose ? { info: (line: string) => err.write(`ecs-local: ${line}\n`) } : {}),
    out: new Writable({ write: (_c, _e, cb) => cb() }),
    err,
    signal: graceful.signal,
    killSignal: kill.signal,
  };

  let running: { task: RunningTask; records: TaskRecords; channel: SupervisorChannel; stopped: (r: TaskRecord) => void } | undefined;
  const recordOf = (task: RunningTask, records: TaskRecords): TaskRecord => {
    const state = task.state;
    const described = describeTask(state, task.overrides).tasks[0];
    if (described === undefined) throw new Error('describeTask returned no task');
    return {
      taskId: state.context.taskId,
      family: state.family,
      revision: state.revision,
      engine: records.engine,
      pid: process.pid,
      socket: records.socket(state.context.taskId),
      log: records.log(state.context.taskId),
      task: described,
      ...(state.lastStatus === 'STOPPED' ? { exitCode: waitExitCode(state) } : {}),
    };
  };

  const onRunning = (task: RunningTask): void => {
    const records = new TaskRecords(request.options.env, task.engine.endpoint);
    const taskId = task.state.context.taskId;
    records.write(recordOf(task, records));
    try {
      renameSync(request.log, records.log(taskId));
    } catch {
      // The log stays where it was: only its name is lost.
    }
    let stopped: (r: TaskRecord) => void = () => undefined;
    const final = new Promise<TaskRecord>((resolve) => (stopped = resolve));
    void listenForRequests(records.socket(taskId), {
      describe: () => recordOf(task, records),
      stop: (reason, now) => stop({ stopCode: EcsTaskLifecycle.stopCode.userInitiated, stoppedReason: reason ?? EcsTaskLifecycle.stoppedByUser }, now),
      stopped: final,
    }).then(
      (channel) => {
        running = { task, records, channel, stopped };
        // Told only now: `stop` and `wait` find the task's socket as soon as `run -d` returns.
        const describe = renderDescribeTasks(task.state, task.overrides);
        attached = false;
        // The `run -d` may be gone (its terminal closed): the task runs on, as a RunTask call made.
        if (process.connected) {
          process.send?.({ kind: 'running', taskId, describe } satisfies SupervisorMessage, () => {
            if (process.connected) process.disconnect();
          });
        }
      },
      (e: unknown) => {
        warn(`cannot listen on ${records.socket(taskId)} (${e instanceof Error ? e.message : String(e)}): stopping the task`);
        stop(stopByUser(), false);
      },
    );
  };

  try {
    const { result } = await runOneTask({ ...opts, onRunning }, checkRunOptions(opts));
    if (running === undefined) {
      // It stopped before it ran: the foreground run's last line and code.
      err.write(summaryLine(result));
      send({ kind: 'failed', code: result.exitCode });
      throw new ReportedError(result.exitCode);
    }
    const record = recordOf(running.task, running.records);
    running.records.write(record);
    process.stderr.write(summaryLine(result));
    running.stopped(record);
    await running.channel.close();
  } catch (e) {
    if (running === undefined) {
      if (e instanceof ReportedError) throw e;
      const code = writeError(e, (text) => err.write(text));
      send({ kind: 'failed', code });
      throw new ReportedError(code);
    }
    // Recorded as far as it got, so that `wait` and `describe` do not wait for ever.
    const record = recordOf(running.task, running.records);
    running.records.write(record);
    running.stopped(record);
    await running.channel.close();
    throw e;
  } finally {
    if (running === undefined) rmSync(request.log, { force: true });
  }
}
