/**
 * Parsers for the option values commander's `choices` cannot check. Each runs once, while the
 * command line is parsed, and hands the command a typed value; a bad value is a UsageError (exit 2)
 * naming the flag, before any file is read. Pure.
 */
import { UsageError } from '../errors.js';
import type { RuntimeEndpointFlag } from '../endpoints/runtime-endpoint.js';

/** `--timeout`: seconds above 0 (fractions allowed). */
export function parseSeconds(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--timeout must be a number of seconds above 0, got "${text}"`);
  return n;
}

/** `vault serve --port`: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n > 65535) throw new UsageError(`--port takes a port number from 0 to 65535 (0: any free port), got "${text}"`);
  return n;
}

/** `vault delete --recovery-window-in-days`: a whole number; the range (7 to 30) is DeleteSecret's to check, with AWS's message. */
export function parseDays(text: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--recovery-window-in-days takes a whole number of days (7 to 30), got "${text}"`);
  return Number(text);
}

/** GetRandomPassword's PasswordLength range [DOC API_GetRandomPassword]. */
export const MAX_GENERATED_LENGTH = 4096;

/** `vault rotate --generate N`: a whole number from 1 to 4096. */
export function parseLength(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > MAX_GENERATED_LENGTH) {
    throw new UsageError(`--generate takes a length from 1 to ${MAX_GENERATED_LENGTH} characters, got "${text}"`);
  }
  return n;
}

/** `vault put --version-stages A,B`: the labels, trimmed. */
export function parseList(text: string): string[] {
  return text.split(',').map((s) => s.trim());
}

/** `run --runtime-endpoint`: `vault`, `none`, or an http(s) URL without query or fragment. */
export function parseRuntimeEndpoint(text: string): NonNullable<RuntimeEndpointFlag> {
  if (text === 'vault' || text === 'none') return { kind: text };
  const bad = new UsageError(`--runtime-endpoint must be vault, none or an http(s) URL such as http://localhost:4566, got "${text}"`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '' || url.search !== '' || url.hash !== '') throw bad;
  return { kind: 'url', url: url.href };
}

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * `logs --since`: a duration back from `nowMs` as docker takes it (`90s`, `10m`, `1h30m`, `1.5h`), an
 * RFC 3339 / ISO 8601 time, or seconds since the epoch; the result in seconds since the epoch.
 */
export function parseSince(text: string, nowMs: number = Date.now()): number {
  const duration = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/.test(text) ? text.match(/\d+(?:\.\d+)?(?:ms|s|m|h)/g) : null;
  if (duration !== null) {
    const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };
    const back = duration.reduce((sum, part) => {
      const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(part);
      return sum + (m === null ? 0 : Number(m[1]) * (unit[m[2] ?? 's'] ?? 1));
    }, 0);
    return nowMs / 1000 - back;
  }
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw new UsageError(`--since takes a duration (10m, 1h30m), a time (2026-01-02T15:04:05Z) or seconds since the epoch, got "${text}"`);
}

/** `logs --tail`: a whole number of lines, or `all`. */
export function parseTail(text: string): number | undefined {
  if (text === 'all') return undefined;
  if (!/^\d+$/.test(text)) throw new UsageError(`--tail takes a number of lines or "all", got "${text}"`);
  return Number(text);
}
