/**
 * How a pull's progress looks on stderr. Pure: events in, text out.
 *
 * On a terminal, one line per layer (`<id>: <status> [====>   ] 1.2MB/5.6MB`) redrawn in place with
 * ANSI cursor movement, as `docker pull` does; NO_COLOR asks for no colour, and this uses none, so
 * it changes nothing here. Elsewhere (a file, a CI log) one line per change of a layer's status,
 * never one per byte.
 */

/** One message of Docker's pull stream (`POST /images/create`), errors aside. */
export interface PullEvent {
  status?: string;
  /** A layer's short id, or the tag for the `Pulling from …` line. */
  id?: string;
  progressDetail?: { current?: number; total?: number };
  /** Docker's own bar; not used: it is drawn for the daemon's idea of the width. */
  progress?: string;
}

export interface PullProgressOptions {
  /** Redraw lines in place (stderr is a terminal). */
  tty: boolean;
  /** The terminal's width; lines are cut to fit so that redrawing never meets a wrapped line. */
  columns?: number;
}

const ESC = '\x1b[';
/** Docker's bar: 50 cells, `=` done, `>` the head, spaces to go. */
const BAR_CELLS = 50;
/** [INF] Terminal width when the terminal does not say. */
const DEFAULT_COLUMNS = 80;
const INDENT = '  ';

/** A byte count as Docker prints it (go-units HumanSize: decimal units, 4 significant digits). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let size = bytes;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit += 1;
  }
  return `${Number(size.toPrecision(4))}${units[unit]}`;
}

/** `[=====>     ] 1.2MB/5.6MB`, or `1.2MB` without a total; '' when there is nothing to count. */
export function progressBar(current: number | undefined, total: number | undefined, cells = BAR_CELLS): string {
  const done = Math.max(0, current ?? 0);
  if (done <= 0 && (total ?? 0) <= 0) return '';
  if (total === undefined || total <= 0) return humanSize(done);
  const numbers = `${humanSize(done)}/${humanSize(total)}`;
  if (cells < 3) return numbers;
  const filled = Math.min(cells - 1, Math.floor((done / total) * (cells - 1)));
  return `[${'='.repeat(filled)}>${' '.repeat(cells - 1 - filled)}] ${numbers}`;
}

interface Row {
  id: string;
  status: string;
  current?: number;
  total?: number;
}

export class PullProgressRenderer {
  private readonly rows: Row[] = [];
  private readonly index = new Map<string, number>();
  private readonly columns: number;

  constructor(private readonly options: PullProgressOptions) {
    this.columns = options.columns !== undefined && options.columns > 0 ? options.columns : DEFAULT_COLUMNS;
  }

  /** The text to write for one event of the stream ('' when nothing visible changed). */
  update(event: PullEvent): string {
    const status = event.status ?? '';
    if (event.id === undefined || event.id === '') {
      if (status === '') return '';
      // A line about the whole image (Digest, Status): later events start a new set of rows, as in
      // Docker, so nothing above it is ever redrawn and it may wrap.
      this.rows.length = 0;
      this.index.clear();
      return `${INDENT}${status}\n`;
    }
    const known = this.index.get(event.id);
    const detail = event.progressDetail ?? {};
    const row: Row = { id: event.id, status, current: detail.current, total: detail.total };
    if (known === undefined) {
      this.index.set(event.id, this.rows.length);
      this.rows.push(row);
      return `${this.render(row)}\n`;
    }
    const before = this.rows[known];
    this.rows[known] = row;
    if (!this.options.tty) {
      // One line per change of status: the bytes of `Downloading` are left out.
      return before?.status === status ? '' : `${this.render(row)}\n`;
    }
    const up = this.rows.length - known;
    // Up to the row, clear it, write it, back down to the line below the last row.
    return `${ESC}${up}A\r${ESC}2K${this.render(row)}${ESC}${up}B\r`;
  }

  private render(row: Row): string {
    const head = `${INDENT}${row.id}: ${row.status}`;
    if (!this.options.tty) {
      // Plain lines give a layer's size once, when its download starts.
      const size = row.status === 'Downloading' && row.total !== undefined && row.total > 0 ? ` ${humanSize(row.total)}` : '';
      return `${head}${size}`;
    }
    // The numbers take at most 18 characters ("999.9MB/999.9MB" and spaces); the bar gets what is left.
    const room = this.columns - 1 - head.length - 1 - 2 - 18;
    const bar = progressBar(row.current, row.total, Math.min(BAR_CELLS, room));
    return this.fit(bar === '' ? head : `${head} ${bar}`);
  }

  /** On a terminal, a row longer than the width would wrap and break the redrawing. */
  private fit(line: string): string {
    return this.options.tty && line.length > this.columns - 1 ? line.slice(0, this.columns - 1) : line;
  }
}
