/**
 * Fills the placeholders template-scan.ts found, with each kind's rules: `--var` values first, then
 * (for ecspresso's `env`/`must_env` only) the environment, then the template's own default; escapes
 * become their literal. What stays unfilled is returned, never guessed. Pure.
 */
import type { Placeholder, ScanResult } from './template-scan.js';
import { KIND_NAMES } from './template-scan.js';

export interface TemplateValues {
  /** `--var NAME=VALUE` and `--var-file` entries, later ones winning. */
  vars: ReadonlyMap<string, string>;
  /** Read only by ecspresso's `env` and `must_env`, as ecspresso does. */
  env: NodeJS.ProcessEnv;
}

/** The value for a placeholder, or undefined when nothing gives one. */
export function valueFor(p: Placeholder, values: TemplateValues): string | undefined {
  for (const name of p.names) {
    const v = values.vars.get(name);
    if (v !== undefined) return v;
  }
  if (p.kind === 'ecspresso' && p.names[0] !== undefined) {
    const fromEnv = values.env[p.names[0]];
    // GOCFG: `env` falls back to its default when the variable is empty or unset; `must_env` needs it set.
    if (p.func === 'must_env' && fromEnv !== undefined) return fromEnv;
    if (p.func === 'env') return fromEnv !== undefined && fromEnv !== '' ? fromEnv : (p.fallback ?? '');
  }
  if (p.kind === 'jinja' && p.fallback !== undefined) return p.fallback;
  return undefined;
}

export interface Rendered {
  text: string;
  unrendered: Placeholder[];
}

/**
 * Replaces what has a value. `skip` leaves a placeholder as written and unreported (shell `${HOME}`
 * in a command). A value inside a JSON string literal is JSON-escaped: [INF] Terraform pastes it raw,
 * which breaks the JSON on a quote or backslash; the user meant the value, so it is escaped.
 */
export function renderScanned(
  text: string,
  scan: ScanResult,
  values: TemplateValues,
  skip: (p: Placeholder) => boolean = () => false,
): Rendered {
  const edits: { start: number; end: number; with: string }[] = [];
  const unrendered: Placeholder[] = [];
  for (const e of scan.escapes) edits.push({ start: e.start, end: e.end, with: e.literal });
  for (const p of scan.placeholders) {
    const v = valueFor(p, values);
    if (v === undefined) {
      if (!skip(p)) unrendered.push(p);
      continue;
    }
    edits.push({ start: p.start, end: p.end, with: p.inString ? JSON.stringify(v).slice(1, -1) : v });
  }
  if (edits.length === 0) return { text, unrendered };
  edits.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.start) + e.with;
    at = e.end;
  }
  return { text: out + text.slice(at), unrendered };
}

export interface Located {
  placeholder: Placeholder;
  /** `file:line:col`. */
  where: string;
}

/**
 * One line naming every unrendered placeholder, its template kind and the fix, e.g.
 * `taskdef.json:5:12: unrendered Terraform template (templatefile/envsubst) placeholders ${app_image}, ${fargate_cpu}: pass --var app_image=VALUE --var fargate_cpu=VALUE (or --var-file FILE: JSON, .tfvars or .env)`.
 */
export function unrenderedMessage(found: readonly Located[], file: string): string {
  const first = found[0];
  const byKind = new Map<string, Placeholder[]>();
  for (const { placeholder: p } of found) {
    const list = byKind.get(p.kind) ?? [];
    if (!list.some((q) => q.text === p.text)) list.push(p);
    byKind.set(p.kind, list);
  }
  const parts: string[] = [];
  const fixes: string[] = [];
  const varNames: string[] = [];
  for (const [kind, list] of byKind) {
    parts.push(`${KIND_NAMES[kind as Placeholder['kind']]} ${list.length === 1 ? 'placeholder' : 'placeholders'} ${shortList(list.map((p) => p.text))}`);
    for (const p of list) {
      const name = p.names.length > 1 && p.kind === 'ci-marker' ? p.names[1] : p.names[p.names.length - 1];
      if (name !== undefined && !varNames.includes(name)) varNames.push(name);
    }
    if (kind === 'ecspresso') {
      const offline = list.filter((p) => p.func !== 'env' && p.func !== 'must_env');
      if (list.some((p) => p.func === 'must_env' || p.func === 'env')) fixes.push('set the variables in the environment as ecspresso reads them');
      if (offline.length > 0) fixes.push(`run \`ecspresso render task-definition > taskdef.json\` for ${[...new Set(offline.map((p) => p.func))].join(', ')}`);
    }
    if (kind === 'terraform' && list.some((p) => !/^\$\{\s*~?\s*[A-Za-z_][\w.-]*\s*~?\s*\}$/.test(p.text))) {
      fixes.push('render expressions and %{ } directives with terraform (`terraform console` with templatefile(), or use the terraform show -json output)');
    }
    if (kind === 'cloudformation' && list.some((p) => p.text.startsWith('{{resolve:'))) {
      fixes.push('dynamic references are resolved by CloudFormation at deploy time: pass --var \'{{resolve:…}}=VALUE\'');
    }
    if (kind === 'go' || kind === 'jinja') {
      if (list.some((p) => p.names.length === 0)) fixes.push('render the template with its own tool first');
    }
  }
  const varFix = varNames.length > 0 ? `pass ${shortList(varNames.map((n) => `--var ${n}=VALUE`), 4, ' ')} (or --var-file FILE: JSON, .tfvars or .env)` : '';
  const fix = [varFix, ...fixes].filter((s) => s !== '').join('; or ');
  return `${first?.where ?? file}: unrendered ${parts.join('; ')}: ${fix}`;
}

function shortList(items: readonly string[], max = 6, sep = ', '): string {
  if (items.length <= max) return items.join(sep);
  return `${items.slice(0, max).join(sep)}${sep}… (${items.length - max} more)`;
}
