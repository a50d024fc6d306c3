/** Whether a process runs, for the files that name their owner by pid (lock files, temp files, task records). */
import { errorCode } from './problem.js';

/** Whether a process with this id runs on this host (EPERM: it exists but is someone else's). */
export function processAlive(pid: number): boolean {
  // 0 and below name process groups, not a process.
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCode(err) === 'EPERM';
  }
}
