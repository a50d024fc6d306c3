/**
 * Executes a resolution plan against secret sources the way the ECS agent's task resources do, and
 * either returns every container's final environment or throws TaskFailedToStartError carrying the
 * exact stoppedReason. Nothing here starts a container: a failure happens before any exists.
 */
import { TaskFailedToStartError } from '../errors.js';
import { AwsServiceError, ServiceUnreachableError, type SecretSources } from '../aws/ports.js';
import type { TaskDefinition } from '../taskdef/types.js';
import { parseEnvFileEc2, parseEnvFileFargate } from '../env/envfile.js';
import { executionEnv, mergeEnvironment } from '../env/precedence.js';
import { extractJsonKey } from './json-key.js';
import { parseRegistryAuth } from './registry-auth.js';
import { buildPlan, cacheKey, type ResolutionPlan } from './plan.js';
import type { AsmSecretFailure, EnvFileFailure, ResourceFailure, ServiceFault } from './failures.js';
import { stoppedReason } from './stopped-reason.js';
import type { RegistryAuth, ResolvedContainer, ResolvedTask, TaskContext } from './types.js';

export interface ResolveOptions {
  /** Extra variables ECS injects into every container (metadata and credentials URIs for `run`). */
  injected?: (container: string) => Record<string, string>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; failure: ResourceFailure };

export async function resolveTask(
  td: TaskDefinition,
  context: TaskContext,
  sources: SecretSources,
  options: ResolveOptions = {},
): Promise<ResolvedTask> {
  const plan = buildPlan(td, context.region);
  // The agent creates its resources concurrently; when several fail, the one that came first in
  // initSecretResources order (asmauth, ssmsecret, asmsecret), then the env files, is reported. [INF]
  const [auth, ssm, asm, envFiles] = await Promise.all([
    fetchRegistryAuth(plan, sources),
    fetchSsm(plan, sources),
    fetchAsm(plan, sources),
    fetchEnvFiles(plan, sources, context.launchType),
  ]);
  for (const outcome of [auth, ssm, asm, envFiles]) {
    if (!outcome.ok) throw new TaskFailedToStartError(stoppedReason(outcome.failure, context.launchType));
  }
  if (!auth.ok || !ssm.ok || !asm.ok || !envFiles.ok) throw new Error('unreachable');

  const values = new Map([...ssm.value.values, ...asm.value]);
  const warnings = [...ssm.value.warnings, ...envFiles.value.warnings];
  const containers: ResolvedContainer[] = td.containerDefinitions.map((c) => {
    const mine = plan.secrets.filter((s) => s.container === c.name);
    // populateContainerSecrets starts from "": a value the service did not return becomes empty.
    const valueOf = (ref: (typeof mine)[number]['ref']) =>
      values.get(cacheKey(ref.provider === 'asm' ? ref.valueFrom : ref.name, ref.region)) ?? '';
    const secrets = mine.filter((s) => s.target === 'CONTAINER').map((s) => ({ name: s.name, value: valueOf(s.ref), valueFrom: s.ref.valueFrom }));
    const environment = mergeEnvironment({
      // checkRegistration has refused blank names; the model leaves `name` optional, hence `?? ''`.
      environment: (c.environment ?? []).map((e) => ({ name: e.name ?? '', value: e.value })),
      injected: { AWS_EXECUTION_ENV: executionEnv(context.launchType), ...(options.injected?.(c.name) ?? {}) },
      secrets,
      envFiles: envFiles.value.files.get(c.name) ?? [],
      region: context.region,
    });
    const resolved: ResolvedContainer = { name: c.name, environment };
    const logConfig = c.logConfiguration;
    if (logConfig) {
      const logOptions = { ...(logConfig.options ?? {}) };
      for (const s of mine.filter((x) => x.target === 'LOG_DRIVER')) {
        const value = valueOf(s.ref);
        // task.go populateContainerSecrets: log-driver secrets are applied only when non-empty.
        if (value !== '') logOptions[s.name] = value;
      }
      resolved.logOptions = logOptions;
    }
    const registryAuth = auth.value.get(c.name);
    if (registryAuth) resolved.registryAuth = registryAuth;
    return resolved;
  });
  return { context, taskDefinition: td, containers, plan, warnings };
}

function faultOf(err: unknown): ServiceFault {
  if (err instanceof AwsServiceError) return { kind: 'aws', error: err };
  if (err instanceof ServiceUnreachableError) return { kind: 'unreachable', error: err };
  throw err;
}

/** asmsecret resource: one GetSecretValue per unique valueFrom+region; all failures are kept. */
async function fetchAsm(plan: ResolutionPlan, sources: SecretSources): Promise<Outcome<Map<string, string>>> {
  const results = await Promise.all(
    plan.asm.map(async (ref): Promise<{ ok: true; key: string; value: string } | { ok: false; failure: AsmSecretFailure }> => {
      const p = ref.parsed;
      if (!p.ok) return { ok: false, failure: { kind: 'bad-value-from', valueFrom: ref.valueFrom, detail: p.error } };
      let out;
      try {
        out = await sources.secretsManager.getSecretValue(ref.region, {
          SecretId: p.secretId,
          ...(p.versionStage !== undefined ? { VersionStage: p.versionStage } : {}),
          ...(p.versionId !== undefined ? { VersionId: p.versionId } : {}),
        });
      } catch (err) {
        return { ok: false, failure: { kind: 'fetch', secretId: p.secretId, fault: faultOf(err) } };
      }
      const key = cacheKey(ref.valueFrom, ref.region);
      // A binary-only secret has no SecretString: the whole-secret value is "" (aws.ToString(nil)).
      if (p.jsonKey === '') return { ok: true, key, value: out.SecretString ?? '' };
      const extracted = extractJsonKey(out.SecretString, p.jsonKey);
      return extracted.ok ? { ok: true, key, value: extracted.value } : { ok: false, failure: { kind: 'extract', error: extracted.error } };
    }),
  );
  const failures = results.flatMap((r) => (r.ok ? [] : [r.failure]));
  if (failures.length > 0) return { ok: false, failure: { resource: 'asmsecret', failures } };
  return { ok: true, value: new Map(results.flatMap((r) => (r.ok ? [[r.key, r.value] as const] : []))) };
}

