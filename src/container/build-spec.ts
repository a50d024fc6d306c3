/**
 * The task definition plus its resolved environment → what the Docker runtime creates: one
 * `ContainerSpec` per container definition, the task's Docker volumes, and one warning line per
 * field that is not applied as ECS would apply it. Pure: no Docker calls, no file access.
 *
 * Environment values only ever travel in the Engine API request body (`Env`), never in argv.
 */
import type { ContainerCreateOptions, HostConfig } from '../docker/types.js';
import { Label } from '../docker/labels.js';
import type { ResolvedContainer, ResolvedTask } from '../secrets/types.js';
import type { ContainerDefinition, LaunchType, NetworkMode, TaskDefinition } from '../taskdef/types.js';
import { taskArn } from './arns.js';
import { validateDependsOn } from '../taskdef/depends-on.js';
import { dockerHealthcheck } from './health-check.js';
import { mapLinuxParameters, mapUlimits } from './linux-parameters.js';
import { mapLogging } from './logging.js';
import { dockerContainerName } from './names.js';
import { namespaceSettings } from './namespace-settings.js';
import { mapPorts, type PortBindings } from './ports.js';
import type { ContainerSpec, TaskSpec } from './spec.js';
import { mountBinds, planVolumes, type VolumeSource } from './volumes.js';
import { containerLimits, taskLimitsWarning, taskSize, type TaskSize } from './task-limits.js';
import { containerPath, fieldWarning } from './warning.js';

export interface BuildTaskSpecOptions {
  /** Task definition revision for labels and ARNs; else the file's `revision`, else 1 [INF]. */
  revision?: number;
  /** The Docker host's platform (`linux/amd64`, `linux/arm64`, or Node's `x64`/`arm64`). */
  hostPlatform?: string;
  /** `--platform`: the platform to pull and run, whatever runtimePlatform says. */
  platform?: string;
  /** Directory relative `host.sourcePath` values are resolved against. */
  cwd: string;
}

/** [DOC] ContainerDefinition.stopTimeout: 30 s when absent (Fargate, and the EC2 agent's default). */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
/** [DOC] Fargate's maximum stopTimeout. */
export const MAX_FARGATE_STOP_TIMEOUT_SECONDS = 120;
/**
 * [INF] ECS waits on a dependency without a `startTimeout` for as long as the task lives (the task
 * stays PENDING, agent issue #2579). A local run that never ends helps nobody, so ecs-local stops
 * waiting after the EC2 agent's default ECS_CONTAINER_START_TIMEOUT, 3 minutes.
 */
export const DEFAULT_START_TIMEOUT_SECONDS = 180;
/** [DOC] ContainerRestartPolicy.restartAttemptPeriod default. */
export const DEFAULT_RESTART_ATTEMPT_PERIOD_SECONDS = 300;
/**
 * [SRC] agent task_linux.go dockerCPUShares: Docker reads 0 shares as 1024 and Linux refuses 1, so
 * the agent gives an absent, 0 or 1 `cpu` the minimum of 2 shares.
 */
export const MIN_CPU_SHARES = 2;

/** ECS's default network mode: awsvpc on Fargate (the only one it allows), bridge on EC2 Linux [DOC]. */
export function effectiveNetworkMode(td: TaskDefinition, launchType: LaunchType): NetworkMode {
  return td.networkMode ?? (launchType === 'FARGATE' ? 'awsvpc' : 'bridge');
}

export function cpuShares(cpu: number | undefined): number {
  return cpu === undefined || cpu <= 1 ? MIN_CPU_SHARES : cpu;
}

