/** Runs the CLI in-process with captured output, as a user would see it. */
import { main } from '../../src/main.js';
import { Capture } from './capture.js';
import { testEngineEnv } from './docker.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream } = {}): Promise<CliResult> {
  const out = new Capture();
  const err = new Capture();
  // The engine under test (ECS_LOCAL_TEST_ENGINE) is the CLI's too.
  const code = await main(args, { out, err, env: opts.env ?? { PATH: process.env.PATH, ...testEngineEnv() }, cwd: opts.cwd ?? process.cwd(), ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
  return { code, stdout: out.text, stderr: err.text };
}

/** Replaces request ids (uuids) so texts can be compared byte for byte. */
export function normalizeIds(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
}
