/**
 * A registered revision as the task definition: `family:revision` or a task definition ARN, read with
 * DescribeTaskDefinition (with its tags) through @aws-sdk/client-ecs, loaded only when used. This is
 * how a production start-up failure is reproduced from what ECS actually ran.
 */
import { InputError } from '../../errors.js';

export interface RegisteredReference {
  /** As given: `my-app:3` or the ARN. */
  text: string;
  /** The region an ARN names. */
  region?: string;
  accountId?: string;
}

const ARN = /^arn:aws[a-z-]*:ecs:([a-z0-9-]+):(\d{12}):task-definition\/[A-Za-z0-9_-]{1,255}(?::\d+)?$/;
const FAMILY_REVISION = /^[A-Za-z0-9_-]{1,255}:[1-9]\d*$/;
const FAMILY = /^[A-Za-z0-9_-]{1,255}$/;

/**
 * `family:revision` or a task definition ARN; with `familyAlone` (when --aws or --endpoint is given)
 * also a bare family, which DescribeTaskDefinition reads as its latest ACTIVE revision. Undefined for
 * anything else (a file name).
 */
export function registeredReference(text: string, familyAlone = false): RegisteredReference | undefined {
  const arn = ARN.exec(text);
  if (arn) return { text, region: arn[1] as string, accountId: arn[2] as string };
  return FAMILY_REVISION.test(text) || (familyAlone && FAMILY.test(text)) ? { text } : undefined;
}

export interface DescribeOptions {
  /** An endpoint URL (LocalStack, moto); none for real AWS. */
  endpoint?: string;
  /** 'fake' keys for an emulator (the account as access key id, as LocalStack reads it), else the default chain. */
  credentials: { accessKeyId: string; secretAccessKey: string } | 'default-chain';
  region: string;
  timeoutMs: number;
}

/** The describe-task-definition output as JSON text, `{"taskDefinition": {…}, "tags": […]}`. */
export async function describeRegistered(ref: RegisteredReference, opts: DescribeOptions): Promise<string> {
  const { ECSClient, DescribeTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  // Built without the SDK's "upgrade to Node 22" nag: ecs-local supports Node 20 (see sdk-source.ts).
  const nag = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const before = process.env[nag];
  process.env[nag] = 'true';
  const client = new ECSClient({
    region: opts.region,
    maxAttempts: 3,
    ignoreConfiguredEndpointUrls: true,
    ...(opts.endpoint !== undefined ? { endpoint: opts.endpoint } : {}),
    ...(opts.credentials !== 'default-chain' ? { credentials: opts.credentials } : {}),
  });
  if (before === undefined) delete process.env[nag];
  else process.env[nag] = before;
  const where = opts.endpoint ?? `ECS in ${opts.region}`;
  try {
    const out = await client.send(new DescribeTaskDefinitionCommand({ taskDefinition: ref.text, include: ['TAGS'] }), {
      abortSignal: AbortSignal.timeout(opts.timeoutMs),
    });
    if (!out.taskDefinition) throw new InputError(`${ref.text}: DescribeTaskDefinition at ${where} returned no task definition`);
    return JSON.stringify({ taskDefinition: out.taskDefinition, ...(out.tags && out.tags.length > 0 ? { tags: out.tags } : {}) }, (key, value: unknown) =>
      // registeredAt and friends: epoch seconds, as on the wire.
      typeof value === 'string' && /At$/.test(key) && !Number.isNaN(Date.parse(value)) ? Date.parse(value) / 1000 : value,
    );
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    if (e.$metadata?.httpStatusCode !== undefined) {
      throw new InputError(
        `${ref.text}: DescribeTaskDefinition at ${where} failed: ${e.name ?? 'Error'}: ${e.message ?? ''} (check the family and revision, --region and the credentials)`,
        { cause: err },
      );
    }
    throw new InputError(`${ref.text}: cannot reach ${where} for DescribeTaskDefinition: ${e.name === 'TimeoutError' || e.name === 'AbortError' ? `no answer in ${opts.timeoutMs / 1000} s` : (e.message ?? String(err))}`, { cause: err });
  } finally {
    client.destroy();
  }
}
