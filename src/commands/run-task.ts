/**
 * One task of `ecs-local run`, from the task definition to its stopped state: resolve every secret
 * first (a failure stops here, before any container exists, exactly as `check`), then the in-task
 * endpoints (credentials and metadata at 169.254.170.2, and the runtime endpoint the task's own
 * Secrets Manager and SSM calls go to), then the task in Docker. Everything opened for the task
 * (endpoints, its `vault serve`, the rotation watch) is closed with it.
 */
import { Writable } from 'node:stream';
import type { ContainerEngine } from '../docker/container-engine.js';
import type { CredentialsMode } from '../endpoints/credential-sources.js';
import type { RoleCredentials } from '../endpoints/credentials.js';
import type { RuntimeEndpoint, RuntimeEndpointFlag } from '../endpoints/runtime-endpoint.js';
import type { Forward } from '../endpoints/sidecar.js';
import { EcsTaskLifecycle } from '../messages.js';
import { colourFor } from '../text/colour.js';
import type { PullPolicy, TaskResult } from '../runtime/task-runner.js';
import type { TaskState } from '../container/task-state.js';
import type { Trace } from '../runtime/trace.js';
import type { TaskOverride } from '../taskdef/overrides.js';
import { prepareTask, resolvePrepared, type ResolveCommandOptions } from './prepare.js';
import { deploymentStop, rotationLine, watchedSecrets, watchForRotation } from './redeploy.js';

export interface RunOptions extends ResolveCommandOptions {
  /** Default `missing`. */
  pull?: PullPolicy;
  /** `--platform`: pull and run every image for this platform (`linux/amd64`, `linux/arm64`), whatever runtimePlatform says. */
  platform?: string;
  /** Task role credentials at 169.254.170.2: fake (default), host, assume-role. */
  credentials?: CredentialsMode;
  /** Where the task's own Secrets Manager and SSM calls go: `vault`, a URL, or `none`; default: the backend's. */
  runtimeEndpoint?: RuntimeEndpointFlag;
  /** Replace the task when a Secrets Manager secret it uses gets a new AWSCURRENT version (local vault only). */
  redeployOnRotation?: boolean;
  quiet?: boolean;
  noLogPrefix?: boolean;
  /** Prefix lines with the awslogs stream name ECS would use instead of the container name. */
  awslogsPrefix?: boolean;
  jsonLogs?: boolean;
  json?: boolean;
  detach?: boolean;
  out: Writable;
  err: Writable;
  /** Aborted on the first Ctrl-C: stop gracefully (SIGTERM, then SIGKILL after stopTimeout). */
  signal?: AbortSignal;
  /** Aborted on the second Ctrl-C: kill everything now. */
  killSignal?: AbortSignal;
  /**
   * A background supervisor's run (`run -d`): told once every container has started, with the live
   * task; the containers' output is not read.
   */
  onRunning?: (task: RunningTask) => void;
  /** More labels for every object of the task (the library's session, for its reaper). */
  labels?: Record<string, string>;
}

/** The task as its supervisor sees it once it runs; `state` is kept up to date until it stops. */
export interface RunningTask {
  state: TaskState;
  overrides: TaskOverride;
  engine: ContainerEngine;
}

/** What the tasks of one run share: decided once, or kept from the task before. */
export interface TaskRunState {
  /** The engine's architecture (Go's GOARCH), asked once; '' when the engine did not say. */
  hostPlatform?: string;
  /** Where the task's own Secrets Manager and SSM calls go. */
  runtime: RuntimeEndpoint;
  trace: Trace;
  /** Docker, connected by the first task and kept for the ones that replace it. */
  engine?: ContainerEngine;
  /** The id of the task this one replaces (`--redeploy-on-rotation`); undefined for the first. */
  replaces?: string;
}

export interface TaskOutcome {
  result: TaskResult;
  /** Stopped by `--redeploy-on-rotation`: a fresh task should take its place. */
  replaced: boolean;
  /** The run's overrides, for describe-tasks output. */
  overrides: TaskOverride;
}

