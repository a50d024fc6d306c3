/**
 * A container's health check run by ecs-local, for engines that do not run it themselves (Podman
 * without systemd: see EngineProfile.runsHealthChecks). The ECS agent relies on Docker's health
 * loop; this is that loop, with Docker's rules (moby daemon/health.go): the first check one interval
 * after start, each check an exec of the test with its timeout, HEALTHY on the first success,
 * UNHEALTHY after `retries` consecutive failures, failures inside the start period not counted.
 */
import type { ContainerEngine } from '../docker/container-engine.js';
import type { HealthStatus } from '../docker/container-engine.js';
import type { HealthConfig } from '../docker/types.js';
import type { Clock } from './clock.js';

const NANOS_PER_MS = 1_000_000;

/** What an exec runs for a HEALTHCHECK test, or undefined for none (`NONE`, empty). */
export function probeCommand(test: readonly string[] | undefined): string[] | undefined {
  const [kind, ...rest] = test ?? [];
  if (kind === 'CMD-SHELL') return rest.length === 0 ? undefined : ['/bin/sh', '-c', rest.join(' ')];
  if (kind === 'CMD') return rest.length === 0 ? undefined : rest;
  return undefined;
}

/** Docker's health state machine over check results. Pure. */
export class HealthRecord {
  status: HealthStatus = 'starting';
  private failingStreak = 0;

  constructor(
    private readonly retries: number,
    private readonly startPeriodMs: number,
  ) {}

  /** Records one check's result, `sinceStartMs` after the container started. */
  record(ok: boolean, sinceStartMs: number): HealthStatus {
    if (ok) {
      this.failingStreak = 0;
      this.status = 'healthy';
    } else if (this.status === 'starting' && sinceStartMs < this.startPeriodMs) {
      // Docker ignores failures in the start period while the container has not been healthy yet.
    } else {
      this.failingStreak += 1;
      if (this.failingStreak >= Math.max(1, this.retries)) this.status = 'unhealthy';
    }
    return this.status;
  }
}

/** Runs the check of one container until `signal` aborts; `status` is its current health. */
export class HealthProbe {
  private readonly record: HealthRecord;

  constructor(
    private readonly engine: ContainerEngine,
    private readonly id: string,
    private readonly config: HealthConfig,
    private readonly clock: Clock,
  ) {
    this.record = new HealthRecord(config.Retries ?? 3, (config.StartPeriod ?? 0) / NANOS_PER_MS);
  }

  get status(): HealthStatus {
    return this.record.status;
  }

  /** Checks every interval until `signal` aborts; `onChange` hears each new status. */
  async run(signal: AbortSignal, onChange: (status: HealthStatus) => void = () => undefined): Promise<void> {
    const command = probeCommand(this.config.Test);
    if (command === undefined) return;
    const intervalMs = (this.config.Interval ?? 30 * 1e9) / NANOS_PER_MS;
    const timeoutMs = (this.config.Timeout ?? 30 * 1e9) / NANOS_PER_MS;
    const startedAt = this.clock.now();
    while (!signal.aborted) {
      await this.clock.sleep(intervalMs, signal);
      if (signal.aborted) return;
      const ok = await this.check(command, timeoutMs, signal);
      if (signal.aborted) return;
      const before = this.record.status;
      const after = this.record.record(ok, this.clock.now() - startedAt);
      if (after !== before) onChange(after);
    }
  }

  private async check(command: string[], timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    const timeout = new AbortController();
    const done = new AbortController();
    const timer = this.clock.sleep(timeoutMs, AbortSignal.any([signal, done.signal])).then(() => {
      timeout.abort();
      return false;
    });
    const exec = this.engine.exec(this.id, command, { signal: AbortSignal.any([signal, timeout.signal]) }).then(
      (r) => r.exitCode === 0,
      () => false,
    );
    try {
      return await Promise.race([exec, timer]);
    } finally {
      done.abort();
    }
  }
}
