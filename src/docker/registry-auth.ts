/**
 * Which registry credentials the docker CLI would send for an image, from its config file
 * (`~/.docker/config.json`). Pure: the file's text and a credential helper's answer come in, the
 * decision goes out; reading the file and running the helper live in docker-credentials.ts.
 *
 * [SRC] docker/cli: cli/command/registry.go ResolveAuthConfig, cli/config/configfile/file.go
 * (LoadFromReader, decodeAuth, GetCredentialsStore), cli/config/credentials/file_store.go (Get,
 * ConvertToHostname), native_store.go; docker/distribution reference/normalize.go (splitDockerDomain);
 * docker-credential-helpers client/client.go and credentials/error.go.
 */
import type { RegistryCredentials } from './engine.js';
import { DOCKER_HUB, splitDockerDomain } from './reference.js';

/** The key the docker CLI stores and looks up Docker Hub's credentials under. */
export const DOCKER_HUB_INDEX = 'https://index.docker.io/v1/';
/**
 * [INF] Other names people give Docker Hub in `auths` and `credHelpers`, tried after the CLI's own
 * key (the CLI only matches `https://index.docker.io/v1/` and keys whose host is `index.docker.io`).
 */
const DOCKER_HUB_ALIASES = [DOCKER_HUB_INDEX, 'index.docker.io', 'docker.io', 'registry-1.docker.io'];

/** What a credential helper prints when it holds nothing for the server (docker-credential-helpers). */
export const HELPER_NOT_FOUND = 'credentials not found in native keychain';
/** A helper's Username for an identity token rather than a password. */
const TOKEN_USERNAME = '<token>';

export interface DockerConfigAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
}

/** The parts of config.json that say where credentials come from. */
export interface DockerConfig {
  /** Keyed as written: `https://index.docker.io/v1/`, `registry.example.com`, `http://127.0.0.1:5000`. */
  auths: Record<string, DockerConfigAuth>;
  credHelpers: Record<string, string>;
  credsStore?: string;
}

export const EMPTY_DOCKER_CONFIG: DockerConfig = { auths: {}, credHelpers: {} };

/**
 * The registry an image comes from, as Docker normalises references (reference.ts): the first path
 * component when it looks like a host (has `.` or `:`, is `localhost`, or has capitals), else Docker
 * Hub (`docker.io`, also for the legacy `index.docker.io/…`).
 */
export function registryHost(image: string): string {
  return splitDockerDomain(image).domain;
}

/** The server address the CLI asks for: Docker Hub's index URL, or the registry host. */
export function serverAddress(host: string): string {
  return host === DOCKER_HUB ? DOCKER_HUB_INDEX : host;
}

