/**
 * `runTask`: everything from a TaskSpec to a stopped (and removed) task. Images are made present
 * first, then the task's volumes, its pause container and its sidecars (the ECS endpoints), then the
 * containers under the lifecycle rules. Whatever was created is removed at the end, also on
 * failure, where the ORIGINAL error is rethrown; a detached run leaves the task running for
 * `ecs-local ps/stop/down`.
 */
import type { Writable } from 'node:stream';
import type { ContainerSpec, TaskSpec } from '../container/spec.js';
import { taskExitCode, type StopCode, type StopDecision, type TaskLastStatus, type TaskState } from '../container/task-state.js';
import { DockerApiError, type ContainerEngine, type RegistryCredentials } from '../docker/container-engine.js';
import { Label, objectLabels } from '../docker/labels.js';
import { ensurePauseImage } from '../docker/pause-image.js';
import { ExitCode, InterruptedError, TaskFailedToStartError } from '../errors.js';
import { EcsContainerErrors, EcsTaskLifecycle } from '../messages.js';
import type { TaskContext } from '../secrets/types.js';
import { removeInWaves } from './cleanup.js';
import { systemClock, type Clock } from './clock.js';
import { TaskSupervisor, type NamespaceHooks } from './lifecycle.js';
import { colourFor } from '../text/colour.js';
import { LogPrinter, type LogMode } from './logs.js';
import { claimHolder, releaseHolder, type Holder } from './namespace-pool.js';
import { needsPause, pauseCreateOptions, poolableNamespace } from './network.js';
import { PullProgressRenderer } from './pull-progress.js';
import { noTrace, type Trace } from './trace.js';

export type PullPolicy = 'always' | 'missing' | 'never';

export interface RunTaskOptions {
  pull: PullPolicy;
  /** `prefixed` (default output), `plain` (`--no-log-prefix`), `json` (`--json-logs`). */
  logMode: LogMode;
  /** What prefixes a line: the container name (default, as compose), or its awslogs stream name when it has one. */
  logPrefix?: 'container' | 'stream';
  /** Colour the prefixes; default: text/colour.ts's decision for `out` and this process's environment. */
  colour?: boolean;
  /** Return once every container has started, leaving the task running. */
  detach?: boolean;
  /**
   * Run an awsvpc task that allows it (network.ts `poolableNamespace`) in a warm namespace of the
   * engine's pool, on Docker (namespace-pool.ts); default true. Podman gains nothing from it (its
   * exit report, not the namespace, is the slow part there) and keeps a pause container per task.
   */
  reuseNamespaces?: boolean;
  /** Follow the containers' output into `out` (default); false: do not read it (a background supervisor). */
  followLogs?: boolean;
  /** For the describe-tasks view (ARNs); default: a local context named after the task id. */
  context?: TaskContext;
  /** Recorded on every object as `ecs-local.owner-pid`; default: this process. */
  ownerPid?: number;
  /** More labels for every object of the task (the library's session). */
  labels?: Record<string, string>;
}

/** What a task's sidecars get while the task is set up. */
export interface SidecarContext {
  /**
   * The pause container (awsvpc, or task pid/ipc namespaces), once it runs: it is set up while the
   * sidecars are; undefined when the task has none.
   */
  pause: Promise<string | undefined>;
  /** When the images were being made present (task metadata's PullStartedAt / PullStoppedAt). */
  pullStartedAt: Date;
  pullStoppedAt: Date;
}

export interface AttachedSidecars {
  /**
   * Closes what the sidecars set up for the task's namespace owner (its routes on the endpoints
   * network), once the task's containers are gone: a pooled holder goes back only after it.
   */
  release?: () => Promise<void>;
  /**
   * What the sidecars do with each container that owns a network namespace of the task (a bridge
   * container, the one container of an awsvpc task without a pause container); undefined for others.
   */
  ownNamespace?: (container: string) => NamespaceHooks | undefined;
}


