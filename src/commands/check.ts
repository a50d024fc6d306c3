/**
 * `ecs-local check`: resolve every secret of a task definition without Docker and say whether ECS
 * would start the task, with which environment (masked), or the exact stoppedReason it would give.
 */
import type { Writable } from 'node:stream';
import { ExitCode, ReportedError, TaskFailedToStartError, UsageError } from '../errors.js';
import { Fargate } from '../messages.js';
import { expectedCalls } from '../secrets/plan.js';
import type { EnvVar } from '../env/types.js';
import type { ResolvedTask } from '../secrets/types.js';
import type { TaskOverride } from '../taskdef/overrides.js';
import { MASK, oneLine, table } from '../text/output.js';
import { prepareTask, resolvePrepared, type PreparedTask, type ResolveCommandOptions } from './prepare.js';

export interface CheckOptions extends ResolveCommandOptions {
  container?: string;
  json?: boolean;
  reveal?: boolean;
  out: Writable;
}

/** One variable of a container's final environment as `check --json` shows it. */
export interface CheckedVariable {
  name: string;
  /** Masked (`****`) for secrets and environment-file values unless revealed. */
  value: string;
  /** `secret`, `environmentFile`, `environment`, `injected`, `region`, or `override`. */
  source: string;
  valueFrom?: string;
  file?: string;
}

/** ECS would start the task: the environment each container would get, and the calls it takes. */
export interface CheckPassed {
  status: 'OK';
  family: string;
  launchType: string;
  region: string;
  regionFrom: string;
  accountId: string;
  accountIdFrom: string;
  backend: string;
  calls: ReturnType<typeof expectedCalls>;
  containers: { name: string; environment: CheckedVariable[] }[];
  overrides?: TaskOverride;
  warnings: string[];
}

/** ECS would stop the task before starting it; `stoppedReason` is ECS's text, byte for byte. */
export interface CheckStopped {
  lastStatus: 'STOPPED';
  stopCode: string;
  stoppedReason: string;
}

/** What `check --json` prints, and what the library's checkTask returns. */
export type CheckVerdict = CheckPassed | CheckStopped;

export interface CheckOutcome {
  verdict: CheckVerdict;
  /** Our own hint for a stopped task (a near miss in the vault), never part of ECS's text. */
  hint?: string;
  /** For a task ECS would start: the resolved task (for the table). */
  resolved?: ResolvedTask;
  prepared?: PreparedTask;
}

/**
 * The one place the verdict is made, for `check` and for the library: resolves every secret and
 * returns the verdict; a task ECS would not start is a verdict, never a throw. Bad input
 * (ClientException, a missing file) still throws.
 */
export async function checkVerdict(opts: Omit<CheckOptions, 'out' | 'json'>): Promise<CheckOutcome> {
  const prepared = await prepareTask(opts);
  const { loaded, backend, context } = prepared;
  const td = prepared.taskDefinition;
  if (opts.container !== undefined && !td.containerDefinitions.some((c) => c.name === opts.container)) {
    throw new UsageError(`no container named "${opts.container}" in ${loaded.file} (containers: ${td.containerDefinitions.map((c) => c.name).join(', ')})`);
  }
  let resolved: ResolvedTask;
  try {
    resolved = await resolvePrepared(prepared, { warn: opts.warn });
  } catch (err) {
    if (!(err instanceof TaskFailedToStartError)) throw err;
    const verdict: CheckStopped = { lastStatus: 'STOPPED', stopCode: Fargate.stopCode, stoppedReason: err.message };
    return err.hint === undefined ? { verdict } : { verdict, hint: err.hint };
  }
  const containers = resolved.containers.filter((c) => opts.container === undefined || c.name === opts.container);
  // Variables an override set (and no secret hid), shown as such.
  const overridden = (container: string, v: EnvVar) =>
    v.source.kind === 'environment' &&
    (prepared.overrides.containerOverrides ?? []).some((o) => o.name === container && (o.environment ?? []).some((e) => e.name === v.name));
  const verdict: CheckPassed = {
    status: 'OK',
    family: td.family,
    launchType: context.launchType,
    region: context.region,
    regionFrom: prepared.origins.region,
    accountId: context.accountId,
    accountIdFrom: prepared.origins.accountId,
    backend: backend.description,
    calls: expectedCalls(resolved.plan),
    containers: containers.map((c) => ({
      name: c.name,
      environment: c.environment.map((v) => ({ name: v.name, value: shown(v, opts.reveal === true), ...(overridden(c.name, v) ? { source: 'override' } : sourceFields(v)) })),
    })),
    ...(Object.keys(prepared.overrides).length > 0 && { overrides: prepared.overrides }),
    warnings: resolved.warnings,
  };
  return { verdict, resolved, prepared };
}

