/**
 * The value of `<secret-arn>:<json-key>::` as the ECS agent computes it (agent/asm/asm.go
 * GetSecretFromASMWithInput, jsonKey != ""): `json.Unmarshal` of the SecretString into
 * `map[string]interface{}`, an exact top-level key lookup, then `fmt.Sprintf("%v", value)`.
 * Errors are the agent's texts, unprefixed, ready to become the stopped reason.
 */
import { EcsAgent, GoJson } from '../messages.js';
import { goSprintV } from '../go/format.js';
import { goUnmarshalMap } from '../go/json.js';

export type JsonKeyResult = { ok: true; value: string } | { ok: false; error: string };

/**
 * @param secretString the secret's SecretString; undefined for a binary-only secret.
 * @param key the json key from valueFrom (non-empty; an empty key means "whole secret" upstream).
 */
export function extractJsonKey(secretString: string | undefined, key: string): JsonKeyResult {
  // [INF] A binary-only secret has no SecretString and the agent dereferences a nil pointer
  // (`[]byte(*out.SecretString)`), panicking its goroutine. We fail the way an empty string fails.
  if (secretString === undefined) return { ok: false, error: GoJson.unexpectedEnd };
  const parsed = goUnmarshalMap(secretString);
  if (!parsed.ok) return parsed;
  if (!parsed.value.has(key)) return { ok: false, error: EcsAgent.asmJsonKeyMissing(key) };
  return { ok: true, value: goSprintV(parsed.value.get(key) ?? null) };
}
