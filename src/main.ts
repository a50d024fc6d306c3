/**
 * Runs one command line and turns every outcome into an exit code. Expected failures are
 * EcsLocalErrors carrying their exit code and a message for the user; anything else is a bug, shown
 * with its stack. Tests call `main` with their own streams.
 */
import { CommanderError } from 'commander';
import { buildProgram, warningsFor } from './cli.js';
import type { CliIO } from './cli/io.js';
import { ExitCode, writeError } from './errors.js';

export async function main(
  argv: string[],
  io: CliIO = { out: process.stdout, err: process.stderr, env: process.env, cwd: process.cwd() },
): Promise<number> {
  const warnings = warningsFor(io);
  const program = buildProgram(io, warnings);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.Ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version exit 0; commander already printed its own usage message otherwise.
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    }
    return writeError(err, (text) => io.err.write(text));
  } finally {
    const summary = warnings.summary();
    if (summary !== undefined) warnings.warnAlways(summary);
  }
}

