/**
 * Where the task role's credentials come from (`ecs-local run --credentials`):
 * - `fake` (default): clearly fake static keys that LocalStack and `vault serve` accept and AWS refuses;
 * - `host`: this machine's own credentials from the SDK's default chain (env, profile, SSO, IMDS…);
 * - `assume-role`: STS AssumeRole of the task role with the host's credentials, session name = task id,
 *   as ECS does.
 * The AWS SDK is loaded only for `host` and `assume-role`.
 */
import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { RoleCredentials } from './credentials.js';

export type CredentialsMode = 'fake' | 'host' | 'assume-role';

export const CREDENTIALS_MODES: readonly CredentialsMode[] = ['fake', 'host', 'assume-role'];

/**
 * Task role credentials for `fake`, never valid on AWS. The key id is an ASIA key (temporary
 * credentials) made fresh for every fetch: `ASIAECSLOCAL` and 8 random base32 characters, 20 in all
 * as AWS's. It tells the `vault serve` of a run which task (and so which task role) a call comes from
 * (src/serve/callers.ts), and the secret and token, as fresh and random, are what that endpoint
 * verifies the task's signatures with: nobody who was not handed them can sign as the task.
 */
export const FAKE_ACCESS_KEY_PREFIX = 'ASIAECSLOCAL';

/** Recognisably fake, 40 characters as AWS's secrets: the prefix and 24 random base64url characters. */
export const FAKE_SECRET_PREFIX = 'ecsLocalFakeSecret';
export const FAKE_TOKEN_PREFIX = 'ecs-local-fake-session-token-';