/** ssmsecret resource: per region, batches of 10, WithDecryption; only the first error is reported. */
async function fetchSsm(
  plan: ResolutionPlan,
  sources: SecretSources,
): Promise<Outcome<{ values: Map<string, string>; warnings: string[] }>> {
  const calls = plan.ssm.flatMap(({ region, batches }) => batches.map((names) => ({ region, names })));
  const results = await Promise.all(
    calls.map(async ({ region, names }) => {
      try {
        return { region, names, out: await sources.ssm.getParameters(region, { Names: names, WithDecryption: true }) };
      } catch (err) {
        return { region, names, fault: faultOf(err) };
      }
    }),
  );
  const values = new Map<string, string>();
  const warnings: string[] = [];
  for (const r of results) {
    if (r.fault) return { ok: false, failure: { resource: 'ssmsecret', region: r.region, failure: { kind: 'fetch', fault: r.fault } } };
    const out = r.out;
    if (out.InvalidParameters.length > 0) {
      return { ok: false, failure: { resource: 'ssmsecret', region: r.region, failure: { kind: 'invalid-parameters', names: out.InvalidParameters } } };
    }
    // The agent caches values under the name SSM returns and looks them up by the name it asked for.
    for (const p of out.Parameters) values.set(cacheKey(p.Name, r.region), p.Value);
    for (const asked of r.names) {
      if (!values.has(cacheKey(asked, r.region))) {
        warnings.push(`SSM returned no parameter named "${asked}" in ${r.region} (it answered with other names); ECS injects an empty value in that case`);
      }
    }
  }
  return { ok: true, value: { values, warnings } };
}

/** asmauth resource: the whole secret, a JSON object with username and password. */
async function fetchRegistryAuth(plan: ResolutionPlan, sources: SecretSources): Promise<Outcome<Map<string, RegistryAuth>>> {
  const results = await Promise.all(
    plan.registryAuth.map(async (req) => {
      try {
        const out = await sources.secretsManager.getSecretValue(req.region, { SecretId: req.secretId });
        return { req, auth: parseRegistryAuth(out.SecretString) };
      } catch (err) {
        return { req, fault: faultOf(err) };
      }
    }),
  );
  const map = new Map<string, RegistryAuth>();
  for (const { req, fault, auth } of results) {
    const base = { resource: 'asmauth' as const, container: req.container, secretId: req.secretId };
    if (fault) return { ok: false, failure: { ...base, failure: { kind: 'fetch', fault } } };
    if (auth && !auth.ok) return { ok: false, failure: { ...base, failure: { kind: 'auth-data', error: auth.error } } };
    if (auth?.ok) map.set(req.container, auth.value);
  }
  return { ok: true, value: map };
}

const S3_OBJECT_ARN = /^arn:([^:]+):s3:::([^/]+)\/(.+)$/s;

/** envfile resources, one per container: download every file, then parse with the launch type's rules. */
async function fetchEnvFiles(
  plan: ResolutionPlan,
  sources: SecretSources,
  launchType: TaskContext['launchType'],
): Promise<Outcome<{ files: Map<string, { file: string; vars: [string, string][] }[]>; warnings: string[] }>> {
  const perContainer = await Promise.all(
    plan.envFiles.map(async ({ container, files }) => {
      const results = await Promise.all(
        files.map(async (f): Promise<{ ok: true; file: string; vars: [string, string][]; warnings: string[] } | { ok: false; failure: EnvFileFailure }> => {
          const m = S3_OBJECT_ARN.exec(f.value);
          if (!m) return { ok: false, failure: { kind: 'bad-arn', arn: f.value } };
          const [, , bucket = '', key = ''] = m;
          let text: string;
          try {
            text = await sources.s3.getObjectText(plan.taskRegion, bucket, key);
          } catch (err) {
            return { ok: false, failure: { kind: 'download', bucket, key, fault: faultOf(err) } };
          }
          const parsed = launchType === 'EC2' ? parseEnvFileEc2(text) : parseEnvFileFargate(text);
          if (!parsed.ok) return { ok: false, failure: { kind: 'parse', arn: f.value, error: parsed.error } };
          return { ok: true, file: f.value, vars: parsed.vars, warnings: parsed.warnings.map((w) => `${f.value}: ${w}`) };
        }),
      );
      return { container, results };
    }),
  );
  const files = new Map<string, { file: string; vars: [string, string][] }[]>();
  const warnings: string[] = [];
  for (const { container, results } of perContainer) {
    const failures = results.flatMap((r) => (r.ok ? [] : [r.failure]));
    if (failures.length > 0) return { ok: false, failure: { resource: 'envfile', container, failures } };
    files.set(container, results.flatMap((r) => (r.ok ? [{ file: r.file, vars: r.vars }] : [])));
    warnings.push(...results.flatMap((r) => (r.ok ? r.warnings : [])));
  }
  return { ok: true, value: { files, warnings } };
}

