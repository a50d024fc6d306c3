/** Runs the CLI in-process with captured output, as a user would see it. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/main.js';
import { Capture } from './capture.js';
import { testEngineEnv } from './docker.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The state folder of the CLI runs of this test process (records of detached tasks): its own, not
 * the user's ~/.local/state, and gone when the process ends.
 */
let stateHome: string | undefined;
function testStateHome(): string {
  if (stateHome === undefined) {
    const dir = mkdtempSync(path.join(tmpdir(), 'ecs-local-test-state-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    stateHome = dir;
  }
  return stateHome;
}

export async function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: NodeJS.ReadableStream } = {}): Promise<CliResult> {
  const out = new Capture();
  const err = new Capture();
  // The engine under test (ECS_LOCAL_TEST_ENGINE) is the CLI's too.
  const code = await main(args, { out, err, env: opts.env ?? { PATH: process.env.PATH, XDG_STATE_HOME: testStateHome(), ...testEngineEnv() }, cwd: opts.cwd ?? process.cwd(), ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) });
  return { code, stdout: out.text, stderr: err.text };
}

/** Replaces request ids (uuids) so texts can be compared byte for byte. */
export function normalizeIds(text: string): string {
  return text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
}