export function fakeSecrets(bytes: (n: number) => Uint8Array = randomBytes): { secretAccessKey: string; sessionToken: string } {
  const random = (n: number) => Buffer.from(bytes(n)).toString('base64url');
  return { secretAccessKey: `${FAKE_SECRET_PREFIX}${random(18).slice(0, 22)}`, sessionToken: `${FAKE_TOKEN_PREFIX}${random(32)}` };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** A fresh fake access key id, e.g. `ASIAECSLOCALQ7KD2MZA`. */
export function fakeAccessKeyId(bytes: (n: number) => Uint8Array = randomBytes): string {
  return FAKE_ACCESS_KEY_PREFIX + [...bytes(8)].map((b) => BASE32[b % 32]).join('');
}

/**
 * LocalStack namespaces by account and reads the account from the access key id [DOC
 * docs.localstack.cloud/references/credentials]: a structured `LSIA…` key (at least 20 characters)
 * decodes to its account, an `ASIA…`/`AKIA…` key falls back to 000000000000. So a task whose calls go
 * to LocalStack gets an `LSIA` key in AWS's key-id layout: after the 4-character prefix, 16 base32
 * characters whose first 48 bits hold the account in bits 7-46; the other 40 bits are random, so
 * every fetch still gets its own key.
 */
export const LOCALSTACK_ACCESS_KEY_PREFIX = 'LSIA';

export function localStackAccessKeyId(accountId: string, bytes: (n: number) => Uint8Array = randomBytes): string {
  if (!/^\d{12}$/.test(accountId)) throw new UsageError(`cannot put account "${accountId}" into a LocalStack access key: an account id is 12 digits`);
  const random = bytes(5);
  const high = BigInt((random[0] ?? 0) & 0x80) << 40n;
  const low = BigInt((random[0] ?? 0) & 0x7f);
  const head = high | (BigInt(accountId) << 7n) | low;
  const raw = Buffer.alloc(10);
  raw.writeUIntBE(Number(head), 0, 6);
  raw.set(random.subarray(1, 5), 6);
  return LOCALSTACK_ACCESS_KEY_PREFIX + base32(raw);
}

/** The account LocalStack reads from a structured key id (the inverse of localStackAccessKeyId). */
export function accountOfAccessKeyId(accessKeyId: string): string {
  const bits = [...accessKeyId.slice(4, 14)].map((ch) => BASE32.indexOf(ch).toString(2).padStart(5, '0')).join('');
  const head = BigInt('0b' + bits.slice(0, 48));
  return ((head & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}

function base32(bytes: Uint8Array): string {
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += BASE32[parseInt(bits.slice(i, i + 5).padEnd(5, '0'), 2)];
  return out;
}

/** [INF] How long fake (and long-term host) credentials are said to last. */
export const FAKE_LIFETIME_MS = 6 * 3600_000;
/** STS AssumeRole's duration: one hour, the default maximum session of a role. */
export const ASSUME_ROLE_SECONDS = 3600;

export interface CredentialSource {
  readonly mode: CredentialsMode;
  /** Fresh credentials for `roleArn`; `taskId` names the STS session. Throws UsageError when impossible. */
  fetch(roleArn: string, taskId: string): Promise<RoleCredentials>;
}

/** With `localStackAccount`, the keys carry that account for LocalStack (localStackAccessKeyId). */
export function fakeCredentialSource(now: () => number = Date.now, localStackAccount?: string): CredentialSource {
  return {
    mode: 'fake',
    fetch: async (roleArn) => ({
      roleArn,
      accessKeyId: localStackAccount !== undefined ? localStackAccessKeyId(localStackAccount) : fakeAccessKeyId(),
      ...fakeSecrets(),
      expiration: new Date(now() + FAKE_LIFETIME_MS),
    }),
  };
}

interface SdkIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

async function hostIdentity(): Promise<SdkIdentity> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  try {
    return await defaultProvider()();
  } catch (err) {
    throw new UsageError(
      `--credentials needs this machine's AWS credentials, and the default chain found none (${messageOf(err)}): set AWS_PROFILE or AWS_ACCESS_KEY_ID, run \`aws sso login\`, or use --credentials fake.`,
    );
  }
}

/**
 * [INF] The host's credentials under the task role's name: RoleArn is the task role (what the app
 * would see on ECS), the keys are this machine's. Long-term keys get an empty Token and a 6 h expiry.
 */
export function hostCredentialSource(now: () => number = Date.now): CredentialSource {
  return {
    mode: 'host',
    fetch: async (roleArn) => {
      const id = await hostIdentity();
      return {
        roleArn,
        accessKeyId: id.accessKeyId,
        secretAccessKey: id.secretAccessKey,
        sessionToken: id.sessionToken ?? '',
        expiration: id.expiration ?? new Date(now() + FAKE_LIFETIME_MS),
      };
    },
  };
}

/**
 * STS AssumeRole with the host's credentials, session name = task id, for one hour. Uses the STS
 * client (@aws-sdk/client-sts), loaded only in this mode;
 * AWS_ENDPOINT_URL_STS points it at LocalStack.
 */
export function assumeRoleCredentialSource(region: string): CredentialSource {
  return {
    mode: 'assume-role',
    fetch: async (roleArn, taskId) => {
      const [{ STSClient, AssumeRoleCommand }, { defaultProvider }] = await Promise.all([
        import('@aws-sdk/client-sts'),
        import('@aws-sdk/credential-provider-node'),
      ]);
      const client = new STSClient({ region, credentials: defaultProvider() });
      try {
        const out = await client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: taskId, DurationSeconds: ASSUME_ROLE_SECONDS }));
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
          throw new Error('STS answered without credentials');
        }
        return { roleArn, accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
      } catch (err) {
        if (err instanceof UsageError) throw err;
        throw new UsageError(
          `--credentials assume-role: STS AssumeRole of ${roleArn} failed: ${messageOf(err)}. The host's credentials must be allowed to assume the task role (its trust policy), or use --credentials host or fake.`,
        );
      } finally {
        client.destroy();
      }
    },
  };
}

export function credentialSource(mode: CredentialsMode, region: string, fake: { localStackAccount?: string } = {}): CredentialSource {
  if (mode === 'host') return hostCredentialSource();
  if (mode === 'assume-role') return assumeRoleCredentialSource(region);
  return fakeCredentialSource(Date.now, fake.localStackAccount);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
