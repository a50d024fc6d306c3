/**
 * `ecs-local vault init <taskdef>`: a starter vault holding every secret, parameter, registry
 * credential and environment file the task reads, at the exact name, ARN suffix, region, account,
 * JSON keys, staging labels and version ids it asks for, each value a marked placeholder, so that
 * `check` passes at once (with a warning naming the placeholders). Never overwrites a file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FileWriteError, UsageError } from '../errors.js';
import { fileProblem } from '../files/problem.js';
import { parseArn } from '../aws/arn.js';
import { buildPlan } from '../secrets/plan.js';
import { placementOf } from '../taskdef/placement.js';
import { checkRegistration } from '../taskdef/register-rules.js';
import type { TaskDefinition } from '../taskdef/types.js';
import { isValidSecretName } from '../vault/names.js';
import { PLACEHOLDER } from '../vault/placeholder.js';
import { assumesExecutionRole, conventionalRole, DEFAULT_ACCOUNT, DEFAULT_REGION } from './prepare.js';
import { readTaskDefinitionInput, type InputOptions } from './task-definition-input.js';
import { putCommand, vaultArgument, type PutTarget } from './vault-put-advice.js';

/** The task definition in any form check reads (templates with --var, CloudFormation, stdin). */
export interface VaultInitOptions extends Pick<InputOptions, 'taskDefinition' | 'vars' | 'varFiles' | 'resource' | 'cwd' | 'env' | 'stdin' | 'warn'> {
  /** Where to write (default: ecs-local.vault.json beside the task definition). */
  vault?: string;
  out: NodeJS.WritableStream;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

interface SecretDraft {
  name: string;
  region: string;
  accountId: string;
  suffix?: string;
  keys: Set<string>;
  /** Staging labels other than AWSCURRENT, and version ids, the task asks for. */
  stages: Set<string>;
  versionIds: Set<string>;
  /** A registry credential: `{"username", "password"}`. */
  registry: boolean;
}

export interface StarterVault {
  json: { [key: string]: Json };
  /** References no vault entry can hold (a name Secrets Manager refuses), one line each. */
  skipped: string[];
  counts: { secrets: number; parameters: number; environmentFiles: number };
  /** What `vault put` sets each entry with, in the order written. */
  targets: PutTarget[];
  /** Secrets of another account than the execution role's, and what the starter vault gave them. */
  crossAccount: string[];
}

/** The customer-managed key id written for another account's secret: a stand-in, marked by its zeros. */
const STAND_IN_KEY_ID = '00000000-0000-4000-8000-0000000000ca';

/** The starter vault for a task definition. Pure. */
export function starterVault(td: TaskDefinition): StarterVault {
  const placement = placementOf(td);
  const region = placement.region?.value ?? DEFAULT_REGION;
  const accountId = placement.accountId?.value ?? DEFAULT_ACCOUNT;
  const plan = buildPlan(td, region);
  // The account the execution role is in: a secret of another account needs, as on AWS, a resource
  // policy allowing the role and a customer-managed key, or check would fail on the starter vault.
  const role = td.executionRoleArn === undefined ? undefined : parseArn(td.executionRoleArn);
  const roleAccount = role?.ok === true && /^\d{12}$/.test(role.arn.accountId) ? role.arn.accountId : undefined;

  const secrets = new Map<string, SecretDraft>();
  const draft = (secretId: string, secretRegion: string): SecretDraft => {
    const id = secretIdentity(secretId, secretRegion, accountId);
    const key = `${id.region}|${id.accountId}|${id.name}`;
    const found = secrets.get(key);
    if (found) {
      found.suffix ??= id.suffix;
      return found;
    }
    const made: SecretDraft = { ...id, keys: new Set(), stages: new Set(), versionIds: new Set(), registry: false };
    secrets.set(key, made);
    return made;
  };
  for (const ref of plan.asm) {
    if (!ref.parsed.ok) continue; // ECS fails such a valueFrom before any call: nothing to hold.
    const d = draft(ref.parsed.secretId, ref.region);
    if (ref.parsed.jsonKey !== '') d.keys.add(ref.parsed.jsonKey);
    if (ref.parsed.versionStage !== undefined && ref.parsed.versionStage !== 'AWSCURRENT') d.stages.add(ref.parsed.versionStage);
    if (ref.parsed.versionId !== undefined) d.versionIds.add(ref.parsed.versionId);
  }
  for (const auth of plan.registryAuth) draft(auth.secretId, auth.region).registry = true;

  const secretsJson: { [key: string]: Json } = {};
  const skipped: string[] = [];
  const crossAccount: string[] = [];
  const targets: PutTarget[] = [];
  for (const d of secrets.values()) {
    if (!isValidSecretName(d.name)) {
      skipped.push(`${JSON.stringify(d.name)} is not a secret name Secrets Manager accepts: no entry written for it`);
      continue;
    }
    let key = d.name;
    if (Object.hasOwn(secretsJson, key)) {
      // The same name in another region or account: key it by its ARN.
      key = `arn:aws:secretsmanager:${d.region}:${d.accountId}:secret:${d.name}${d.suffix ? `-${d.suffix}` : ''}`;
    }
    const entry = secretEntry(d, region, accountId);
    if (roleAccount !== undefined && d.accountId !== roleAccount && td.executionRoleArn !== undefined) {
      entry.resourcePolicy = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: td.executionRoleArn }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }],
      };
      entry.kmsKeyId = STAND_IN_KEY_ID;
      crossAccount.push(`${d.name} is in account ${d.accountId}, the execution role in ${roleAccount}: the starter vault gives it a resource policy allowing the role and a customer-managed KMS key (${STAND_IN_KEY_ID}), as AWS requires`);
    }
    secretsJson[key] = entry;
    // `vault put NAME` looks in the vault's account: another account's secret is named by its ARN.
    const id = d.accountId === accountId ? key : `arn:aws:secretsmanager:${d.region}:${d.accountId}:secret:${d.name}${d.suffix ? `-${d.suffix}` : ''}`;
    targets.push({ kind: 'secret', id, region: d.region, keys: d.keys.size > 0 ? [...d.keys] : d.registry ? ['username', 'password'] : [] });
  }

  const parameters: { [key: string]: Json } = {};
  for (const batch of plan.ssm) {
    // Registration refuses a `:` in a parameter name, so there is no NAME:VERSION selector to keep.
    for (const name of batch.batches.flat()) {
      const entry: { [key: string]: Json } = { type: 'SecureString', value: PLACEHOLDER };
      if (batch.region !== region) entry.region = batch.region;
      parameters[name] = entry;
      targets.push({ kind: 'parameter', id: name, region: batch.region, keys: [] });
    }
  }

  const environmentFiles: { [key: string]: Json } = {};
  for (const c of plan.envFiles) {
    for (const f of c.files) environmentFiles[f.value] = `./${path.posix.basename(f.value)}`;
  }

  const json: { [key: string]: Json } = {
    $schema: './node_modules/ecs-local/schema/vault.schema.json',
    region,
    accountId,
    secrets: secretsJson,
    parameters,
  };
  if (Object.keys(environmentFiles).length > 0) json.environmentFiles = environmentFiles;
  return {
    json,
    skipped,
    counts: { secrets: Object.keys(secretsJson).length, parameters: Object.keys(parameters).length, environmentFiles: Object.keys(environmentFiles).length },
    targets,
    crossAccount,
  };
}

