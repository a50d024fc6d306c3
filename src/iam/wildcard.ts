/**
 * IAM's wildcards in Action and Resource: `*` stands for any run of characters (none included,
 * `/` and `:` included), `?` for exactly one. Actions compare case-insensitively, resources
 * case-sensitively (IAM User Guide, "IAM JSON policy elements: Action / Resource"). Pure.
 */

export function matchesAction(pattern: string, action: string): boolean {
  return globMatch(pattern.toLowerCase(), action.toLowerCase());
}

export function matchesResource(pattern: string, resource: string): boolean {
  return globMatch(pattern, resource);
}

/** Greedy matching with one backtrack point: linear in practice, never exponential. */
export function globMatch(pattern: string, text: string): boolean {
  const p = [...pattern];
  const t = [...text];
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    if (pi < p.length && (p[pi] === '?' || (p[pi] !== '*' && p[pi] === t[ti]))) {
      pi++;
      ti++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
