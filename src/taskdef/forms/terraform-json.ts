/**
 * `terraform show -json` (state or saved plan) and raw state files (`terraform.tfstate`, `terraform
 * state pull`) to the API-shaped task definition (taskdef-forms.md §1): the `aws_ecs_task_definition`
 * resources (`--resource ADDRESS` when there are several), snake_case attributes to camelCase, and
 * `container_definitions`, a JSON string, parsed a second time. Pure.
 */
import { InputError, UsageError } from '../../errors.js';
import type { JsonValue } from '../../json/parse.js';

type Obj = { [k: string]: JsonValue };
const TYPE = 'aws_ecs_task_definition';

export type TerraformForm = 'show-json' | 'state';

/** taskdef-forms.md §8: `format_version` with values or a plan; raw state is `version` 4 with `lineage`. */
export function terraformForm(value: JsonValue): TerraformForm | undefined {
  if (!isObj(value)) return undefined;
  if (typeof value['format_version'] === 'string' && ('values' in value || 'planned_values' in value || 'resource_changes' in value || 'prior_state' in value)) return 'show-json';
  if (typeof value['version'] === 'number' && typeof value['lineage'] === 'string' && Array.isArray(value['resources'])) return 'state';
  return undefined;
}

interface Found {
  address: string;
  attributes: Obj;
  /** `after_unknown` of a plan: attributes known only after apply. */
  unknown?: Obj;
}

export function taskDefinitionFromTerraform(value: JsonValue, form: TerraformForm, opts: { file: string; resource?: string }): { value: JsonValue; label: string } {
  const found = form === 'state' ? fromState(value as Obj) : fromShowJson(value as Obj);
  const chosen = pick(found, opts);
  const label = `${opts.file} (${chosen.address})`;
  return { value: toApi(chosen, label), label };
}

function fromShowJson(root: Obj): Found[] {
  const out = new Map<string, Found>();
  // A plan: the planned values after apply, with what stays unknown.
  for (const rc of arr(root['resource_changes'])) {
    if (!isObj(rc) || rc['type'] !== TYPE || rc['mode'] !== 'managed') continue;
    const change = isObj(rc['change']) ? rc['change'] : {};
    const after = change['after'];
    if (!isObj(after)) continue; // being destroyed
    out.set(String(rc['address']), { address: String(rc['address']), attributes: after, ...(isObj(change['after_unknown']) ? { unknown: change['after_unknown'] } : {}) });
  }
  if (out.size > 0) return [...out.values()];
  const values = isObj(root['values']) ? root['values'] : isObj(root['planned_values']) ? root['planned_values'] : undefined;
  const walk = (module: JsonValue) => {
    if (!isObj(module)) return;
    for (const r of arr(module['resources'])) {
      if (isObj(r) && r['type'] === TYPE && r['mode'] === 'managed' && isObj(r['values'])) out.set(String(r['address']), { address: String(r['address']), attributes: r['values'] });
    }
    for (const child of arr(module['child_modules'])) walk(child);
  };
  walk(values?.['root_module'] ?? null);
  return [...out.values()];
}

function fromState(root: Obj): Found[] {
  const out: Found[] = [];
  for (const r of arr(root['resources'])) {
    if (!isObj(r) || r['type'] !== TYPE || r['mode'] !== 'managed') continue;
    const base = `${typeof r['module'] === 'string' ? `${r['module']}.` : ''}${TYPE}.${String(r['name'])}`;
    for (const inst of arr(r['instances'])) {
      if (!isObj(inst) || !isObj(inst['attributes'])) continue;
      const key = inst['index_key'];
      const address = key === undefined ? base : `${base}[${JSON.stringify(key)}]`;
      out.push({ address, attributes: inst['attributes'] });
    }
  }
  return out;
}

function pick(found: Found[], opts: { file: string; resource?: string }): Found {
  const addresses = found.map((f) => f.address);
  if (opts.resource !== undefined) {
    const hit = found.find((f) => f.address === opts.resource || f.address.endsWith(`.${opts.resource}`) || f.address.endsWith(`${TYPE}.${opts.resource}`));
    if (hit) return hit;
    throw new UsageError(`--resource ${opts.resource}: no such ${TYPE} in ${opts.file} (found: ${addresses.join(', ') || 'none'})`);
  }
  if (found.length === 1) return found[0] as Found;
  if (found.length === 0) throw new InputError(`${opts.file}: Terraform JSON without an ${TYPE} resource (run terraform show -json on the state or plan that manages the task definition)`);
  throw new UsageError(`${opts.file} holds ${found.length} task definitions (${addresses.join(', ')}): choose one with --resource ADDRESS, e.g. --resource ${addresses[0]}`);
}

/** Absent, as Terraform writes unset attributes: null, "", [] and {}. */
function unset(v: JsonValue | undefined): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObj(v) && Object.keys(v).length === 0);
}

