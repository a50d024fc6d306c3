/**
 * AWS JSON 1.1 bodies to and from the vault's API shapes (aws-wire.md §1.1): timestamps are epoch
 * seconds, blobs base64, absent members left out. Request members are checked against a small
 * description of each operation's input, as AWS's front end does before the operation runs.
 */
import { AwsJson } from '../messages.js';
import { AwsServiceError } from '../aws/ports.js';

export type MemberType = 'string' | 'boolean' | 'integer' | 'blob' | 'strings' | 'tags' | 'filters' | 'parameterFilters' | 'object';

export interface InputShape {
  members: Record<string, MemberType>;
  required?: readonly string[];
}

/** A response value as JSON: Date → epoch seconds, bytes → base64, undefined members dropped. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      Object.defineProperty(out, k, { value: toWire(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/**
 * The request body as the operation's input: known members type-checked (SerializationException
 * for a wrong type, [INF] with a message naming the member), blobs decoded, required members
 * present (ValidationException in AWS's format). Unknown members are ignored, as AWS does.
 */
export function fromWire(body: unknown, shape: InputShape, requestId: string): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw serialization(AwsJson.notAnObject(), requestId);
  }
  const input: Record<string, unknown> = {};
  for (const [name, type] of Object.entries(shape.members)) {
    const value = (body as Record<string, unknown>)[name];
    // JSON null is an absent member.
    if (value === undefined || value === null) continue;
    input[name] = member(name, type, value, requestId);
  }
  for (const name of shape.required ?? []) {
    if (input[name] === undefined) {
      throw new AwsServiceError('ValidationException', AwsJson.missing(lowerFirst(name)), 400, requestId);
    }
  }
  return input;
}

function member(name: string, type: MemberType, value: unknown, requestId: string): unknown {
  const wrong = (what: string) => serialization(AwsJson.wrongType(name, what), requestId);
  switch (type) {
    case 'string':
      if (typeof value !== 'string') throw wrong('a string');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('a boolean');
      return value;
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrong('an integer');
      return value;
    case 'blob': {
      if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) throw wrong('base64 text');
      return new Uint8Array(Buffer.from(value, 'base64'));
    }
    case 'strings':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw wrong('a list of strings');
      return value;
    case 'tags':
      if (!Array.isArray(value) || value.some((t) => !isRecord(t) || typeof t.Key !== 'string' || typeof t.Value !== 'string')) {
        throw wrong('a list of {"Key": string, "Value": string}');
      }
      return value.map((t: { Key: string; Value: string }) => ({ Key: t.Key, Value: t.Value }));
    case 'filters':
    case 'parameterFilters': {
      const ok =
        Array.isArray(value) &&
        value.every(
          (f) =>
            isRecord(f) &&
            (f.Key === undefined || typeof f.Key === 'string') &&
            (f.Option === undefined || typeof f.Option === 'string') &&
            (f.Values === undefined || (Array.isArray(f.Values) && f.Values.every((v) => typeof v === 'string'))),
        );
      if (!ok) throw wrong('a list of filters');
      return value;
    }
    case 'object':
      if (!isRecord(value)) throw wrong('an object');
      return value;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function serialization(message: string, requestId: string): AwsServiceError {
  return new AwsServiceError('SerializationException', message, 400, requestId);
}
