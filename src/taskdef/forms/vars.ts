/**
 * Template values from the command line: `--var NAME=VALUE` and `--var-file FILE` (JSON, a `.tfvars`
 * of `name = "value"` lines, or dotenv). Later sources win: files in the order given, then `--var`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { InputError, UsageError } from '../../errors.js';

export interface VarOptions {
  vars?: readonly string[];
  varFiles?: readonly string[];
  cwd: string;
  warn?: (line: string) => void;
  readFile?: (file: string) => string;
}

export function collectVars(opts: VarOptions): Map<string, string> {
  const out = new Map<string, string>();
  const read = opts.readFile ?? ((f: string) => readFileSync(f, 'utf8'));
  for (const given of opts.varFiles ?? []) {
    const file = path.resolve(opts.cwd, given);
    let text: string;
    try {
      text = read(file);
    } catch (err) {
      const code = (err as { code?: string }).code;
      throw new InputError(`${given}: cannot read the --var-file: ${code === 'ENOENT' ? 'no such file (the path is relative to the current directory)' : err instanceof Error ? err.message : String(err)}`);
    }
    for (const [k, v] of parseVarFile(text, given, opts.warn)) out.set(k, v);
  }
  for (const item of opts.vars ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--var "${item}": expected NAME=VALUE (e.g. --var image_tag=1.4.2)`);
    out.set(item.slice(0, eq), item.slice(eq + 1));
  }
  return out;
}

/** The kind follows the name: `.json`/`.tfvars.json` JSON, `.tfvars` HCL lines, anything else dotenv. */
export function parseVarFile(text: string, file: string, warn?: (line: string) => void): Map<string, string> {
  if (/\.json$/i.test(file)) return jsonVars(text, file);
  if (/\.tfvars$/i.test(file)) return tfvars(text, file, warn);
  return new Map(Object.entries(parseDotenv(text)));
}

function jsonVars(text: string, file: string): Map<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(`${file}: --var-file is not valid JSON (${err instanceof Error ? err.message : String(err)}); write an object such as {"image_tag": "1.4.2"}`);
  }
  const out = new Map<string, string>();
  // CloudFormation parameter files: the AWS CLI's [{"ParameterKey", "ParameterValue"}] list, or
  // {"Parameters": {...}} as `copilot svc package` writes them.
  if (Array.isArray(value) && value.every((p) => typeof p === 'object' && p !== null && 'ParameterKey' in p)) {
    for (const p of value as { ParameterKey: unknown; ParameterValue?: unknown }[]) out.set(String(p.ParameterKey), String(p.ParameterValue ?? ''));
    return out;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${file}: --var-file must hold a JSON object such as {"image_tag": "1.4.2"}`);
  }
  const params = (value as Record<string, unknown>)['Parameters'];
  if (Object.keys(value).length === 1 && typeof params === 'object' && params !== null && !Array.isArray(params)) value = params;
  // Lists and maps are passed as their JSON text, as `${jsonencode(x)}` would put them.
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}

/**
 * The simple `.tfvars` form: `name = "string"`, numbers and booleans, `#`/`//` comments. [INF] Lists,
 * maps and heredocs are skipped with a warning rather than refused, since a real tfvars file mixes them
 * with the scalars a task definition template needs.
 */
function tfvars(text: string, file: string, warn?: (line: string) => void): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    const m = /^([A-Za-z_][\w-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue; // continuation of a skipped list or map
    const name = m[1] as string;
    const rest = (m[2] as string).replace(/\s+(#|\/\/).*$/, '');
    const str = /^"((?:[^"\\]|\\.)*)"$/.exec(rest);
    if (str) {
      out.set(name, (str[1] as string).replace(/\\(["\\nrt])/g, (_, ch: string) => ({ n: '\n', r: '\r', t: '\t' })[ch] ?? ch));
    } else if (/^(-?\d+(\.\d+)?|true|false)$/.test(rest)) {
      out.set(name, rest);
    } else {
      warn?.(`${file}:${i + 1}: ${name}: only "name = value" lines with a string, number or boolean are read; pass lists and maps with --var ${name}='<JSON>'`);
    }
  }
  return out;
}