export async function runOneTask(opts: RunOptions, state: TaskRunState): Promise<TaskOutcome> {
  const { trace } = state;
  const first = state.replaces === undefined;
  // Said once per run, not again for each replacement.
  const warnOnce = (line: string): void => {
    if (first) opts.warn(line);
  };
  const say = (line: string): void => {
    opts.err.write(`ecs-local: ${line}\n`);
  };
  const prepared = await prepareTask({ ...opts, forRun: true });
  const { context } = prepared;
  const td = prepared.taskDefinition;
  const [{ effectiveNetworkMode }, { endpointsSupported, planTaskEndpoints }, runtimeEndpoint] = await Promise.all([
    import('../container/build-spec.js'),
    import('../endpoints/task-endpoints.js'),
    import('../endpoints/runtime-endpoint.js'),
  ]);
  const networkMode = effectiveNetworkMode(td, context.launchType);
  const withEndpoints = endpointsSupported(networkMode);
  if (!withEndpoints) {
    warnOnce(
      `networkMode ${networkMode}: the task runs without the credentials and task metadata endpoints (169.254.170.2); ecs-local provides them in awsvpc and bridge modes`,
    );
    if (opts.runtimeEndpoint !== undefined && state.runtime.kind !== 'none') {
      warnOnce('--runtime-endpoint is reached through 169.254.170.2: without it the task gets no AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL_SSM');
    }
  }
  const runtime: RuntimeEndpoint = withEndpoints ? state.runtime : { kind: 'none' };
  const routes = runtimeEndpoint.planRuntimeRoutes(runtime);
  const injection = runtimeEndpoint.planRuntimeInjection(td, routes.variables);
  if (first) for (const line of [...routes.notices, ...injection.notes]) say(line);
  const vault = prepared.backend.vault;

  // ECS injects the endpoint variables before secrets are applied (precedence: secrets win).
  const endpointPlan = withEndpoints ? planTaskEndpoints(td) : undefined;
  const resolved = await resolvePrepared(
    prepared,
    opts,
    endpointPlan ? { injected: (container) => ({ ...endpointPlan.injected(container), ...injection.injected(container) }) } : {},
  );
  trace('secrets: resolved');
  if (state.replaces !== undefined) say(`task ${context.taskId} replaces task ${state.replaces}`);

  // Docker is loaded only now: check, env and failed resolutions never pay for it.
  const [
    { connectDocker },
    { buildTaskSpec },
    { runTask },
    { openTaskEndpoints },
    { credentialSource },
    { sharedEndpointServer },
    { dockerConfigAuth },
  ] = await Promise.all([
    import('../docker/connect.js'),
    import('../container/build-spec.js'),
    import('../runtime/task-runner.js'),
    import('../endpoints/task-endpoints.js'),
    import('../endpoints/credential-sources.js'),
    import('../endpoints/server.js'),
    import('../docker/docker-credentials.js'),
  ]);
  if (state.engine === undefined) {
    state.engine = await connectDocker(opts.env);
    // What the engine warns of when creating the task's containers (limits it ignores, say).
    state.engine.onWarning(opts.warn);
  }
  const engine = state.engine;
  trace('docker: connected');
  // The engine's architecture decides whether the task's runtimePlatform needs emulation.
  state.hostPlatform ??= await engine.version().then(
    (v) => v.arch,
    () => '',
  );
  const spec = buildTaskSpec(resolved, {
    cwd: opts.cwd,
    ...(state.hostPlatform !== '' ? { hostPlatform: state.hostPlatform } : {}),
    ...(opts.platform !== undefined ? { platform: opts.platform } : {}),
  });
  for (const w of spec.warnings) warnOnce(w);

  const closers: (() => unknown)[] = [];
  try {
    let extraForwards: readonly Forward[] | (() => Promise<readonly Forward[]>) = routes.forwards;
    let register: ((credentials: RoleCredentials) => void) | undefined;
    if (runtime.kind === 'vault' && vault !== undefined) {
      const { IssuedKeys } = await import('../serve/callers.js');
      const callers = new IssuedKeys();
      // The task's keys, secret and token included: its `vault serve` answers only requests they
      // sign (AWS's errors for any other), as the task's own caller for IAM.
      register = (c) =>
        callers.register(c.accessKeyId, { roleArn: c.roleArn, sessionName: context.taskId }, { secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration });
      // The task's own `vault serve`, where its forwarder reaches this host, as the endpoint server:
      // started while the task's endpoints are set up. Its closer is there before it starts: a
      // failure elsewhere can close the run while it is still starting, and a server left listening
      // would keep a library caller's process from ending.
      let serving: Promise<{ close(): Promise<void>; url: string }> | undefined;
      closers.push(async () => (await serving?.catch(() => undefined))?.close());
      extraForwards = async () => {
        serving ??= (async () => {
          const { startVaultServer } = await import('../serve/server.js');
          const { address } = await sharedEndpointServer(engine);
          return startVaultServer({ vaultFile: vault.file, env: opts.env, host: address, callers, verifySignatures: callers, warn: opts.warn });
        })();
        const server = await serving;
        return [...routes.forwards, { listenPort: runtimeEndpoint.VAULT_RUNTIME_PORT, hostPort: Number(new URL(server.url).port) }];
      };
      if (first && !opts.quiet) {
        say(`the task's Secrets Manager and SSM calls go to ${routes.variables[runtimeEndpoint.RUNTIME_ENDPOINT_VARIABLES.secretsManager]} (vault serve over ${vault.file})`);
      }
    }

    // The task role's credentials are fetched now: a refusal stops the run before any container exists.
    const endpoints = endpointPlan
      ? await openTaskEndpoints({
          engine,
          resolved,
          spec,
          plan: endpointPlan,
          // [INF] A URL runtime endpoint is taken for LocalStack: its keys carry the task's account,
          // which LocalStack reads from the key id (other AWS-compatible servers ignore the form).
          credentials: credentialSource(opts.credentials ?? 'fake', context.region, runtime.kind === 'urls' ? { localStackAccount: context.accountId } : {}),
          env: opts.env,
          extraForwards,
          ...(register ? { onCredentials: register } : {}),
        })
      : undefined;
    if (endpoints) {
      closers.push(() => endpoints.close());
      trace('endpoints: open');
    }

    const redeploy = new AbortController();
    if (opts.redeployOnRotation === true && vault !== undefined) {
      const watch = watchForRotation({
        baseline: vault,
        // The versions the task was given: a rotation from then on replaces it.
        secrets: watchedSecrets(resolved.plan),
        env: opts.env,
        onRotation: (rotations) => {
          say(rotationLine(rotations, context.taskId));
          redeploy.abort(deploymentStop());
        },
        onError: (message) => opts.warn(`--redeploy-on-rotation cannot read the vault now (${message}); still watching`),
      });
      closers.push(() => watch.close());
    }
    const signal = opts.signal ? AbortSignal.any([opts.signal, redeploy.signal]) : redeploy.signal;

    const logs = opts.quiet || opts.json ? new Writable({ write: (_c, _e, cb) => cb() }) : opts.out;
    const result = await runTask(spec, {
      engine,
      out: logs,
      err: opts.err,
      signal,
      killSignal: opts.killSignal,
      sidecars: endpoints?.sidecars,
      // Images without repositoryCredentials are pulled with the docker CLI's login, if any.
      registryAuth: dockerConfigAuth({ env: opts.env, warn: opts.warn }),
      trace,
      options: {
        pull: opts.pull ?? 'missing',
        logMode: opts.jsonLogs ? 'json' : opts.noLogPrefix ? 'plain' : 'prefixed',
        logPrefix: opts.awslogsPrefix === true ? 'stream' : 'container',
        colour: colourFor(logs as { isTTY?: boolean }, opts.env),
        followLogs: opts.onRunning === undefined,
        context,
        ...(opts.labels !== undefined ? { labels: opts.labels } : {}),
      },
      ...(opts.onRunning ? { onRunning: (taskState: TaskState) => opts.onRunning?.({ state: taskState, overrides: prepared.overrides, engine }) } : {}),
    });
    return { result, replaced: result.stopCode === EcsTaskLifecycle.stopCode.serviceSchedulerInitiated, overrides: prepared.overrides };
  } finally {
    for (const close of closers.reverse()) await close();
  }
}
