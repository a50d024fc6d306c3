/**
 * Prints the containers' output the way `docker compose` does: one line at a time, prefixed with the
 * container's name padded to a common width and coloured per container (`app     | line`), or
 * without prefix, or as one JSON object per line for machines.
 */
import type { Readable, Writable } from 'node:stream';
import { paint, type Colour } from '../text/colour.js';

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
const COLOURS: readonly Colour[] = ['cyan', 'yellow', 'green', 'magenta', 'blue', 'cyanBright', 'yellowBright', 'greenBright', 'magentaBright', 'blueBright'];

export interface LogPrinterOptions {
  mode: LogMode;
  colour: boolean;
  /** Every source that may print, so prefixes line up from the first line. */
  sources: readonly LogSource[];
  now?: () => Date;
}

export class LogPrinter {
  private readonly width: number;
  private readonly colours = new Map<string, Colour>();
  private readonly now: () => Date;

  constructor(
    private readonly out: Writable,
    private readonly options: LogPrinterOptions,
  ) {
    this.width = Math.max(0, ...options.sources.map((s) => s.label.length));
    options.sources.forEach((s, i) => this.colours.set(s.container, COLOURS[i % COLOURS.length] ?? 'cyan'));
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
        const coloured = paint(this.options.colour, this.colours.get(source.container) ?? 'cyan', prefix);
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
