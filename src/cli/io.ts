/** The streams, environment and folder a command line runs with: the process's own, or a test's. */
import type { Writable } from 'node:stream';

export interface CliIO {
  out: Writable;
  err: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where secret values are read from (`vault put`); default process.stdin. */
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
}