/**
 * Containers a task needs next to its own, set up after the pause container and before the first
 * task container (the ECS endpoints: credentials and task metadata), removed with the task.
 */
export interface TaskSidecars {
  /**
   * A network each namespace owner (the pause container) joins before it starts: the engine's
   * endpoints network, where 169.254.170.2 answers.
   */
  ownerNetwork?(): Promise<string>;
  attach(task: TaskSpec, context: SidecarContext): Promise<AttachedSidecars>;
  /** The running task, once its supervisor exists. */
  observe?(view: { readonly state: TaskState; restarts(): Record<string, number> }): void;
}

export interface RunTaskDeps {
  engine: ContainerEngine;
  /** Container output. */
  out: Writable;
  /** ecs-local's own status lines. */
  err: Writable;
  /**
   * First abort: graceful stop (SIGTERM, then SIGKILL after each stopTimeout). Aborted with a
   * StopDecision as reason (a redeployment), the task records it instead of "Task stopped by user".
   */
  signal?: AbortSignal;
  /** Abort to SIGKILL everything at once (the second Ctrl-C). */
  killSignal?: AbortSignal;
  clock?: Clock;
  options: RunTaskOptions;
  sidecars?: TaskSidecars;
  /**
   * Credentials for pulling an image whose container has no `repositoryCredentials` (the docker
   * CLI's config); none when absent.
   */
  registryAuth?: (image: string) => Promise<RegistryCredentials | undefined>;
  /** Timestamps of each step (ECS_LOCAL_TRACE). */
  trace?: Trace;
  /** Told once every container has started, with the live task state (kept up to date until the task stops). */
  onRunning?: (state: TaskState) => void;
}

export interface ContainerResult {
  name: string;
  essential: boolean;
  dockerName: string;
  dockerId?: string;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  health: 'healthy' | 'unhealthy' | 'starting' | 'none';
  restarts: number;
}

export interface TaskResult {
  taskId: string;
  family: string;
  revision: number;
  lastStatus: TaskLastStatus;
  stopCode?: StopCode;
  stoppedReason?: string;
  /** The essential container whose exit (or failure to run) stopped the task. */
  stoppedBy?: string;
  /** What `ecs-local run` exits with (see `runExitCode`). */
  exitCode: number;
  containers: ContainerResult[];
  /** For `renderDescribeTasks` (task-state.ts). */
  state: TaskState;
}

/**
 * The process exit code of a run. [INF] The essential container's code when containers ended the
 * task (task-state.ts `taskExitCode`); 130 when the user stopped it; 3 when it failed to start; 1
 * when an essential container ended the task without an exit code (it never ran); 0 while running
 * (detached).
 */
export function runExitCode(state: TaskState): number {
  if (state.stopCode === EcsTaskLifecycle.stopCode.userInitiated) return ExitCode.Interrupted;
  if (state.stopCode === EcsTaskLifecycle.stopCode.taskFailedToStart) return ExitCode.TaskFailedToStart;
  const code = taskExitCode(state);
  if (code !== undefined) return code;
  return state.lastStatus === 'STOPPED' ? 1 : 0;
}

interface Created {
  pauseId?: string;
  /** The pool's holder owning the task's namespace (pauseId is its id). */
  holder?: Holder;
  attached?: AttachedSidecars;
  volumes: string[];
  supervisor?: TaskSupervisor;
}