function secretEntry(d: SecretDraft, region: string, accountId: string): { [key: string]: Json } {
  const value: Json =
    d.registry && d.keys.size === 0
      ? { username: PLACEHOLDER, password: PLACEHOLDER }
      : d.keys.size > 0
        ? Object.fromEntries([...d.keys].map((k) => [k, PLACEHOLDER]))
        : PLACEHOLDER;
  const entry: { [key: string]: Json } = {};
  if (d.stages.size > 0 || d.versionIds.size > 0) {
    // One version per label or id the task asks for, beside the current one.
    const versions: Json[] = [{ id: fakeVersionId(0), stages: ['AWSCURRENT'], value }];
    let n = 1;
    for (const stage of d.stages) versions.push({ id: fakeVersionId(n++), stages: [stage], value });
    for (const id of d.versionIds) versions.push({ id, stages: [], value });
    entry.versions = versions;
  } else {
    entry.value = value;
  }
  if (d.suffix !== undefined) entry.arnSuffix = d.suffix;
  if (d.region !== region) entry.region = d.region;
  if (d.accountId !== accountId) entry.accountId = d.accountId;
  return entry;
}

/** A version id of the uuid shape, distinct per version (the real ones come from Secrets Manager). */
function fakeVersionId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/** Name, suffix (from a complete ARN), region and account of a secret id (name or ARN). */
function secretIdentity(secretId: string, region: string, accountId: string): { name: string; suffix?: string; region: string; accountId: string } {
  const arn = parseArn(secretId);
  if (!arn.ok) return { name: secretId, region, accountId };
  const id = arn.arn.resource.replace(/^secret:/, '');
  const complete = /^(.+)-([A-Za-z0-9]{6})$/.exec(id);
  return {
    name: complete?.[1] ?? id,
    ...(complete?.[2] !== undefined ? { suffix: complete[2] } : {}),
    region: arn.arn.region || region,
    accountId: arn.arn.accountId || accountId,
  };
}

