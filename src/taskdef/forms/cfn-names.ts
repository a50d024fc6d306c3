/**
 * CloudFormation's `AWS::ECS::TaskDefinition` properties to the API's names (taskdef-forms.md §3),
 * guided by the API model in ../fields.ts: a property maps to the API member of the same name in any
 * case, which covers the acronyms (`EFSVolumeConfiguration`, `IAM`, `SizeInGiB`) and `FilesystemId`;
 * `ProxyConfigurationProperties` is the one rename. Keys of string maps (`DockerLabels`, `Options`,
 * `DriverOpts`, `Labels`) keep their case. Scalars are coerced as CloudFormation coerces them for the
 * property's type (`Value: 8080` is the string "8080", `Essential: "true"` a boolean). Pure.
 */
import type { JsonValue } from '../../json/parse.js';
import type { TypeSpec } from '../fields.js';
import type { Plain } from './yaml-read.js';

const RENAMES: Readonly<Record<string, string>> = { proxyconfigurationproperties: 'properties' };

export function cfnToApi(value: Plain, spec: TypeSpec | undefined): JsonValue {
  if (value === null) return null;
  switch (spec?.kind) {
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return value as JsonValue;
      const byLower = new Map(Object.keys(spec.fields).map((k) => [k.toLowerCase(), k]));
      const out: { [k: string]: JsonValue } = {};
      for (const [k, v] of Object.entries(value)) {
        const api = byLower.get(RENAMES[k.toLowerCase()] ?? k.toLowerCase()) ?? lowerFirst(k);
        out[api] = cfnToApi(v, spec.fields[api]?.type);
      }
      return out;
    }
    case 'array':
      return Array.isArray(value) ? value.map((v) => cfnToApi(v, spec.items)) : (value as JsonValue);
    case 'stringMap': {
      if (typeof value !== 'object' || Array.isArray(value)) return value as JsonValue;
      const out: { [k: string]: JsonValue } = {};
      for (const [k, v] of Object.entries(value)) out[k] = cfnToApi(v, { kind: 'string' });
      return out;
    }
    case 'string':
    case 'taskSize':
      return typeof value === 'number' || typeof value === 'boolean' ? String(value) : (value as JsonValue);
    case 'integer':
      return typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : (value as JsonValue);
    case 'boolean':
      return typeof value === 'string' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : (value as JsonValue);
    default:
      // Not in the model: lower-first names all the way down, for the validator's unknown-field warning.
      if (Array.isArray(value)) return value.map((v) => cfnToApi(v, undefined));
      if (typeof value === 'object') {
        const out: { [k: string]: JsonValue } = {};
        for (const [k, v] of Object.entries(value)) out[lowerFirst(k)] = cfnToApi(v, undefined);
        return out;
      }
      return value;
  }
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
