/**
 * Timestamps for finding where a run's time goes: with ECS_LOCAL_TRACE=1, each step prints
 * `ecs-local trace: +<ms since the process started> <step>` to stderr. Off, it costs a no-op call.
 */
import { performance } from 'node:perf_hooks';
import type { Writable } from 'node:stream';

export type Trace = (step: string) => void;

export const noTrace: Trace = () => undefined;

/** A trace writing to `err` when `env.ECS_LOCAL_TRACE` is set to anything but "" or "0". */
export function traceFrom(env: NodeJS.ProcessEnv, err: Writable, now: () => number = () => performance.now()): Trace {
  const flag = env.ECS_LOCAL_TRACE;
  if (flag === undefined || flag === '' || flag === '0') return noTrace;
  return (step) => {
    err.write(`ecs-local trace: +${now().toFixed(1)}ms ${step}\n`);
  };
}
