/**
 * Which URL each AWS service is called at, from `--endpoint URL` and the SDKs' standard variables
 * (aws-wire.md §5, smithy `getEndpointUrlConfig`): `AWS_ENDPOINT_URL_<SERVICE ID>` beats
 * `AWS_ENDPOINT_URL`, `--endpoint` beats both, and `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
 * turns the variables off. A service with no endpoint is called at real AWS. Pure: env is passed in.
 */
import { InputError } from '../errors.js';

export type EndpointService = 'secretsManager' | 'ssm' | 's3';

export interface ServiceEndpoint {
  /** The URL, normalised by WHATWG URL (`http://localhost:4566` → `http://localhost:4566/`). */
  url: string;
  /** Where it came from, for messages: `--endpoint` or the variable's name. */
  source: string;
}

export type ResolvedEndpoints = { [S in EndpointService]?: ServiceEndpoint };

/** `AWS_ENDPOINT_URL_` + the service id upper-cased, spaces to `_` ("Secrets Manager", "SSM", "S3"). */
export const SERVICE_ENDPOINT_VARIABLES: Readonly<Record<EndpointService, string>> = {
  secretsManager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  ssm: 'AWS_ENDPOINT_URL_SSM',
  s3: 'AWS_ENDPOINT_URL_S3',
};
export const GLOBAL_ENDPOINT_VARIABLE = 'AWS_ENDPOINT_URL';
export const IGNORE_ENDPOINTS_VARIABLE = 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS';

const SERVICES = Object.keys(SERVICE_ENDPOINT_VARIABLES) as EndpointService[];

export interface EndpointOptions {
  /** `--endpoint URL`: every service. */
  endpoint?: string;
  env: NodeJS.ProcessEnv;
}

export function resolveEndpoints(opts: EndpointOptions): ResolvedEndpoints {
  const resolved: ResolvedEndpoints = {};
  if (opts.endpoint !== undefined) {
    const url = validEndpointUrl(opts.endpoint, '--endpoint', 'pass a full URL such as --endpoint http://localhost:4566');
    for (const service of SERVICES) resolved[service] = { url, source: '--endpoint' };
    return resolved;
  }
  if (ignoresConfiguredEndpoints(opts.env)) return resolved;
  for (const service of SERVICES) {
    // As the SDK does: an empty variable counts as unset.
    const name = [SERVICE_ENDPOINT_VARIABLES[service], GLOBAL_ENDPOINT_VARIABLE].find((v) => (opts.env[v] ?? '') !== '');
    if (name === undefined) continue;
    const fix = `set ${name} to a full URL such as http://localhost:4566, unset it, or set ${IGNORE_ENDPOINTS_VARIABLE}=true`;
    resolved[service] = { url: validEndpointUrl(opts.env[name] ?? '', name, fix), source: name };
  }
  return resolved;
}

/** True when at least one service is routed away from real AWS. */
export function hasEndpoints(endpoints: ResolvedEndpoints): boolean {
  return SERVICES.some((s) => endpoints[s] !== undefined);
}

// The SDK's booleanSelector accepts exactly "true" or "false" and throws on anything else; so do we.
function ignoresConfiguredEndpoints(env: NodeJS.ProcessEnv): boolean {
  const value = env[IGNORE_ENDPOINTS_VARIABLE];
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new InputError(
    `${IGNORE_ENDPOINTS_VARIABLE}=${JSON.stringify(value)} is not valid: set it to "true" or "false" (the AWS SDKs accept nothing else), or unset it`,
  );
}

function validEndpointUrl(value: string, source: string, fix: string): string {
  const bad = (why: string) => new InputError(`${source} ${JSON.stringify(value)} is not a valid endpoint URL: ${why}; ${fix}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw bad('it is not an absolute URL');
  }
  // `localhost:4566` parses as scheme "localhost:"; say what is missing rather than "bad scheme".
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw bad(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? `the scheme must be http or https, not ${url.protocol.slice(0, -1)}` : 'it has no http:// or https:// scheme');
  }
  if (url.hostname === '') throw bad('it has no host');
  if (url.search !== '' || url.hash !== '') throw bad('an endpoint URL takes no query string or fragment');
  return url.href;
}