export async function runTask(spec: TaskSpec, deps: RunTaskDeps): Promise<TaskResult> {
  const { engine, options } = deps;
  const clock = deps.clock ?? systemClock;
  const trace = deps.trace ?? noTrace;
  const notice = (line: string): void => {
    deps.err.write(`ecs-local: ${line}\n`);
  };
  // Every object also records which process owns it, so leftovers of a killed run can be told apart.
  const task: TaskSpec = { ...spec, labels: { ...spec.labels, ...options.labels, [Label.ownerPid]: String(options.ownerPid ?? process.pid) } };
  // A holder outlives the process that claimed it only in the pool: a detached run's would not.
  if (
    options.reuseNamespaces !== false &&
    options.detach !== true &&
    engine.profile.kind === 'docker' &&
    deps.sidecars?.ownerNetwork !== undefined &&
    poolableNamespace(task)
  ) {
    task.pooledNamespace = true;
  }
  const created: Created = { volumes: [] };
  let failed = false;
  const interrupted = (): InterruptedError => new InterruptedError('Interrupted before the task started; nothing is left running.');

  try {
    const pullStartedAt = new Date(clock.now());
    trace('images: start');
    await prepareImages(task.containers, deps, notice);
    const pullStoppedAt = new Date(clock.now());
    trace('images: done');
    if (deps.signal?.aborted) throw interrupted();
    await prepareVolumes(task, engine, created);
    trace('volumes: done');
    // The pause container and the sidecars are set up at once; both are let finish before a
    // failure is thrown, so that nothing is created after the task's cleanup ran.
    const pause = task.pooledNamespace === true ? claimPooled(deps, created, trace) : needsPause(task) ? startPause(task, deps, created, trace) : Promise.resolve(undefined);
    const [paused, sidecars] = await Promise.allSettled([
      pause,
      deps.sidecars?.attach(task, {
        pause,
        pullStartedAt,
        pullStoppedAt,
      }),
    ]);
    if (paused.status === 'rejected') throw paused.reason;
    if (sidecars.status === 'rejected') throw sidecars.reason;
    const attached = sidecars.value;
    created.attached = attached;
    if (deps.sidecars) trace('sidecars: attached');
    if (deps.signal?.aborted) throw interrupted();

    const logLabel = (c: ContainerSpec): string => (options.logPrefix === 'stream' ? (c.logStream ?? c.name) : c.name);
    const printer = new LogPrinter(deps.out, {
      mode: options.logMode,
      colour: options.colour ?? colourFor(deps.out as { isTTY?: boolean }, process.env),
      sources: task.containers.map((c) => ({ container: c.name, label: logLabel(c) })),
    });
    const supervisor = new TaskSupervisor(task, {
      engine,
      clock,
      context: options.context ?? localContext(task),
      pauseId: created.pauseId,
      ownNamespace: attached?.ownNamespace,
      ...(options.followLogs === false ? {} : { printer }),
      logLabel,
      notice,
      detach: options.detach === true,
      trace,
      ...(deps.onRunning ? { onRunning: () => deps.onRunning?.(supervisor.state) } : {}),
    });
    created.supervisor = supervisor;
    deps.sidecars?.observe?.(supervisor);
    const onAbort = (): void => supervisor.requestStop(stopDecisionOf(deps.signal?.reason));
    const onKill = (): void => supervisor.kill();
    deps.signal?.addEventListener('abort', onAbort, { once: true });
    deps.killSignal?.addEventListener('abort', onKill, { once: true });
    // An abort that came while the task was being prepared fires no event any more.
    if (deps.killSignal?.aborted) onKill();
    else if (deps.signal?.aborted) onAbort();
    try {
      await supervisor.run();
      trace('task: stopped');
    } finally {
      deps.signal?.removeEventListener('abort', onAbort);
      deps.killSignal?.removeEventListener('abort', onKill);
    }
    return toResult(task, supervisor);
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    // Detached, a task that got to run is left running; one that already stopped is removed as usual.
    const leftRunning = !failed && options.detach === true && created.supervisor?.state.lastStatus !== 'STOPPED';
    if (!leftRunning) {
      await removeTask(engine, created, notice, !failed);
      trace('task: removed');
    }
  }
}

