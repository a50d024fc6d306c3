/**
 * Evaluates CloudFormation's intrinsic functions inside one resource's properties, offline: `Ref` of
 * parameters (default or `--var`), pseudo parameters and resources of the same template, `Fn::Sub`,
 * `Fn::Join`, `Fn::GetAtt`, `Fn::If` with the template's Conditions, `Fn::Select`, `Fn::Split`,
 * `Fn::FindInMap`, `Fn::Base64`, `Fn::GetAZs`. Resources the stack creates get the physical names
 * CloudFormation would give them as far as the template says (a `Name` property), else a stand-in
 * the caller reports. What cannot be known offline (`Fn::ImportValue`, a parameter without a default,
 * dynamic references) is collected, never guessed; `--var NAME=VALUE` fills any of it. Pure.
 */
import type { Plain } from './yaml-read.js';
import { CloudFormation } from '../../messages.js';

type PlainObject = { [key: string]: Plain };

export interface Pseudo {
  region: string;
  accountId: string;
  partition: string;
  stackName: string;
  urlSuffix: string;
}

export interface Unresolved {
  /** Where in the resource's properties, e.g. `ContainerDefinitions[0].Image`. */
  path: string;
  /** What could not be resolved, e.g. `Fn::ImportValue shared-repo`. */
  what: string;
  /** The `--var` name that would fill it. */
  varName: string;
}

export interface StandIn {
  /** `Ref LogGroup`, `Fn::GetAtt TaskRole.Arn`. */
  what: string;
  value: string;
  varName: string;
}

export interface CfnTemplate {
  Parameters?: PlainObject;
  Mappings?: PlainObject;
  Conditions?: PlainObject;
  Resources: PlainObject;
}

/** Marks a property removed by `Ref AWS::NoValue`. */
const NO_VALUE = Symbol('AWS::NoValue');
/** Marks a value that could not be resolved (already recorded). */
const UNKNOWN = Symbol('unresolved');
type Out = Plain | typeof NO_VALUE | typeof UNKNOWN;

export class IntrinsicResolver {
  readonly unresolved: Unresolved[] = [];
  readonly standIns: StandIn[] = [];
  private readonly conditionCache = new Map<string, boolean | typeof UNKNOWN>();
  /** Resources whose name is being evaluated, to catch a name that refers back to itself. */
  private readonly naming: string[] = [];

  constructor(
    private readonly template: CfnTemplate,
    private readonly vars: ReadonlyMap<string, string>,
    private readonly pseudo: Pseudo,
  ) {}

  /** The value with every intrinsic evaluated; undefined when the whole value is AWS::NoValue. */
  resolve(value: Plain, path = ''): Plain | undefined {
    const out = this.eval(value, path);
    return out === NO_VALUE || out === UNKNOWN ? (out === UNKNOWN ? null : undefined) : out;
  }

  private eval(value: Plain, path: string): Out {
    if (Array.isArray(value)) {
      const arr: Plain[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = this.eval(value[i] as Plain, `${path}[${i}]`);
        if (item === NO_VALUE) continue;
        arr.push(item === UNKNOWN ? null : item);
      }
      return arr;
    }
    if (value === null || typeof value !== 'object') {
      return typeof value === 'string' && value.includes('{{resolve:') ? this.dynamicReferences(value, path) : value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const fn = keys[0] as string;
      const arg = value[fn] as Plain;
      if (fn === 'Ref') return this.ref(arg, path);
      if (fn.startsWith('Fn::')) return this.fn(fn, arg, path);
    }
    const obj: PlainObject = {};
    for (const k of keys) {
      const v = this.eval(value[k] as Plain, path === '' ? k : `${path}.${k}`);
      if (v === NO_VALUE) continue;
      obj[k] = v === UNKNOWN ? null : v;
    }
    return obj;
  }

  private miss(path: string, what: string, varName: string): typeof UNKNOWN {
    if (!this.unresolved.some((u) => u.path === path && u.what === what)) this.unresolved.push({ path, what, varName });
    return UNKNOWN;
  }

