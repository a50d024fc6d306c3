/**
 * Go's `fmt.Sprintf("%v", v)` for the values encoding/json decodes into `interface{}`, which is how
 * the ECS agent turns a JSON-key secret value into an environment variable (agent/asm/asm.go).
 *
 * fmt/print.go: a string prints bare, a bool as true/false, a nil interface as `<nil>`, a float64 as
 * `fmtFloat(v, 64, 'g', -1)` (see formatFloatShortestG), a map as `map[k:v k:v]` with its keys sorted
 * (internal/fmtsort: strings compare by bytes), a slice as `[a b]`; nested values print the same way.
 * Iterative, as JSON nests up to 10000 levels.
 */
import type { GoValue } from './json.js';
import { formatFloatShortestG } from './strconv.js';

/** Go's string order: by UTF-8 bytes (UTF-16 order differs above U+FFFF). */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

export function goSprintV(value: GoValue): string {
  const out: string[] = [];
  // Work items in reverse order: a value to print, or a literal piece of punctuation.
  const work: ({ text: string } | { value: GoValue })[] = [{ value }];
  for (let item = work.pop(); item !== undefined; item = work.pop()) {
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const v = item.value;
    if (v === null) out.push('<nil>');
    else if (typeof v === 'string') out.push(v);
    else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
    else if (typeof v === 'number') out.push(formatFloatShortestG(v));
    else if (Array.isArray(v)) {
      out.push('[');
      work.push({ text: ']' });
      for (let i = v.length - 1; i >= 0; i--) {
        work.push({ value: v[i] ?? null });
        if (i > 0) work.push({ text: ' ' });
      }
    } else {
      out.push('map[');
      work.push({ text: ']' });
      const keys = [...v.keys()].sort(compareGoStrings);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] ?? '';
        work.push({ value: v.get(k) ?? null });
        work.push({ text: `${k}:` });
        if (i > 0) work.push({ text: ' ' });
      }
    }
  }
  return out.join('');
}
