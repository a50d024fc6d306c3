// The seed article's runtime-retrieval pattern, in Node.js: read a secret from Secrets Manager at
// run time with a cache (5 minutes by default), and fall back to the value ECS injected at start-up
// when the call fails. Nothing here knows about ecs-local: the SDK's default credential chain finds
// the task role's credentials at the container credentials endpoint (169.254.170.2), the region is
// AWS_REGION (ECS sets it), and the endpoint is AWS_ENDPOINT_URL_SECRETS_MANAGER when it is set.
//
// Environment:
//   SECRET_ID          the secret to read (default production/database/app)
//   SECRET_JSON_KEY    the key of a JSON secret to use (default password; empty: the whole string)
//   FALLBACK_ENV       the injected variable to fall back on (default DB_PASSWORD)
//   CACHE_TTL_SECONDS  how long a fetched value is reused (default 300)
//   INTERVAL_SECONDS   how often the app looks at the value (default 10)
//   ITERATIONS         how many times, then exit 0 (default 0: until stopped)
// Values are never printed: each line shows a short SHA-256 of the runtime value and of the
// injected one, so you can see when they differ.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

const env = process.env;
const SECRET_ID = env.SECRET_ID ?? 'production/database/app';
const JSON_KEY = env.SECRET_JSON_KEY ?? 'password';
const FALLBACK_ENV = env.FALLBACK_ENV ?? 'DB_PASSWORD';
const CACHE_TTL_MS = Number(env.CACHE_TTL_SECONDS ?? 300) * 1000;
const INTERVAL_MS = Number(env.INTERVAL_SECONDS ?? 10) * 1000;
const ITERATIONS = Number(env.ITERATIONS ?? 0);

const client = new SecretsManagerClient({});
const cache = new Map();

/** The secret, parsed as JSON when it is JSON: from the cache while fresh, else from Secrets Manager. */
async function getSecret(secretId) {
  const now = Date.now();
  const entry = cache.get(secretId);
  if (entry && now - entry.timestamp < CACHE_TTL_MS) return { value: entry.value, source: `cache, ${Math.round((now - entry.timestamp) / 1000)}s old` };
  try {
    const response = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = parse(response.SecretString ?? '');
    cache.set(secretId, { value, timestamp: now });
    return { value, source: 'Secrets Manager' };
  } catch (err) {
    console.log(`Warning: Failed to refresh secret ${secretId}: ${err.name}: ${err.message}`);
    // Fall back to the cached value, or to nothing (the caller then uses the injected variable).
    return entry ? { value: entry.value, source: 'stale cache' } : { value: null, source: 'none' };
  }
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The value to use: the runtime secret's key (or whole string), else the injected variable. */
async function currentValue() {
  const { value, source } = await getSecret(SECRET_ID);
  const picked = value !== null && typeof value === 'object' && JSON_KEY !== '' ? value[JSON_KEY] : value;
  if (picked !== null && picked !== undefined) return { value: String(picked), source };
  return { value: env[FALLBACK_ENV], source: `fallback to ${FALLBACK_ENV}` };
}

function fingerprint(value) {
  return value === undefined ? '(unset)' : `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 12)}`;
}

// ECS stops a task with SIGTERM; Node as PID 1 would ignore it until SIGKILL.
process.on('SIGTERM', () => {
  console.log('SIGTERM: stopping');
  process.exit(0);
});

const injected = fingerprint(env[FALLBACK_ENV]);
for (let i = 1; ITERATIONS === 0 || i <= ITERATIONS; i++) {
  const { value, source } = await currentValue();
  console.log(`runtime ${SECRET_ID}${JSON_KEY ? `:${JSON_KEY}` : ''} ${fingerprint(value)} (${source}) | injected ${FALLBACK_ENV} ${injected}`);
  if (ITERATIONS === 0 || i < ITERATIONS) await sleep(INTERVAL_MS);
}
