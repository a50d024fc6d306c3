/**
 * Where a task's own Secrets Manager and SSM calls go (`ecs-local run --runtime-endpoint`): the
 * containers get AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_SSM, which every current AWS
 * SDK and the AWS CLI honour, pointing at a `vault serve` started with the task, at a URL, or
 * nowhere (real AWS). Inside the task the URL must be reachable: a service on this machine
 * (localhost, host.docker.internal) is reached through the endpoint forwarder at 169.254.170.2. Pure.
 */
import { UsageError } from '../errors.js';
import type { ResolvedEndpoints } from '../sources/endpoints.js';
import type { TaskDefinition } from '../taskdef/types.js';
import type { Forward } from './sidecar.js';
import { ENDPOINT_IP } from './task-env.js';

export type RuntimeService = 'secretsManager' | 'ssm';

export const RUNTIME_ENDPOINT_VARIABLES: Readonly<Record<RuntimeService, string>> = {
  secretsManager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  ssm: 'AWS_ENDPOINT_URL_SSM',
};
const GLOBAL_VARIABLE = 'AWS_ENDPOINT_URL';

/** [INF] The port on 169.254.170.2 a task reaches its `vault serve` at: LocalStack's, which SDK users know. */
export const VAULT_RUNTIME_PORT = 4566;

export type RuntimeEndpoint =
  | { kind: 'none' }
  | { kind: 'vault' }
  | { kind: 'urls'; urls: Partial<Record<RuntimeService, string>> };

/** The flag as given: `vault`, `none`, a URL, or not given. Throws UsageError for anything else. */
export type RuntimeEndpointFlag = { kind: 'vault' } | { kind: 'none' } | { kind: 'url'; url: string } | undefined;

/**
 * The runtime endpoint of a run: the flag's, else the backend's own (`vault` for the local vault,
 * the endpoint's URLs for `--endpoint`, none for `--aws`).
 */
export function chooseRuntimeEndpoint(flag: RuntimeEndpointFlag, backend: 'vault' | 'endpoint' | 'aws', endpoints: () => ResolvedEndpoints): RuntimeEndpoint {
  if (flag?.kind === 'none') return { kind: 'none' };
  if (flag?.kind === 'url') return { kind: 'urls', urls: { secretsManager: flag.url, ssm: flag.url } };
  if (flag?.kind === 'vault') {
    if (backend !== 'vault') {
      throw new UsageError('--runtime-endpoint vault serves the local vault, which --endpoint and --aws do not use: give the URL the task should call instead, or none');
    }
    return { kind: 'vault' };
  }
  if (backend === 'vault') return { kind: 'vault' };
  if (backend === 'aws') return { kind: 'none' };
  const found = endpoints();
  const urls: Partial<Record<RuntimeService, string>> = {};
  if (found.secretsManager) urls.secretsManager = found.secretsManager.url;
  if (found.ssm) urls.ssm = found.ssm.url;
  return { kind: 'urls', urls };
}

export interface RuntimeRoutes {
  /** The variables the containers get, with URLs as seen from inside the task. */
  variables: Record<string, string>;
  /** Relays from 169.254.170.2 to ports of this host (for a URL on this machine's loopback). */
  forwards: Forward[];
  /** What the user is told: each URL that was rewritten, and why. */
  notices: string[];
}

/**
 * True for a host that names this machine: its loopback (`localhost.localstack.cloud` resolves to
 * 127.0.0.1), or Docker's name for it, which only containers given `host-gateway` resolve.
 */
export function isThisMachine(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return (
    h === 'host.docker.internal' ||
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === '[::1]' ||
    h === 'localhost.localstack.cloud' ||
    h.endsWith('.localhost.localstack.cloud')
  );
}

function withoutTrailingSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/** The URL the task calls for each service, and the relays a URL on this machine needs. */
export function planRuntimeRoutes(endpoint: RuntimeEndpoint): RuntimeRoutes {
  const inTask = (port: number): string => `http://${ENDPOINT_IP}:${port}`;
  if (endpoint.kind === 'none') return { variables: {}, forwards: [], notices: [] };
  if (endpoint.kind === 'vault') {
    const url = inTask(VAULT_RUNTIME_PORT);
    return { variables: { [RUNTIME_ENDPOINT_VARIABLES.secretsManager]: url, [RUNTIME_ENDPOINT_VARIABLES.ssm]: url }, forwards: [], notices: [] };
  }
  const variables: Record<string, string> = {};
  const forwards: Forward[] = [];
  const notices: string[] = [];
  const rewritten = new Map<string, string>();
  for (const service of ['secretsManager', 'ssm'] as const) {
    const given = endpoint.urls[service];
    if (given === undefined) continue;
    const url = new URL(given);
    if (!isThisMachine(url.hostname)) {
      variables[RUNTIME_ENDPOINT_VARIABLES[service]] = withoutTrailingSlash(url.href);
      continue;
    }
    let target = rewritten.get(url.href);
    if (target === undefined) {
      const hostPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
      let forward = forwards.find((f) => f.hostPort === hostPort);
      if (forward === undefined) {
        // Port 80 of 169.254.170.2 is the credentials and metadata endpoint's.
        let listenPort = hostPort === 80 ? VAULT_RUNTIME_PORT : hostPort;
        while (listenPort === 80 || forwards.some((f) => f.listenPort === listenPort)) listenPort++;
        forward = { listenPort, hostPort };
        forwards.push(forward);
      }
      const path = url.pathname === '/' ? '' : url.pathname;
      target = `${url.protocol}//${ENDPOINT_IP}:${forward.listenPort}${path}`;
      rewritten.set(url.href, target);
      notices.push(
        `${withoutTrailingSlash(url.href)} names this machine, which the task's containers cannot reach as is: the task calls ${target}, relayed to port ${hostPort} of this host on 127.0.0.1 (e.g. LocalStack published with -p ${hostPort}:${hostPort})`,
      );
    }
    variables[RUNTIME_ENDPOINT_VARIABLES[service]] = target;
  }
  return { variables, forwards, notices };
}

export interface RuntimeInjection {
  /** For resolveTask's `injected`: the variables a container gets. */
  injected: (container: string) => Record<string, string>;
  /** One line per container that keeps its own endpoint variable. */
  notes: string[];
}

/**
 * [INF] The endpoint variables are ecs-local's, not ECS's: a container whose task definition sets
 * one itself (in `environment` or `secrets`) keeps its own, and one that sets AWS_ENDPOINT_URL keeps
 * it for every service (a service variable would take precedence over it in the SDKs).
 */
export function planRuntimeInjection(td: TaskDefinition, variables: Readonly<Record<string, string>>): RuntimeInjection {
  const byContainer = new Map<string, Record<string, string>>();
  const notes: string[] = [];
  for (const c of td.containerDefinitions) {
    const own = new Set([...(c.environment ?? []).map((e) => e.name), ...(c.secrets ?? []).map((s) => s.name)]);
    const kept = Object.keys(variables).filter((name) => own.has(name) || own.has(GLOBAL_VARIABLE));
    const mine = Object.fromEntries(Object.entries(variables).filter(([name]) => !kept.includes(name)));
    byContainer.set(c.name, mine);
    if (kept.length > 0) {
      const which = own.has(GLOBAL_VARIABLE) ? GLOBAL_VARIABLE : kept.join(' and ');
      notes.push(`container ${c.name} sets ${which} itself, which wins: --runtime-endpoint does not set ${kept.join(' and ')} in it`);
    }
  }
  return { injected: (container) => ({ ...(byContainer.get(container) ?? {}) }), notes };
}
