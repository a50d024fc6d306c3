/**
 * Runs one command line and turns every outcome into an exit code. Expected failures are
 * EcsLocalErrors carrying their exit code and a message for the user; anything else is a bug, shown
 * with its stack. Tests call `main` with their own streams.
 */
import { CommanderError } from 'commander';
import { buildProgram, warningsFor } from './cli.js';
import type { CliIO } from './cli/io.js';
import { ExitCode, isEcsLocalError } from './errors.js';

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
    if (isEcsLocalError(err)) {
      switch (err.errorName) {
        case 'Reported':
          break;
        case 'TaskFailedToStart':
          // The stoppedReason alone, byte for byte, so that it can be compared with ECS's.
          io.err.write(`${err.message}\n`);
          break;
        case 'ClientException':
        case 'InvalidParameterException':
          io.err.write(`${err.errorName}: ${err.message}\n`);
          break;
        case 'ParamValidation':
          io.err.write(`${err.message}\n`);
          break;
        default:
          io.err.write(`ecs-local: error: ${err.message}\n`);
      }
      for (const line of err.hint?.split('\n') ?? []) io.err.write(`ecs-local: hint: ${line}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    // The engine's own refusal (docker/container-engine.ts DockerApiError, matched by name so that
    // the command line loads nothing of the engine): its words, not a bug of ours.
    if (e instanceof Error && e.name === 'DockerApiError') {
      io.err.write(`ecs-local: error: the container engine refused: ${e.message}\n`);
      return ExitCode.EngineRefused;
    }
    io.err.write(`ecs-local: internal error (please report it with the command you ran): ${e?.stack ?? String(err)}\n`);
    return ExitCode.Internal;
  } finally {
    const summary = warnings.summary();
    if (summary !== undefined) warnings.warnAlways(summary);
  }
}

