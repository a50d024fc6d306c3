/**
 * Prints the containers' output the way `docker compose` does: one line at a time, prefixed with the
 * container's name padded to a common width and coloured per container (`app     | line`), or
 * without prefix, or as one JSON object per line for machines.
 */
import type { Readable, Writable } from 'node:stream';

export type LogMode = 'prefixed' | 'plain' | 'json';

export interface LogSource {
  /** The task definition's container name. */
  container: string;
  /** What the prefix shows: the container name, or the awslogs stream name when there is one. */
  label: string;
}

/** One JSON log line (`--json-logs`). */
export interface JsonLogLine {
  container: string;
  stream: 'stdout' | 'stderr';
  line: string;
  /** ISO 8601, when ecs-local received the line. */
  time: string;
}

// The order docker compose cycles through: cyan, yellow, green, magenta, blue, then bright ones.
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** Colour only on a terminal and unless NO_COLOR is set (https://no-color.org: any non-empty value). */
export function shouldColour(out: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return out.isTTY === true;
}

export interface LogPrinterOptions {
  mode: LogMode;
  colour: boolean;
  /** Every source that may print, so prefixes line up from the first line. */
  sources: readonly LogSource[];
  now?: () => Date;
}

export class LogPrinter {
  private readonly width: number;
  private readonly colours = new Map<string, number>();
  private readonly now: () => Date;

  constructor(
    private readonly out: Writable,
    private readonly options: LogPrinterOptions,
  ) {
    this.width = Math.max(0, ...options.sources.map((s) => s.label.length));
    options.sources.forEach((s, i) => this.colours.set(s.container, COLOURS[i % COLOURS.length] ?? 36));
    this.now = options.now ?? (() => new Date());
  }

  /** Copies both streams line by line until they end. */
  async follow(source: LogSource, stdout: Readable, stderr: Readable): Promise<void> {
    await Promise.all([this.pipe(source, 'stdout', stdout), this.pipe(source, 'stderr', stderr)]);
  }

  /** Formats one line; exposed for tests and for callers that have lines already. */
  format(source: LogSource, stream: 'stdout' | 'stderr', line: string): string {
    switch (this.options.mode) {
      case 'json': {
        const record: JsonLogLine = { container: source.container, stream, line, time: this.now().toISOString() };
        return `${JSON.stringify(record)}\n`;
      }
      case 'plain':
        return `${line}\n`;
      case 'prefixed': {
        const prefix = `${source.label.padEnd(this.width)} |`;
        const coloured = this.options.colour ? `\x1b[${this.colours.get(source.container) ?? 36}m${prefix}\x1b[0m` : prefix;
        return `${coloured} ${line}\n`;
      }
    }
  }

  private pipe(source: LogSource, stream: 'stdout' | 'stderr', input: Readable): Promise<void> {
    return new Promise((resolve) => {
      let partial = '';
      const emit = (line: string): void => {
        // A CRLF line ending (Windows tools, some loggers) is one line end, not part of the text.
        this.out.write(this.format(source, stream, line.endsWith('\r') ? line.slice(0, -1) : line));
      };
      input.setEncoding('utf8');
      input.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) emit(line);
      });
      const finish = (): void => {
        if (partial !== '') emit(partial);
        partial = '';
        resolve();
      };
      input.once('end', finish);
      input.once('close', finish);
      input.once('error', finish);
    });
  }
}
