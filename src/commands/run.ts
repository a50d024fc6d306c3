/**
 * `ecs-local run`: resolve every secret first (a failure stops here, before any container exists,
 * exactly as `check`), then start the task in Docker the way ECS does and end with its result.
 */
import { Writable } from 'node:stream';
import { parseCredentialsMode } from '../endpoints/credential-sources.js';
import { ReportedError, UsageError } from '../errors.js';
import { prepareTask, resolvePrepared, type ResolveCommandOptions } from './prepare.js';

export interface RunOptions extends ResolveCommandOptions {
  pull?: string;
  /** Task role credentials at 169.254.170.2: fake (default), host, assume-role. */
  credentials?: string;
  quiet?: boolean;
  noLogPrefix?: boolean;
  jsonLogs?: boolean;
  json?: boolean;
  detach?: boolean;
  out: Writable;
  err: Writable;
  /** Aborted on the first Ctrl-C: stop gracefully (SIGTERM, then SIGKILL after stopTimeout). */
  signal?: AbortSignal;
  /** Aborted on the second Ctrl-C: kill everything now. */
  killSignal?: AbortSignal;
}

export async function run(opts: RunOptions): Promise<void> {
  const pull = parsePull(opts.pull);
  const credentialsMode = parseCredentialsMode(opts.credentials);
  const prepared = await prepareTask(opts);
  const { context } = prepared;
  const td = prepared.loaded.taskDefinition;
  const [{ effectiveNetworkMode }, { endpointsSupported, planTaskEndpoints }] = await Promise.all([
    import('../container/build-spec.js'),
    import('../endpoints/task-endpoints.js'),
  ]);
  const networkMode = effectiveNetworkMode(td, context.launchType);
  // [INF] The endpoints live in this process: a detached task, which outlives it, runs without them.
  const withEndpoints = endpointsSupported(networkMode) && opts.detach !== true;
  if (!withEndpoints) {
    opts.warn(
      opts.detach === true
        ? 'detached tasks run without the credentials and task metadata endpoints (169.254.170.2): the ecs-local process serves them'
        : `networkMode ${networkMode}: the task runs without the credentials and task metadata endpoints (169.254.170.2); ecs-local provides them in awsvpc and bridge modes`,
    );
  }
  // ECS injects the endpoint variables before secrets are applied (precedence: secrets win).
  const endpointPlan = withEndpoints ? planTaskEndpoints(td) : undefined;
  const resolved = await resolvePrepared(prepared, opts, endpointPlan ? { injected: endpointPlan.injected } : {});

  // Docker is loaded only now: check, env and failed resolutions never pay for it.
  const [{ connectDocker }, { buildTaskSpec }, { runTask }, { renderDescribeTasks }, { shouldColour }, { openTaskEndpoints }, { credentialSource }] =
    await Promise.all([
      import('../docker/connect.js'),
      import('../container/build-spec.js'),
      import('../runtime/task-runner.js'),
      import('../container/task-state.js'),
      import('../runtime/logs.js'),
      import('../endpoints/task-endpoints.js'),
      import('../endpoints/credential-sources.js'),
    ]);
  const spec = buildTaskSpec(resolved, { cwd: opts.cwd });
  for (const w of spec.warnings) opts.warn(w);
  const engine = await connectDocker(opts.env);

  // The task role's credentials are fetched now: a refusal stops the run before any container exists.
  const endpoints = endpointPlan
    ? await openTaskEndpoints({
        engine,
        resolved,
        spec,
        plan: endpointPlan,
        credentials: credentialSource(credentialsMode, context.region),
        env: opts.env,
      })
    : undefined;

  const logs = opts.quiet || opts.json ? new Writable({ write: (_c, _e, cb) => cb() }) : opts.out;
  const result = await runTask(spec, {
    engine,
    out: logs,
    err: opts.err,
    signal: opts.signal,
    killSignal: opts.killSignal,
    sidecars: endpoints?.sidecars,
    options: {
      pull,
      logMode: opts.jsonLogs ? 'json' : opts.noLogPrefix ? 'plain' : 'prefixed',
      colour: shouldColour(logs as { isTTY?: boolean }, opts.env),
      detach: opts.detach === true,
      context,
    },
  }).finally(() => endpoints?.close());

  if (opts.detach) {
    opts.out.write(`${result.taskId}\n`);
    return;
  }
  if (opts.json) opts.out.write(renderDescribeTasks(result.state) + '\n');
  else {
    const summary = result.containers
      .map((c) => `${c.name}=${c.exitCode === undefined ? '-' : c.exitCode}${c.essential ? '' : ' (non-essential)'}`)
      .join(', ');
    opts.err.write(`ecs-local: task ${result.taskId} ${result.lastStatus}: ${result.stoppedReason ?? 'no reason'} [${summary}]\n`);
  }
  if (result.exitCode !== 0) throw new ReportedError(result.exitCode);
}

function parsePull(value: string | undefined): 'always' | 'missing' | 'never' {
  const v = value ?? 'missing';
  if (v === 'always' || v === 'missing' || v === 'never') return v;
  throw new UsageError(`--pull must be always, missing or never, got "${v}"`);
}