  private str(value: Plain, path: string, fn: string): string | typeof UNKNOWN | typeof NO_VALUE {
    const v = this.eval(value, path);
    if (v === UNKNOWN || v === NO_VALUE) return v;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    return this.miss(path, `${fn} of ${JSON.stringify(v)} (expected a string)`, '');
  }

  private ref(arg: Plain, path: string): Out {
    if (typeof arg !== 'string') return this.miss(path, `Ref of ${JSON.stringify(arg)}`, '');
    const given = this.vars.get(arg);
    const param = this.template.Parameters?.[arg];
    if (given !== undefined) return isListParameter(param) ? given.split(',') : given;
    const pseudo = this.pseudoValue(arg);
    if (pseudo !== undefined) return pseudo;
    if (param !== undefined && param !== null && typeof param === 'object' && !Array.isArray(param)) {
      const type = typeof param['Type'] === 'string' ? param['Type'] : 'String';
      if (type.startsWith('AWS::SSM::Parameter::Value')) {
        return this.miss(path, `Ref ${arg} (an ${type} parameter: CloudFormation reads it from SSM at deploy time)`, arg);
      }
      const def = param['Default'];
      if (def === undefined || def === null) return this.miss(path, `Ref ${arg} (a parameter without a Default)`, arg);
      const text = typeof def === 'string' ? def : Array.isArray(def) ? def.join(',') : String(def);
      return isListParameter(param) ? text.split(',').map((s) => s.trim()) : text;
    }
    const resource = this.resource(arg);
    if (resource) return this.physicalRef(arg, resource);
    return this.miss(path, `Ref ${arg} (no parameter or resource of that name in the template)`, arg);
  }

  private pseudoValue(name: string): Out | undefined {
    const p = this.pseudo;
    switch (name) {
      case 'AWS::Region':
        return p.region;
      case 'AWS::AccountId':
        return p.accountId;
      case 'AWS::Partition':
        return p.partition;
      case 'AWS::StackName':
        return p.stackName;
      case 'AWS::URLSuffix':
        return p.urlSuffix;
      case 'AWS::StackId':
        return `arn:${p.partition}:cloudformation:${p.region}:${p.accountId}:stack/${p.stackName}/00000000-0000-0000-0000-000000000000`;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
      default:
        return undefined;
    }
  }

  private resource(name: string): { type: string; props: PlainObject } | undefined {
    const r = this.template.Resources[name];
    if (r === null || typeof r !== 'object' || Array.isArray(r)) return undefined;
    const props = r['Properties'];
    return { type: typeof r['Type'] === 'string' ? r['Type'] : '', props: props !== null && typeof props === 'object' && !Array.isArray(props) ? props : {} };
  }

  /** A physical name the template gives (`Name`, `RoleName`…), resolved; else undefined. */
  private declaredName(logicalId: string, props: PlainObject, key: string): string | undefined {
    if (props[key] === undefined) return undefined;
    const path = `Resources.${logicalId}.Properties.${key}`;
    if (this.naming.includes(logicalId)) {
      // A name that needs itself (`Family: !Sub '${TaskDef}'`, or two resources naming each other):
      // CloudFormation refuses such a template, in these words.
      this.miss(path, CloudFormation.circularDependency(this.naming.slice(this.naming.indexOf(logicalId))), '');
      return undefined;
    }
    this.naming.push(logicalId);
    try {
      const v = this.eval(props[key] as Plain, path);
      return typeof v === 'string' ? v : undefined;
    } finally {
      this.naming.pop();
    }
  }

  private standIn(what: string, value: string, varName: string): string {
    if (!this.standIns.some((s) => s.what === what)) this.standIns.push({ what, value, varName });
    return value;
  }

