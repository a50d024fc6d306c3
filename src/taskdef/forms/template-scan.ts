/**
 * Finds the placeholders of every template kind users keep task definitions in (taskdef-forms.md §1,
 * §2, §3; issue #8 item 2): Terraform `${name}` / `%{ for }` (and envsubst's `${NAME}`), ecspresso's
 * `{{ must_env `X` }}` and plugin calls, CloudFormation `${AWS::Region}` and `{{resolve:…}}`, Go and
 * Jinja `{{ name }}`, and CI markers (`REPLACED_BY_CI`, `__VERSION__`, `<IMAGE1_NAME>`, `#{Tag}#`,
 * `[AccountID]`, `%BUILD_TAG%`, `$(imageTag)`, and `sed` tokens in ARN fields). Also the escapes that stand for a literal (`$${`, `%%{`, `{{"{{"}}`). Pure.
 */

export type TemplateKind = 'terraform' | 'ecspresso' | 'cloudformation' | 'go' | 'jinja' | 'ci-marker';

export interface Placeholder {
  kind: TemplateKind;
  /** The placeholder as written, e.g. `${fargate_cpu}` or ``{{ must_env `TAG` }}``. */
  text: string;
  /** Offsets in the scanned string. */
  start: number;
  end: number;
  /**
   * The names a `--var` may give it under, most specific first (`var.image` then `image`); empty
   * when it is an expression ecs-local does not evaluate (`${jsonencode(x)}`, `%{ for }`).
   */
  names: string[];
  /** ecspresso's function (`env`, `must_env`, `tfstate`, `ssm`, …) when kind is ecspresso. */
  func?: string;
  /** The default of `{{ env `X` `default` }}` or Jinja's `{{ x | default('d') }}`. */
  fallback?: string;
  /** Inside a JSON string literal (text mode only): a value put here must be JSON-escaped. */
  inString: boolean;
}

/** A literal written with the kind's escape: `$${` stands for `${`. */
export interface Escape {
  start: number;
  end: number;
  literal: string;
}

export interface ScanResult {
  placeholders: Placeholder[];
  escapes: Escape[];
}

/** ecspresso's template functions (GOCFG DefaultFuncMap and its plugins, taskdef-forms.md §2). */
const ECSPRESSO_FUNCS = new Set([
  'env',
  'must_env',
  'json_escape',
  'tfstate',
  'tfstatef',
  'ssm',
  'ssm_list',
  'secretsmanager_arn',
  'secretsmanager_arnf',
  'cfn_output',
  'cfn_export',
]);


/**
 * Scans `text`. In text mode (`json: true`, for a file that is not valid JSON yet) string literals
 * are tracked so that each placeholder knows whether it sits inside one; `stringValue: true` scans one
 * string value of a parsed document (where the bracketed markers are looked for too).
 */
