/**
 * `ecs-local check`: resolve every secret of a task definition without Docker and say whether ECS
 * would start the task, with which environment (masked), or the exact stoppedReason it would give.
 */
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import { expectedCalls } from '../secrets/plan.js';
import type { EnvVar } from '../env/types.js';
import type { ResolvedTask } from '../secrets/types.js';
import { MASK, oneLine, table } from '../text/output.js';
import { prepareTask, resolvePrepared, type ResolveCommandOptions } from './prepare.js';

export interface CheckOptions extends ResolveCommandOptions {
  container?: string;
  json?: boolean;
  reveal?: boolean;
  out: Writable;
}

export async function check(opts: CheckOptions): Promise<ResolvedTask> {
  const prepared = await prepareTask(opts);
  const { loaded, backend, context } = prepared;
  const td = prepared.taskDefinition;
  if (opts.container !== undefined && !td.containerDefinitions.some((c) => c.name === opts.container)) {
    throw new UsageError(`no container named "${opts.container}" in ${loaded.file} (containers: ${td.containerDefinitions.map((c) => c.name).join(', ')})`);
  }
  const resolved = await resolvePrepared(prepared, opts);

  const containers = resolved.containers.filter((c) => opts.container === undefined || c.name === opts.container);
  const calls = expectedCalls(resolved.plan);
  // Variables an override set (and no secret hid), shown as such.
  const overridden = (container: string, v: EnvVar) =>
    v.source.kind === 'environment' &&
    (prepared.overrides.containerOverrides ?? []).some((o) => o.name === container && (o.environment ?? []).some((e) => e.name === v.name));
  const show = (v: EnvVar) => (opts.reveal || !isSensitive(v) ? v.value : v.value === '' ? '' : MASK);
  if (opts.json) {
    opts.out.write(
      JSON.stringify({
        status: 'OK',
        family: td.family,
        launchType: context.launchType,
        region: context.region,
        regionFrom: prepared.origins.region,
        accountId: context.accountId,
        accountIdFrom: prepared.origins.accountId,
        backend: backend.description,
        calls,
        containers: containers.map((c) => ({
          name: c.name,
          environment: c.environment.map((v) => ({ name: v.name, value: show(v), ...(overridden(c.name, v) ? { source: 'override' } : sourceFields(v)) })),
        })),
        ...(Object.keys(prepared.overrides).length > 0 && { overrides: prepared.overrides }),
        warnings: resolved.warnings,
      }) + '\n',
    );
    return resolved;
  }
  const rows = containers.flatMap((c) =>
    c.environment.map((v) => [c.name, v.name, overridden(c.name, v) ? 'override' : describeSource(v), oneLine(show(v)) || '(empty)']),
  );
  opts.out.write(table(['CONTAINER', 'VARIABLE', 'SOURCE', 'VALUE'], rows));
  const secretCount = containers.reduce((n, c) => n + c.environment.filter((v) => v.source.kind === 'secret').length, 0);
  const what =
    backend.vault === undefined && backend.kind === 'vault'
      ? 'nothing to resolve (no secrets, parameters, registry credentials or environment files; no vault needed).'
      : `${secretCount} secret(s) resolved from the ${backend.description} with ${calls.getSecretValue} GetSecretValue and ${calls.getParameters} GetParameters call(s).`;
  opts.out.write(`\nOK: ECS would start ${td.family} (${context.launchType}, ${context.region}): ${what}\n`);
  return resolved;
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

function sourceFields(v: EnvVar): Record<string, string> {
  switch (v.source.kind) {
    case 'secret':
      return { source: 'secret', valueFrom: v.source.valueFrom };
    case 'environmentFile':
      return { source: 'environmentFile', file: v.source.file };
    default:
      return { source: v.source.kind };
  }
}
