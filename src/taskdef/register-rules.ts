/**
 * The checks RegisterTaskDefinition makes that a well-typed task definition can still fail, each
 * answered with ECS's own ClientException text (src/messages.ts). Pure.
 *
 * [INF] Order (ECS reports one error; which one comes first is not documented): the task level first
 * (the family's characters, the container list, the execution role for secrets, then Fargate's for awslogs and ECR images,
 * Fargate's task size, an essential container), then each container in order, its rules in this order: name and image,
 * a memory limit when the task has none, a `memory` above the task's, duplicate secret names, a secret named like an environment variable, blank environment names,
 * blank secret fields, invalid valueFrom, environment files, awsvpc port mappings, required log
 * driver options, mount points; then dependsOn across containers (unknown containers, COMPLETE/SUCCESS on an
 * essential container, cycles), as they concern the graph rather than one container.
 */
import { validateDependsOn } from './depends-on.js';
import { ClientException } from '../errors.js';
import { RegisterTaskDefinition as Msg } from '../messages.js';
import { valueFromProblem } from './ssm-names.js';
import { taskCpuVcpu, taskMemoryMib } from './task-size.js';
import type { ContainerDefinition, Secret, TaskDefinition } from './types.js';

const MAX_ENVIRONMENT_FILES = 10;
/** A private ECR image, which Fargate pulls as the execution role. [DOC] */
const PRIVATE_ECR_IMAGE = /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//;
/**
 * Options a log driver cannot do without. [OBS] splunk-token (hashicorp/terraform-provider-aws#8596);
 * [OBS] awslogs-group, quoted in policy rules ("Log driver awslogs requires options: awslogs-group").
 * [INF] only these two: the others' requirements are not on record.
 */
const REQUIRED_LOG_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  splunk: ['splunk-token'],
  awslogs: ['awslogs-group'],
};
/**
 * [DOC] ContainerDefinition.image: "letters (uppercase and lowercase), numbers, hyphens, underscores,
 * colons, periods, forward slashes, and number signs", and `@` of a digest reference. So an
 * unrendered `${account_id}` or `{{ env `TAG` }}` is refused at registration; a reference made of
 * these characters that Docker still cannot parse fails at task start (container/images.ts).
 */
