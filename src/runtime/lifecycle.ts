/**
 * Runs the containers of one task under ECS's rules: each container is created and started once its
 * dependencies are met, exits and health are watched, an essential container's exit stops the task,
 * and stopping follows the shutdown order with each container's stopTimeout (SIGTERM, then SIGKILL).
 * The task state is kept in task-state.ts's `TaskState`, which decides stop codes and exit codes.
 */
import { randomUUID } from 'node:crypto';
import type { ObservedContainer } from '../container/depends-on.js';
import type { ContainerSpec, TaskSpec } from '../container/spec.js';
import type { ContainerCreateOptions } from '../docker/types.js';
import {
  containerExitReason,
  shouldRestart,
  stopForContainerExit,
  stopByUser,
  type ContainerState,
  type StopDecision,
  type TaskState,
} from '../container/task-state.js';
import { DockerApiError, type ContainerEngine } from '../docker/container-engine.js';
import { EcsContainerErrors, EcsTaskLifecycle } from '../messages.js';
import type { TaskContext } from '../secrets/types.js';
import type { ContainerDependency } from '../taskdef/types.js';
import type { Clock } from './clock.js';
import { HealthProbe } from './health-probe.js';
import { decideStart, dependenciesOf, shutdownWave, type ContainerView } from './decisions.js';
import type { LogPrinter } from './logs.js';
import { containerCreateOptions, linksAsHosts } from './network.js';
import { publishedPortLines } from './published-ports.js';
import type { Trace } from './trace.js';

type Phase = 'pending' | 'starting' | 'running' | 'exited' | 'skipped';

interface Run {
  spec: ContainerSpec;
  deps: ContainerDependency[];
  /** The same object as in `TaskState.containers`. */
  state: ContainerState;
  phase: Phase;
  dockerId?: string;
  startedAtMs?: number;
  lastRestartAtMs?: number;
  restarts: number;
  /** ecs-local's run of its health check, where the engine does not run it. */
  probe?: { probe: HealthProbe; stop: AbortController };
  /** The stream printing this container's output, if one is open. */
  log?: { done: Promise<void>; abort: AbortController };
  /** Resolves once the container is exited or will never run. */
  done: Promise<void>;
  markDone: () => void;
}

/** What the sidecars do with a container that owns the task's network namespace. */
export interface NamespaceHooks {
  /** Once it is created, before it starts (join a network). */
  join(id: string): Promise<void>;
  /** Once it has started (route its address). */
  started(id: string): Promise<void>;
}

export interface SupervisorOptions {
  engine: ContainerEngine;
  clock: Clock;
  context: TaskContext;
  /** The pause container owning the task's namespaces, if any. */
  pauseId?: string;
  /** What the sidecars do with a container that owns a network namespace of the task (no pause container). */
  ownNamespace?: (container: string) => NamespaceHooks | undefined;
  /** Follows each container's output; absent: logs are not read. */
  printer?: LogPrinter;
  /** The prefix of a container's lines: its name (default), or what `printer` was given for it. */
  logLabel?: (spec: ContainerSpec) => string;
  /** One line of status for the user (stderr). */
  notice: (line: string) => void;
  /** Return once every container has started, leaving them running. */
  detach: boolean;
  /** Told once, when every container has started (lastStatus RUNNING). */
  onRunning?: () => void;
  /** How often health is polled while waiting. */
  pollMs?: number;
  /** Timestamps of each step (ECS_LOCAL_TRACE). */
  trace?: Trace;
}

export class TaskSupervisor {
  readonly state: TaskState;
  private readonly runs: Run[];
  private readonly byName: Map<string, Run>;
  private readonly dependencies: Map<string, ContainerDependency[]>;
  private stopping = false;
  private killing = false;
  private wakeUp: (() => void) | undefined;
  private woken = false;
  /** Aborts the per-container waits and log streams at the end. */
  private readonly watchers = new AbortController();
  private readonly logStreams: Promise<void>[] = [];
  private readonly trace: Trace;