function toApi(found: Found, label: string): JsonValue {
  const a = found.attributes;
  const raw = a['container_definitions'];
  if (raw === undefined || raw === null) {
    if (found.unknown?.['container_definitions'] === true) {
      throw new InputError(`${label}: container_definitions is known only after apply (it depends on resources not created yet): run terraform show -json on the state after apply, or check the rendered container definitions file`);
    }
    throw new InputError(`${label}: no container_definitions attribute`);
  }
  let containers: JsonValue;
  if (typeof raw === 'string') {
    try {
      containers = JSON.parse(raw) as JsonValue;
    } catch (err) {
      throw new InputError(`${label}: container_definitions is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
    }
  } else containers = raw;
  const td: Obj = { containerDefinitions: containers };
  const scalar: [string, string][] = [
    ['family', 'family'],
    ['task_role_arn', 'taskRoleArn'],
    ['execution_role_arn', 'executionRoleArn'],
    ['network_mode', 'networkMode'],
    ['ipc_mode', 'ipcMode'],
    ['pid_mode', 'pidMode'],
    ['cpu', 'cpu'],
    ['memory', 'memory'],
    ['requires_compatibilities', 'requiresCompatibilities'],
    ['enable_fault_injection', 'enableFaultInjection'],
  ];
  for (const [tf, api] of scalar) if (!unset(a[tf])) td[api] = a[tf] as JsonValue;
  if (a['enable_fault_injection'] === false) delete td['enableFaultInjection'];
  const placement = arr(a['placement_constraints']).filter(isObj).map((p) => pickKeys(p, { type: 'type', expression: 'expression' }));
  if (placement.length > 0) td['placementConstraints'] = placement;
  const runtime = first(a['runtime_platform']);
  if (runtime) td['runtimePlatform'] = pickKeys(runtime, { operating_system_family: 'operatingSystemFamily', cpu_architecture: 'cpuArchitecture' });
  const storage = first(a['ephemeral_storage']);
  if (storage) td['ephemeralStorage'] = pickKeys(storage, { size_in_gib: 'sizeInGiB' });
  const proxy = first(a['proxy_configuration']);
  if (proxy) {
    const p = pickKeys(proxy, { container_name: 'containerName', type: 'type' });
    // The provider keeps `properties` as a map; the API has a name/value list.
    if (isObj(proxy['properties'])) p['properties'] = Object.entries(proxy['properties']).map(([name, value]) => ({ name, value }));
    td['proxyConfiguration'] = p;
  }
  const accelerators = arr(a['inference_accelerator']).filter(isObj).map((x) => pickKeys(x, { device_name: 'deviceName', device_type: 'deviceType' }));
  if (accelerators.length > 0) td['inferenceAccelerators'] = accelerators;
  const volumes = arr(a['volume']).filter(isObj).map(volume);
  if (volumes.length > 0) td['volumes'] = volumes;
  if (isObj(a['tags']) && Object.keys(a['tags']).length > 0) td['tags'] = Object.entries(a['tags']).map(([key, value]) => ({ key, value }));
  if (typeof a['arn'] === 'string' && a['arn'] !== '') td['taskDefinitionArn'] = a['arn'];
  if (typeof a['revision'] === 'number' && a['revision'] > 0) td['revision'] = a['revision'];
  return td;
}

function volume(v: Obj): Obj {
  const out = pickKeys(v, { name: 'name', configure_at_launch: 'configuredAtLaunch' });
  if (out['configuredAtLaunch'] === false) delete out['configuredAtLaunch'];
  if (!unset(v['host_path'])) out['host'] = { sourcePath: v['host_path'] as JsonValue };
  const docker = first(v['docker_volume_configuration']);
  if (docker) {
    out['dockerVolumeConfiguration'] = pickKeys(docker, { scope: 'scope', autoprovision: 'autoprovision', driver: 'driver', driver_opts: 'driverOpts', labels: 'labels' });
  }
  const efs = first(v['efs_volume_configuration']);
  if (efs) {
    const e = pickKeys(efs, { file_system_id: 'fileSystemId', root_directory: 'rootDirectory', transit_encryption: 'transitEncryption', transit_encryption_port: 'transitEncryptionPort' });
    const auth = first(efs['authorization_config']);
    if (auth) e['authorizationConfig'] = pickKeys(auth, { access_point_id: 'accessPointId', iam: 'iam' });
    out['efsVolumeConfiguration'] = e;
  }
  const fsx = first(v['fsx_windows_file_server_volume_configuration']);
  if (fsx) {
    const e = pickKeys(fsx, { file_system_id: 'fileSystemId', root_directory: 'rootDirectory' });
    const auth = first(fsx['authorization_config']);
    if (auth) e['authorizationConfig'] = pickKeys(auth, { credentials_parameter: 'credentialsParameter', domain: 'domain' });
    out['fsxWindowsFileServerVolumeConfiguration'] = e;
  }
  return out;
}

/** The set attributes of `o`, renamed; Terraform's zero values (`0` ports, `false`) count as set only where the API has them. */
function pickKeys(o: Obj, names: Record<string, string>): Obj {
  const out: Obj = {};
  for (const [tf, api] of Object.entries(names)) {
    const v = o[tf];
    if (unset(v) || v === 0) continue;
    out[api] = v as JsonValue;
  }
  return out;
}

/** A `MaxItems: 1` block: a one-element list in JSON. */
function first(v: JsonValue | undefined): Obj | undefined {
  if (Array.isArray(v)) return isObj(v[0] ?? null) ? (v[0] as Obj) : undefined;
  return isObj(v ?? null) ? (v as Obj) : undefined;
}

function arr(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}

function isObj(v: JsonValue | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
