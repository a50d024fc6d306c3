/** Runs a child process to completion; a non-zero exit is an error carrying the child's stderr. */
import { spawn } from 'node:child_process';

export interface SpawnResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Output kept from each stream, enough for an error message. */
const KEEP_BYTES = 64 * 1024;

export function runProcess(command: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      if (into.reduce((n, b) => n + b.length, 0) < KEEP_BYTES) into.push(chunk);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

/** Like runProcess, but anything other than exit 0 rejects with the command and its stderr. */
export async function runOk(command: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<SpawnResult> {
  const r = await runProcess(command, args, opts);
  if (r.code !== 0) {
    const how = r.signal ? `was killed by ${r.signal}` : `exited ${r.code}`;
    const detail = (r.stderr.trim() || r.stdout.trim()).split('\n').slice(0, 5).join(' | ');
    throw new Error(`\`${[command, ...args].join(' ')}\` ${how}${detail ? `: ${detail}` : ''}`);
  }
  return r;
}
