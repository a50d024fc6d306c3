/**
 * The overrides of one run, from the command line: `--overrides` with RunTask's JSON (inline, or
 * `file://path` as the AWS CLI reads it), and the short forms for one container (`--command`,
 * `-e NAME=VALUE`, `--env-file FILE`, `--container NAME`). Returns one TaskOverride, checked against
 * the task definition with RunTask's rules.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { parseEnvFileFargate } from '../env/envfile.js';
import { fileProblem } from '../files/problem.js';
import { parseJson } from '../json/parse.js';
import { checkOverrides, overridesFromJson, type ContainerOverride, type TaskOverride } from '../taskdef/overrides.js';
import type { TaskDefinition } from '../taskdef/types.js';

export interface OverrideFlags {
  /** `--overrides`: RunTask's TaskOverride JSON, or `file://path`. */
  overrides?: string;
  /** `--command`: a JSON array, or words split as a shell would. */
  command?: string;
  /** `-e NAME=VALUE` (or `-e NAME`: the value of NAME here), repeatable. */
  env?: readonly string[];
  /** `--env-file FILE`: NAME=VALUE lines, as `docker run --env-file`, repeatable. */
  envFile?: readonly string[];
  /** Which container the short forms apply to (needed when the task has several). */
  container?: string;
}

export function hasOverrides(flags: OverrideFlags | undefined): boolean {
  return flags !== undefined && (flags.overrides !== undefined || hasShortForms(flags));
}

function hasShortForms(flags: OverrideFlags): boolean {
  return flags.command !== undefined || (flags.env?.length ?? 0) > 0 || (flags.envFile?.length ?? 0) > 0;
}

/** The run's overrides, checked against `td` (InvalidParameterException as RunTask). */
export function readOverrides(
  flags: OverrideFlags | undefined,
  td: TaskDefinition,
  io: { cwd: string; env: NodeJS.ProcessEnv; warn: (line: string) => void; file: string },
): TaskOverride {
  let overrides: TaskOverride = {};
  if (flags?.overrides !== undefined) {
    const { text, source } = overridesText(flags.overrides, io.cwd);
    const parsed = overridesFromJson(parseJson(text, source), source);
    for (const w of parsed.warnings) io.warn(w);
    overrides = parsed.overrides;
  }
  if (flags !== undefined && hasShortForms(flags)) {
    const names = td.containerDefinitions.map((c) => c.name);
    const container = flags.container ?? (names.length === 1 ? names[0] : undefined);
    if (container === undefined) {
      throw new UsageError(`${io.file} has ${names.length} containers: say which one --command, -e and --env-file apply to with --container (${names.join(', ')})`);
    }
    overrides = withShortForms(overrides, container, shortForms(flags, io));
  }
  checkOverrides(td, overrides);
  return overrides;
}

/**
 * [INF] The short forms go into the container's override after the `--overrides` JSON: `--command`
 * replaces its command, `-e` and `--env-file` add to its environment (the file first, then `-e`).
 */
export function withShortForms(overrides: TaskOverride, container: string, extra: Omit<ContainerOverride, 'name'>): TaskOverride {
  const list = [...(overrides.containerOverrides ?? [])];
  const i = list.findIndex((o) => o.name === container);
  const base: ContainerOverride = i >= 0 ? (list[i] ?? { name: container }) : { name: container };
  const merged: ContainerOverride = {
    ...base,
    ...(extra.command !== undefined && { command: extra.command }),
    ...(extra.environment !== undefined && { environment: [...(base.environment ?? []), ...extra.environment] }),
  };
  if (i >= 0) list[i] = merged;
  else list.push(merged);
  return { ...overrides, containerOverrides: list };
}

function shortForms(flags: OverrideFlags, io: { cwd: string; env: NodeJS.ProcessEnv; warn: (line: string) => void }): Omit<ContainerOverride, 'name'> {
  const environment = [
    ...(flags.envFile ?? []).flatMap((f) => envFileVars(f, io)),
    ...(flags.env ?? []).map((e) => envFlag(e, io.env)),
  ];
  return {
    ...(flags.command !== undefined && { command: splitCommand(flags.command) }),
    ...(environment.length > 0 && { environment }),
  };
}

function overridesText(value: string, cwd: string): { text: string; source: string } {
  if (!value.startsWith('file://')) return { text: value, source: '--overrides' };
  const file = path.resolve(cwd, value.slice('file://'.length));
  try {
    return { text: readFileSync(file, 'utf8'), source: file };
  } catch (err) {
    const p = fileProblem(err, file);
    throw new InputError(`--overrides ${value}: cannot read ${file}: ${p.reason} (${p.fix})`, { cause: err });
  }
}

/** `-e NAME=VALUE`; `-e NAME` takes NAME's value from this environment, as `docker run -e NAME`. */
export function envFlag(text: string, env: NodeJS.ProcessEnv): { name: string; value: string } {
  const eq = text.indexOf('=');
  if (eq === 0) throw new UsageError(`-e ${text}: the variable has no name (write -e NAME=VALUE)`);
  if (eq > 0) return { name: text.slice(0, eq), value: text.slice(eq + 1) };
  const value = env[text];
  if (value === undefined) throw new UsageError(`-e ${text}: ${text} is not set here (write -e ${text}=VALUE, or export it first)`);
  return { name: text, value };
}

/** [INF] `--env-file` is read by Docker's env-file rules (the Fargate reader), as `docker run --env-file`. */
function envFileVars(file: string, io: { cwd: string; warn: (line: string) => void }): { name: string; value: string }[] {
  const full = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    const p = fileProblem(err, full);
    throw new InputError(`--env-file ${file}: ${p.reason} (${p.fix})`, { cause: err });
  }
  const parsed = parseEnvFileFargate(text);
  if (!parsed.ok) throw new InputError(`${full}:${parsed.line}: ${parsed.error}`);
  for (const w of parsed.warnings) io.warn(`${full}: ${w}`);
  return parsed.vars.map(([name, value]) => ({ name, value }));
}

/**
 * `--command`: a JSON array of strings is taken as is (the task definition's own form); anything else
 * is split into words as a POSIX shell splits them: blanks separate, quotes and backslashes group
 * [INF]. No expansion happens: `$HOME` stays `$HOME`, as in the task definition.
 */
export function splitCommand(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw new UsageError(`--command ${text}: starts with [ but is not a JSON array (write '["sh", "-c", "..."]' or plain words)`);
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new UsageError(`--command ${text}: a JSON array of strings is needed, e.g. '["npm", "run", "migrate"]'`);
    }
    return value;
  }
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) word += text[++i];
      else word += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (quote !== undefined) throw new UsageError(`--command ${text}: a ${quote} quote is not closed`);
  if (inWord) words.push(word);
  if (words.length === 0) throw new UsageError('--command is empty: give the command to run, e.g. --command "npm run migrate"');
  return words;
}