export async function check(opts: CheckOptions): Promise<void> {
  const outcome = await checkVerdict(opts);
  const { verdict, resolved, prepared } = outcome;
  if (!('status' in verdict) || resolved === undefined || prepared === undefined) {
    const stopped = verdict as CheckStopped;
    if (opts.json) {
      opts.out.write(JSON.stringify(stopped) + '\n');
      throw new ReportedError(ExitCode.TaskFailedToStart, outcome.hint);
    }
    throw new TaskFailedToStartError(stopped.stoppedReason, outcome.hint === undefined ? undefined : { hint: outcome.hint });
  }
  if (opts.json) {
    opts.out.write(JSON.stringify(verdict) + '\n');
    return;
  }
  const { backend, context } = prepared;
  const containers = resolved.containers.filter((c) => opts.container === undefined || c.name === opts.container);
  const sources = new Map(verdict.containers.flatMap((c) => c.environment.map((v) => [`${c.name}\0${v.name}`, v.source] as const)));
  const rows = containers.flatMap((c) =>
    c.environment.map((v) => [c.name, v.name, sources.get(`${c.name}\0${v.name}`) === 'override' ? 'override' : describeSource(v), oneLine(shown(v, opts.reveal === true)) || '(empty)']),
  );
  opts.out.write(table(['CONTAINER', 'VARIABLE', 'SOURCE', 'VALUE'], rows));
  const secretCount = containers.reduce((n, c) => n + c.environment.filter((v) => v.source.kind === 'secret').length, 0);
  const calls = verdict.calls;
  const what =
    backend.vault === undefined && backend.kind === 'vault'
      ? 'nothing to resolve (no secrets, parameters, registry credentials or environment files; no vault needed).'
      : `${secretCount} secret(s) resolved from the ${backend.description} with ${calls.getSecretValue} GetSecretValue and ${calls.getParameters} GetParameters call(s).`;
  opts.out.write(`\nOK: ECS would start ${verdict.family} (${context.launchType}, ${context.region}): ${what}\n`);
}

function shown(v: EnvVar, reveal: boolean): string {
  return reveal || !isSensitive(v) ? v.value : v.value === '' ? '' : MASK;
}

/** Secrets and env-file values are masked unless --reveal; plain `environment` is not secret. */
function isSensitive(v: EnvVar): boolean {
  return v.source.kind === 'secret' || v.source.kind === 'environmentFile';
}

function describeSource(v: EnvVar): string {
  switch (v.source.kind) {
    case 'secret':
      return `secret ${v.source.valueFrom}`;
    case 'environmentFile':
      return `environmentFile ${v.source.file}`;
    case 'environment':
      return 'environment';
    case 'injected':
      return 'injected by ECS';
    case 'region':
      return 'region (injected by ECS)';
  }
}

function sourceFields(v: EnvVar): Pick<CheckedVariable, 'source' | 'valueFrom' | 'file'> {
  switch (v.source.kind) {
    case 'secret':
      return { source: 'secret', valueFrom: v.source.valueFrom };
    case 'environmentFile':
      return { source: 'environmentFile', file: v.source.file };
    default:
      return { source: v.source.kind };
  }
}