/** Creates and starts the task's pause container, joined to the sidecars' network. */
async function startPause(task: TaskSpec, deps: RunTaskDeps, created: Created, trace: Trace): Promise<string> {
  const { engine } = deps;
  const [image, network] = await Promise.all([ensurePauseImage(engine), deps.sidecars?.ownerNetwork?.()]);
  // [INF] The engine refusing the pause container (an engine that cannot make a network namespace,
  // as a rootless Podman without its netns) stops the task as its first container would.
  const refused = (text: (m: string) => string) => (err: unknown) => {
    if (!(err instanceof DockerApiError)) throw err;
    throw new TaskFailedToStartError(text(err.daemonMessage), { cause: err });
  };
  created.pauseId = await engine.createContainer(pauseCreateOptions(task, image)).catch(refused(EcsContainerErrors.cannotCreateContainer));
  if (network !== undefined && task.networkMode === 'awsvpc') {
    await engine.connectNetwork(network, created.pauseId).catch(refused(EcsContainerErrors.cannotCreateContainer));
  }
  await engine.start(created.pauseId).catch(refused(EcsContainerErrors.cannotStartContainer));
  trace('pause container: started');
  return created.pauseId;
}

/**
 * Claims a running holder of the engine's pool for the task's namespace (a new one when none waits).
 * Refused by the engine, it stops the task as its pause container would.
 */
async function claimPooled(deps: RunTaskDeps, created: Created, trace: Trace): Promise<string> {
  const { engine } = deps;
  const ownerNetwork = deps.sidecars?.ownerNetwork;
  if (ownerNetwork === undefined) throw new Error('a pooled namespace without the endpoints network');
  const holderSetup = async () => {
    const [image, network] = await Promise.all([ensurePauseImage(engine), ownerNetwork()]);
    return { image, network };
  };
  created.holder = await claimHolder({ engine, holderSetup }).catch((err: unknown) => {
    if (!(err instanceof DockerApiError)) throw err;
    throw new TaskFailedToStartError(EcsContainerErrors.cannotStartContainer(err.daemonMessage), { cause: err });
  });
  created.pauseId = created.holder.id;
  trace(created.holder.warm ? 'namespace: warm holder' : 'namespace: new holder');
  return created.holder.id;
}

/** A context for ARNs when the caller has none. [INF] account 000000000000, us-east-1, cluster "default". */
function localContext(task: TaskSpec): TaskContext {
  return { taskId: task.taskId, region: 'us-east-1', accountId: '000000000000', launchType: 'FARGATE', cluster: 'default' };
}

/**
 * Makes every image present, by the pull policy, before any container is created. [INF] ECS pulls
 * per container as it starts; pulling up front fails a task before anything ran, which is what a
 * CannotPullContainerError on Fargate looks like (stopCode TaskFailedToStart).
 */
async function prepareImages(containers: readonly ContainerSpec[], deps: RunTaskDeps, notice: (line: string) => void): Promise<void> {
  const { engine } = deps;
  const policy = deps.options.pull;
  const seen = new Set<string>();
  for (const container of containers) {
    if (seen.has(container.image)) continue;
    seen.add(container.image);
    if (policy !== 'always' && (await engine.imageExists(container.image))) continue;
    if (policy === 'never') {
      throw new TaskFailedToStartError(EcsContainerErrors.cannotPullContainer(EcsContainerErrors.noSuchImage(container.image)));
    }
    // The task definition's repositoryCredentials win, as on ECS; the docker CLI's login is a local extra.
    const auth = container.registryAuth ?? (await deps.registryAuth?.(container.image));
    notice(`pulling ${container.image}`);
    const stderr = deps.err as { isTTY?: boolean; columns?: number };
    const progress = new PullProgressRenderer({ tty: stderr.isTTY === true, columns: stderr.columns });
    await engine.pullImage(
      container.image,
      auth,
      (event) => {
        const text = progress.update(event);
        if (text !== '') deps.err.write(text);
      },
      container.create.platform,
    );
  }
}