/** `https://host:port/v1/` → `host:port`: how the CLI matches keys written as URLs. */
export function convertToHostname(key: string): string {
  let stripped = key;
  if (stripped.includes('://')) {
    try {
      const u = new URL(stripped);
      if (u.hostname !== '') return u.port === '' ? u.hostname : `${u.hostname}:${u.port}`;
    } catch {
      // Not a URL after all: cut it like a plain key.
    }
    stripped = stripped.replace(/^[a-z]+:\/\//i, '');
  }
  return stripped.split('/')[0] ?? '';
}

/** The config keys that name `host`, best first. */
function keysFor(host: string): string[] {
  return host === DOCKER_HUB ? DOCKER_HUB_ALIASES : [host];
}

/** The entry of `entries` for `host`: an exact key first, then a key whose host part is `host`. */
function entryFor<T>(entries: Record<string, T>, host: string): T | undefined {
  const keys = keysFor(host);
  for (const key of keys) if (Object.hasOwn(entries, key)) return entries[key];
  const hosts = new Set(keys.map(convertToHostname));
  for (const [key, value] of Object.entries(entries)) if (hosts.has(convertToHostname(key))) return value;
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * config.json's text as the CLI reads it. An `auth` (base64 of `user:password`) wins over
 * `username`/`password`; an `auth` without a colon makes the whole file unreadable, as in the CLI.
 */
export function parseDockerConfig(source: string): { ok: true; config: DockerConfig } | { ok: false; error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(source);
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, error: 'not a JSON object' };
  const doc = raw as Record<string, unknown>;
  const config: DockerConfig = { auths: {}, credHelpers: {} };
  const auths = doc.auths;
  if (auths !== null && typeof auths === 'object' && !Array.isArray(auths)) {
    for (const [key, value] of Object.entries(auths as Record<string, unknown>)) {
      const entry = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
      const auth: DockerConfigAuth = {};
      const encoded = text(entry.auth);
      if (encoded !== undefined && encoded !== '') {
        const decoded = Buffer.from(encoded, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon < 0) return { ok: false, error: `the auth of "${key}" is not base64 of user:password` };
        auth.username = decoded.slice(0, colon);
        // The CLI trims NUL padding some tools leave after the password.
        auth.password = decoded.slice(colon + 1).replace(/^\0+|\0+$/g, '');
      } else {
        const username = text(entry.username);
        const password = text(entry.password);
        if (username !== undefined) auth.username = username;
        if (password !== undefined) auth.password = password;
      }
      const token = text(entry.identitytoken);
      if (token !== undefined && token !== '') auth.identitytoken = token;
      config.auths[key] = auth;
    }
  }
  const helpers = doc.credHelpers;
  if (helpers !== null && typeof helpers === 'object' && !Array.isArray(helpers)) {
    for (const [key, value] of Object.entries(helpers as Record<string, unknown>)) {
      if (typeof value === 'string' && value !== '') config.credHelpers[key] = value;
    }
  }
  const store = text(doc.credsStore);
  if (store !== undefined && store !== '') config.credsStore = store;
  return { ok: true, config };
}

/** Where an image's credentials come from. */
export type AuthSource =
  | { kind: 'none' }
  | { kind: 'config'; credentials: RegistryCredentials }
  /** Run `docker-credential-<helper> get` with `serverAddress` on stdin. */
  | { kind: 'helper'; helper: string; serverAddress: string };

/**
 * The CLI's order: the registry's `credHelpers` entry, else `credsStore`, else `auths`. With a
 * helper, `auths` is not consulted (Docker Desktop leaves empty entries there).
 */
export function authSource(config: DockerConfig, image: string): AuthSource {
  const host = registryHost(image);
  const address = serverAddress(host);
  const helper = entryFor(config.credHelpers, host) ?? config.credsStore;
  if (helper !== undefined) return { kind: 'helper', helper, serverAddress: address };
  const entry = entryFor(config.auths, host);
  if (entry === undefined) return { kind: 'none' };
  const credentials = toCredentials(entry, address);
  return credentials === undefined ? { kind: 'none' } : { kind: 'config', credentials };
}

function toCredentials(entry: DockerConfigAuth, address: string): RegistryCredentials | undefined {
  const credentials: RegistryCredentials = {};
  if (entry.username !== undefined && entry.username !== '') credentials.username = entry.username;
  if (entry.password !== undefined && entry.password !== '') credentials.password = entry.password;
  if (entry.identitytoken !== undefined) credentials.identitytoken = entry.identitytoken;
  if (Object.keys(credentials).length === 0) return undefined;
  credentials.serveraddress = address;
  return credentials;
}

/** A helper's answer to `get`: what its exit status and stdout mean. */
export type HelperAnswer = { kind: 'credentials'; credentials: RegistryCredentials } | { kind: 'not-found' } | { kind: 'error'; error: string };

/**
 * Reads `{"ServerURL","Username","Secret"}`; a Username of `<token>` makes Secret an identity
 * token. A helper reports errors on stdout and exits non-zero. The error never quotes stdout when it
 * could hold a secret.
 */
export function parseHelperAnswer(exitCode: number, stdout: string, address: string): HelperAnswer {
  const out = stdout.trim();
  if (exitCode !== 0) {
    if (out === HELPER_NOT_FOUND) return { kind: 'not-found' };
    return { kind: 'error', error: `exit status ${exitCode}${out === '' ? '' : `: ${out.split('\n')[0] ?? ''}`}` };
  }
  let answer: unknown;
  try {
    answer = JSON.parse(out);
  } catch {
    return { kind: 'error', error: 'its answer is not JSON' };
  }
  if (answer === null || typeof answer !== 'object') return { kind: 'error', error: 'its answer is not a JSON object' };
  const { Username, Secret } = answer as Record<string, unknown>;
  const username = text(Username) ?? '';
  const secret = text(Secret) ?? '';
  if (username === '' && secret === '') return { kind: 'not-found' };
  const credentials: RegistryCredentials =
    username === TOKEN_USERNAME ? { identitytoken: secret } : { username, password: secret };
  credentials.serveraddress = address;
  return { kind: 'credentials', credentials };
}