export function scanTemplate(text: string, opts: { json?: boolean; stringValue?: boolean; regionValue?: boolean } = {}): ScanResult {
  const placeholders: Placeholder[] = [];
  const escapes: Escape[] = [];
  let inString = false;
  let i = 0;
  const n = text.length;
  const add = (p: Omit<Placeholder, 'inString'>) => {
    placeholders.push({ ...p, inString: opts.json === true && inString });
    i = p.end;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (opts.json && c === 34 /* " */) {
      inString = !inString;
      i++;
      continue;
    }
    if (opts.json && inString && c === 92 /* \ */) {
      i += 2;
      continue;
    }
    if (c === 36 /* $ */ && text[i + 1] === '$' && text[i + 2] === '{') {
      escapes.push({ start: i, end: i + 3, literal: '${' });
      i += 3;
      continue;
    }
    if (c === 37 /* % */ && text[i + 1] === '%' && text[i + 2] === '{') {
      escapes.push({ start: i, end: i + 3, literal: '%{' });
      i += 3;
      continue;
    }
    if ((c === 36 || c === 37) && text[i + 1] === '{') {
      const end = closingBrace(text, i + 2);
      if (end < 0) {
        i++;
        continue;
      }
      const raw = text.slice(i, end + 1);
      const inner = text.slice(i + 2, end);
      if (c === 37) {
        add({ kind: 'terraform', text: raw, start: i, end: end + 1, names: [] });
        continue;
      }
      // CloudFormation's Fn::Sub escape: `${!Literal}` stands for `${Literal}`.
      if (inner.startsWith('!')) {
        escapes.push({ start: i, end: end + 1, literal: '${' + inner.slice(1) + '}' });
        i = end + 1;
        continue;
      }
      const body = inner.replace(/^\s*~?\s*/, '').replace(/\s*~?\s*$/, '');
      if (/^[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(body)) {
        add({ kind: 'cloudformation', text: raw, start: i, end: end + 1, names: [body] });
      } else if (/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/.test(body)) {
        const parts = body.split('.');
        // `${var.image}` (HCL copied into a template) is also given as `--var image=…`.
        const names = parts.length === 2 && (parts[0] === 'var' || parts[0] === 'local') ? [body, parts[1] as string] : [body];
        add({ kind: 'terraform', text: raw, start: i, end: end + 1, names });
      } else {
        // An expression (`${jsonencode(env)}`): not evaluated, but `--var 'jsonencode(env)=…'` may give it.
        add({ kind: 'terraform', text: raw, start: i, end: end + 1, names: body === '' ? [] : [body] });
      }
      continue;
    }
    if (c === 123 /* { */ && text[i + 1] === '{') {
      const end = text.indexOf('}}', i + 2);
      if (end < 0 || end - i > 400) {
        i++;
        continue;
      }
      const raw = text.slice(i, end + 2);
      const inner = text.slice(i + 2, end).replace(/^-?\s*/, '').replace(/\s*-?$/, '');
      const literal = /^(?:"\{\{"|`\{\{`)$/.exec(inner);
      if (literal) {
        escapes.push({ start: i, end: end + 2, literal: '{{' });
        i = end + 2;
        continue;
      }
      add({ ...curly(inner), text: raw, start: i, end: end + 2 });
      continue;
    }
    const marker = ciMarker(text, i, opts.stringValue === true || (opts.json === true && inString));
    if (marker) {
      add({ kind: 'ci-marker', text: marker.text, start: i, end: i + marker.text.length, names: marker.names });
      continue;
    }
    i++;
  }
  if (opts.stringValue) {
    for (const p of tokenFields(text, opts.regionValue === true)) {
      if (!placeholders.some((q) => q.start < p.end && p.start < q.end)) placeholders.push({ ...p, inString: false });
    }
    placeholders.sort((a, b) => a.start - b.start);
  }
  return { placeholders, escapes };
}

/** A CI token replaced by `sed` (`AWS_ACCOUNT_ID`, `REGION`): upper case, digits and `_`. */
const SED_TOKEN = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;

/**
 * Tokens a pipeline replaces with `sed` (`sed -i "s/AWS_ACCOUNT_ID/$ACCOUNT/g"`, CodePipeline and
 * buildspec samples), taken only where no real value looks like them: the region or account field of
 * an ARN (`arn:aws:iam::AWS_ACCOUNT_ID:role/x`: regions are lower case, accounts 12 digits or `aws`),
 * and a whole `awslogs-region` value. Elsewhere such a word may be a real value, so it is left alone.
 */
function tokenFields(text: string, regionValue: boolean): Omit<Placeholder, 'inString'>[] {
  const out: Omit<Placeholder, 'inString'>[] = [];
  const token = (start: number, word: string) => out.push({ kind: 'ci-marker', text: word, start, end: start + word.length, names: [word] });
  if (regionValue && SED_TOKEN.test(text)) token(0, text);
  const arn = /^arn:[^:]*:[^:]*:([^:]*):([^:]*):/.exec(text);
  if (arn) {
    const region = arn[1] as string;
    const account = arn[2] as string;
    const regionStart = text.indexOf(':', text.indexOf(':', 4) + 1) + 1;
    if (SED_TOKEN.test(region)) token(regionStart, region);
    if (SED_TOKEN.test(account)) token(regionStart + region.length + 1, account);
  }
  return out;
}

/** Index of the `}` closing a `${` whose body starts at `from` (nested braces counted), or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  const limit = Math.min(text.length, from + 400);
  for (let k = from; k < limit; k++) {
    const ch = text[k];
    if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) return k;
      depth--;
    } else if (ch === '\n' && depth === 0 && k - from > 200) return -1;
  }
  return -1;
}

/** What a `{{ … }}` body is: ecspresso call, CloudFormation dynamic reference, Go field, Jinja name. */
function curly(inner: string): Pick<Placeholder, 'kind' | 'names' | 'func' | 'fallback'> {
  if (/^resolve:/.test(inner)) return { kind: 'cloudformation', names: [`{{${inner}}}`] };
  const call = /^([A-Za-z_]\w*)\s+(.*)$/s.exec(inner);
  if (call && ECSPRESSO_FUNCS.has(call[1] as string)) {
    const func = call[1] as string;
    const args = goArgs(call[2] as string);
    if ((func === 'env' || func === 'must_env') && args[0] !== undefined) {
      return { kind: 'ecspresso', func, names: [args[0]], ...(func === 'env' && args[1] !== undefined ? { fallback: args[1] } : {}) };
    }
    // Plugin calls read AWS or a tfstate: `--var` may give them by their argument (`aws_iam_role.exec.arn`).
    return { kind: 'ecspresso', func, names: args[0] !== undefined && func !== 'json_escape' ? [args[0]] : [] };
  }
  const field = /^\.([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$/.exec(inner);
  if (field) return { kind: 'go', names: [field[1] as string] };
  const jinja = /^([A-Za-z_][\w.]*)\s*(?:\|\s*default\s*\(\s*(?:'([^']*)'|"([^"]*)")\s*\))?$/.exec(inner);
  if (jinja) {
    const fallback = jinja[2] ?? jinja[3];
    return { kind: 'jinja', names: [jinja[1] as string], ...(fallback !== undefined ? { fallback } : {}) };
  }
  return { kind: /^[.$]|^(if|range|with|end|else|template|define)\b/.test(inner) ? 'go' : 'jinja', names: [] };
}

/** Go template string arguments: `` `X` `` or `"X"` (with Go's common escapes). */
function goArgs(text: string): string[] {
  const out: string[] = [];
  const re = /`([^`]*)`|"((?:[^"\\]|\\.)*)"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m[1] ?? (m[2] as string).replace(/\\(.)/g, (_, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch)));
  }
  return out;
}

/**
 * A CI marker starting at `i`. Markers are only taken at a word boundary, and the bracketed forms only
 * inside JSON strings (in text mode) so that JSON syntax is never read as one.
 */
function ciMarker(text: string, i: number, inString: boolean): { text: string; names: string[] } | undefined {
  const c = text[i];
  const prev = i > 0 ? (text[i - 1] as string) : '';
  if (c === '_' && text[i + 1] === '_' && !/\w/.test(prev)) {
    const m = /^__([A-Z](?:[A-Z0-9_]*[A-Z0-9])?)__(?!\w)/.exec(text.slice(i, i + 80));
    if (m) return { text: m[0], names: [m[0], m[1] as string] };
  }
  if (c === 'R' || c === 'C' || c === 'T') {
    if (/\w/.test(prev)) return undefined;
    const m = /^(?:REPLACE(?:D|_ME)?(?:_[A-Z0-9]+)*|CHANGE_?ME|TO_BE_REPLACED)(?![\w-])/.exec(text.slice(i, i + 80));
    if (m) return { text: m[0], names: [m[0]] };
  }
  if (!inString) return undefined;
  if (c === '<') {
    // `<IMAGE1_NAME>`, `<ACCOUNT_ID>`, `<account-id>`; not an HTML tag such as `<b>` or `<br>`.
    const m = /^<([A-Z][A-Z0-9_]+|[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)+)>/.exec(text.slice(i, i + 80));
    if (m) return { text: m[0], names: [m[0], m[1] as string] };
  }
  if (c === '%') {
    // TeamCity/Azure DevOps `%BUILD_TAG%`, `%env.VERSION%`: an upper-case name or a dotted one, so that
    // strftime's `%Y%m%d` and a SQL `LIKE '%abc%'` are not taken for one.
    const m = /^%([A-Z][A-Z0-9_]*[A-Z0-9]|[a-z]+(?:\.[A-Za-z0-9_]+)+)%/.exec(text.slice(i, i + 80));
    if (m) return { text: m[0], names: [m[0], m[1] as string] };
  }
  if (c === '$' && text[i + 1] === '(') {
    // Azure Pipelines macros `$(imageTag)`, `$(Build.BuildId)`; a shell's `$(cmd)` is left to its fields.
    const m = /^\$\(([A-Za-z_][\w.]*)\)/.exec(text.slice(i, i + 80));
    if (m) return { text: m[0], names: [m[0], m[1] as string] };
  }
  if (c === '#' && text[i + 1] === '{') {
    const m = /^#\{([A-Za-z_][\w.]*)\}#?/.exec(text.slice(i, i + 80));
    if (m) return { text: m[0], names: [m[0], m[1] as string] };
  }
  if (c === '[') {
    const m = /^\[([A-Za-z][\w-]*)\]/.exec(text.slice(i, i + 80));
    // `[AccountID]`, `[aws-region]`; not an upper-case-only word like `[DEBUG]` in a log format.
    if (m && /[a-z]/.test(m[1] as string) && /[A-Z-]/.test(m[1] as string)) return { text: m[0], names: [m[0], m[1] as string] };
  }
  return undefined;
}

/** How each kind is named to the user. */
export const KIND_NAMES: Readonly<Record<TemplateKind, string>> = {
  terraform: 'Terraform template (templatefile/envsubst)',
  ecspresso: 'ecspresso template',
  cloudformation: 'CloudFormation',
  go: 'Go template',
  jinja: 'Jinja/mustache template',
  'ci-marker': 'CI',
};
