/**
 * Every expected failure is an EcsLocalError: a stable `errorName` to branch on (never `instanceof`
 * across module copies), a message written for the user (cause and fix), and the exit code the
 * single exit point in `src/index.ts` uses. See README "Exit codes".
 */
export const ExitCode = {
  /** The command did what was asked; for `run`, every essential container exited 0. */
  Ok: 0,
  /** Bad usage or bad input: flags, unreadable or malformed files, a broken vault, a ClientException. */
  Usage: 2,
  /** ECS would refuse to start the task (stopCode TaskFailedToStart); nothing was started. */
  TaskFailedToStart: 3,
  /** The container engine is missing or unreachable. */
  DockerUnavailable: 4,
  /**
   * The container engine refused or failed a request ecs-local had no answer for (a paused
   * container, a full disk, a feature the engine lacks): its own message is printed.
   */
  EngineRefused: 5,
  /**
   * A file could not be written (a read-only vault, folder or file system, a full disk): nothing was
   * changed. [INF] 74 is EX_IOERR of sysexits.h, as 70 is its EX_SOFTWARE.
   */
  CannotWrite: 74,
  /** A bug in ecs-local (please report it). */
  Internal: 70,
  /** Interrupted by a signal (128 + SIGINT). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export abstract class EcsLocalError extends Error {
  abstract readonly errorName: string;
  abstract readonly exitCode: number;
  /**
   * A hint of our own (a near miss, a did-you-mean), printed on its own line after the message, so
   * that an ECS or AWS text in `message` stays byte for byte what ECS prints.
   */
  readonly hint?: string;
  constructor(message: string, options?: { cause?: unknown; hint?: string }) {
    super(message, options);
    if (options?.hint !== undefined) this.hint = options.hint;
  }
}

/** Wrong flags or arguments. */
export class UsageError extends EcsLocalError {
  readonly errorName = 'UsageError';
  readonly exitCode = ExitCode.Usage;
}

/**
 * A file ecs-local was given cannot be used. The message names the file, the place in it
 * (`file:line:col` and a path such as `containerDefinitions[0].secrets[1].valueFrom`) and the fix.
 */
export class InputError extends EcsLocalError {
  readonly errorName = 'InputError';
  readonly exitCode = ExitCode.Usage;
}

/** A file could not be written; the message names it, the reason and the fix. Nothing was changed. */
export class FileWriteError extends EcsLocalError {
  readonly errorName = 'FileWriteError';
  readonly exitCode = ExitCode.CannotWrite;
}

/** RegisterTaskDefinition would reject the task definition; the message is ECS's own text. */
export class ClientException extends EcsLocalError {
  readonly errorName = 'ClientException';
  readonly exitCode = ExitCode.Usage;
}

/** RunTask would reject the overrides; the message is ECS's own text. */
export class InvalidParameterException extends EcsLocalError {
  readonly errorName = 'InvalidParameterException';
  readonly exitCode = ExitCode.Usage;
}

/**
 * The AWS CLI would refuse the input before sending it (botocore's ParamValidationError); the message
 * is the CLI's own text, `Parameter validation failed:` and one line per problem.
 */
export class ParameterValidationError extends EcsLocalError {
  readonly errorName = 'ParamValidation';
  readonly exitCode = ExitCode.Usage;
}

/** ECS would stop the task before starting it; `message` is the exact stoppedReason. */
export class TaskFailedToStartError extends EcsLocalError {
  readonly errorName = 'TaskFailedToStart';
  readonly exitCode = ExitCode.TaskFailedToStart;
  readonly stopCode = 'TaskFailedToStart';
}

export class DockerUnavailableError extends EcsLocalError {
  readonly errorName = 'DockerUnavailable';
  readonly exitCode = ExitCode.DockerUnavailable;
}

export class InterruptedError extends EcsLocalError {
  readonly errorName = 'Interrupted';
  readonly exitCode = ExitCode.Interrupted;
}

export function isEcsLocalError(err: unknown): err is EcsLocalError {
  return (
    err instanceof Error &&
    typeof (err as Partial<EcsLocalError>).errorName === 'string' &&
    typeof (err as Partial<EcsLocalError>).exitCode === 'number'
  );
}

/** The failure was already shown to the user (e.g. as JSON on stdout); only the exit code is left. */
export class ReportedError extends EcsLocalError {
  readonly errorName = 'Reported';
  constructor(
    readonly exitCode: number,
    hint?: string,
  ) {
    super(`exit ${exitCode}`, hint === undefined ? undefined : { hint });
  }
}

/**
 * Shows a failure as the command line does and returns its exit code: an EcsLocalError's message
 * (ECS's and AWS's texts as they print them) and hint; anything else is a bug, with its stack.
 */
export function writeError(err: unknown, write: (text: string) => void): number {
  if (isEcsLocalError(err)) {
    switch (err.errorName) {
      case 'Reported':
        break;
      case 'TaskFailedToStart':
        // The stoppedReason alone, byte for byte, so that it can be compared with ECS's.
        write(`${err.message}\n`);
        break;
      case 'ClientException':
      case 'InvalidParameterException':
        write(`${err.errorName}: ${err.message}\n`);
        break;
      case 'ParamValidation':
        write(`${err.message}\n`);
        break;
      default:
        write(`ecs-local: error: ${err.message}\n`);
    }
    for (const line of err.hint?.split('\n') ?? []) write(`ecs-local: hint: ${line}\n`);
    return err.exitCode;
  }
  const e = err as Error;
  // The engine's own refusal (docker/container-engine.ts DockerApiError, matched by name so that
  // the command line loads nothing of the engine): its words, not a bug of ours.
  if (e instanceof Error && e.name === 'DockerApiError') {
    write(`ecs-local: error: the container engine refused: ${e.message}\n`);
    return ExitCode.EngineRefused;
  }
  write(`ecs-local: internal error (please report it with the command you ran): ${e?.stack ?? String(err)}\n`);
  return ExitCode.Internal;
}