export async function vaultInit(opts: VaultInitOptions): Promise<void> {
  const { loaded, file } = await readTaskDefinitionInput(opts);
  for (const w of loaded.warnings) opts.warn(w);
  // A task definition ECS would not register gets ECS's answer first, not a vault for it; a bare
  // containerDefinitions array is judged with the execution role check assumes for it.
  const td = assumesExecutionRole(loaded) ? { ...loaded.taskDefinition, executionRoleArn: conventionalRole(DEFAULT_ACCOUNT) } : loaded.taskDefinition;
  checkRegistration(td, { bareContainerList: loaded.shape === 'container-definitions' });
  const target = path.resolve(opts.cwd, opts.vault ?? path.join(path.dirname(file), 'ecs-local.vault.json'));
  // Placement from what the user wrote: the assumed role names no account.
  const starter = starterVault(loaded.taskDefinition);
  for (const line of starter.skipped) opts.warn(line);
  for (const line of starter.crossAccount) opts.warn(line);
  try {
    // `wx`: created here, or not at all. A vault may hold real values: never overwritten.
    fs.writeFileSync(target, JSON.stringify(starter.json, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'EEXIST') throw new UsageError(`${target} exists and is not overwritten (edit it with ecs-local vault put, or name another file with --vault FILE)`);
    const p = fileProblem(err, target, 'write');
    throw new FileWriteError(`${target}: cannot write the vault: ${p.reason} (${p.fix})`, { cause: err });
  }
  for (const envFile of Object.values(starter.json.environmentFiles ?? {})) {
    const local = path.resolve(path.dirname(target), String(envFile));
    try {
      fs.writeFileSync(local, `# ${PLACEHOLDER}: the variables of this environment file, NAME=value per line\n`, { flag: 'wx', mode: 0o600 });
    } catch {
      // An existing file is the user's: kept as it is.
    }
  }
  const { secrets, parameters, environmentFiles } = starter.counts;
  const vaultArg = vaultArgument(target, opts.cwd);
  const steps = [
    ...starter.targets.map((t) => putCommand(t, String(starter.json.region), vaultArg)),
    ...Object.values(starter.json.environmentFiles ?? {}).map((f) => `edit ${path.resolve(path.dirname(target), String(f))}   # an environment file: NAME=value lines`),
  ];
  const shown = steps.length > MAX_STEPS ? [...steps.slice(0, MAX_STEPS - 1), `… and ${steps.length - MAX_STEPS + 1} more (ecs-local vault list${vaultArg !== undefined ? ` --vault ${vaultArg}` : ''})`] : steps;
  opts.out.write(
    `wrote ${target}: ${secrets} secret(s), ${parameters} parameter(s), ${environmentFiles} environment file(s), every value a placeholder` +
      (shown.length > 0 ? `; set the real values with:\n${shown.map((l) => `  ${l}\n`).join('')}` : '\n'),
  );
}

/** Commands listed after `vault init`: a task reading more entries gets the first ones and a count. */
const MAX_STEPS = 12;
