/**
 * Reads a task definition file: the only I/O of the taskdef layer. Parsing, shape detection and type
 * checks are in from-json.ts and schema.ts; ECS's own registration rules are in register-rules.ts.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { fileProblem } from '../files/problem.js';
import { taskDefinitionFromJson } from './from-json.js';
import { readTaskDefinitionForm, type FormOptions, type InputForm } from './forms/input.js';
import type { LoadedTaskDefinition } from './types.js';

export interface LoadOptions {
  /** Reads the file as UTF-8 text; defaults to the file system. */
  readFile?: (file: string) => string;
  /** Template values, `--resource` and the like for the forms in ./forms/; default: none. */
  forms?: Partial<FormOptions>;
}

/** A loaded task definition and the form it was kept in. */
export type LoadedForm = LoadedTaskDefinition & { form: InputForm; assumed?: { region?: string; accountId?: string } };

export function loadTaskDefinition(file: string, opts: LoadOptions = {}): LoadedForm {
  const readFile = opts.readFile ?? ((f: string) => readFileSync(f, 'utf8'));
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new InputError(`${file}: cannot read the task definition file: ${readFailure(err, file)}`, { cause: err });
  }
  return loadTaskDefinitionText(text, file, opts);
}

/** The task definition in `text`, in any form ./forms/input.ts reads; `file` names it in messages. */
export function loadTaskDefinitionText(text: string, file: string, opts: LoadOptions = {}): LoadedForm {
  const warnings: string[] = [];
  const input = readTaskDefinitionForm(text, file, {
    vars: opts.forms?.vars ?? new Map(),
    env: opts.forms?.env ?? {},
    warn: opts.forms?.warn ?? ((line) => warnings.push(line)),
    ...(opts.forms?.resource !== undefined ? { resource: opts.forms.resource } : {}),
    ...(opts.forms?.region !== undefined ? { region: opts.forms.region } : {}),
    ...(opts.forms?.literal === true ? { literal: true } : {}),
  });
  const loaded = taskDefinitionFromJson(input.parsed, input.file);
  return { ...loaded, form: input.form, ...(input.assumed !== undefined ? { assumed: input.assumed } : {}), warnings: [...warnings, ...loaded.warnings] };
}

/** Cause and fix for a file that could not be read. */
function readFailure(err: unknown, file: string): string {
  const p = fileProblem(err, file);
  const fix =
    p.code === 'ENOENT' ? 'check the path; it is relative to the current directory' : p.code === 'EISDIR' ? 'give the path of the JSON file inside it' : p.fix;
  return `${p.reason} (${fix})`;
}
