/**
 * Terminal output helpers: plain-text tables and masking. Colour only on a TTY and never with
 * NO_COLOR (https://no-color.org).
 */
import type { Writable } from 'node:stream';

export const MASK = '********';

export function useColor(stream: Writable, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return (stream as Writable & { isTTY?: boolean }).isTTY === true;
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

/** Values shown in a table stay on one line. */
export function oneLine(value: string): string {
  return value.replace(/\r?\n/g, '\\n');
}
