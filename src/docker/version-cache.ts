/**
 * The engine's `/version` answer, kept on disk per socket between runs. Podman answers `/version`
 * in ~340 ms (it asks conmon and its OCI runtime for their versions), `/_ping` in ~1 ms: every
 * command paid a third of a second on Podman before doing anything. A command pings instead, and
 * takes the answer kept for that socket when the ping's identifying headers are the ones it was
 * kept with; else it asks `/version` and keeps the answer.
 *
 * [INF] An engine replaced by another of the same name and version on the same socket keeps the
 * first one's facts (architecture, kernel): the ping tells nothing more apart. Only unix sockets:
 * `/version` over TCP is a Docker engine's (fast), and ssh:// has no ping of its own here.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { xdgFolder } from '../files/xdg.js';
import type { VersionFacts } from './profile.js';

/** The `/version` answer as connect.ts reads it. */
export type KeptFacts = VersionFacts & { ApiVersion?: string };

/** The ping headers that name an engine and its version; the others (Date, ids) change every call. */
const IDENTIFYING = ['server', 'api-version', 'libpod-api-version', 'ostype'] as const;

/** What identifies the engine behind a ping, or undefined when it names no server (nothing to key on). Pure. */
export function pingSignature(headers: IncomingHttpHeaders): string | undefined {
  if (typeof headers.server !== 'string' || headers.server === '') return undefined;
  return IDENTIFYING.map((h) => `${h}=${String(headers[h] ?? '')}`).join('\n');
}

/** `$XDG_CACHE_HOME/ecs-local/engines.json`, else `~/.cache/ecs-local/engines.json` (the XDG default). */
export function versionCacheFile(env: Record<string, string | undefined>, home?: string): string {
  return path.join(xdgFolder(env, 'XDG_CACHE_HOME', home), 'engines.json');
}

type CacheDocument = Record<string, { signature: string; facts: KeptFacts }>;

function readCache(file: string): CacheDocument {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as CacheDocument) : {};
  } catch {
    // Missing, unreadable or damaged: nothing kept.
    return {};
  }
}

/** The facts kept for `host` under `signature`, if any. */
export function keptFacts(file: string, host: string, signature: string): KeptFacts | undefined {
  const entry = readCache(file)[host];
  return entry !== undefined && entry.signature === signature && typeof entry.facts === 'object' && entry.facts !== null ? entry.facts : undefined;
}

/** Keeps `facts` for `host`; a folder that cannot be written only costs the next command a `/version`. */
export function keepFacts(file: string, host: string, signature: string, facts: KeptFacts): void {
  try {
    const doc = readCache(file);
    doc[host] = { signature, facts };
    mkdirSync(path.dirname(file), { recursive: true });
    // Whole or not at all: another command may read it meanwhile.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(doc, null, 2)}\n`);
    renameSync(tmp, file);
  } catch {
    // Not kept.
  }
}

/** `GET /_ping` on a unix socket: the answer's headers, or the connection's error. */
export function pingHeaders(socketPath: string, signal: AbortSignal): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', signal }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end();
  });
}
