/**
 * What a failed file operation means to the user: Node's errno codes turned into a short reason and
 * a fix, in one place, so that every file ecs-local reads or writes fails with the same words.
 * Callers build their line as `<file>: cannot <do what>: <reason> (<fix>)`, and may give a fix that
 * knows more (e.g. `--vault FILE` for a missing vault). Pure.
 */

export interface FileProblem {
  /** Node's error code (`ENOENT`, `EACCES`, …), when the error had one. */
  code: string | undefined;
  /** What is wrong, in a few words: "no such file", "permission denied". */
  reason: string;
  /** What to do about it. */
  fix: string;
}

/** Whether the file was being read, or written (created, replaced or locked). */
export type FileAccess = 'read' | 'write';

export function errorCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null && 'code' in err ? (err as { code: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function fileProblem(err: unknown, file: string, access: FileAccess = 'read'): FileProblem {
  const code = errorCode(err);
  const at = (reason: string, fix: string): FileProblem => ({ code, reason, fix });
  switch (code) {
    case 'ENOENT':
      return access === 'read' ? at('no such file', 'check the path') : at('its folder does not exist', `create the folder of ${file}`);
    case 'EACCES':
    case 'EPERM':
      return access === 'read'
        ? at('permission denied', 'make the file readable, e.g. chmod u+r')
        : at('permission denied', 'make the file and its folder writable for this user');
    case 'EROFS':
      return at('read-only file system', 'use a file on a writable disk, or remount this one read-write');
    case 'ENOSPC':
      return at('no space left on the device', 'free some space on that disk and try again');
    case 'EDQUOT':
      return at('disk quota exceeded', 'free some space or raise the quota, then try again');
    case 'EISDIR':
      return at('it is a directory', 'give the path of a file');
    case 'ENOTDIR':
      return at('a part of the path is not a directory', 'check the path');
    case 'ELOOP':
      return at('too many levels of symbolic links', `fix the symbolic link loop at ${file}`);
    case 'ENAMETOOLONG':
      return at('the path is too long', 'use a shorter path');
    case 'EMFILE':
    case 'ENFILE':
      return at('too many open files', 'close other programs or raise the limit (ulimit -n)');
    case 'EBUSY':
    case 'ETXTBSY':
      return at('the file is busy', 'try again when no other program holds it');
    case 'EIO':
      return at('input/output error', 'check the disk');
    case 'EFBIG':
      return at('the file is too large for this file system', 'use a file on another disk');
    default: {
      const message = err instanceof Error ? err.message : String(err);
      // Node's own text, without the code and the path it repeats ("EXDEV: …, rename 'a' -> 'b'").
      const reason = code === undefined ? message : (message.split('\n')[0] ?? '').replace(/^[A-Z0-9_]+: /, '').replace(/, \w+ '.*'$/, '');
      return at(reason || 'unknown error', access === 'read' ? 'check the path and its permissions' : 'check the disk and the permissions of its folder');
    }
  }
}
