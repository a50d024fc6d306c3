/**
 * `ecs-local env`: one container's final environment, secrets included, for `docker run --env-file`,
 * a shell, or a program. The user asked for clear text, so it is printed, with a warning on stderr.
 */
import type { Writable } from 'node:stream';
import { UsageError } from '../errors.js';
import type { EnvVar } from '../env/types.js';
import { prepareTask, resolvePrepared, type ResolveCommandOptions } from './prepare.js';

export type EnvFormat = 'dotenv' | 'json' | 'shell';

export interface EnvOptions extends ResolveCommandOptions {
  container?: string;
  format?: EnvFormat;
  out: Writable;
}

export async function env(opts: EnvOptions): Promise<void> {
  const format = opts.format ?? 'dotenv';
  const prepared = await prepareTask(opts);
  const { loaded } = prepared;
  const names = prepared.taskDefinition.containerDefinitions.map((c) => c.name);
  const container = opts.container ?? (names.length === 1 ? names[0] : undefined);
  if (container === undefined) {
    throw new UsageError(`${loaded.file} has ${names.length} containers: choose one with --container (${names.join(', ')})`);
  }
  if (!names.includes(container)) throw new UsageError(`no container named "${container}" in ${loaded.file} (containers: ${names.join(', ')})`);
  const resolved = await resolvePrepared(prepared, opts);
  const vars = resolved.containers.find((c) => c.name === container)?.environment ?? [];
  if (vars.some((v) => v.source.kind === 'secret')) opts.warn('the output holds secret values in clear text; do not commit or log it');
  opts.out.write(render(vars, format, opts.warn));
}

export function render(vars: readonly EnvVar[], format: EnvFormat, warn: (line: string) => void): string {
  switch (format) {
    case 'json':
      return JSON.stringify(Object.fromEntries(vars.map((v) => [v.name, v.value])), null, 2) + '\n';
    case 'shell':
      return vars.map((v) => `export ${v.name}=${shellQuote(v.value)}\n`).join('');
    case 'dotenv':
      return vars
        .map((v) => {
          if (!/[\r\n]/.test(v.value)) return `${v.name}=${v.value}\n`;
          // docker --env-file cannot carry a multi-line value; dotenv's double quotes can.
          warn(`${v.name} spans several lines: written double-quoted, which dotenv reads but docker --env-file does not`);
          return `${v.name}="${v.value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"\n`;
        })
        .join('');
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