  constructor(
    private readonly spec: TaskSpec,
    private readonly o: SupervisorOptions,
  ) {
    this.trace = o.trace ?? (() => undefined);
    this.state = {
      context: o.context,
      family: spec.family,
      revision: spec.revision,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      createdAt: new Date(o.clock.now()),
      containers: [],
    };
    this.runs = spec.containers.map((c) => {
      const state: ContainerState = {
        name: c.name,
        containerUuid: randomUUID(),
        image: c.image,
        essential: c.essential,
        lastStatus: 'PENDING',
        health: c.hasHealthCheck ? 'starting' : 'none',
      };
      this.state.containers.push(state);
      let markDone: () => void = () => undefined;
      const done = new Promise<void>((resolve) => (markDone = resolve));
      return { spec: c, deps: dependenciesOf(c, spec.containers), state, phase: 'pending', restarts: 0, done, markDone };
    });
    this.byName = new Map(this.runs.map((r) => [r.spec.name, r]));
    this.dependencies = new Map(this.runs.map((r) => [r.spec.name, r.deps]));
  }

  /** Docker ids of every task container created so far (for cleanup). */
  containerIds(): string[] {
    return this.runs.flatMap((r) => (r.dockerId === undefined ? [] : [r.dockerId]));
  }

  /** Restarts counted per container name. */
  restarts(): Record<string, number> {
    return Object.fromEntries(this.runs.map((r) => [r.spec.name, r.restarts]));
  }

  /** Graceful stop (the first Ctrl-C, `ecs-local stop`): SIGTERM, then SIGKILL after stopTimeout. */
  requestStop(decision: StopDecision = stopByUser(), stoppedBy?: string): void {
    if (this.stopping) return;
    this.stopping = true;
    this.state.stopCode = decision.stopCode;
    this.state.stoppedReason = decision.stoppedReason;
    if (stoppedBy !== undefined) this.state.stoppedBy = stoppedBy;
    this.state.desiredStatus = 'STOPPED';
    this.wake();
  }

  /** Immediate stop (the second Ctrl-C): SIGKILL every running container. */
  kill(): void {
    this.killing = true;
    this.requestStop();
    for (const run of this.runs) {
      if (run.phase === 'running' && run.dockerId !== undefined) {
        this.o.engine.kill(run.dockerId).catch((err: unknown) => this.o.notice(`could not kill ${run.spec.name}: ${messageOf(err)}`));
      }
    }
    this.wake();
  }

  /** Runs the task until it has stopped (or, detached, until every container has started). */
  async run(): Promise<void> {
    this.state.lastStatus = 'PENDING';
    try {
      while (!this.stopping) {
        await this.startReady();
        // A task whose every container started was RUNNING, however soon one of them exits.
        if (this.runs.every((r) => r.startedAtMs !== undefined)) this.markRunning();
        if (this.stopping) break;
        if (!this.runs.some((r) => r.phase === 'pending')) {
          this.markRunning();
          if (this.o.detach) return;
        }
        if (this.runs.every((r) => r.phase === 'exited' || r.phase === 'skipped')) {
          // Only reachable without an essential container, which ECS refuses at registration. [INF]
          this.requestStop({ stopCode: EcsTaskLifecycle.stopCode.essentialContainerExited, stoppedReason: EcsTaskLifecycle.essentialContainerExited });
          break;
        }
        await this.pollHealth();
        if (this.stopping) break;
        await this.sleepOrWake(this.o.pollMs ?? 500);
      }
      await this.shutdown();
      this.trace('shutdown: done');
      await this.drainLogs();
      this.trace('logs: drained');
    } finally {
      this.watchers.abort();
    }
  }

  private markRunning(): void {
    if (this.state.lastStatus === 'RUNNING') return;
    this.state.lastStatus = 'RUNNING';
    this.state.startedAt = new Date(this.o.clock.now());
    this.o.onRunning?.();
  }

  private async startReady(): Promise<void> {
    const now = this.o.clock.now();
    const views = this.views();
    const ready: Run[] = [];
    for (const run of this.runs) {
      if (run.phase !== 'pending') continue;
      const decision = decideStart(run.deps, views, now);
      if (decision.action === 'fail') this.neverRuns(run, decision.reason);
      else if (decision.action === 'start') ready.push(run);
      if (this.stopping) return;
    }
    for (const run of ready) run.phase = 'starting';
    await Promise.all(ready.map((run) => this.startOne(run)));
  }

  private views(): Map<string, ContainerView> {
    const views = new Map<string, ContainerView>();
    for (const run of this.runs) {
      const status: ObservedContainer['status'] =
        run.phase === 'running' ? 'running' : run.phase === 'exited' ? 'exited' : 'pending';
      const observed: ObservedContainer = { status, health: run.spec.hasHealthCheck ? run.state.health : 'none' };
      if (run.state.exitCode !== undefined) observed.exitCode = run.state.exitCode;
      views.set(run.spec.name, {
        observed,
        skipped: run.phase === 'skipped',
        startTimeoutSeconds: run.spec.startTimeoutSeconds,
        startedAtMs: run.startedAtMs,
      });
    }
    return views;
  }

