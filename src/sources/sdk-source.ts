/**
 * The AWS-compatible backend: Secrets Manager and SSM through the real AWS SDK v3 clients, for
 * LocalStack, `vault serve` and real AWS; S3 env files through a plain path-style GET (endpoint mode
 * only). Every failure leaves as the ports' errors: the service's answer as AwsServiceError (its
 * Message exactly as sent), no answer as ServiceUnreachableError with a Go-style detail, because the
 * stoppedReasons are rendered from them in the Go agent's words.
 */
import type { GetSecretValueCommandOutput, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { GetParametersCommandOutput, SSMClient } from '@aws-sdk/client-ssm';
import { InputError } from '../errors.js';
import { resolveEndpoints, type EndpointService, type ResolvedEndpoints } from './endpoints.js';
import {
  AwsServiceError,
  ServiceUnreachableError,
  type GetParametersInput,
  type GetParametersOutput,
  type GetSecretValueInput,
  type GetSecretValueOutput,
  type Parameter,
  type SecretSources,
} from '../aws/ports.js';

/**
 * Clearly fake keys that LocalStack and `vault serve` accept; real AWS rejects them. The access key
 * id is an account id because LocalStack files every request under the account its access key id
 * names when that is 12 digits, and under 000000000000 otherwise [DOC LocalStack "Credentials"]:
 * signed as the task's account, the calls read that account's secrets and parameters, as the task's
 * execution role does on ECS (without it, LocalStack refuses a secret ARN of another account
 * encrypted with the default key, and looks SSM names up in 000000000000).
 */
export const FAKE_CREDENTIALS = { accessKeyId: '123456789012', secretAccessKey: 'ecs-local-fake-secret' } as const;
/** The agent's round-trip timeout for these calls. */
export const DEFAULT_TIMEOUT_MS = 5000;
/** aws-sdk-go-v2's standard retryer: 3 attempts (the "exceeded maximum number of attempts, 3" text). */
const MAX_ATTEMPTS = 3;

export interface SdkSourceOptions {
  /** Where each service is called; omitted: resolved from `env` (AWS_ENDPOINT_URL*). A service without one is real AWS. */
  endpoint?: ResolvedEndpoints;
  /** 'fake': FAKE_CREDENTIALS (for emulators); 'default-chain': the SDK's usual chain (env, profile, SSO, IMDS…). */
  credentials: 'fake' | 'default-chain';
  /**
   * With 'fake' credentials, the account the task runs in, sent as the access key id (see
   * FAKE_CREDENTIALS). Default FAKE_CREDENTIALS.accessKeyId, which is ecs-local's default account.
   */
  accountId?: string;
  /** Bound on one call, retries included. Default DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  env: NodeJS.ProcessEnv;
}

export interface SdkSources extends SecretSources {
  /** Closes the clients' kept-alive sockets. */
  destroy(): void;
}

/** AWS's endpoint prefix for each service (the real-AWS host is `<prefix>.<region>.<dns suffix>`). */
const ENDPOINT_PREFIX: Record<EndpointService, string> = { secretsManager: 'secretsmanager', ssm: 'ssm', s3: 's3' };

export function createSdkSources(opts: SdkSourceOptions): SdkSources {
  const endpoints = opts.endpoint ?? resolveEndpoints({ env: opts.env });
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const clientConfig = (service: EndpointService, region: string) => ({
    region,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    // Endpoints were resolved above (flag and variables); the SDK must not pick another on its own.
    ignoreConfiguredEndpointUrls: true,
    ...(endpoints[service] ? { endpoint: endpoints[service].url } : {}),
    ...(opts.credentials === 'fake' ? { credentials: { ...FAKE_CREDENTIALS, accessKeyId: opts.accountId ?? FAKE_CREDENTIALS.accessKeyId } } : {}),
  });
  const secretsManager = new ClientCache(async (region) => {
    // Loaded on first use: commands that never call AWS don't pay for loading the SDK.
    const { SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
    const client = quietly(() => new SecretsManagerClient(clientConfig('secretsManager', region)));
    keepRawErrorBodies(client);
    return client;
  });
  const ssm = new ClientCache(async (region) => {
    const { SSMClient } = await import('@aws-sdk/client-ssm');
    const client = quietly(() => new SSMClient(clientConfig('ssm', region)));
    keepRawErrorBodies(client);
    return client;
  });
  const call = <T>(service: EndpointService, region: string, send: (signal: AbortSignal) => Promise<T>) =>
    callWithin(timeoutMs, serviceUrl(service, region, endpoints), send);

  return {
    secretsManager: {
      async getSecretValue(region: string, input: GetSecretValueInput): Promise<GetSecretValueOutput> {
        const client = await secretsManager.get(region);
        const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
        const command = new GetSecretValueCommand({
          SecretId: input.SecretId,
          ...(input.VersionId !== undefined ? { VersionId: input.VersionId } : {}),
          ...(input.VersionStage !== undefined ? { VersionStage: input.VersionStage } : {}),
        });
        const out = await call('secretsManager', region, (abortSignal) => client.send(command, { abortSignal }));
        return secretOutput(out);
      },
    },
    ssm: {
      async getParameters(region: string, input: GetParametersInput): Promise<GetParametersOutput> {
        const client = await ssm.get(region);
        const { GetParametersCommand } = await import('@aws-sdk/client-ssm');
        const command = new GetParametersCommand({ Names: input.Names, WithDecryption: input.WithDecryption });
        const out = await call('ssm', region, (abortSignal) => client.send(command, { abortSignal }));
        return parametersOutput(out);
      },
    },
    s3: {
      async getObjectText(_region: string, bucket: string, key: string): Promise<string> {
        const endpoint = endpoints.s3;
        if (endpoint === undefined) {
          throw new InputError(
            `environment file s3://${bucket}/${key}: reading environment files from real Amazon S3 is not supported yet; serve it from an emulator (--endpoint URL or AWS_ENDPOINT_URL_S3) or from the local vault`,
          );
        }
        return getObjectPathStyle(endpoint.url, bucket, key, timeoutMs);
      },
    },
    destroy() {
      secretsManager.destroy();
      ssm.destroy();
    },
  };
}

// ---------------------------------------------------------------- clients

interface Destroyable {
  destroy(): void;
}

/** One client per region, created on first use. */
class ClientCache<C extends Destroyable> {
  private readonly clients = new Map<string, Promise<C>>();
  constructor(private readonly create: (region: string) => Promise<C>) {}

  get(region: string): Promise<C> {
    let client = this.clients.get(region);
    if (client === undefined) {
      client = this.create(region);
      this.clients.set(region, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) void client.then((c) => c.destroy(), () => undefined);
    this.clients.clear();
  }
}

/**
 * Builds a client without the SDK's "upgrade to Node 22" process warning: ecs-local supports Node 20
 * (package.json engines) and the nag would land on the user's stderr. The SDK reads the switch from
 * process.env once, when the first client is built, so it is set only for that moment.
 */
function quietly<C extends SecretsManagerClient | SSMClient>(build: () => C): C {
  const name = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const before = process.env[name];
  process.env[name] = 'true';
  try {
    return build();
  } finally {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  }
}

// ---------------------------------------------------------------- outputs

function secretOutput(out: GetSecretValueCommandOutput): GetSecretValueOutput {
  return {
    ARN: out.ARN ?? '',
    Name: out.Name ?? '',
    VersionId: out.VersionId ?? '',
    ...(out.SecretString !== undefined ? { SecretString: out.SecretString } : {}),
    ...(out.SecretBinary !== undefined ? { SecretBinary: out.SecretBinary } : {}),
    VersionStages: out.VersionStages ?? [],
    CreatedDate: out.CreatedDate ?? new Date(0),
  };
}

function parametersOutput(out: GetParametersCommandOutput): GetParametersOutput {
  const parameters = (out.Parameters ?? []).map(
    (p): Parameter => ({
      Name: p.Name ?? '',
      Type: (p.Type ?? 'String') as Parameter['Type'],
      Value: p.Value ?? '',
      Version: p.Version ?? 0,
      ARN: p.ARN ?? '',
      LastModifiedDate: p.LastModifiedDate ?? new Date(0),
      DataType: p.DataType ?? '',
      ...(p.Selector !== undefined ? { Selector: p.Selector } : {}),
      ...(p.SourceResult !== undefined ? { SourceResult: p.SourceResult } : {}),
    }),
  );
  return { Parameters: parameters, InvalidParameters: out.InvalidParameters ?? [] };
}

// ---------------------------------------------------------------- calls and their failures

/** The URL a call goes to, as Go prints it in `Post "<url>"`. */
function serviceUrl(service: EndpointService, region: string, endpoints: ResolvedEndpoints): string {
  const endpoint = endpoints[service];
  if (endpoint !== undefined) return endpoint.url.endsWith('/') ? endpoint.url : `${endpoint.url}/`;
  // [INF] the standard endpoint of the region's partition; FIPS/dual-stack variants are not modelled.
  const dnsSuffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `https://${ENDPOINT_PREFIX[service]}.${region}.${dnsSuffix}/`;
}

/**
 * Keeps the raw body of every error response readable on the error (`$response.body`, as bytes).
 * The SDK replaces a missing or empty Message with "UnknownError"/"Unknown", which would then show
 * up in a stoppedReason where AWS sent nothing (SSM ParameterNotFound); the raw body tells them apart.
 */
function keepRawErrorBodies(client: { middlewareStack: { addRelativeTo(middleware: never, options: object): void } }): void {
  const middleware: RawBodyMiddleware = (next) => async (args) => {
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown } | undefined;
    if (response && (response.statusCode ?? 0) >= 300 && isAsyncIterable(response.body)) {
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(Buffer.from(chunk as Uint8Array));
      // The SDK's body collector takes bytes as well as a stream; the deserializer then hangs this
      // same response on the error it throws as `$response`.
      response.body = new Uint8Array(Buffer.concat(chunks));
    }
    return result;
  };
  // Right after the deserializer, i.e. closest to the wire: it sees each response first.
  client.middlewareStack.addRelativeTo(middleware as never, {
    relation: 'after',
    toMiddleware: 'deserializerMiddleware',
    name: 'ecsLocalRawErrorBody',
  });
}

type RawBodyMiddleware = (
  next: (args: unknown) => Promise<{ response: unknown; output?: unknown }>,
) => (args: unknown) => Promise<{ response: unknown; output?: unknown }>;

function rawErrorBody(err: unknown): string | undefined {
  const body = (err as { $response?: { body?: unknown } } | null)?.$response?.body;
  return body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : undefined;
}

async function callWithin<T>(timeoutMs: number, url: string, send: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await send(controller.signal);
  } catch (err) {
    throw sdkFailure(err, url, controller.signal.aborted);
  } finally {
    clearTimeout(timer);
  }
}

interface SdkError {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

function sdkFailure(err: unknown, url: string, timedOut: boolean): unknown {
  if (timedOut) return new ServiceUnreachableError('timeout', url, 'context deadline exceeded');
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 300) {
    return new AwsServiceError(e.name ?? 'UnknownError', serviceMessage(rawErrorBody(err), e.message), status, e.$metadata?.requestId ?? '');
  }
  const detail = goDialDetail(err, url);
  if (detail !== undefined) return new ServiceUnreachableError('connection', url, detail);
  if (e.name === 'CredentialsProviderError') {
    const why = (e.message ?? '').replace(/\s+/g, ' ').trim();
    return new InputError(
      `no AWS credentials to sign the request to ${url} (${why}): configure them as for the AWS CLI (AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or ~/.aws/credentials)`,
    );
  }
  return err;
}

/**
 * The service's own Message: `message`, else `Message`, from the raw JSON body (what aws-sdk-go-v2
 * prints), or '' when there is none. Without a readable body, the SDK's text minus its placeholders.
 */
function serviceMessage(rawBody: string | undefined, sdkMessage: string | undefined): string {
  if (rawBody !== undefined) {
    try {
      const body = JSON.parse(rawBody) as Record<string, unknown> | null;
      const message = body?.['message'] ?? body?.['Message'];
      return typeof message === 'string' ? message : '';
    } catch {
      // Not JSON (a proxy's HTML page, say): fall through to the SDK's reading.
    }
  }
  return sdkMessage === undefined || sdkMessage === 'UnknownError' || sdkMessage === 'Unknown' ? '' : sdkMessage;
}

interface NodeNetError {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
  hostname?: string;
  message?: string;
  errors?: unknown[];
  cause?: unknown;
}

/**
 * Go's net error text for a Node network error (`dial tcp 127.0.0.1:4566: connect: connection
 * refused`, `dial tcp: lookup <host>: no such host`), or undefined when `err` is not one.
 */
function goDialDetail(err: unknown, url: string): string | undefined {
  let e = (typeof err === 'object' && err !== null ? err : {}) as NodeNetError;
  // fetch wraps the socket error in `cause`; Happy Eyeballs in an AggregateError: Go reports the first address.
  if (e.code === undefined && typeof e.cause === 'object' && e.cause !== null) e = e.cause as NodeNetError;
  if (Array.isArray(e.errors) && typeof e.errors[0] === 'object' && e.errors[0] !== null) e = e.errors[0] as NodeNetError;
  const target = new URL(url);
  const host = target.hostname;
  const address = e.address !== undefined ? joinHostPort(e.address, e.port ?? defaultPort(target)) : joinHostPort(host, defaultPort(target));
  switch (e.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${address}: connect: connection refused`;
    case 'EHOSTUNREACH':
      return `dial tcp ${address}: connect: no route to host`;
    case 'ENETUNREACH':
      return `dial tcp ${address}: connect: network is unreachable`;
    case 'ETIMEDOUT':
      return `dial tcp ${address}: connect: connection timed out`;
    case 'ENOTFOUND':
      return `dial tcp: lookup ${e.hostname ?? host}: no such host`;
    case 'EAI_AGAIN':
      // [INF] glibc's gai_strerror text, as Go's cgo resolver reports it.
      return `dial tcp: lookup ${e.hostname ?? host}: Temporary failure in name resolution`;
    case 'ECONNRESET':
      // [INF] Node calls a connection closed before any answer "socket hang up"; Go reports io.EOF.
      return e.message === 'socket hang up' ? 'EOF' : `read tcp ${address}: read: connection reset by peer`;
    case 'EPIPE':
      return `write tcp ${address}: write: broken pipe`;
    case 'UND_ERR_SOCKET':
      return 'EOF';
    default:
      return undefined;
  }
}

function joinHostPort(host: string, port: number | string): string {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return bare.includes(':') ? `[${bare}]:${port}` : `${bare}:${port}`;
}

function defaultPort(url: URL): string {
  return url.port !== '' ? url.port : url.protocol === 'https:' ? '443' : '80';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

// ---------------------------------------------------------------- S3 (endpoint mode)

/**
 * GetObject as a plain path-style GET `<endpoint>/<bucket>/<key>`, the form LocalStack serves.
 * Unsigned: emulators do not check signatures. The bytes are decoded as UTF-8 without dropping a
 * BOM, as the agent reads the file.
 */
async function getObjectPathStyle(endpointUrl: string, bucket: string, key: string, timeoutMs: number): Promise<string> {
  const base = endpointUrl.endsWith('/') ? endpointUrl : `${endpointUrl}/`;
  const url = `${base}${encodeS3Path(bucket)}/${key.split('/').map(encodeS3Path).join('/')}`;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) throw new ServiceUnreachableError('timeout', url, 'context deadline exceeded');
      const detail = goDialDetail(err, url);
      if (detail !== undefined) throw new ServiceUnreachableError('connection', url, detail);
      throw err;
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.ok) return bytes.toString('utf8');
    const body = bytes.toString('utf8');
    throw new AwsServiceError(
      xmlElement(body, 'Code') ?? 'UnknownError',
      xmlElement(body, 'Message') ?? '',
      res.status,
      xmlElement(body, 'RequestId') ?? res.headers.get('x-amz-request-id') ?? '',
      xmlElement(body, 'HostId') ?? res.headers.get('x-amz-id-2') ?? '',
    );
  } catch (err) {
    if (controller.signal.aborted && !(err instanceof ServiceUnreachableError)) {
      throw new ServiceUnreachableError('timeout', url, 'context deadline exceeded');
    }
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** S3's URI encoding of one path segment: RFC 3986 unreserved characters stay, all else is %XX. */
function encodeS3Path(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The text of `<name>…</name>` in an S3 error document, entities decoded. */
function xmlElement(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  if (match === null) return undefined;
  return (match[1] ?? '').replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (entity.startsWith('#x') || entity.startsWith('#X')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return named[entity.toLowerCase()] ?? whole;
  });
}
