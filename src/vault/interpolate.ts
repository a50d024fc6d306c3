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
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      const end = text.indexOf('}', i + 2);
      if (end < 0) return { ok: false, kind: 'syntax', detail: `"\${" at offset ${i} is not closed by "}"` };
      const name = text.slice(i + 2, end);
      if (!VARIABLE_NAME.test(name)) {
        return { ok: false, kind: 'syntax', detail: `"\${${name}}" is not a variable reference` };
      }
      const value = lookup(name);
      if (value === undefined) return { ok: false, kind: 'unset', variable: name };
      out += value;
      i = end + 1;
    } else {
      out += text[i];
      i++;
    }
  }
  return { ok: true, value: out };
}

