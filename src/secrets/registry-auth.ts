/**
 * `repositoryCredentials` secrets, as agent/asm/asm.go extractASMValue reads them: the whole
 * SecretString must be a JSON object whose `username` and `password` fields match case-insensitively
 * (Go struct unmarshalling), both non-empty.
 */
import { EcsAgent } from '../messages.js';
import { goUnmarshalMap } from '../go/json.js';
import type { RegistryAuth } from './types.js';

export function parseRegistryAuth(secretString: string | undefined): { ok: true; value: RegistryAuth } | { ok: false; error: string } {
  if (secretString === undefined || secretString === '') return { ok: false, error: EcsAgent.asmAuthEmptySecret };
  // Top-level null decodes to an empty map; an array, string, number or bool is an unmarshal error.
  const decoded = goUnmarshalMap(secretString);
  if (!decoded.ok) return { ok: false, error: EcsAgent.asmAuthInvalidSchema };
  const fields: Record<'username' | 'password', string> = { username: '', password: '' };
  // encoding/json matches struct fields case-insensitively; null leaves the field empty, and any
  // other non-string value is an unmarshalling error.
  for (const [k, val] of decoded.value) {
    const field = k.toLowerCase();
    if (field !== 'username' && field !== 'password') continue;
    if (val === null) continue;
    if (typeof val !== 'string') return { ok: false, error: EcsAgent.asmAuthInvalidSchema };
    fields[field] = val;
  }
  const { username, password } = fields;
  if (username === '') return { ok: false, error: EcsAgent.asmAuthEmptyUsername };
  if (password === '') return { ok: false, error: EcsAgent.asmAuthEmptyPassword };
  return { ok: true, value: { username, password } };
}
