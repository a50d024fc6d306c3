/**
 * Where the task definition comes from: a file in any form src/taskdef/forms reads, `-` (standard
 * input), a `cdk.out` folder, or a registered revision (`family:revision`, an ARN) with --aws or
 * --endpoint. Returns it loaded, with the path the vault is looked for beside.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { resolveEndpoints } from '../sources/endpoints.js';
import { FAKE_CREDENTIALS } from '../sources/sdk-source.js';
import type { InputForm } from '../taskdef/forms/input.js';
import { collectVars } from '../taskdef/forms/vars.js';
import { registeredReference } from '../taskdef/forms/registered.js';
import { loadTaskDefinition, loadTaskDefinitionText, type LoadedForm } from '../taskdef/load.js';

export interface InputOptions {
  /** A path, `-`, a registered revision; with `taskDefinitionText`, the name its messages use. */
  taskDefinition: string;
  /** The task definition itself (the library's object argument), read as JSON instead of a file. */
  taskDefinitionText?: string;
  vars?: readonly string[];
  varFiles?: readonly string[];
  resource?: string;
  region?: string;
  endpoint?: string | boolean;
  aws?: boolean;
  timeoutSeconds?: number;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdin?: NodeJS.ReadableStream;
  warn: (line: string) => void;
}

export interface TaskDefinitionInput {
  loaded: LoadedForm;
  /** What it was read as, for `-v`: `CloudFormation template`, `registered revision`, … */
  form: string;
  /** The file the vault is looked for beside (for stdin and revisions: the current folder). */
  file: string;
}

export async function readTaskDefinitionInput(opts: InputOptions): Promise<TaskDefinitionInput> {
  const forms = {
    vars: collectVars({ vars: opts.vars, varFiles: opts.varFiles, cwd: opts.cwd, warn: opts.warn }),
    env: opts.env,
    warn: opts.warn,
    ...(opts.resource !== undefined ? { resource: opts.resource } : {}),
    ...(opts.region !== undefined ? { region: opts.region } : {}),
  };
  const given = opts.taskDefinition;
  const here = path.join(opts.cwd, '-');
  if (opts.taskDefinitionText !== undefined) {
    const loaded = loadTaskDefinitionText(opts.taskDefinitionText, given, { forms });
    return { loaded, file: here, form: formName(loaded.form) };
  }
  if (given === '-') {
    const text = await readAll(opts.stdin ?? process.stdin);
    const loaded = loadTaskDefinitionText(text, 'stdin', { forms });
    return { loaded, file: here, form: `${formName(loaded.form)} on standard input` };
  }
  const file = path.resolve(opts.cwd, given);
  const stat = statOrUndefined(file);
  const remote = (opts.endpoint !== undefined && opts.endpoint !== false) || opts.aws === true;
  const ref = stat ? undefined : registeredReference(given, remote);
  if (ref) {
    if (opts.endpoint === undefined && !opts.aws) {
      throw new UsageError(`${given} is not a file; to read the registered revision ${given} (DescribeTaskDefinition), add --aws (real AWS) or --endpoint URL (LocalStack, moto)`);
    }
    const { describeRegistered } = await import('../taskdef/forms/registered.js');
    const text = await describeRegistered(ref, {
      ...(opts.endpoint !== undefined && opts.endpoint !== false ? { endpoint: ecsEndpoint(opts.endpoint, opts.env) } : {}),
      credentials: opts.aws ? 'default-chain' : { ...FAKE_CREDENTIALS, accessKeyId: ref.accountId ?? FAKE_CREDENTIALS.accessKeyId },
      region: opts.region ?? ref.region ?? nonEmpty(opts.env.AWS_REGION) ?? nonEmpty(opts.env.AWS_DEFAULT_REGION) ?? 'us-east-1',
      timeoutMs: Math.round((opts.timeoutSeconds ?? 5) * 1000),
    });
    return { loaded: loadTaskDefinitionText(text, given, { forms: { ...forms, literal: true } }), file: here, form: 'registered revision (DescribeTaskDefinition)' };
  }
  if (stat?.isDirectory()) {
    const template = cdkTemplate(file, given);
    const loaded = loadTaskDefinition(template, { forms });
    return { loaded, file: template, form: `${formName(loaded.form)} found in the folder ${given}` };
  }
  const loaded = loadTaskDefinition(file, { forms });
  return { loaded, file, form: formName(loaded.form) };
}

const FORM_NAMES: Record<InputForm, string> = {
  json: 'task definition JSON',
  yaml: 'task definition YAML',
  template: 'rendered template',
  cloudformation: 'CloudFormation template',
  'terraform-show-json': 'terraform show -json output',
  'terraform-state': 'Terraform state',
};

function formName(form: InputForm | undefined): string {
  return form === undefined ? 'task definition' : FORM_NAMES[form];
}

/** `--endpoint URL`, or with `--endpoint` alone AWS_ENDPOINT_URL_ECS, then AWS_ENDPOINT_URL (as the SDKs read them). */
function ecsEndpoint(endpoint: string | true, env: NodeJS.ProcessEnv): string {
  if (typeof endpoint === 'string') return resolveEndpoints({ endpoint, env }).secretsManager?.url ?? endpoint;
  const url = nonEmpty(env.AWS_ENDPOINT_URL_ECS) ?? nonEmpty(env.AWS_ENDPOINT_URL);
  if (url === undefined) throw new UsageError('--endpoint needs a URL to read a registered revision (e.g. --endpoint http://localhost:4566), or AWS_ENDPOINT_URL_ECS / AWS_ENDPOINT_URL set');
  return url;
}

/**
 * A `cdk.out` folder: the one `*.template.json` holding an AWS::ECS::TaskDefinition (nested stage
 * folders `assembly-*` included); several are listed for the user to choose.
 */
function cdkTemplate(dir: string, given: string): string {
  const found: string[] = [];
  const visit = (d: string, depth: number) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (name.endsWith('.template.json') && readFileSync(full, 'utf8').includes('"AWS::ECS::TaskDefinition"')) found.push(full);
      else if (depth < 2 && name.startsWith('assembly-') && statOrUndefined(full)?.isDirectory()) visit(full, depth + 1);
    }
  };
  try {
    visit(dir, 0);
  } catch (err) {
    throw new InputError(`${given}: cannot read the folder: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (found.length === 1) return found[0] as string;
  const shown = found.map((f) => path.relative(process.cwd(), f) || f);
  if (found.length === 0) throw new InputError(`${given} is a folder without a *.template.json that defines an AWS::ECS::TaskDefinition (run cdk synth, or give the task definition file)`);
  throw new UsageError(`${given} holds ${found.length} templates with task definitions: give one of ${shown.join(', ')}`);
}

function statOrUndefined(file: string) {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