  private async startOne(run: Run): Promise<void> {
    const { engine } = this.o;
    try {
      let options = containerCreateOptions(this.spec, run.spec, this.o.pauseId);
      if (!engine.profile.supportsLinks) options = linksAsHosts(options, await this.linkedAddresses(options));
      run.dockerId = await engine.createContainer(options);
      run.state.runtimeId = run.dockerId;
      await this.o.ownNamespace?.(run.spec.name)?.join(run.dockerId);
      this.trace(`${run.spec.name}: created`);
    } catch (err) {
      this.neverRuns(run, EcsContainerErrors.cannotCreateContainer(dockerMessageOf(err)));
      return;
    }
    if (this.stopping) {
      this.neverRuns(run);
      return;
    }
    try {
      await engine.start(run.dockerId);
    } catch (err) {
      this.neverRuns(run, EcsContainerErrors.cannotStartContainer(dockerMessageOf(err)));
      return;
    }
    this.trace(`${run.spec.name}: started`);
    run.phase = 'running';
    run.startedAtMs = this.o.clock.now();
    run.state.lastStatus = 'RUNNING';
    if (run.spec.hasHealthCheck) run.state.health = 'starting';
    this.probeHealth(run);
    this.followLogs(run);
    this.watch(run);
    // Routed while it runs, not waited for: it is RUNNING from its start, as on ECS, and a call it
    // makes before the route is there waits for it.
    void this.routeStarted(run, run.dockerId);
    await this.announcePorts(run);
  }

  /** The addresses of the running containers `options` links to (a link is a START dependency: they run). */
  private async linkedAddresses(options: ContainerCreateOptions): Promise<(dockerName: string) => string | undefined> {
    const targets = new Set(((options.HostConfig?.Links as string[] | undefined) ?? []).map((l) => l.split(':')[0] ?? l));
    const found = new Map<string, string>();
    await Promise.all(
      this.runs
        .filter((r) => targets.has(r.spec.dockerName) && r.dockerId !== undefined)
        .map(async (r) => {
          const networks = (await this.o.engine.inspectRaw(r.dockerId ?? '').catch(() => undefined))?.NetworkSettings?.Networks ?? {};
          const ip = networks[this.o.engine.profile.defaultNetwork]?.IPAddress;
          if (ip) found.set(r.spec.dockerName, ip);
        }),
    );
    return (name) => found.get(name);
  }

  /** Tells the sidecars a namespace owner (re)started; if that fails, it must not run on without its endpoints. */
  private async routeStarted(run: Run, id: string): Promise<void> {
    try {
      await this.o.ownNamespace?.(run.spec.name)?.started(id);
    } catch (err) {
      this.o.notice(`${run.spec.name}: stopped: ${err instanceof Error ? err.message : String(err)}`);
      await this.o.engine.kill(id).catch(() => undefined);
    }
  }

  /** Runs the container's health check where the engine does not (Podman without systemd). */
  private probeHealth(run: Run): void {
    run.probe?.stop.abort();
    run.probe = undefined;
    const check = run.spec.create.Healthcheck;
    if (!run.spec.hasHealthCheck || check === undefined || this.o.engine.profile.runsHealthChecks || run.dockerId === undefined) return;
    const stop = new AbortController();
    const probe = new HealthProbe(this.o.engine, run.dockerId, check, this.o.clock);
    run.probe = { probe, stop };
    void probe.run(AbortSignal.any([stop.signal, this.watchers.signal]), () => this.wake());
  }

  /**
   * A container that will never run. An essential one stops the task: as TaskFailedToStart with its
   * reason when no container has run yet, else as an essential container's exit. [INF]
   */
  private neverRuns(run: Run, reason?: string): void {
    run.phase = 'skipped';
    run.state.lastStatus = 'STOPPED';
    if (reason !== undefined) {
      run.state.reason = reason;
      this.o.notice(`${run.spec.name}: ${reason}`);
    }
    run.state.stoppedAt = new Date(this.o.clock.now());
    run.markDone();
    if (this.stopping || !run.spec.essential) return;
    const anyRan = this.runs.some((r) => r.startedAtMs !== undefined);
    if (!anyRan && reason !== undefined) {
      this.requestStop({ stopCode: EcsTaskLifecycle.stopCode.taskFailedToStart, stoppedReason: reason }, run.spec.name);
    } else {
      const decision = stopForContainerExit(run.spec);
      if (decision !== undefined) this.requestStop(decision, run.spec.name);
    }
  }

