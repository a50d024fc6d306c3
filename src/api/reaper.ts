/**
 * The sweep of a test run that ends without stopping its tasks, after testcontainers' reaper: one
 * small process per engine, started with the first task, holding a pipe to this process. When this
 * process ends, however it ends (exit, an uncaught error, SIGINT, SIGTERM, even SIGKILL), the pipe
 * closes, and the reaper removes every container and volume labelled with this process's pid and
 * session (`ecs-local.owner-pid`, `ecs-local.session`) and the folders it was told of (an in-memory vault's copy), then exits.
 * A task stopped before then is already gone.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** A running reaper: told of folders to remove if this process ends before it removes them itself. */
export interface Reaper {
  /** Remove `dir` when this process ends. */
  own(dir: string): void;
  /** `dir` is gone: forget it. */
  disown(dir: string): void;
}

const reapers = new Map<string, Promise<Reaper>>();

/** This process's session: on every object its tasks create, and what its reapers remove. */
export const SESSION = randomUUID();

/** Starts the reaper for the engine `env` names, once; resolves when it watches this process. */
export function ensureReaper(env: NodeJS.ProcessEnv): Promise<Reaper> {
  const key = env.DOCKER_HOST ?? '';
  let started = reapers.get(key);
  if (started === undefined) {
    started = startReaper(env);
    // A reaper that could not start is tried again by the next task.
    started.catch(() => reapers.delete(key));
    reapers.set(key, started);
  }
  return started;
}

function startReaper(env: NodeJS.ProcessEnv): Promise<Reaper> {
  // From the sources (tests run them through tsx) the reaper needs tsx too.
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fileURLToPath(new URL(fromSource ? './reaper-process.ts' : './reaper-process.js', import.meta.url));
  const child = spawn(process.execPath, [...(fromSource ? ['--import', 'tsx'] : []), script, String(process.pid), SESSION], {
    // Its own process group: a Ctrl-C in the terminal reaches this process, not the reaper.
    detached: true,
    stdio: ['pipe', 'pipe', 'ignore'],
    env,
  });
  // One JSON line per message, so that any path goes through.
  const tell = (message: { own: string } | { disown: string }): void => {
    child.stdin?.write(`${JSON.stringify(message)}\n`);
  };
  return new Promise<Reaper>((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`ecs-local: cannot start the reaper that cleans up after this process: ${why}`));
    child.once('error', (err) => fail(err.message));
    child.once('exit', (code) => fail(`it exited with code ${code}`));
    child.stdout?.once('data', () => {
      child.removeAllListeners('exit');
      child.removeAllListeners('error');
      // Neither the reaper nor its pipes keep this process alive; the pipe stays open until it ends.
      child.stdout?.destroy();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      child.unref();
      resolve({ own: (dir) => tell({ own: dir }), disown: (dir) => tell({ disown: dir }) });
    });
  });
}
