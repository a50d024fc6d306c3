/**
 * The steps every command that resolves a task shares: read and validate the task definition, apply
 * RegisterTaskDefinition's rules, pick the backend, the region, the launch type and a task id.
 */
import { randomBytes } from 'node:crypto';
import type { Writable } from 'node:stream';
import { ReportedError, TaskFailedToStartError, UsageError } from '../errors.js';
import { imagePullFailure } from '../container/images.js';
import { Fargate } from '../messages.js';
import { isPlaceholder } from '../vault/placeholder.js';
import { buildPlan, needsSecretSources } from '../secrets/plan.js';
import { resolveTask, type ResolveOptions } from '../secrets/resolve.js';
import { placementOf, type Named } from '../taskdef/placement.js';
import { unsupportedOperatingSystem } from '../taskdef/platform.js';
import { readTaskDefinitionInput } from './task-definition-input.js';
import { checkRegistration } from '../taskdef/register-rules.js';
import { effectiveTaskDefinition } from '../taskdef/effective.js';
import type { TaskOverride } from '../taskdef/overrides.js';
import type { LaunchType, LoadedTaskDefinition, TaskDefinition } from '../taskdef/types.js';
import { readOverrides, type OverrideFlags } from './overrides-input.js';
import { openBackend, type Backend } from '../sources/factory.js';
import { nearMisses } from '../sources/near-miss.js';
import { classifyValueFrom } from '../secrets/value-from.js';
import { parseSecretArn } from '../vault/arn.js';
import { parseArn } from '../aws/arn.js';
import { putCommand, uniqueTargets, vaultArgument, type PutTarget } from './vault-put-advice.js';
import type { ResolvedTask, TaskContext } from '../secrets/types.js';

export interface ResolveCommandOptions {
  taskDefinition: string;
  vault?: string;
  /** The library's in-memory vault: reads of the file `vault` names come from here. */
  readVaultFile?: (file: string) => string;
  endpoint?: string | boolean;
  aws?: boolean;
  timeoutSeconds?: number;
  region?: string;
  launchType?: LaunchType;
  cluster?: string;
  /** `--var NAME=VALUE` and `--var-file FILE`, for templates and CloudFormation parameters. */
  vars?: string[];
  varFiles?: string[];
  /** `--resource`: which task definition of a CloudFormation template or Terraform JSON. */
  resource?: string;
  /** `--overrides` and its short forms (`--command`, `-e`, `--env-file`, `--container`). */
  overrides?: OverrideFlags;
  /** Read for the task definition `-`. */
  stdin?: NodeJS.ReadableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Non-fatal findings go here, one line each. */
  warn: (line: string) => void;
  /** With `-v`: what ecs-local decided and why, one line each. */
  info?: (line: string) => void;
  /** For `run`: refuse what cannot run locally (a Windows task); `check` and `env` only warn. */
  forRun?: boolean;
}

export interface PreparedTask {
  /** As read: never changed by the steps after it. */
  loaded: LoadedTaskDefinition;
  /** The effective task definition: the loaded one with the run's overrides applied. Read this one. */
  taskDefinition: TaskDefinition;
  /** The run's overrides as RunTask takes them (`{}` for none), for describe-tasks output. */
  overrides: TaskOverride;
  backend: Backend;
  context: TaskContext;
  /** Where the task's region and account came from, for `-v` and `--json`. */
  origins: { region: string; accountId: string };
  /** The command's folder, for the paths its advice names. */
  cwd: string;
}

/** A value and where it came from, in words: `--region`, `the environment (AWS_REGION)`, … */
interface Origin {
  value: string;
  from: string;
}

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_ACCOUNT = '123456789012';

/** Whether the task definition is a bare containerDefinitions array with no execution role to go by. */
export function assumesExecutionRole(loaded: LoadedTaskDefinition): boolean {
  return loaded.shape === 'container-definitions' && loaded.taskDefinition.executionRoleArn === undefined;
}

/** ECS's conventional execution role, assumed for a bare containerDefinitions array. */
export function conventionalRole(account: string): string {
  return `arn:aws:iam::${account}:role/ecsTaskExecutionRole`;
}