  private watch(run: Run): void {
    const id = run.dockerId;
    if (id === undefined) return;
    this.o.engine.wait(id, this.watchers.signal).then(
      (code) => this.onExit(run, code),
      (err: unknown) => {
        if (this.watchers.signal.aborted) return;
        this.o.notice(`lost track of ${run.spec.name}: ${messageOf(err)}`);
        return this.onExit(run, undefined);
      },
    );
  }

  private async onExit(run: Run, waitCode: number | undefined): Promise<void> {
    this.trace(`${run.spec.name}: exited`);
    const id = run.dockerId ?? '';
    const details = await this.o.engine.inspect(id).catch(() => undefined);
    const exitCode = details?.state.exitCode ?? waitCode;
    const now = this.o.clock.now();
    const restart = shouldRestart(
      run.spec.restartPolicy,
      { exitCode, startedAtMs: run.startedAtMs ?? now, lastRestartAtMs: run.lastRestartAtMs, taskStopping: this.stopping },
      now,
    );
    if (restart.restart) {
      try {
        // One stream per container at a time: a follower still open when the container starts
        // again would print the new run too, next to the new follower.
        if (run.log !== undefined) {
          await Promise.race([run.log.done, this.o.clock.sleep(3000)]);
          run.log.abort.abort();
        }
        // The last run's last line, asked while it is stopped: only later lines are the new run's.
        const lastLine = run.log === undefined ? undefined : await this.o.engine.lastLogTime(id).catch(() => undefined);
        await this.o.engine.start(id);
        run.restarts += 1;
        run.lastRestartAtMs = now;
        if (run.spec.hasHealthCheck) run.state.health = 'starting';
        this.probeHealth(run);
        this.o.notice(`${run.spec.name} exited with code ${exitCode}; restarted by its restartPolicy`);
        // The new run's output only: from just after the last run's last line (the engine's own
        // stamp, so no clock of this machine is involved), and never before its FinishedAt. Not
        // from the new run's StartedAt: Docker records that after the process began, and a fast
        // process has logged by then. FinishedAt alone is not enough: the engine stamps a line when
        // it reads it, which on a busy machine can be after the exit it recorded. [INF] Podman's
        // conmon does so by design: 50 ms after FinishedAt there.
        const finishedAt = details?.state.finishedAt?.getTime();
        const after = this.o.engine.profile.kind === 'podman' ? 50 : 1;
        const since = Math.max(finishedAt === undefined ? 0 : (finishedAt + after) / 1000, lastLine === undefined ? 0 : lastLine + 1e-6);
        this.followLogs(run, since === 0 ? undefined : since);
        this.watch(run);
        // It may come back with another address: routed again.
        void this.routeStarted(run, id);
        this.wake();
        return;
      } catch (err) {
        this.o.notice(`${run.spec.name}: restart failed: ${messageOf(err)}`);
      }
    }
    run.probe?.stop.abort();
    run.phase = 'exited';
    run.state.lastStatus = 'STOPPED';
    if (exitCode !== undefined) run.state.exitCode = exitCode;
    const reason = containerExitReason({
      exitCode,
      oomKilled: details?.state.oomKilled === true,
      engineReportsOom: this.o.engine.profile.reportsOomKilled,
      memoryLimited: run.spec.create.HostConfig?.Memory !== undefined,
      taskStopping: this.stopping,
    });
    if (reason !== undefined) run.state.reason = reason;
    run.state.stoppedAt = new Date(details?.state.finishedAt?.getTime() ?? now);
    // The container's last lines come before the news of its exit, as a reader expects.
    if (run.log !== undefined) await Promise.race([run.log.done, this.o.clock.sleep(1000)]);
    this.trace(`${run.spec.name}: exit recorded`);
    this.o.notice(`${run.spec.name} exited with code ${exitCode ?? 'unknown'}${reason === undefined ? '' : ` (${reason})`}`);
    if (!this.stopping) {
      const decision = stopForContainerExit(run.spec);
      if (decision !== undefined) this.requestStop(decision, run.spec.name);
    }
    run.markDone();
    this.wake();
  }

  /** Says where the container's published ports are on this machine (awsvpc: on the namespace owner). */
  private async announcePorts(run: Run): Promise<void> {
    if (run.spec.ports.length === 0) return;
    const hostMode = this.spec.networkMode === 'host';
    const holder = this.spec.networkMode === 'awsvpc' ? (this.o.pauseId ?? run.dockerId) : run.dockerId;
    const published = hostMode || holder === undefined ? [] : ((await this.o.engine.inspect(holder).catch(() => undefined))?.ports ?? []);
    const lines = publishedPortLines(run.spec.name, run.spec.ports, published, hostMode, this.o.engine.profile.publishedHost);
    for (const line of lines) this.o.notice(line);
  }

