/**
 * Where a new secret value comes from: a file, standard input, or a random generator. Never the
 * command line: argv is visible to every user of the machine (`ps`) and kept in shell history.
 */
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { fileProblem } from '../files/problem.js';

export type InputStream = NodeJS.ReadableStream & { isTTY?: boolean };

export interface ValueSource {
  /** `--file F`: the file's bytes as UTF-8, exactly (as the AWS CLI's `file://`). */
  file?: string;
  /** `--stdin`: all of standard input, less one trailing line break. */
  stdin?: boolean;
}

export interface ValueIO {
  cwd: string;
  stdin: InputStream;
}

/** Letters and digits: safe in URLs, shells, dotenv files and connection strings. */
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The value from `--file` or `--stdin`. With neither, standard input is read when it is a pipe or a
 * file; a terminal is refused, so that nobody types a secret that the terminal echoes.
 */
export async function readValue(source: ValueSource, io: ValueIO, usage: string): Promise<string> {
  if (source.file !== undefined && source.stdin === true) throw new UsageError('--file and --stdin cannot be used together');
  if (source.file === undefined && source.stdin !== true && io.stdin.isTTY === true) {
    throw new UsageError(`no value given: values are read from a file or standard input, never from the command line (${usage})`);
  }
  const value =
    source.file !== undefined ? readValueFile(path.resolve(io.cwd, source.file), source.file) : stripOneLineBreak(await readAll(io.stdin));
  // [INF] An empty value is refused: it is nearly always a pipe that gave nothing, not a secret.
  if (value === '') throw new UsageError(`the value is empty (${source.file !== undefined ? `${source.file} is empty` : 'standard input gave nothing'})`);
  return value;
}

function readValueFile(file: string, shown: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const p = fileProblem(err, shown);
    throw new InputError(`${shown}: cannot read the value: ${p.reason} (${p.code === 'ENOENT' ? 'check the path given to --file' : p.fix})`);
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * [INF] `echo value |` and here-documents end the value with a line break that is not part of it:
 * one trailing `\n` (or `\r\n`) is dropped from standard input. `vault get` prints one after the
 * value, so `vault get a | vault put b` copies a value exactly. A file is taken as it is.
 */
export function stripOneLineBreak(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

/** [INF] A random value of `length` letters and digits, each drawn uniformly with a CSPRNG. */
export function generateValue(length: number, random: (max: number) => number = randomInt): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[random(ALPHANUMERIC.length)];
  return out;
}

/**
 * The JSON object `current` with `key` set to `value` (the other keys and their order kept), for
 * `--json-key`. [INF] The key must already be there: a typo (`pasword`) would otherwise add a key
 * that no task reads and leave the real one unrotated.
 */
export function replaceJsonKey(current: string, key: string, value: string, secret: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(current);
  } catch {
    parsed = undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new UsageError(`--json-key ${key}: the current value of ${secret} is not a JSON object (drop --json-key to replace the whole value)`);
  }
  const object = parsed as Record<string, unknown>;
  if (!Object.hasOwn(object, key)) {
    const keys = Object.keys(object);
    throw new UsageError(`--json-key ${key}: the current value of ${secret} has no key "${key}" (its keys: ${keys.length > 0 ? keys.join(', ') : 'none'})`);
  }
  object[key] = value;
  return JSON.stringify(object);
}
