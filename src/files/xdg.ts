/**
 * XDG base folders (the XDG Base Directory specification): the variable when it holds an absolute
 * path, else its default under the home folder. Pure.
 */
import { homedir } from 'node:os';
import path from 'node:path';

const DEFAULTS = { XDG_STATE_HOME: ['.local', 'state'], XDG_CACHE_HOME: ['.cache'] } as const;

/** `$<variable>/ecs-local`, else `~/<default>/ecs-local`. */
export function xdgFolder(env: Record<string, string | undefined>, variable: keyof typeof DEFAULTS, home: string = homedir()): string {
  const set = env[variable];
  const base = set !== undefined && path.isAbsolute(set) ? set : path.join(env.HOME ?? home, ...DEFAULTS[variable]);
  return path.join(base, 'ecs-local');
}