export async function prepareTask(opts: ResolveCommandOptions): Promise<PreparedTask> {
  const launchType = opts.launchType;
  const { loaded, file, form } = await readTaskDefinitionInput(opts);
  opts.info?.(`read ${loaded.file} as ${form}`);
  for (const w of loaded.warnings) opts.warn(w);
  const td = loaded.taskDefinition;
  const osProblem = unsupportedOperatingSystem(td);
  if (osProblem !== undefined) {
    if (opts.forRun === true) throw new UsageError(`${loaded.file}: ${osProblem} (ecs-local check still checks its secrets)`);
    opts.warn(`${osProblem}: its secrets are checked, but ecs-local run will refuse it`);
  }
  // Before a bare array's assumed role is filled in: only what the user wrote names an account.
  const placement = placementOf(td);
  // [INF] A bare containerDefinitions array (Terraform's container_definitions) carries no task-level
  // fields; the execution role lives in the Terraform resource. Assume ECS's conventional role
  // rather than refuse every task with secrets.
  const assumeRole = assumesExecutionRole(loaded);
  if (assumeRole) td.executionRoleArn = conventionalRole(DEFAULT_ACCOUNT);
  // RegisterTaskDefinition's rules come first, as in ECS: a refused definition never reaches secrets.
  checkRegistration(td, { bareContainerList: loaded.shape === 'container-definitions' });
  // Then RunTask's: the overrides are checked against the registered definition, before any I/O.
  const overrides = readOverrides(opts.overrides, td, { cwd: opts.cwd, env: opts.env, warn: opts.warn, file: loaded.file });
  // ECS makes the task's calls as the execution role, with the task id as session name.
  const taskId = newTaskId();
  const backend = await openBackend({
    vault: opts.vault,
    ...(opts.readVaultFile !== undefined ? { readVaultFile: opts.readVaultFile } : {}),
    endpoint: opts.endpoint,
    aws: opts.aws,
    timeoutSeconds: opts.timeoutSeconds,
    taskDefinitionFile: file,
    cwd: opts.cwd,
    env: opts.env,
    // Asked at the first call: by then a bare array's assumed role is in the backend's account.
    caller: () => {
      const role = overrides.executionRoleArn ?? td.executionRoleArn;
      return role ? { roleArn: role, sessionName: taskId } : undefined;
    },
    warn: opts.warn,
    // The plan's secrets do not depend on the region; only whether there are any matters here.
    needed: needsSecretSources(buildPlan(effectiveTaskDefinition(td, overrides).taskDefinition, DEFAULT_REGION)),
  });
  const where = (n: Named) => `the task definition's ${n.path} (${loaded.locate(n.path)})`;
  // A CloudFormation template's AWS::Region and AWS::AccountId that nothing gave are ecs-local's defaults:
  // the task definition holds them, but it did not choose them.
  const assumed = (n: Named, pseudo: string | undefined, name: string, fix: string): string =>
    pseudo !== undefined && n.value === pseudo ? `the default for the template's ${name} (${fix} gives the stack's)` : where(n);
  const account: Origin = placement.accountId
    ? { value: placement.accountId.value, from: assumed(placement.accountId, loaded.assumed?.accountId, 'AWS::AccountId', '--var AWS::AccountId=…') }
    : backend.accountId !== undefined
      ? { value: backend.accountId, from: backend.description }
      : { value: DEFAULT_ACCOUNT, from: 'the default' };
  const accountId = account.value;
  if (assumeRole) {
    td.executionRoleArn = conventionalRole(accountId);
    if (td.containerDefinitions.some((c) => (c.secrets?.length ?? 0) > 0 || (c.logConfiguration?.secretOptions?.length ?? 0) > 0)) {
      opts.warn(`${loaded.file} is a bare containerDefinitions array: assuming executionRoleArn ${td.executionRoleArn}`);
    }
  }
  // Precedence: the flag, the environment (as the SDKs and CLI read it), the task definition, the vault.
  const envRegion = nonEmpty(opts.env.AWS_REGION) !== undefined ? 'AWS_REGION' : nonEmpty(opts.env.AWS_DEFAULT_REGION) !== undefined ? 'AWS_DEFAULT_REGION' : undefined;
  const region: Origin =
    opts.region !== undefined
      ? { value: opts.region, from: '--region' }
      : envRegion !== undefined
        ? { value: opts.env[envRegion] ?? '', from: `the environment (${envRegion})` }
        : placement.region
          ? { value: placement.region.value, from: assumed(placement.region, loaded.assumed?.region, 'AWS::Region', '--region or --var AWS::Region=…') }
          : backend.region !== undefined
            ? { value: backend.region, from: backend.description }
            : { value: DEFAULT_REGION, from: 'the default' };
  opts.info?.(`region ${region.value} from ${region.from}; account ${account.value} from ${account.from}`);
  const context: TaskContext = {
    taskId,
    region: region.value,
    accountId,
    launchType: launchType ?? defaultLaunchType(td.requiresCompatibilities),
    cluster: opts.cluster ?? 'default',
  };
  // After a bare array's role is settled: the effective definition starts from the final one.
  const effective = effectiveTaskDefinition(td, overrides);
  for (const w of effective.warnings) opts.warn(w);
  return { loaded, taskDefinition: effective.taskDefinition, overrides, backend, context, origins: { region: region.from, accountId: account.from }, cwd: opts.cwd };
}

