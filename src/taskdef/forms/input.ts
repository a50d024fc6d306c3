/**
 * The front door for task definitions in the forms users keep them (taskdef-forms.md §8): turns the
 * text of any accepted form into the plain API-shaped JSON that ../from-json.ts reads and checks.
 *
 * Order [INF, after §8]: source files by name (Jsonnet, HCL); JSON that parses is a CloudFormation/CDK
 * template, `terraform show -json` or state, else register/describe/containerDefinitions JSON whose
 * template placeholders are filled or reported; JSON that does not parse is a template until its
 * placeholders are filled (`"cpu": ${fargate_cpu}`); anything else is YAML: CloudFormation, a task
 * definition written in YAML, or a file named for what it is. Pure: text in, parsed JSON out.
 */
import { InputError } from '../../errors.js';
import { formatPath, parseJson, positionsIn, type JsonPath, type JsonValue, type ParsedJson, type Position } from '../../json/parse.js';
import { isCloudFormation, taskDefinitionFromCloudFormation } from './cloudformation.js';
import { describeKeys, nameDocument, nameSource } from './named-forms.js';
import { renderScanned, unrenderedMessage, type Located, type TemplateValues } from './template-render.js';
import { scanTemplate, type Placeholder } from './template-scan.js';
import { taskDefinitionFromTerraform, terraformForm } from './terraform-json.js';
import { readLargeCfnYaml, readYaml, type Plain } from './yaml-read.js';

export type InputForm =
  | 'json'
  | 'template'
  | 'yaml'
  | 'cloudformation'
  | 'terraform-show-json'
  | 'terraform-state';

export interface FormOptions {
  /** `--var` and `--var-file` values. */
  vars: ReadonlyMap<string, string>;
  /** For ecspresso's env/must_env and the CloudFormation region. */
  env: NodeJS.ProcessEnv;
  /** `--resource`: a CloudFormation logical id or a Terraform address. */
  resource?: string;
  /**
   * The text is what ECS holds (DescribeTaskDefinition): a `${HOME}` in it is a value ECS passes on
   * as is, not a placeholder, so nothing is scanned or rendered.
   */
  literal?: boolean;
  /** `--region`, for CloudFormation's `AWS::Region`. */
  region?: string;
  warn: (line: string) => void;
}

export interface FormInput {
  parsed: ParsedJson;
  /** The name messages use: the file, or `file (Resources.TaskDef)` for a template's resource. */
  file: string;
  form: InputForm;
  /** CloudFormation pseudo parameters that took ecs-local's default. */
  assumed?: { region?: string; accountId?: string };
}

export function readTaskDefinitionForm(text: string, file: string, opts: FormOptions): FormInput {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const source = nameSource(text, file);
  if (source) throw new InputError(source);
  let value: JsonValue | undefined;
  try {
    value = JSON.parse(text) as JsonValue;
  } catch {
    const head = text.trimStart()[0];
    if (head === '{' || head === '[') return fromTemplateText(text, file, opts);
  }
  if (value !== undefined) {
    if (isCloudFormation(value as Plain)) return fromCloudFormation(value as Plain, file, opts);
    const tf = terraformForm(value);
    if (tf) {
      const out = taskDefinitionFromTerraform(value, tf, { file, ...(opts.resource !== undefined ? { resource: opts.resource } : {}) });
      return { parsed: unlocated(out.value), file: out.label, form: tf === 'state' ? 'terraform-state' : 'terraform-show-json' };
    }
    const named = nameDocument(value as Plain, file);
    if (named && !looksLikeTaskDefinition(value as Plain)) throw new InputError(named);
    // Parsed again for positions: messages point at file:line:column.
    if (opts.literal) return { parsed: parseJson(text, file), file, form: 'json' };
    return fromJsonValue(parseJson(text, file), file, opts, 'json');
  }
  if (text.trim() === '') return { parsed: parseJson(text, file), file, form: 'json' }; // parseJson says "the file is empty"
  // [INF] Above 256 KiB a CloudFormation YAML template is read lazily (only the resources used are
  // parsed), so that a 1 MB template checks in well under a second; other layouts are parsed whole.
  if (text.length > 256 * 1024) {
    const lazy = readLargeCfnYaml(text, file);
    if (lazy !== undefined && isCloudFormation(lazy)) return fromCloudFormation(lazy, file, opts);
  }
  let yaml;
  try {
    yaml = readYaml(text, file);
  } catch (err) {
    // A template that is not valid YAML either (Go `{{ range }}` blocks): name its placeholders first.
    const unrendered = textPlaceholders(text, file, opts);
    if (unrendered) throw new InputError(unrendered);
    throw err;
  }
  if (isCloudFormation(yaml.value)) return fromCloudFormation(yaml.value, file, opts);
  if (looksLikeTaskDefinition(yaml.value)) return fromJsonValue(unlocated(yaml.value as JsonValue), file, opts, 'yaml');
  const named = nameDocument(yaml.value, file);
  if (named) throw new InputError(named);
  const unrendered = textPlaceholders(text, file, opts);
  if (unrendered) throw new InputError(unrendered);
  throw new InputError(
    `${file}: not a task definition: neither JSON nor a known YAML form (found ${describeKeys(yaml.value)}); ` +
      'expected task definition JSON (register-task-definition input, describe-task-definition output, a containerDefinitions array), ' +
      'a CloudFormation/CDK template, or terraform show -json output (README "Your task definition")',
  );
}