  /** [INF] What `Ref` gives for a resource of the stack (taskdef-forms.md §3 for secrets and parameters). */
  private physicalRef(id: string, r: { type: string; props: PlainObject }): Out {
    const p = this.pseudo;
    const generated = `${p.stackName}-${id}`;
    switch (r.type) {
      case 'AWS::SecretsManager::Secret': {
        // Ref is the secret's ARN; without its random suffix it is a partial ARN, found by name.
        const name = this.declaredName(id, r.props, 'Name') ?? this.standIn(`Ref ${id}`, id, id);
        return `arn:${p.partition}:secretsmanager:${p.region}:${p.accountId}:secret:${name}`;
      }
      case 'AWS::SSM::Parameter':
        return this.declaredName(id, r.props, 'Name') ?? this.standIn(`Ref ${id}`, id, id);
      case 'AWS::ECS::TaskDefinition': {
        const family = this.declaredName(id, r.props, 'Family') ?? generated;
        return `arn:${p.partition}:ecs:${p.region}:${p.accountId}:task-definition/${family}:1`;
      }
      case 'AWS::IAM::Role':
        return this.declaredName(id, r.props, 'RoleName') ?? this.standIn(`Ref ${id}`, generated, id);
      case 'AWS::Logs::LogGroup':
        return this.declaredName(id, r.props, 'LogGroupName') ?? this.standIn(`Ref ${id}`, generated, id);
      case 'AWS::ECR::Repository':
        return this.declaredName(id, r.props, 'RepositoryName') ?? this.standIn(`Ref ${id}`, generated.toLowerCase(), id);
      case 'AWS::S3::Bucket':
        return this.declaredName(id, r.props, 'BucketName') ?? this.standIn(`Ref ${id}`, generated.toLowerCase(), id);
      default:
        return this.standIn(`Ref ${id}`, generated, id);
    }
  }

  private getAtt(arg: Plain, path: string): Out {
    let id: Plain | undefined;
    let attr: Plain | undefined;
    if (typeof arg === 'string') {
      const dot = arg.indexOf('.');
      [id, attr] = dot < 0 ? [arg, undefined] : [arg.slice(0, dot), arg.slice(dot + 1)];
    } else if (Array.isArray(arg)) {
      id = arg[0];
      const a = arg[1] === undefined ? undefined : this.eval(arg[1], path);
      attr = a === UNKNOWN || a === NO_VALUE ? undefined : a;
    }
    if (typeof id !== 'string' || typeof attr !== 'string') return this.miss(path, `Fn::GetAtt ${JSON.stringify(arg)}`, '');
    const key = `${id}.${attr}`;
    const given = this.vars.get(key);
    if (given !== undefined) return given;
    const r = this.resource(id);
    if (!r) return this.miss(path, `Fn::GetAtt ${key} (no resource ${id} in the template)`, key);
    const p = this.pseudo;
    const prefix = (service: string) => `arn:${p.partition}:${service}:${p.region}:${p.accountId}`;
    const ref = () => {
      const v = this.physicalRef(id, r);
      return typeof v === 'string' ? v : id;
    };
    const stand = (value: string) => this.standIn(`Fn::GetAtt ${key}`, value, key);
    switch (`${r.type}.${attr}`) {
      case 'AWS::SecretsManager::Secret.Id':
        return ref();
      case 'AWS::SSM::Parameter.Type':
      case 'AWS::SSM::Parameter.Value': {
        const v = this.eval(r.props[attr] ?? null, `Resources.${id}.Properties.${attr}`);
        return typeof v === 'string' ? v : this.miss(path, `Fn::GetAtt ${key} (the parameter has no ${attr})`, key);
      }
      case 'AWS::IAM::Role.Arn':
        return `arn:${p.partition}:iam::${p.accountId}:role/${ref()}`;
      case 'AWS::Logs::LogGroup.Arn':
        return `${prefix('logs')}:log-group:${ref()}:*`;
      case 'AWS::ECR::Repository.Arn':
        return `${prefix('ecr')}:repository/${ref()}`;
      case 'AWS::ECR::Repository.RepositoryUri':
        return `${p.accountId}.dkr.ecr.${p.region}.${p.urlSuffix}/${ref()}`;
      case 'AWS::ECS::TaskDefinition.TaskDefinitionArn':
        return ref();
      case 'AWS::S3::Bucket.Arn':
        return `arn:${p.partition}:s3:::${ref()}`;
      case 'AWS::KMS::Key.Arn':
        return stand(`${prefix('kms')}:key/00000000-0000-0000-0000-000000000000`);
      case 'AWS::EFS::FileSystem.FileSystemId':
        return stand('fs-00000000');
      case 'AWS::EFS::AccessPoint.AccessPointId':
        return stand('fsap-00000000000000000');
      default:
        return this.miss(path, `Fn::GetAtt ${key} (an attribute of ${r.type || 'a resource'} not known offline)`, key);
    }
  }

