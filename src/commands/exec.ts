/**
 * `ecs-local exec`: as `aws ecs execute-command --interactive`; a terminal gets a TTY (raw mode, so
 * Ctrl-C and Ctrl-D reach the command), anything else plain streams. Exits with the command's code.
 */
import type { Writable } from 'node:stream';
import { ReportedError } from '../errors.js';

export interface ExecOptions {
  env: NodeJS.ProcessEnv;
  out: Writable;
  err: Writable;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  task: string;
  container?: string;
  command: string[];
}

function sizeOf(terminal: { rows?: number; columns?: number }): { rows: number; columns: number } {
  return { rows: terminal.rows ?? 24, columns: terminal.columns ?? 80 };
}

export async function exec(opts: ExecOptions): Promise<void> {
  const { connectDocker } = await import('../docker/connect.js');
  const { execInTask } = await import('../runtime/task-exec.js');
  const engine = await connectDocker(opts.env);
  const terminal = opts.stdin.isTTY === true && typeof opts.stdin.setRawMode === 'function';
  const size = opts.out as { rows?: number; columns?: number };
  const raw = terminal ? opts.stdin.setRawMode : undefined;
  try {
    raw?.call(opts.stdin, true);
    const code = await execInTask(engine, {
      task: opts.task,
      ...(opts.container !== undefined ? { container: opts.container } : {}),
      command: opts.command,
      streams: {
        stdin: opts.stdin,
        stdout: opts.out,
        stderr: opts.err,
        ...(terminal
          ? {
              tty: {
                ...sizeOf(size),
                // The terminal's 'resize' (SIGWINCH), passed on as `docker exec -t` does.
                onResize: (resize) => {
                  const onResize = (): void => void resize(sizeOf(size));
                  opts.out.on('resize', onResize);
                  return () => opts.out.off('resize', onResize);
                },
              },
            }
          : {}),
      },
    });
    if (code !== 0) throw new ReportedError(code);
  } finally {
    raw?.call(opts.stdin, false);
    // Stop reading our stdin, so that the process can exit.
    opts.stdin.pause();
  }
}
