/**
 * `.ecs-local.json` in the current folder: settings a project keeps with its task definitions. So far
 * one: `quietWarnings`, the names of warnings its users have read (README "Warnings"). Absent file:
 * no settings. A file that is not what it should be is one clear line naming it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { errorCode, fileProblem } from '../files/problem.js';
import { checkWarningNames } from '../text/warnings.js';

export const CONFIG_FILE = '.ecs-local.json';

export interface ProjectConfig {
  quietWarnings: Set<string>;
}

export function readProjectConfig(cwd: string): ProjectConfig {
  const file = path.join(cwd, CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return { quietWarnings: new Set() };
    const p = fileProblem(err, file);
    throw new InputError(`${file}: ${p.reason} (${p.fix})`, { cause: err });
  }
  const refuse = (message: string): never => {
    throw new InputError(message);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return refuse(`${file}: not JSON (${(err as Error).message}); write e.g. {"quietWarnings": ["task-limits"]}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse(`${file}: expected a JSON object, e.g. {"quietWarnings": ["task-limits"]}`);
  const unknown = Object.keys(value).filter((k) => k !== 'quietWarnings');
  if (unknown.length > 0) return refuse(`${file}: unknown setting ${unknown.map((k) => JSON.stringify(k)).join(', ')}; the settings: quietWarnings`);
  const names = (value as { quietWarnings?: unknown }).quietWarnings ?? [];
  if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string')) {
    return refuse(`${file}: quietWarnings: expected an array of warning names, e.g. ["task-limits"]`);
  }
  return { quietWarnings: checkWarningNames(names, refuse, `${file}: quietWarnings`) };
}
