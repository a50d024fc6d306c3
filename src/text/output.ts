/** Terminal output helpers: plain-text tables and masking (colour is colour.ts's). */

export const MASK = '********';

export function table(headers: string[], rows: string[][]): string {
  // A loop, not Math.max(...rows): a spread of 100,000 rows is past what a call can take.
  const widths = headers.map((h, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length));
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
