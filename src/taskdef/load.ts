/**
 * Reads a task definition file: the only I/O of the taskdef layer. Parsing, shape detection and type
 * checks are in from-json.ts and schema.ts; ECS's own registration rules are in register-rules.ts.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { fileProblem } from '../files/problem.js';
import { parseJson } from '../json/parse.js';
import { taskDefinitionFromJson } from './from-json.js';
import type { LoadedTaskDefinition } from './types.js';

export interface LoadOptions {
  /** Reads the file as UTF-8 text; defaults to the file system. */
  readFile?: (file: string) => string;
}

export function loadTaskDefinition(file: string, opts: LoadOptions = {}): LoadedTaskDefinition {
  const readFile = opts.readFile ?? ((f: string) => readFileSync(f, 'utf8'));
  let text: string;
  try {
    text = readFile(file);
  } catch (err) {
    throw new InputError(`${file}: cannot read the task definition file: ${readFailure(err, file)}`, { cause: err });
  }
  return taskDefinitionFromJson(parseJson(text, file), file);
}

/** Cause and fix for a file that could not be read. */
function readFailure(err: unknown, file: string): string {
  const p = fileProblem(err, file);
  const fix =
    p.code === 'ENOENT' ? 'check the path; it is relative to the current directory' : p.code === 'EISDIR' ? 'give the path of the JSON file inside it' : p.fix;
  return `${p.reason} (${fix})`;
}
