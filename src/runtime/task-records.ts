/**
 * What a detached task's supervisor leaves for `ps -a`, `describe` and `wait`: one 0600 JSON file
 * per task under the state folder ($XDG_STATE_HOME/ecs-local, else ~/.local/state/ecs-local), in a
 * folder per engine, holding the task as describe-tasks shows it (never a secret: describe-tasks
 * shows none), the supervisor's pid and its control socket. The supervisor's own log lies beside it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DescribedTask } from '../container/task-state.js';
import { xdgFolder } from '../files/xdg.js';

export interface TaskRecord {
  taskId: string;
  family: string;
  revision: number;
  /** The engine's address, as `ContainerEngine.endpoint`. */
  engine: string;
  /** The supervisor process (on this machine). */
  pid: number;
  /** The supervisor's control socket (supervisor-channel.ts). */
  socket: string;
  /** The supervisor's log (what it said after `run -d` returned). */
  log: string;
  /** The task as describe-tasks shows it, when it was recorded. */
  task: DescribedTask;
  /** Once stopped: what `ecs-local wait` exits with (`waitExitCode`). */
  exitCode?: number;
}

/**
 * [INF] ECS lists a stopped task for at least an hour; a record is kept as long, then dropped when
 * the records are next read (`down --task/--family` drops it at once).
 */
export const STOPPED_RETENTION_MS = 60 * 60 * 1000;

/** The state folder: $XDG_STATE_HOME/ecs-local, else ~/.local/state/ecs-local (the XDG default). */
export function stateFolder(env: NodeJS.ProcessEnv): string {
  return xdgFolder(env, 'XDG_STATE_HOME');
}

/** The records of one engine. */
export class TaskRecords {
  readonly folder: string;

  constructor(
    env: NodeJS.ProcessEnv,
    readonly engine: string,
  ) {
    // One folder per engine address: a task id means something on its engine only.
    const key = createHash('sha256').update(engine).digest('hex').slice(0, 16);
    this.folder = path.join(stateFolder(env), 'tasks', key);
  }

  file(taskId: string): string {
    return path.join(this.folder, `${taskId}.json`);
  }

  log(taskId: string): string {
    return path.join(this.folder, `${taskId}.log`);
  }

  /** Where the supervisor listens: beside its record, or in the temp folder when that path is too long for a socket. */
  socket(taskId: string): string {
    const beside = path.join(this.folder, `${taskId}.sock`);
    // Linux takes 107 bytes for a socket's path.
    return Buffer.byteLength(beside) <= 100 ? beside : path.join(os.tmpdir(), `ecs-local-${createHash('sha256').update(beside).digest('hex').slice(0, 24)}.sock`);
  }

  /** Writes the record whole (a reader never sees half of it), readable by this user only. */
  write(record: TaskRecord): void {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    const file = this.file(record.taskId);
    const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(temp, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
    renameSync(temp, file);
  }

  read(taskId: string): TaskRecord | undefined {
    try {
      return parseRecord(readFileSync(this.file(taskId), 'utf8'));
    } catch {
      return undefined;
    }
  }

  /** Every record of the engine; stopped ones past their retention are removed on the way. */
  list(nowMs: number = Date.now()): TaskRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch {
      return [];
    }
    const records: TaskRecord[] = [];
    for (const name of names) {
      if (!name.endsWith('.json')) continue;
      const record = this.read(name.slice(0, -'.json'.length));
      if (record === undefined) continue;
      const stoppedAt = record.task.lastStatus === 'STOPPED' && record.task.stoppedAt !== undefined ? Date.parse(record.task.stoppedAt) : NaN;
      if (nowMs - stoppedAt > STOPPED_RETENTION_MS) {
        this.remove(record.taskId);
        continue;
      }
      records.push(record);
    }
    return records;
  }

  /** Removes a task's record, log and socket. */
  remove(taskId: string): void {
    for (const file of [this.file(taskId), this.log(taskId), this.socket(taskId)]) rmSync(file, { force: true });
  }
}

function parseRecord(text: string): TaskRecord | undefined {
  const value = JSON.parse(text) as Partial<TaskRecord>;
  if (typeof value.taskId !== 'string' || typeof value.pid !== 'number' || typeof value.socket !== 'string' || typeof value.task !== 'object') return undefined;
  return value as TaskRecord;
}