function fromCloudFormation(value: Plain, file: string, opts: FormOptions): FormInput {
  const out = taskDefinitionFromCloudFormation(value, {
    file,
    vars: opts.vars,
    env: opts.env,
    warn: opts.warn,
    ...(opts.resource !== undefined ? { resource: opts.resource } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
  });
  return { parsed: unlocated(out.value), file: out.label, form: 'cloudformation', assumed: out.assumed };
}

/** Register/describe/array JSON or YAML: placeholders in string values are filled, or reported with their position. */
function fromJsonValue(parsed: ParsedJson, file: string, opts: FormOptions, form: InputForm): FormInput {
  const found: { path: JsonPath; placeholder: Placeholder; shell: boolean }[] = [];
  let templateSigns = false;
  const values: TemplateValues = { vars: opts.vars, env: opts.env };
  const render = (v: JsonValue, path: JsonPath): JsonValue => {
    if (typeof v === 'string') {
      if (!mayHoldPlaceholder(v)) return v;
      const scan = scanTemplate(v, { stringValue: true, regionValue: path[path.length - 1] === 'awslogs-region' });
      const shell = isShellField(path);
      if (!shell && (scan.escapes.length > 0 || scan.placeholders.some((p) => p.kind === 'terraform'))) templateSigns = true;
      const out = renderScanned(v, scan, values);
      for (const p of out.unrendered) found.push({ path, placeholder: p, shell });
      return out.text;
    }
    if (Array.isArray(v)) return v.map((item, i) => render(item, [...path, i]));
    if (v !== null && typeof v === 'object') {
      const o: { [k: string]: JsonValue } = {};
      for (const [k, item] of Object.entries(v)) Object.defineProperty(o, k, { value: render(item, [...path, k]), enumerable: true, writable: true, configurable: true });
      return o;
    }
    return v;
  };
  const value = render(parsed.value, []);
  // [INF] `${HOME}` in a command or entryPoint is the shell's, unless the file is otherwise a
  // Terraform template (it has other `${…}` or `$${` escapes): then it is Terraform's too.
  // A shell parameter expansion (`${PORT:-8080}`, `${#A}`, `${A%x}`) is never a Terraform one.
  // Likewise `$(hostname)` and `%PATH%` in a command are the shell's, not pipeline macros.
  const unrendered = found.filter(
    (f) =>
      !(f.shell && f.placeholder.kind === 'terraform' && (!templateSigns || SHELL_EXPANSION.test(f.placeholder.text))) &&
      !(f.shell && f.placeholder.kind === 'ci-marker' && /^(\$\(|%)/.test(f.placeholder.text)),
  );
  if (unrendered.length > 0) {
    const located: Located[] = unrendered.map((f) => ({ placeholder: f.placeholder, where: `${at(parsed.positionOf(f.path), file)}: ${formatPath(f.path)}` }));
    throw new InputError(unrenderedMessage(located, file));
  }
  return { parsed: { ...parsed, value }, file, form: found.length > 0 || templateSigns ? 'template' : form };
}

/** A file that is not JSON yet: a template whose placeholders must be filled before it parses. */
function fromTemplateText(text: string, file: string, opts: FormOptions): FormInput {
  const scan = scanTemplate(text, { json: true });
  if (scan.placeholders.length === 0 && scan.escapes.length === 0) return { parsed: parseJson(text, file), file, form: 'json' }; // its JSON error
  const out = renderScanned(text, scan, { vars: opts.vars, env: opts.env });
  if (out.unrendered.length > 0) {
    throw new InputError(unrenderedLine(out.unrendered, text, file));
  }
  // Rendered in one pass: a `${HOME}` that `$${HOME}` became is the container's, not a placeholder.
  return { parsed: parseJson(out.text, file), file, form: 'template' };
}

/** The unrendered-placeholder line for a text that is neither JSON nor a known form, if it has any. */
function textPlaceholders(text: string, file: string, opts: FormOptions): string | undefined {
  const scan = scanTemplate(text);
  const out = renderScanned(text, scan, { vars: opts.vars, env: opts.env });
  if (out.unrendered.length === 0) return undefined;
  return unrenderedLine(out.unrendered, text, file);
}

/** The one line naming each unrendered placeholder of `text` at its file:line:column. */
function unrenderedLine(unrendered: readonly Placeholder[], text: string, file: string): string {
  const position = positionsIn(text);
  return unrenderedMessage(unrendered.map((p) => ({ placeholder: p, where: at(position(p.start), file) })), file);
}

function looksLikeTaskDefinition(value: Plain): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every((c) => c !== null && typeof c === 'object' && !Array.isArray(c) && ('image' in c || 'name' in c));
  return value !== null && typeof value === 'object' && ('containerDefinitions' in value || 'taskDefinition' in value);
}

const SHELL_EXPANSION = /^\$\{(#|[A-Za-z_]\w*(:?[-=+?]|##?|%%?|\/\/?|:\d))/;

/** Cheap pre-check before scanning a string value. */
function mayHoldPlaceholder(s: string): boolean {
  return /[$%{<#[]|__|REPLACE|CHANGE|TO_BE|^arn:|^[A-Z][A-Z0-9_]*[A-Z0-9]$/.test(s);
}

/** `containerDefinitions[i].command`, `.entryPoint`, `.healthCheck.command`: strings a shell reads. */
function isShellField(path: JsonPath): boolean {
  return path.some((seg, i) => (seg === 'command' || seg === 'entryPoint') && typeof path[i + 1] === 'number');
}

export function unlocated(value: JsonValue): ParsedJson {
  return { value, duplicateKeys: [], positionOf: () => undefined };
}

function at(pos: Position | undefined, file: string): string {
  return pos ? `${file}:${pos.line}:${pos.column}` : file;
}