/** `linux/amd64` or `linux/arm64` for the spellings Docker, Node and ECS use; undefined if unknown. */
export function dockerPlatform(arch: string | undefined): string | undefined {
  if (arch === undefined) return undefined;
  const a = arch.toLowerCase().replace(/^linux\//, '').split('/')[0];
  if (a === 'amd64' || a === 'x64' || a === 'x86_64') return 'linux/amd64';
  if (a === 'arm64' || a === 'aarch64') return 'linux/arm64';
  return undefined;
}

export function buildTaskSpec(task: ResolvedTask, opts: BuildTaskSpecOptions): TaskSpec {
  const td = task.taskDefinition;
  const ctx = task.context;
  validateDependsOn(td.containerDefinitions);

  const revision = opts.revision ?? td.revision ?? 1;
  const networkMode = effectiveNetworkMode(td, ctx.launchType);
  const labels: Record<string, string> = {
    [Label.managed]: 'true',
    [Label.taskId]: ctx.taskId,
    [Label.family]: td.family,
    [Label.revision]: String(revision),
  };
  const size = taskSize(td);
  const warnings = taskLevelWarnings(td, size);
  const dockerNames = new Map(td.containerDefinitions.map((c) => [c.name, dockerContainerName(td.family, ctx.taskId, c.name)]));

  const planned = planVolumes(td.volumes, {
    taskId: ctx.taskId,
    cwd: opts.cwd,
    labels: { ...labels, [Label.role]: 'volume' },
  });
  warnings.push(...planned.warnings);

  const platform = opts.platform !== undefined ? dockerPlatform(opts.platform) : platformFor(td, opts.hostPlatform, warnings);
  const ecsLabels = {
    'com.amazonaws.ecs.cluster': ctx.cluster,
    'com.amazonaws.ecs.task-arn': taskArn(ctx),
    'com.amazonaws.ecs.task-definition-family': td.family,
    'com.amazonaws.ecs.task-definition-version': String(revision),
  };

  const containers = td.containerDefinitions.map((def, index) =>
    buildContainer(def, index, {
      td,
      networkMode,
      launchType: ctx.launchType,
      size,
      taskId: ctx.taskId,
      resolved: task.containers.find((c) => c.name === def.name),
      dockerNames,
      sources: planned.sources,
      labels: { ...ecsLabels, 'com.amazonaws.ecs.container-name': def.name, ...labels, [Label.role]: 'container', [Label.container]: def.name },
      platform,
      warnings,
    }),
  );

  const spec: TaskSpec = {
    taskId: ctx.taskId,
    family: td.family,
    revision,
    networkMode,
    labels,
    containers,
    volumes: planned.volumes,
    warnings,
  };
  if (networkMode === 'awsvpc') spec.networkNamespace = sharedNamespacePorts(containers);
  if (td.pidMode === 'task') spec.pidMode = 'task';
  if (td.ipcMode === 'task') spec.ipcMode = 'task';
  return spec;
}

interface ContainerContext {
  td: TaskDefinition;
  networkMode: NetworkMode;
  launchType: LaunchType;
  /** The task-level cpu and memory, which cap each container (task-limits.ts). */
  size: TaskSize;
  taskId: string;
  resolved: ResolvedContainer | undefined;
  dockerNames: ReadonlyMap<string, string>;
  sources: ReadonlyMap<string, VolumeSource>;
  /** Every label but the container's own `dockerLabels`, which these override (as the agent does). */
  labels: Record<string, string>;
  platform: string | undefined;
  warnings: string[];
}

function buildContainer(def: ContainerDefinition, index: number, c: ContainerContext): ContainerSpec {
  const warn = (field: string, text: string): void => {
    c.warnings.push(fieldWarning(containerPath(index, field), def.name, text));
  };
  const awsvpc = c.networkMode === 'awsvpc';
  const hostConfig: HostConfig = {
    CpuShares: cpuShares(def.cpu),
  };
  const create: ContainerCreateOptions = {
    name: c.dockerNames.get(def.name),
    Image: def.image,
    Env: (c.resolved?.environment ?? []).map((e) => `${e.name}=${e.value}`),
    Labels: { ...(def.dockerLabels ?? {}), ...c.labels },
    HostConfig: hostConfig,
  };
  if (c.platform !== undefined) create.platform = c.platform;
  if (def.entryPoint !== undefined) create.Entrypoint = [...def.entryPoint];
  if (def.command !== undefined) create.Cmd = [...def.command];
  if (def.workingDirectory !== undefined) create.WorkingDir = def.workingDirectory;
  if (def.user !== undefined) create.User = def.user;
  if (def.interactive === true) create.OpenStdin = true;
  if (def.pseudoTerminal === true) create.Tty = true;
  if (def.disableNetworking === true) create.NetworkDisabled = true;

  if (def.hostname !== undefined) {
    // [DOC] ECS does not support `hostname` with awsvpc (the task's hostname is the ENI's).
    if (awsvpc) warn('hostname', 'not applied: ECS does not support hostname in awsvpc network mode');
    else create.Hostname = def.hostname;
  }

  // Resources.
  Object.assign(hostConfig, containerLimits(def, c.size, c.launchType));
  if (def.privileged === true) hostConfig.Privileged = true;
  if (def.readonlyRootFilesystem === true) hostConfig.ReadonlyRootfs = true;
  const ulimits = mapUlimits(def.ulimits);
  if (ulimits !== undefined) hostConfig.Ulimits = ulimits;
  const linux = mapLinuxParameters(def.linuxParameters, def.memory, index, def.name);
  Object.assign(hostConfig, linux.hostConfig);
  c.warnings.push(...linux.warnings);
  if (def.systemControls !== undefined && def.systemControls.length > 0) {
    hostConfig.Sysctls = Object.fromEntries(def.systemControls.map((s) => [s.namespace, s.value]));
  }
  if (c.td.pidMode === 'host') hostConfig.PidMode = 'host';
  if (c.td.ipcMode === 'host' || c.td.ipcMode === 'none') hostConfig.IpcMode = c.td.ipcMode;

  // Security options: everything but credential specs (Windows gMSA) goes to Docker as written.
  const securityOpts = (def.dockerSecurityOptions ?? []).filter((o) => !o.startsWith('credentialspec:'));
  if (securityOpts.length > 0) hostConfig.SecurityOpt = securityOpts;
  if (securityOpts.length !== (def.dockerSecurityOptions ?? []).length) {
    warn('dockerSecurityOptions', 'credentialspec entries are not applied locally');
  }

  // DNS, hosts entries and links, where the network mode lets them apply.
  const namespace = namespaceSettings(def, c.networkMode, warn);
  if (namespace.dnsServers !== undefined) hostConfig.Dns = namespace.dnsServers;
  if (namespace.dnsSearchDomains !== undefined) hostConfig.DnsSearch = namespace.dnsSearchDomains;
  if (namespace.extraHosts !== undefined) hostConfig.ExtraHosts = namespace.extraHosts;
  if (namespace.links !== undefined) hostConfig.Links = namespace.links.map((l) => `${c.dockerNames.get(l.name) ?? l.name}:${l.alias}`);

  // Ports: in awsvpc they are published by the namespace owner (see TaskSpec.networkNamespace).
  const ports = mapPorts(def.portMappings, c.networkMode, index, def.name);
  c.warnings.push(...ports.warnings);
  if (!awsvpc && Object.keys(ports.exposed).length > 0) {
    create.ExposedPorts = ports.exposed;
    if (Object.keys(ports.bindings).length > 0) hostConfig.PortBindings = ports.bindings;
  }

  // Storage.
  const mounts = mountBinds(def, index, c.sources);
  c.warnings.push(...mounts.warnings);
  if (mounts.binds.length > 0) hostConfig.Binds = mounts.binds;
  const volumesFrom: string[] = [];
  (def.volumesFrom ?? []).forEach((from, i) => {
    const source = from.sourceContainer === undefined ? undefined : c.dockerNames.get(from.sourceContainer);
    if (source === undefined) {
      warn(`volumesFrom[${i}].sourceContainer`, `"${from.sourceContainer ?? ''}" is not a container of this task; skipped`);
      return;
    }
    volumesFrom.push(from.readOnly === true ? `${source}:ro` : source);
  });
  if (volumesFrom.length > 0) hostConfig.VolumesFrom = volumesFrom;

  // Logs.
  const logging = mapLogging(def.logConfiguration, c.resolved?.logOptions, { index, container: def.name, taskId: c.taskId });
  if (logging.logConfig !== undefined) hostConfig.LogConfig = logging.logConfig;
  if (logging.warning !== undefined) c.warnings.push(logging.warning);

  if (def.healthCheck !== undefined) create.Healthcheck = dockerHealthcheck(def.healthCheck);

  const stopTimeoutSeconds = stopTimeoutFor(def, c.launchType, warn);
  create.StopTimeout = stopTimeoutSeconds;

  unsupportedContainerFields(def, warn);

  const spec: ContainerSpec = {
    name: def.name,
    dockerName: create.name ?? def.name,
    image: def.image,
    essential: def.essential !== false,
    dependsOn: [...(def.dependsOn ?? [])],
    startTimeoutSeconds: def.startTimeout ?? DEFAULT_START_TIMEOUT_SECONDS,
    stopTimeoutSeconds,
    create,
    hasHealthCheck: def.healthCheck !== undefined,
    ports: ports.ports,
  };
  // [INF] ECS restarts a container in place under its own rules (ignored exit codes, attempt
  // period); Docker's on-failure policy has neither, so Docker's policy stays "no" and the runtime
  // decides with `shouldRestart` (task-state.ts).
  if (def.restartPolicy?.enabled === true) {
    spec.restartPolicy = {
      ignoredExitCodes: [...(def.restartPolicy.ignoredExitCodes ?? [])],
      restartAttemptPeriodSeconds: def.restartPolicy.restartAttemptPeriod ?? DEFAULT_RESTART_ATTEMPT_PERIOD_SECONDS,
    };
  }
  if (c.resolved?.registryAuth !== undefined) spec.registryAuth = c.resolved.registryAuth;
  if (logging.logDriver !== undefined) spec.logDriver = logging.logDriver;
  if (logging.logStream !== undefined) spec.logStream = logging.logStream;
  return spec;
}

function stopTimeoutFor(def: ContainerDefinition, launchType: LaunchType, warn: (field: string, text: string) => void): number {
  const asked = def.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS;
  if (launchType === 'FARGATE' && asked > MAX_FARGATE_STOP_TIMEOUT_SECONDS) {
    // [INF] Fargate documents 120 s as the maximum; ecs-local caps rather than refusing the task.
    warn('stopTimeout', `${asked} s is over Fargate's maximum; using ${MAX_FARGATE_STOP_TIMEOUT_SECONDS} s`);
    return MAX_FARGATE_STOP_TIMEOUT_SECONDS;
  }
  return asked;
}

function unsupportedContainerFields(def: ContainerDefinition, warn: (field: string, text: string) => void): void {
  if (def.resourceRequirements !== undefined && def.resourceRequirements.length > 0) {
    const types = [...new Set(def.resourceRequirements.map((r) => r.type))].join(', ');
    warn('resourceRequirements', `not applied locally (${types}); the container runs without them`);
  }
  if (def.firelensConfiguration !== undefined) {
    warn('firelensConfiguration', 'not applied locally; no FireLens log routing is set up');
  }
  if (def.credentialSpecs !== undefined && def.credentialSpecs.length > 0) {
    warn('credentialSpecs', 'not applied locally (Active Directory credentials)');
  }
}

function taskLevelWarnings(td: TaskDefinition, size: TaskSize): string[] {
  const warnings: string[] = [];
  const warn = (field: string, text: string): void => {
    warnings.push(fieldWarning(field, undefined, text));
  };
  const limits = taskLimitsWarning(td, size);
  if (limits !== undefined) warnings.push(limits);
  if (td.proxyConfiguration !== undefined) warn('proxyConfiguration', 'not applied locally; no App Mesh proxy is configured');
  if (td.placementConstraints !== undefined && td.placementConstraints.length > 0) {
    warn('placementConstraints', 'ignored locally: the task runs on this Docker host');
  }
  if (td.inferenceAccelerators !== undefined && td.inferenceAccelerators.length > 0) {
    warn('inferenceAccelerators', 'not applied locally');
  }
  if (td.ephemeralStorage !== undefined) warn('ephemeralStorage', 'not applied locally; containers use Docker storage');
  if (td.enableFaultInjection === true) warn('enableFaultInjection', 'not applied locally');
  const isolation = td.trustedExecutionConfiguration?.isolationMode;
  if (isolation !== undefined && isolation !== 'SHARED') warn('trustedExecutionConfiguration', `${isolation} is not applied locally; containers share the Docker host`);
  // A Windows operatingSystemFamily never gets here: `run` refuses it (taskdef/platform.ts).
  return warnings;
}

/**
 * `runtimePlatform.cpuArchitecture` → the Docker platform to pull and run. Set whenever the task
 * names an architecture; a mismatch with the host runs under emulation, with a warning.
 */
function platformFor(td: TaskDefinition, hostPlatform: string | undefined, warnings: string[]): string | undefined {
  const wanted = td.runtimePlatform?.cpuArchitecture;
  if (wanted === undefined) return undefined;
  const platform = dockerPlatform(wanted);
  if (platform === undefined) {
    warnings.push(fieldWarning('runtimePlatform.cpuArchitecture', undefined, `"${wanted}" is not known; using the host's platform`));
    return undefined;
  }
  const host = dockerPlatform(hostPlatform);
  if (host !== undefined && host !== platform) {
    // The engine pulls and runs the task's platform; without emulation (binfmt/QEMU) the container
    // fails with "exec format error", and --platform runs the host's instead.
    warnings.push(
      fieldWarning(
        'runtimePlatform.cpuArchitecture',
        undefined,
        `${wanted} differs from this engine (${host}); images are pulled and run as ${platform}, which only an engine that emulates it runs (binfmt/QEMU; else "exec format error"); --platform ${host} runs them natively`,
      ),
    );
  }
  return platform;
}

/** Every awsvpc container's ports, for the container owning the shared network namespace. */
function sharedNamespacePorts(containers: readonly ContainerSpec[]): NonNullable<TaskSpec['networkNamespace']> {
  const exposed: Record<string, Record<string, never>> = {};
  const bindings: PortBindings = {};
  for (const container of containers) {
    for (const port of container.ports) {
      const key = `${port.containerPort}/${port.protocol}`;
      exposed[key] = {};
      const hostPort = port.hostPort === undefined ? '' : String(port.hostPort);
      const list = (bindings[key] ??= []);
      // Two containers cannot both listen on one port of a shared namespace; publish it once.
      if (!list.some((b) => b.HostPort === hostPort)) list.push({ HostPort: hostPort });
    }
  }
  return { ExposedPorts: exposed, PortBindings: bindings };
}
