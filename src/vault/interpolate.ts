/**
 * `${VAR}` in vault values, filled from the environment, so that a vault can be committed without
 * the secrets themselves. `$${` stands for a literal `${`. Nothing else is special: no defaults, no
 * nested references, so a value means what it looks like.
 */

export type Lookup = (name: string) => string | undefined;

export type Interpolated =
  | { ok: true; value: string }
  | { ok: false; kind: 'unset'; variable: string }
  | { ok: false; kind: 'syntax'; detail: string };

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function interpolate(text: string, lookup: Lookup): Interpolated {
  // Most values hold no `$` at all: they are returned as they are, without a copy.
  let dollar = text.indexOf('$');
  if (dollar < 0) return { ok: true, value: text };
  const parts: string[] = [];
  let i = 0;
  while (dollar >= 0) {
    if (text.startsWith('$${', dollar)) {
      parts.push(text.slice(i, dollar), '${');
      i = dollar + 3;
    } else if (text.startsWith('${', dollar)) {
      const end = text.indexOf('}', dollar + 2);
      if (end < 0) return { ok: false, kind: 'syntax', detail: `"\${" at offset ${dollar} is not closed by "}"` };
      const name = text.slice(dollar + 2, end);
      if (!VARIABLE_NAME.test(name)) {
        return { ok: false, kind: 'syntax', detail: `"\${${name}}" is not a variable reference` };
      }
      const value = lookup(name);
      if (value === undefined) return { ok: false, kind: 'unset', variable: name };
      parts.push(text.slice(i, dollar), value);
      i = end + 1;
    } else {
      // A `$` that starts nothing: kept, and the search goes on after it.
      parts.push(text.slice(i, dollar + 1));
      i = dollar + 1;
    }
    dollar = text.indexOf('$', i);
  }
  parts.push(text.slice(i));
  return { ok: true, value: parts.join('') };
}