const ECS_IMAGE_CHARACTERS = /^[A-Za-z0-9_:./#@-]+$/;
/**
 * [DOC] family and container name: "Up to 255 letters (uppercase and lowercase), numbers, underscores,
 * and hyphens are allowed." [INF] a name longer than 255 gets the same text.
 */
const ECS_NAME = /^[A-Za-z0-9_-]{1,255}$/;

export interface RegistrationOptions {
  /**
   * The file was a bare containerDefinitions array (Terraform's `container_definitions`): the
   * task-level fields live elsewhere (the `aws_ecs_task_definition` resource), so rules that need
   * them cannot be judged. [INF] A container without `memory` or `memoryReservation` then passes:
   * the resource usually sets the task's `memory` (Fargate requires it).
   */
  bareContainerList?: boolean;
}

export function checkRegistration(td: TaskDefinition, opts: RegistrationOptions = {}): void {
  const containers = td.containerDefinitions;
  if (!isBlank(td.family) && !ECS_NAME.test(td.family)) fail(Msg.familyInvalidCharacters(), nameHint('family', td.family));
  if (containers.length === 0) fail(Msg.containerDefinitionsRequired());
  // [INF] An empty `secrets` or `secretOptions` list asks for nothing, so needs no role.
  if (isBlank(td.executionRoleArn) && containers.some(usesSecrets)) fail(Msg.executionRoleRequired());
  if (isBlank(td.executionRoleArn) && td.requiresCompatibilities?.includes('FARGATE')) {
    if (containers.some((c) => c.logConfiguration?.logDriver === 'awslogs')) fail(Msg.fargateAwslogsNeedsExecutionRole());
    if (containers.some((c) => PRIVATE_ECR_IMAGE.test(c.image))) fail(Msg.fargateEcrNeedsExecutionRole());
  }
  checkFargateSize(td);
  // `essential` defaults to true [DOC], so only an explicit false counts against it.
  if (containers.every((c) => c.essential === false)) fail(Msg.noEssentialContainer());

  const volumes = new Set((td.volumes ?? []).map((v) => v.name));
  const taskMemory = taskMemoryMib(td.memory);
  // [DOC] "If a task-level memory value is not specified, you must specify a non-zero integer for one or
  // both of memory or memoryReservation in a container definition." [INF] A 0 counts as specified here
  // (ECS answers a 0 with another text, not reproduced).
  const needsContainerMemory = isBlank(td.memory) && opts.bareContainerList !== true;
  for (const container of containers) checkContainer(container, volumes, td.networkMode, taskMemory, needsContainerMemory);
  validateDependsOn(containers);
}

/**
 * [DOC] The task sizes Fargate offers (AWS Fargate task CPU and memory): memory in MiB for each cpu
 * in units; from 512 units up, every multiple of the step between the bounds.
 */
type SizeRange = { min: number; max: number; step: number };
const FARGATE_SIZES: ReadonlyMap<number, SizeRange | readonly number[]> = new Map<number, SizeRange | readonly number[]>([
  [256, [512, 1024, 2048]],
  [512, { min: 1024, max: 4096, step: 1024 }],
  [1024, { min: 2048, max: 8192, step: 1024 }],
  [2048, { min: 4096, max: 16384, step: 1024 }],
  [4096, { min: 8192, max: 30720, step: 1024 }],
  [8192, { min: 16384, max: 61440, step: 4096 }],
  [16384, { min: 32768, max: 122880, step: 8192 }],
]);

/** Whether Fargate offers a task of `cpu` units and `memory` MiB. */
export function isFargateSize(cpu: number, memory: number): boolean {
  const sizes = FARGATE_SIZES.get(cpu);
  if (sizes === undefined) return false;
  if ('min' in sizes) return memory >= sizes.min && memory <= sizes.max && memory % sizes.step === 0;
  return sizes.includes(memory);
}

/**
 * A task definition that requires FARGATE needs a task size Fargate offers. [INF] A size ecs-local
 * cannot read (neither units nor "vCPU"/"GB") is left to the schema's type checks.
 */
function checkFargateSize(td: TaskDefinition): void {
  if (!td.requiresCompatibilities?.includes('FARGATE')) return;
  if (isBlank(td.cpu)) fail(Msg.fargateCpuRequired());
  if (isBlank(td.memory)) fail(Msg.fargateMemoryRequired());
  const vcpu = taskCpuVcpu(td.cpu);
  const memory = taskMemoryMib(td.memory);
  if (vcpu === undefined || memory === undefined) return;
  const cpu = Math.round(vcpu * 1024);
  if (!isFargateSize(cpu, memory)) {
    fail(Msg.noFargateConfiguration(cpu, memory), 'Fargate sizes: 256 CPU with 512, 1024 or 2048 memory; 512 with 1024-4096; 1024 with 2048-8192; 2048 with 4096-16384; 4096 with 8192-30720 (1024 steps); 8192 with 16384-61440 (4096 steps); 16384 with 32768-122880 (8192 steps)');
  }
}

function checkContainer(
  c: ContainerDefinition,
  volumes: ReadonlySet<string>,
  networkMode: TaskDefinition['networkMode'],
  taskMemory: number | undefined,
  needsMemory: boolean,
): void {
  if (isBlank(c.name)) fail(Msg.containerNameRequired());
  if (!ECS_NAME.test(c.name)) fail(Msg.containerNameInvalidCharacters(), nameHint('container name', c.name));
  if (isBlank(c.image)) fail(Msg.containerImageRequired());
  if (!ECS_IMAGE_CHARACTERS.test(c.image)) fail(Msg.containerImageInvalidCharacters(), imageHint(c));
  if (needsMemory && c.memory === undefined && c.memoryReservation === undefined) {
    fail(Msg.containerMemoryRequired(c.name), `set the task's "memory", or "memoryReservation" (a soft limit) or "memory" (a hard limit) in container "${c.name}"`);
  }
  if (taskMemory !== undefined && c.memory !== undefined && c.memory > taskMemory) {
    fail(Msg.containerMemoryAboveTask(c.name), `the task has ${taskMemory} MiB; lower the container's "memory" (a hard limit) or raise the task's`);
  }

  const secrets = c.secrets ?? [];
  // [INF] Blank names are left to the blank-field rule below, not reported as duplicates.
  const named = secrets.map((s) => s.name).filter((n) => !isBlank(n));
  const duplicates = [...new Set(named.filter((n, i) => named.indexOf(n) !== i))];
  if (duplicates.length > 0) {
    // Listed in order of first appearance, as `named` is.
    fail(Msg.duplicateSecretNames(named.filter((n, i) => duplicates.includes(n) && named.indexOf(n) === i)));
  }

  const environment = c.environment ?? [];
  const envNames = new Set(environment.map((e) => e.name));
  const shared = named.find((n) => envNames.has(n));
  if (shared !== undefined) fail(Msg.secretSharesEnvironmentName(shared));

  // The type says string, but the API model leaves `name` optional: a missing one lands here.
  if (environment.some((e) => isBlank(e.name))) fail(Msg.environmentNameBlank());

  // Log driver secrets are Secret objects too: same required fields, same valueFrom rules.
  const allSecrets: readonly Secret[] = [...secrets, ...(c.logConfiguration?.secretOptions ?? [])];
  for (const s of allSecrets) {
    if (isBlank(s.name)) fail(Msg.secretFieldRequired('name'));
    if (isBlank(s.valueFrom)) fail(Msg.secretFieldRequired('valueFrom'));
  }
  for (const s of allSecrets) {
    const problem = valueFromProblem(s.valueFrom);
    if (problem !== undefined) fail(Msg[problem](s.name));
  }

  const files = c.environmentFiles ?? [];
  if (files.length > MAX_ENVIRONMENT_FILES) fail(Msg.environmentFilesTooMany(c.name, files.length));
  for (const file of files) {
    if (file.type !== 's3') fail(Msg.environmentFileTypeInvalid(c.name, file.type));
    if (!file.value.endsWith('.env')) fail(Msg.environmentFileExtensionInvalid(c.name, file.value));
  }

  // [INF] hostPort 0 counts as left out ("the hostPort can either be left blank or set to the same
  // value as the containerPort" [DOC]); SDKs that cannot omit an integer write 0.
  if (networkMode === 'awsvpc' && (c.portMappings ?? []).some((p) => p.hostPort !== undefined && p.hostPort !== 0 && p.hostPort !== p.containerPort)) {
    fail(Msg.awsvpcPortsMustMatch());
  }

  const log = c.logConfiguration;
  const required = log === undefined ? undefined : REQUIRED_LOG_OPTIONS[log.logDriver];
  if (log !== undefined && required !== undefined) {
    // A secretOptions entry is an option too (its value arrives at task start).
    const given = new Set([...Object.keys(log.options ?? {}), ...(log.secretOptions ?? []).map((s) => s.name)]);
    const missing = required.filter((o) => !given.has(o));
    if (missing.length > 0) fail(Msg.logDriverRequiresOptions(log.logDriver, missing));
  }

  for (const mount of c.mountPoints ?? []) {
    if (mount.sourceVolume !== undefined && !volumes.has(mount.sourceVolume)) fail(Msg.unknownVolume(mount.sourceVolume));
  }
}

function usesSecrets(c: ContainerDefinition): boolean {
  return (c.secrets?.length ?? 0) > 0 || (c.logConfiguration?.secretOptions?.length ?? 0) > 0;
}

/** ECS's "null or blank": absent, empty, or only whitespace. */
function isBlank(value: string | undefined): boolean {
  return typeof value !== 'string' || value.trim() === '';
}

function fail(message: string, hint?: string): never {
  throw new ClientException(message, hint === undefined ? undefined : { hint });
}

/** Which character of a family or container name is refused (an unrendered `$(name)` or `%NAME%` shows here). */
function nameHint(what: string, name: string): string {
  const bad = [...name].find((ch) => !/[A-Za-z0-9_-]/.test(ch));
  const why = bad === undefined ? 'it is longer than 255 characters' : `${JSON.stringify(bad)} is not allowed (letters, digits, _ and - are)`;
  return `${what} ${JSON.stringify(name.length > 80 ? `${name.slice(0, 77)}...` : name)}: ${why}`;
}

/** Which character of the image is refused, and whether it is an unrendered template. */
function imageHint(c: ContainerDefinition): string {
  const placeholder = /\$\{[^}]*\}|\{\{.*?\}\}|%\{[^}]*\}/.exec(c.image)?.[0];
  const bad = [...c.image].find((ch) => !ECS_IMAGE_CHARACTERS.test(ch)) ?? '';
  const what = placeholder !== undefined ? `${JSON.stringify(placeholder)} is an unrendered template placeholder: render the template first` : `${JSON.stringify(bad)} is not allowed (letters, digits and - _ : . / # @ are)`;
  return `container "${c.name}" image ${JSON.stringify(c.image)}: ${what}`;
}
