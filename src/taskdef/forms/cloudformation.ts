/**
 * A CloudFormation or CDK template (JSON or YAML) to the API-shaped task definition: picks the
 * `AWS::ECS::TaskDefinition` (`--resource LogicalId` when there are several), evaluates its
 * intrinsics (cfn-intrinsics.ts) and maps the property names (cfn-names.ts). Pure.
 */
import path from 'node:path';
import { InputError, UsageError } from '../../errors.js';
import type { JsonValue } from '../../json/parse.js';
import { partitionOf } from '../../aws/arn.js';
import { taskDefinitionSpec } from '../fields.js';
import { cfnToApi } from './cfn-names.js';
import { IntrinsicResolver, type CfnTemplate, type Pseudo } from './cfn-intrinsics.js';
import { KNOWN_TYPES, type Plain } from './yaml-read.js';

const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

/** taskdef-forms.md §8: `AWSTemplateFormatVersion`, or `Resources` whose entries have a `Type`. */
export function isCloudFormation(value: Plain): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (typeof value['AWSTemplateFormatVersion'] === 'string') return true;
  const resources = value['Resources'];
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) return false;
  if ((KNOWN_TYPES.get(resources)?.size ?? 0) > 0) return true;
  return Object.values(resources).some((r) => r !== null && typeof r === 'object' && !Array.isArray(r) && typeof r['Type'] === 'string');
}

export interface CfnOptions {
  /** As the user named the file, for messages. */
  file: string;
  vars: ReadonlyMap<string, string>;
  /** `--resource LogicalId`. */
  resource?: string;
  /** `--region`, for `AWS::Region` when no `--var AWS::Region=…` is given. */
  region?: string;
  env: NodeJS.ProcessEnv;
  warn: (line: string) => void;
}

export interface FromCloudFormation {
  value: JsonValue;
  /** `template.yaml (Resources.TaskDef)`: where the task definition is, for messages. */
  label: string;
  logicalId: string;
  /** Pseudo parameters that took ecs-local's default (nothing gave them), for `-v` to say so. */
  assumed: { region?: string; accountId?: string };
}

export function taskDefinitionFromCloudFormation(template: Plain, opts: CfnOptions): FromCloudFormation {
  const t = template as { [k: string]: Plain };
  const resources = (t['Resources'] ?? {}) as { [k: string]: Plain };
  const logicalId = pickResource(resources, opts);
  const resource = resources[logicalId] as { [k: string]: Plain };
  const pseudo = pseudoParameters(opts);
  const resolver = new IntrinsicResolver(
    { Resources: resources, Parameters: objectOr(t['Parameters']), Mappings: objectOr(t['Mappings']), Conditions: objectOr(t['Conditions']) } as CfnTemplate,
    opts.vars,
    pseudo,
  );
  const props = resolver.resolve(resource['Properties'] ?? {}) ?? {};
  const label = `${opts.file} (Resources.${logicalId})`;
  if (resolver.unresolved.length > 0) {
    const places = new Map<string, string[]>();
    for (const u of resolver.unresolved) places.set(u.what, [...(places.get(u.what) ?? []), u.path]);
    const items = [...places].map(([what, at]) => `${what} at ${at.slice(0, 2).join(', ')}${at.length > 2 ? ` and ${at.length - 2} more` : ''}`);
    const names = [...new Set(resolver.unresolved.map((u) => u.varName).filter((n) => n !== ''))];
    const shown = items.length > 5 ? `${items.slice(0, 5).join('; ')}; … (${items.length - 5} more)` : items.join('; ');
    const fix = names.length > 0 ? `pass ${names.slice(0, 5).map((n) => `--var '${n}=VALUE'`).join(' ')}${names.length > 5 ? ' …' : ''}` : 'replace it in the template';
    throw new InputError(`${label}: cannot resolve offline: ${shown}: ${fix}`);
  }
  if (resolver.standIns.length > 0) {
    const shown = resolver.standIns.map((s) => `${s.varName} as "${s.value}"`).join(', ');
    opts.warn(`${label}: names the stack gives at deploy time are stand-ins: ${shown} (--var 'LogicalId=VALUE' gives the deployed one)`);
  }
  const value = cfnToApi(props, taskDefinitionSpec) as { [k: string]: JsonValue };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${label}: Properties: expected an object`);
  // [INF] Without `Family` CloudFormation names the family `<stack>-<LogicalId>-<random>`; the random part is left out.
  if (value['family'] === undefined) value['family'] = `${pseudo.stackName}-${logicalId}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
  for (const line of cdkAssetHints(value, opts.file)) opts.warn(`${label}: ${line}`);
  const assumed = {
    ...(opts.vars.get('AWS::Region') === undefined && opts.region === undefined && !opts.env['AWS_REGION'] && !opts.env['AWS_DEFAULT_REGION'] ? { region: pseudo.region } : {}),
    ...(opts.vars.get('AWS::AccountId') === undefined ? { accountId: pseudo.accountId } : {}),
  };
  return { value, label, logicalId, assumed };
}

