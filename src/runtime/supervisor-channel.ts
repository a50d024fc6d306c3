/**
 * How `stop`, `down`, `describe` and `wait` talk to a detached task's supervisor: a Unix socket
 * beside its record, one JSON line asked, one JSON line answered (the task's record), then closed.
 * `describe` is answered at once; `wait`, `stop` and `kill` once the task has stopped and its final
 * record is written.
 */
import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import type { TaskRecord } from './task-records.js';

export type SupervisorRequest =
  | { op: 'describe' }
  | { op: 'wait' }
  /** StopTask: SIGTERM, then SIGKILL after each stopTimeout; `reason` as `--reason`. */
  | { op: 'stop'; reason?: string }
  /** StopTask at once (`down`): SIGKILL. */
  | { op: 'kill'; reason?: string };

export interface SupervisorHandlers {
  /** The task now. */
  describe(): TaskRecord;
  stop(reason: string | undefined, kill: boolean): void;
  /** The final record, once the task has stopped. */
  stopped: Promise<TaskRecord>;
}

export interface SupervisorChannel {
  close(): Promise<void>;
}

/** Listens on `socket` (replacing a dead supervisor's file), readable by this user only. */
export async function listenForRequests(socket: string, handlers: SupervisorHandlers): Promise<SupervisorChannel> {
  rmSync(socket, { force: true });
  const server: Server = createServer((conn) => {
    let buffer = '';
    conn.setEncoding('utf8');
    conn.on('error', () => undefined);
    conn.on('data', (chunk: string) => {
      buffer += chunk;
      const newline = buffer.indexOf('\n');
      if (newline < 0) return;
      conn.pause();
      const reply = (record: TaskRecord): void => {
        conn.end(JSON.stringify(record) + '\n');
      };
      let request: SupervisorRequest;
      try {
        request = JSON.parse(buffer.slice(0, newline)) as SupervisorRequest;
      } catch {
        conn.destroy();
        return;
      }
      if (request.op === 'describe') reply(handlers.describe());
      else {
        if (request.op === 'stop' || request.op === 'kill') handlers.stop(request.reason, request.op === 'kill');
        void handlers.stopped.then(reply);
      }
    });
  });
  const previous = process.umask(0o077);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socket, () => resolve());
    });
  } finally {
    process.umask(previous);
  }
  return {
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        rmSync(socket, { force: true });
      }),
  };
}

/**
 * Asks the supervisor listening on `socket`; undefined when none listens there any more (it ended,
 * or crashed: see the record's pid).
 */
export function askSupervisor(socket: string, request: SupervisorRequest): Promise<TaskRecord | undefined> {
  return new Promise((resolve, reject) => {
    const conn = createConnection(socket);
    let text = '';
    let connected = false;
    conn.setEncoding('utf8');
    conn.on('connect', () => {
      connected = true;
      conn.write(JSON.stringify(request) + '\n');
    });
    conn.on('data', (chunk: string) => (text += chunk));
    conn.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected && (err.code === 'ENOENT' || err.code === 'ECONNREFUSED')) resolve(undefined);
      else if (connected) resolve(undefined);
      else reject(err);
    });
    conn.on('end', () => {
      try {
        resolve(JSON.parse(text) as TaskRecord);
      } catch {
        // The supervisor went away while answering.
        resolve(undefined);
      }
    });
  });
}