/** FARGATE when the task definition asks for it (requiresCompatibilities), else EC2. */
export function defaultLaunchType(requiresCompatibilities: readonly string[] | undefined): LaunchType {
  return requiresCompatibilities?.includes('FARGATE') ? 'FARGATE' : 'EC2';
}

/** A Fargate-style task id: 32 lowercase hex characters. */
export function newTaskId(): string {
  return randomBytes(16).toString('hex');
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/**
 * Resolves the prepared task's secrets and releases the backend. With `json`, a task ECS would not
 * start is printed as the stopped task on `out` and only the exit code travels on.
 */
export async function resolvePrepared(
  { taskDefinition, backend, context, cwd }: PreparedTask,
  opts: { json?: boolean; out?: Writable; warn: (line: string) => void },
  options: ResolveOptions = {},
): Promise<ResolvedTask> {
  let resolved: ResolvedTask;
  try {
    resolved = await resolveTask(taskDefinition, context, backend.sources, options);
    // [INF] Secrets before images: ECS provisions the task's resources (secrets) before its
    // containers pull, so a task with both problems reports the secret.
    const pullFailure = imagePullFailure(taskDefinition);
    if (pullFailure !== undefined) throw new TaskFailedToStartError(pullFailure);
  } catch (caught) {
    let err = caught;
    if (err instanceof TaskFailedToStartError && err.hint === undefined && backend.vault !== undefined) {
      // What the vault holds that is nearly what the task asked for, said after ECS's text.
      const role = taskDefinition.executionRoleArn === undefined ? undefined : parseArn(taskDefinition.executionRoleArn);
      const roleAccount = role?.ok === true && /^\d{12}$/.test(role.arn.accountId) ? role.arn.accountId : undefined;
      const hints = nearMisses(buildPlan(taskDefinition, context.region), backend.vault.store.data, roleAccount);
      if (hints.length > 0) err = new TaskFailedToStartError(err.message, { hint: hints.join('\n') });
    }
    if (opts.json && opts.out !== undefined && err instanceof TaskFailedToStartError) {
      opts.out.write(JSON.stringify({ lastStatus: 'STOPPED', stopCode: Fargate.stopCode, stoppedReason: err.message }) + '\n');
      throw new ReportedError(err.exitCode, err.hint);
    }
    throw err;
  } finally {
    backend.close();
  }
  for (const w of resolved.warnings) opts.warn(w);
  const placeholders = resolved.containers.flatMap((c) =>
    c.environment.filter((v) => v.source.kind === 'secret' && isPlaceholder(v.value)).map((v) => `${v.name} (${c.name})`),
  );
  if (placeholders.length > 0 && backend.vault !== undefined) {
    const vault = backend.vault;
    const targets = uniqueTargets(
      resolved.containers.flatMap((c) =>
        c.environment.flatMap((v) => (v.source.kind === 'secret' && isPlaceholder(v.value) ? [putTarget(v.source.valueFrom, context.region, vault.accountId)] : [])),
      ),
    );
    const vaultArg = vaultArgument(vault.file, cwd);
    opts.warn(
      `still placeholders from vault init: ${placeholders.join(', ')}; set the real values with ` +
        targets.map((t) => putCommand({ ...t, keys: [] }, vault.region, vaultArg)).join(', '),
    );
  }
  return resolved;
}

/** The vault entry a `valueFrom` reads, as `vault put` names it. */
function putTarget(valueFrom: string, taskRegion: string, vaultAccount: string): PutTarget {
  const ref = classifyValueFrom(valueFrom, taskRegion);
  if (ref.provider === 'ssm') return { kind: 'parameter', id: ref.name, region: ref.region, keys: [] };
  const secretId = ref.parsed.ok ? ref.parsed.secretId : valueFrom;
  const arn = parseSecretArn(secretId);
  // By name when the ARN is the vault's own shape; the suffix is kept by the entry, not the command.
  // Another account's secret is found by its ARN only.
  const id = arn === undefined || arn.accountId !== vaultAccount ? secretId : (arn.complete?.name ?? arn.rest);
  return { kind: 'secret', id, region: ref.region, keys: ref.parsed.ok && ref.parsed.jsonKey !== '' ? [ref.parsed.jsonKey] : [] };
}