/**
 * `cdk synth` images built from a folder of the app (taskdef-forms.md §3): they exist in no
 * registry until `cdk deploy`, so say how to build them locally.
 */
function cdkAssetHints(td: { [k: string]: JsonValue }, file: string): string[] {
  const containers = Array.isArray(td['containerDefinitions']) ? td['containerDefinitions'] : [];
  const out: string[] = [];
  containers.forEach((c, i) => {
    const image = c !== null && typeof c === 'object' && !Array.isArray(c) ? c['image'] : undefined;
    const hash = typeof image === 'string' ? /\/cdk-[a-z0-9]+-container-assets-[^:/]+:([0-9a-f]{64})$/.exec(image)?.[1] : undefined;
    if (typeof image === 'string' && hash) {
      const dir = path.join(path.dirname(file), `asset.${hash}`);
      out.push(`containerDefinitions[${i}].image is a CDK asset, pushed only by cdk deploy: build it first with docker build -t ${image} ${dir}`);
    }
  });
  return out;
}

/** A resource's `Type`, without parsing it when the template was read lazily. */
function typeOf(resources: { [k: string]: Plain }, id: string): string | undefined {
  const known = KNOWN_TYPES.get(resources)?.get(id);
  if (known !== undefined) return known;
  const r = resources[id];
  return r !== null && typeof r === 'object' && !Array.isArray(r) && typeof r['Type'] === 'string' ? r['Type'] : undefined;
}

function pickResource(resources: { [k: string]: Plain }, opts: CfnOptions): string {
  const ids = Object.keys(resources).filter((id) => typeOf(resources, id) === TASK_DEFINITION);
  if (opts.resource !== undefined) {
    if (ids.includes(opts.resource)) return opts.resource;
    const type = opts.resource in resources ? typeOf(resources, opts.resource) : undefined;
    const what = type !== undefined ? `is ${article(type)}, not an ${TASK_DEFINITION}` : 'is not in Resources';
    throw new UsageError(`--resource ${opts.resource}: ${what} of ${opts.file} (task definitions: ${ids.join(', ') || 'none'})`);
  }
  if (ids.length === 1) return ids[0] as string;
  if (ids.length === 0) {
    const types = [...new Set(Object.keys(resources).map((id) => typeOf(resources, id) ?? '?'))];
    throw new InputError(`${opts.file}: a CloudFormation template without an ${TASK_DEFINITION} (its resources: ${types.slice(0, 8).join(', ')}${types.length > 8 ? ', …' : ''}); give the template that defines the task`);
  }
  throw new UsageError(`${opts.file} defines ${ids.length} task definitions (${ids.join(', ')}): choose one with --resource LogicalId, e.g. --resource ${ids[0]}`);
}

/**
 * [INF] Pseudo parameters offline: `--var AWS::Region=…` first; the region then comes from `--region`,
 * AWS_REGION, AWS_DEFAULT_REGION, else us-east-1; the account is 123456789012 (ecs-local's default
 * account); the stack's name is the file's (`MyStack.template.json` → `MyStack`).
 */
function pseudoParameters(opts: CfnOptions): Pseudo {
  const v = (k: string) => opts.vars.get(`AWS::${k}`);
  const env = (k: string) => (opts.env[k] === '' ? undefined : opts.env[k]);
  const region = v('Region') ?? opts.region ?? env('AWS_REGION') ?? env('AWS_DEFAULT_REGION') ?? 'us-east-1';
  const partition = v('Partition') ?? partitionOf(region);
  const base = path.basename(opts.file).replace(/\.template\.json$|\.(json|ya?ml|template)$/i, '').replace(/\.stack$/i, '');
  return {
    region,
    partition,
    accountId: v('AccountId') ?? '123456789012',
    stackName: v('StackName') ?? (base === '' || base === '-' ? 'stack' : base),
    urlSuffix: v('URLSuffix') ?? (partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'),
  };
}

function objectOr(v: Plain | undefined): { [k: string]: Plain } | undefined {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

function article(type: string): string {
  return `${/^[AEIOU]/i.test(type) ? 'an' : 'a'} ${type}`;
}