  private fn(fn: string, arg: Plain, path: string): Out {
    switch (fn) {
      case 'Fn::GetAtt':
        return this.getAtt(arg, path);
      case 'Fn::Sub':
        return this.sub(arg, path);
      case 'Fn::Join': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return this.miss(path, 'Fn::Join (expected [delimiter, [values]])', '');
        const list = this.eval(arg[1] ?? [], path);
        if (list === UNKNOWN) return UNKNOWN;
        if (!Array.isArray(list)) return this.miss(path, 'Fn::Join (expected a list of values)', '');
        if (list.some((v) => v === null)) return UNKNOWN;
        return list.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(arg[0]);
      }
      case 'Fn::Select': {
        if (!Array.isArray(arg)) return this.miss(path, 'Fn::Select (expected [index, list])', '');
        const index = this.eval(arg[0] ?? null, path);
        const list = this.eval(arg[1] ?? null, path);
        if (index === UNKNOWN || list === UNKNOWN) return UNKNOWN;
        const i = Number(index);
        if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) return this.miss(path, `Fn::Select ${String(index)} (index out of range)`, '');
        return list[i] ?? null;
      }
      case 'Fn::Split': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return this.miss(path, 'Fn::Split (expected [delimiter, string])', '');
        const s = this.str(arg[1] ?? '', path, fn);
        return typeof s === 'string' ? s.split(arg[0]) : s;
      }
      case 'Fn::If': {
        if (!Array.isArray(arg) || typeof arg[0] !== 'string') return this.miss(path, 'Fn::If (expected [condition, then, else])', '');
        const cond = this.condition(arg[0], path);
        if (cond === UNKNOWN) return UNKNOWN;
        return this.eval((cond ? arg[1] : arg[2]) ?? null, path);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(arg)) return this.miss(path, 'Fn::FindInMap (expected [map, key, key])', '');
        const [m, a, b] = arg.slice(0, 3).map((x) => this.eval(x, path));
        if (typeof m !== 'string' || typeof a !== 'string' || typeof b !== 'string') return UNKNOWN;
        const top = this.template.Mappings?.[m];
        const second = top && typeof top === 'object' && !Array.isArray(top) ? top[a] : undefined;
        const v = second && typeof second === 'object' && !Array.isArray(second) ? second[b] : undefined;
        if (v === undefined) {
          const fallback = arg[3];
          if (fallback && typeof fallback === 'object' && !Array.isArray(fallback) && 'DefaultValue' in fallback) return this.eval(fallback['DefaultValue'] ?? null, path);
          return this.miss(path, `Fn::FindInMap ${m}.${a}.${b} (not in Mappings)`, '');
        }
        return v;
      }
      case 'Fn::Base64': {
        const s = this.str(arg, path, fn);
        return typeof s === 'string' ? Buffer.from(s, 'utf8').toString('base64') : s;
      }
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((z) => `${this.pseudo.region}${z}`);
      case 'Fn::ToJsonString': {
        const v = this.eval(arg, path);
        return v === UNKNOWN || v === NO_VALUE ? v : JSON.stringify(v);
      }
      case 'Fn::Length': {
        const v = this.eval(arg, path);
        return Array.isArray(v) ? v.length : UNKNOWN;
      }
      case 'Fn::ImportValue': {
        const name = this.str(arg, path, fn);
        if (typeof name !== 'string') return UNKNOWN;
        return this.vars.get(name) ?? this.miss(path, `Fn::ImportValue ${name} (an export of another stack)`, name);
      }
      default:
        return this.miss(path, `${fn} (not evaluated offline)`, '');
    }
  }

  private sub(arg: Plain, path: string): Out {
    let template: Plain;
    let locals: PlainObject = {};
    if (Array.isArray(arg)) {
      template = arg[0] ?? null;
      const m = arg[1];
      if (m && typeof m === 'object' && !Array.isArray(m)) locals = m;
    } else template = arg;
    if (typeof template !== 'string') return this.miss(path, 'Fn::Sub (expected a string)', '');
    let failed = false;
    const out = template.replace(/\$\{([^}]*)\}/g, (whole, body: string) => {
      if (body.startsWith('!')) return '${' + body.slice(1) + '}';
      const name = body.trim();
      let v: Out;
      if (Object.prototype.hasOwnProperty.call(locals, name)) v = this.eval(locals[name] as Plain, path);
      else if (!name.includes('::') && name.includes('.')) v = this.getAtt(name, path);
      else v = this.ref(name, path);
      if (v === UNKNOWN || v === NO_VALUE || v === null) {
        failed = true;
        return whole;
      }
      return typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : String(v);
    });
    if (failed) return UNKNOWN;
    return out.includes('{{resolve:') ? this.dynamicReferences(out, path) : out;
  }

  /** `{{resolve:ssm:/x}}` is read by CloudFormation at deploy time; only `--var` can give it here. */
  private dynamicReferences(text: string, path: string): Out {
    let failed = false;
    const out = text.replace(/\{\{resolve:[^}]*\}\}/g, (ref) => {
      const given = this.vars.get(ref);
      if (given !== undefined) return given;
      this.miss(path, `${ref} (a dynamic reference, resolved by CloudFormation at deploy time)`, ref);
      failed = true;
      return ref;
    });
    return failed ? UNKNOWN : out;
  }

  private condition(name: string, path: string): boolean | typeof UNKNOWN {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const given = this.vars.get(name);
    let result: boolean | typeof UNKNOWN;
    if (given !== undefined) result = given === 'true';
    else {
      const def = this.template.Conditions?.[name];
      this.conditionCache.set(name, UNKNOWN); // a cycle reads as unknown
      result = def === undefined ? this.miss(path, `Fn::If ${name} (no condition of that name)`, name) : this.truth(def, path);
    }
    this.conditionCache.set(name, result);
    return result;
  }

  private truth(expr: Plain, path: string): boolean | typeof UNKNOWN {
    if (typeof expr === 'boolean') return expr;
    if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return UNKNOWN;
    const [fn] = Object.keys(expr);
    const arg = expr[fn as string] as Plain;
    const args = Array.isArray(arg) ? arg : [arg];
    switch (fn) {
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg, path) : UNKNOWN;
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => this.eval(x, path));
        if (a === UNKNOWN || b === UNKNOWN) return UNKNOWN;
        return JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
      }
      case 'Fn::Not': {
        const v = this.truth(args[0] ?? null, path);
        return v === UNKNOWN ? v : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const vs = args.map((x) => this.truth(x, path));
        if (vs.includes(UNKNOWN)) return UNKNOWN;
        return fn === 'Fn::And' ? vs.every(Boolean) : vs.some(Boolean);
      }
      default:
        return UNKNOWN;
    }
  }
}

function isListParameter(param: Plain | undefined): boolean {
  if (param === null || param === undefined || typeof param !== 'object' || Array.isArray(param)) return false;
  const t = param['Type'];
  return typeof t === 'string' && (t === 'CommaDelimitedList' || t.startsWith('List<'));
}