  private async pollHealth(): Promise<void> {
    const checked = this.runs.filter((r) => r.phase === 'running' && r.spec.hasHealthCheck && r.dockerId !== undefined);
    await Promise.all(
      checked.map(async (run) => {
        let health = run.probe?.probe.status;
        if (run.probe === undefined) {
          const details = await this.o.engine.inspect(run.dockerId ?? '').catch(() => undefined);
          // Docker 20.10 reports a stopped container `unhealthy`: only a running one's health counts,
          // and a container keeps the health it had when it exited [INF].
          health = details?.state.running === true ? details.state.health : undefined;
        }
        if (health === undefined || run.phase !== 'running') return;
        if (health !== run.state.health && health !== 'starting') this.o.notice(`${run.spec.name} is ${health}`);
        run.state.health = health;
      }),
    );
  }

  /** Stops what runs, dependents first, each with its stopTimeout; containers not started never will. */
  private async shutdown(): Promise<void> {
    this.state.lastStatus = 'STOPPING';
    this.state.stoppingAt = new Date(this.o.clock.now());
    for (const run of this.runs) if (run.phase === 'pending') this.neverRuns(run);
    const reason = this.state.stoppedReason ?? '';
    if (this.state.stopCode !== EcsTaskLifecycle.stopCode.taskFailedToStart) {
      this.o.notice(`stopping the task: ${reason}${this.state.stoppedBy ? ` (${this.state.stoppedBy})` : ''}`);
    }
    for (;;) {
      const running = new Set(this.runs.filter((r) => r.phase === 'running').map((r) => r.spec.name));
      if (running.size === 0) break;
      const wave = shutdownWave(running, this.dependencies);
      await Promise.all(wave.map((name) => this.stopOne(this.byName.get(name))));
    }
    this.state.lastStatus = 'STOPPED';
    this.state.stoppedAt = new Date(this.o.clock.now());
  }

  private async stopOne(run: Run | undefined): Promise<void> {
    if (run === undefined || run.dockerId === undefined) return;
    try {
      if (this.killing) await this.o.engine.kill(run.dockerId);
      else await this.o.engine.stop(run.dockerId, run.spec.stopTimeoutSeconds);
    } catch (err) {
      this.o.notice(`could not stop ${run.spec.name}: ${messageOf(err)}; killing it`);
      await this.o.engine.kill(run.dockerId).catch(() => undefined);
    }
    await run.done;
  }

  private followLogs(run: Run, sinceSeconds?: number): void {
    const { printer } = this.o;
    if (printer === undefined || run.dockerId === undefined || this.o.detach) return;
    const source = { container: run.spec.name, label: this.o.logLabel?.(run.spec) ?? run.spec.name };
    const abort = new AbortController();
    const signal = AbortSignal.any([abort.signal, this.watchers.signal]);
    const done = this.o.engine
      .logs(run.dockerId, true, { signal, sinceSeconds })
      .then((logs) => printer.follow(source, logs.stdout, logs.stderr))
      .catch((err: unknown) => {
        if (!signal.aborted) this.o.notice(`cannot read the logs of ${run.spec.name}: ${messageOf(err)}`);
      });
    run.log = { done, abort };
    this.logStreams.push(done);
  }

  /** Lets the last lines through before containers are removed, without waiting long. */
  private async drainLogs(): Promise<void> {
    await Promise.race([Promise.all(this.logStreams), this.o.clock.sleep(2000)]);
  }

  private wake(): void {
    this.woken = true;
    const wake = this.wakeUp;
    this.wakeUp = undefined;
    wake?.();
  }

  /** Waits `ms`, or less if something happened (an exit, a stop request) since the last wait. */
  private async sleepOrWake(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    const woken = new AbortController();
    const wakeUp = new Promise<void>((resolve) => (this.wakeUp = resolve));
    await Promise.race([wakeUp, this.o.clock.sleep(ms, woken.signal)]);
    woken.abort();
    this.wakeUp = undefined;
    this.woken = false;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The Docker client text ECS puts after a NamedError's name. */
function dockerMessageOf(err: unknown): string {
  return err instanceof DockerApiError ? err.daemonMessage : messageOf(err);
}