/** Creates task-scoped volumes; makes sure shared ones exist (creating them only with autoprovision). */
async function prepareVolumes(task: TaskSpec, engine: ContainerEngine, created: Created): Promise<void> {
  for (const volume of task.volumes) {
    if (volume.scope === 'task') {
      const labels = { ...volume.labels, ...objectLabels(task.labels, 'volume') };
      await engine.createVolume(volume.dockerName, labels, volume.driver, volume.driverOpts);
      created.volumes.push(volume.dockerName);
      continue;
    }
    if (await engine.volumeExists(volume.dockerName)) continue;
    if (!volume.autoprovision) {
      // [INF] our wording: ECS reports a missing shared volume only in the agent's log.
      throw new TaskFailedToStartError(
        `The shared Docker volume "${volume.dockerName}" (task volume "${volume.name}") does not exist and autoprovision is false: create it with \`docker volume create ${volume.dockerName}\` or set dockerVolumeConfiguration.autoprovision to true.`,
      );
    }
    await engine.createVolume(volume.dockerName, volume.labels, volume.driver, volume.driverOpts);
  }
}

/**
 * Removes the task's containers, its pause container and its task volumes; reports, never throws.
 * A pooled holder goes back to the pool when the task ended without failure (`clean`) and all its
 * containers and routes are gone; else it is removed too.
 */
async function removeTask(engine: ContainerEngine, created: Created, notice: (line: string) => void, clean: boolean): Promise<void> {
  let reuse = clean;
  const report = (what: string) => (err: unknown) => {
    reuse = false;
    notice(`could not remove ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };
  const ids = created.supervisor?.containerIds() ?? [];
  const holder = created.holder;
  // A pooled holder is not removed with the task's containers: it goes back once they and the
  // task's route are gone.
  const pauseId = holder === undefined ? created.pauseId : undefined;
  // Docker: all at once, as it removes a namespace's owner while containers that joined it (stopped,
  // or killed by the same forced removal) are still there. Podman: first the containers that joined
  // the pause container's namespaces, then the pause container. Volumes go once nothing uses them.
  const what = (id: string): string => (id === pauseId ? 'the pause container' : `container ${id.slice(0, 12)}`);
  await removeInWaves(engine, [ids, pauseId === undefined ? [] : [pauseId]], (id) =>
    engine.remove(id, { force: true, volumes: true }).catch(report(what(id))),
  );
  if (holder !== undefined) {
    await created.attached?.release?.().catch(() => {
      reuse = false;
    });
    await releaseHolder(engine, holder, reuse).catch(report("the task's namespace holder"));
  }
  await Promise.all(created.volumes.map((name) => engine.removeVolume(name).catch(report(`volume ${name}`))));
}

function toResult(task: TaskSpec, supervisor: TaskSupervisor): TaskResult {
  const state = supervisor.state;
  const restarts = supervisor.restarts();
  const containers = task.containers.map((spec, i): ContainerResult => {
    const c = state.containers[i];
    const result: ContainerResult = {
      name: spec.name,
      essential: spec.essential,
      dockerName: spec.dockerName,
      lastStatus: c?.lastStatus ?? 'PENDING',
      health: c?.health ?? 'none',
      restarts: restarts[spec.name] ?? 0,
    };
    if (c?.runtimeId !== undefined) result.dockerId = c.runtimeId;
    if (c?.exitCode !== undefined) result.exitCode = c.exitCode;
    if (c?.reason !== undefined) result.reason = c.reason;
    return result;
  });
  const result: TaskResult = {
    taskId: task.taskId,
    family: task.family,
    revision: task.revision,
    lastStatus: state.lastStatus,
    exitCode: runExitCode(state),
    containers,
    state,
  };
  if (state.stopCode !== undefined) result.stopCode = state.stopCode;
  if (state.stoppedReason !== undefined) result.stoppedReason = state.stoppedReason;
  if (state.stoppedBy !== undefined) result.stoppedBy = state.stoppedBy;
  return result;
}

/** The StopDecision an abort carries as its reason, if it carries one. */
function stopDecisionOf(reason: unknown): StopDecision | undefined {
  if (typeof reason !== 'object' || reason === null) return undefined;
  const r = reason as Partial<StopDecision>;
  return typeof r.stopCode === 'string' && typeof r.stoppedReason === 'string' ? { stopCode: r.stopCode, stoppedReason: r.stoppedReason } : undefined;
}
