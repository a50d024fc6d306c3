/**
 * `ecs-local run`: resolve every secret first (a failure stops here, before any container exists,
 * exactly as `check`), then start the task in Docker the way ECS does and end with its result
 * (run-task.ts). With `--redeploy-on-rotation`, a rotation of a secret the task uses replaces it with
 * a fresh task, until a task ends by itself or the user stops it.
 */
import { chooseRuntimeEndpoint } from '../endpoints/runtime-endpoint.js';
import { dockerPlatform } from '../container/build-spec.js';
import { ExitCode, ReportedError, UsageError } from '../errors.js';
import { traceFrom } from '../runtime/trace.js';
import { resolveEndpoints } from '../sources/endpoints.js';
import type { TaskResult } from '../runtime/task-runner.js';
import { runOneTask, type RunOptions, type TaskRunState } from './run-task.js';

export async function run(opts: RunOptions): Promise<void> {
  const state = checkRunOptions(opts);
  if (opts.detach) {
    // The task runs under a background ecs-local process, which keeps its endpoints (detach.ts).
    const { runDetached } = await import('./detach.js');
    await runDetached(opts);
    return;
  }
  const { trace } = state;
  trace('run: start');
  const { renderDescribeTasks } = await import('../container/task-state.js');

  for (;;) {
    const { result, replaced, overrides } = await runOneTask(opts, state);
    if (opts.json) opts.out.write(renderDescribeTasks(result.state, overrides) + '\n');
    else opts.err.write(summaryLine(result));
    if (!replaced) {
      if (result.exitCode !== 0) throw new ReportedError(result.exitCode);
      return;
    }
    // Ctrl-C while the task was being replaced ends the run instead.
    if (opts.signal?.aborted) throw new ReportedError(ExitCode.Interrupted);
    state.replaces = result.taskId;
  }
}

/** The line a run ends with: `ecs-local: task ID STOPPED: reason [app=0, side=143 (non-essential)]`. */
export function summaryLine(result: TaskResult): string {
  const summary = result.containers
    .map((c) => `${c.name}=${c.exitCode === undefined ? '-' : c.exitCode}${c.reason === undefined ? '' : ` (${c.reason})`}${c.essential ? '' : ' (non-essential)'}`)
    .join(', ');
  return `ecs-local: task ${result.taskId} ${result.lastStatus}: ${result.stoppedReason ?? 'no reason'} [${summary}]\n`;
}

/** Refuses flags that do not go together; what the run's tasks share. */
export function checkRunOptions(opts: RunOptions): TaskRunState {
  const backend = opts.aws ? 'aws' : opts.endpoint !== undefined && opts.endpoint !== false ? 'endpoint' : 'vault';
  const runtime = chooseRuntimeEndpoint(opts.runtimeEndpoint, backend, () =>
    resolveEndpoints({ endpoint: typeof opts.endpoint === 'string' ? opts.endpoint : undefined, env: opts.env }),
  );
  if (opts.platform !== undefined && dockerPlatform(opts.platform) === undefined) {
    throw new UsageError(`--platform must be linux/amd64 or linux/arm64 (or amd64, arm64, x86_64, aarch64), got "${opts.platform}"`);
  }
  const redeploy = opts.redeployOnRotation === true;
  if (redeploy && backend !== 'vault') {
    throw new UsageError(
      `--redeploy-on-rotation watches the local vault's file and cannot be used with --${backend}: rotations elsewhere are not seen (redeploy by running again)`,
    );
  }
  if (redeploy && opts.taskDefinition === '-') {
    throw new UsageError('--redeploy-on-rotation reads the task definition again for each new task and cannot take it from standard input: give its file');
  }
  if (redeploy && opts.detach) throw new UsageError('--redeploy-on-rotation replaces the task while ecs-local runs and cannot be used with --detach');
  return { runtime, trace: traceFrom(opts.env, opts.err) };
}
