/**
 * The resolved task → a Docker Compose file (the Compose Specification), as `ecs-cli local create`
 * made one, for users who keep running the task with `docker compose`. Pure: the caller writes the
 * files. One service per container, named as the container; the mappings follow the ones `run`
 * applies through the Engine API (build-spec.ts), so the two agree.
 *
 * Secrets never go into the compose file: every variable whose value came from `secrets` or
 * `environmentFiles` goes to a per-container env file the caller writes with mode 0600, referenced
 * by `env_file`; the other variables stay inline. Names are unique in the resolved environment,
 * so which file holds a variable never changes its value.
 */
import { PINNED_BUSYBOX } from '../docker/busybox-image.js';
import { ClientException } from '../errors.js';
import type { EnvVar } from '../env/types.js';
import { RegisterTaskDefinition } from '../messages.js';
import type { ResolvedTask } from '../secrets/types.js';
import { validateDependsOn } from '../taskdef/depends-on.js';
import type { ContainerDefinition, DependencyCondition, LaunchType, NetworkMode, TaskDefinition, Volume } from '../taskdef/types.js';
import { cpuShares, DEFAULT_STOP_TIMEOUT_SECONDS, dockerPlatform, effectiveNetworkMode, MAX_FARGATE_STOP_TIMEOUT_SECONDS } from './build-spec.js';
import { HealthCheckDefaults } from './health-check.js';
import { cgroupPermissions, MIB } from './linux-parameters.js';
import { efsVolumeName, fsxVolumeName } from './names.js';
import { namespaceSettings } from './namespace-settings.js';
import { mapPorts } from './ports.js';
import { containerLimits, taskLimitsWarning, taskSize } from './task-limits.js';
import { containerPath, fieldWarning } from './warning.js';

export interface ComposePort {
  target: number;
  /** Absent: a host port Docker picks (bridge without hostPort). */
  published?: string;
  protocol: string;
}

export interface ComposeVolumeMount {
  type: 'bind' | 'volume';
  source: string;
  target: string;
  read_only?: true;
}

export interface ComposeService {
  image: string;
  platform?: string;
  entrypoint?: string[];
  command?: string[];
  working_dir?: string;
  user?: string;
  hostname?: string;
  environment?: string[];
  env_file?: string[];
  depends_on?: Record<string, { condition: 'service_started' | 'service_completed_successfully' | 'service_healthy' }>;
  healthcheck?: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
  network_mode?: string;
  networks?: string[] | Record<string, { ipv4_address: string }>;
  ports?: ComposePort[];
  links?: string[];
  dns?: string[];
  dns_search?: string[];
  extra_hosts?: string[];
  volumes?: (ComposeVolumeMount | string)[];
  volumes_from?: string[];
  cpu_shares?: number;
  cpus?: number;
  mem_limit?: string;
  mem_reservation?: string;
  memswap_limit?: string;
  mem_swappiness?: number;
  ulimits?: Record<string, { soft: number; hard: number }>;
  cap_add?: string[];
  cap_drop?: string[];
  devices?: string[];
  init?: true;
  shm_size?: string;
  tmpfs?: string[];
  privileged?: true;
  read_only?: true;
  security_opt?: string[];
  sysctls?: Record<string, string>;
  pid?: string;
  ipc?: string;
  stdin_open?: true;
  tty?: true;
  labels?: Record<string, string>;
  logging?: { driver: string; options?: Record<string, string> };
  stop_signal?: string;
  stop_grace_period?: string;
}

export interface ComposeTopVolume {
  name?: string;
  external?: true;
  driver?: string;
  driver_opts?: Record<string, string>;
  labels?: Record<string, string>;
}

export interface ComposeFile {
  name: string;
  services: Record<string, ComposeService>;
  networks?: Record<string, { ipam: { config: { subnet: string; gateway: string }[] } }>;
  volumes?: Record<string, ComposeTopVolume>;
}

/** The variables one service reads from its env file (`env_file`), for the caller to write. */
export interface ComposeEnvFile {
  service: string;
  /** As the compose file references it, relative to the compose file's folder. */
  path: string;
  vars: EnvVar[];
}

export interface ComposeExport {
  file: ComposeFile;
  envFiles: ComposeEnvFile[];
  /** Fields not expressed as ECS applies them, one line each (as `run` words its own). */
  warnings: string[];
}

export interface ComposeOptions {
  /** Where `host.sourcePath` values that are relative are taken from (as `run` does). */
  cwd: string;
  /** The env file path of a container, relative to the compose file's folder. */
  envFilePath: (container: string) => string;
  /** Add the amazon-ecs-local-container-endpoints service at 169.254.170.2, as ecs-cli did. */
  endpoints?: boolean;
}

/** The service owning an awsvpc task's network namespace, as the ECS pause container does. */
export const PAUSE_SERVICE = 'ecs-local-pause';

/**
 * `--endpoints`: AWS's amazon-ecs-local-container-endpoints, as `ecs-cli local up` ran it: on a
 * network of 169.254.170.0/24 at 169.254.170.2, with the Docker socket (for metadata) and the
 * user's ~/.aws (for credentials). Its `${HOME}` and `${AWS_PROFILE}` are for compose to fill in.
 */
export const ENDPOINTS_SERVICE = 'ecs-local-endpoints';
export const ENDPOINTS_NETWORK = 'ecs-local-endpoints';
const ENDPOINTS_IMAGE = 'amazon/amazon-ecs-local-container-endpoints';
const ENDPOINTS_IP = '169.254.170.2';

/**
 * ECS dependsOn conditions → compose's. [DOC] COMPLETE is met when the dependency exits with any
 * code; compose has no such condition. [INF] COMPLETE becomes service_completed_successfully, the
 * closest: a dependency that exits non-zero stops `docker compose up` where ECS would go on (a
 * warning says so). SUCCESS (exit code 0) is service_completed_successfully exactly.
 */
export const DEPENDS_ON_CONDITION: Record<DependencyCondition, 'service_started' | 'service_completed_successfully' | 'service_healthy'> = {
  START: 'service_started',
  COMPLETE: 'service_completed_successfully',
  SUCCESS: 'service_completed_successfully',
  HEALTHY: 'service_healthy',
};

/** Drivers `docker compose logs` can read back; any other one is left to the daemon's default. */
const READABLE_LOG_DRIVERS = new Set(['json-file', 'local', 'journald']);

/** Variable names compose-go's env file parser reads (dotenv/parser.go locateKeyName) [SRC]. */
const ENV_FILE_NAME = /^[\p{L}\p{N}_.\-[\]]+$/u;

/** Compose durations: whole seconds as `30s`. */
export function seconds(n: number): string {
  return `${n}s`;
}

/** A compose project name: lowercase letters, digits, `-` and `_`, starting with a letter or digit. */
export function projectName(family: string): string {
  const name = family.toLowerCase().replace(/[^a-z0-9_-]/g, '-').replace(/^[^a-z0-9]+/, '');
  return name === '' ? 'ecs-task' : name;
}

export function composeFile(task: ResolvedTask, opts: ComposeOptions): ComposeExport {
  const td = task.taskDefinition;
  validateDependsOn(td.containerDefinitions);
  const warnings: string[] = [];
  const networkMode = effectiveNetworkMode(td, task.context.launchType);
  const awsvpc = networkMode === 'awsvpc';
  const names = new Set(td.containerDefinitions.map((c) => c.name));
  let pause = PAUSE_SERVICE;
  for (let i = 2; names.has(pause); i++) pause = `${PAUSE_SERVICE}-${i}`;
  const needsPause = awsvpc || td.ipcMode === 'task';

  const volumes = topVolumes(td.volumes, opts.cwd, warnings);
  const services: Record<string, ComposeService> = {};
  const envFiles: ComposeEnvFile[] = [];
  if (needsPause) services[pause] = pauseService(td, networkMode, warnings);

  td.containerDefinitions.forEach((def, index) => {
    const warn = (field: string, text: string): void => {
      warnings.push(fieldWarning(containerPath(index, field), def.name, text));
    };
    const env = task.containers.find((c) => c.name === def.name)?.environment ?? [];
    const service = containerService(def, index, { td, networkMode, pause: needsPause ? pause : undefined, volumes, warn, warnings, launchType: task.context.launchType });
    // Secrets and environment-file values go to the env file; the rest stays readable inline.
    const hidden = env.filter((v) => v.source.kind === 'secret' || v.source.kind === 'environmentFile');
    const inline = env.filter((v) => !hidden.includes(v));
    if (inline.length > 0) service.environment = inline.map((v) => `${v.name}=${v.value}`);
    if (hidden.length > 0) {
      const refused = hidden.filter((v) => !ENV_FILE_NAME.test(v.name)).map((v) => v.name);
      if (refused.length > 0) warn('secrets', `${refused.join(', ')}: compose's env file parser accepts only letters, digits and _ . - [ ] in a name, so docker compose will refuse the env file`);
      const path = opts.envFilePath(def.name);
      service.env_file = [path];
      envFiles.push({ service: def.name, path, vars: hidden });
    }
    services[def.name] = orderedService(service);
  });

  taskLimits(td, task.context.launchType, services, warnings);

  const file: ComposeFile = { name: projectName(td.family), services };
  if (opts.endpoints === true) addEndpoints(file, td, networkMode, needsPause ? pause : undefined, envFiles, warnings);
  if (Object.keys(volumes.top).length > 0) file.volumes = volumes.top;
  return { file, envFiles, warnings };
}

/**
 * The endpoints service and what the task's containers need to reach it. [INF] Credentials are
 * `/creds` (temporary credentials of the user's own profile, as `run --credentials host`), not
 * `/role/<task role>`, which needs the role to trust the user; metadata is v3 by container name,
 * which works whatever address the request comes from (awsvpc containers share one).
 */
function addEndpoints(file: ComposeFile, td: TaskDefinition, networkMode: NetworkMode, pause: string | undefined, envFiles: readonly ComposeEnvFile[], warnings: string[]): void {
  if (networkMode === 'host' || networkMode === 'none') {
    warnings.push(fieldWarning('networkMode', undefined, `--endpoints is not applied: 169.254.170.2 cannot be reached in ${networkMode} network mode`));
    return;
  }
  if (file.services[ENDPOINTS_SERVICE] !== undefined) {
    warnings.push(fieldWarning('containerDefinitions', undefined, `--endpoints is not applied: the task has a container named ${ENDPOINTS_SERVICE}`));
    return;
  }
  file.networks = { [ENDPOINTS_NETWORK]: { ipam: { config: [{ subnet: '169.254.170.0/24', gateway: '169.254.170.1' }] } } };
  if (pause !== undefined && networkMode === 'awsvpc') {
    const owner = file.services[pause];
    if (owner !== undefined) file.services[pause] = orderedService({ ...owner, networks: [ENDPOINTS_NETWORK] });
  }
  if (networkMode === 'bridge') {
    // [INF] The endpoints need a network of their own subnet; Docker's default bridge is not one.
    warnings.push(fieldWarning('networkMode', undefined, 'bridge: with --endpoints the containers join the ecs-local-endpoints network instead of Docker\'s default bridge, where they also find each other by name (ECS bridge tasks only through links)'));
  }
  for (const def of td.containerDefinitions) {
    const s = file.services[def.name];
    if (s === undefined) continue;
    const hidden = new Set(envFiles.find((e) => e.service === def.name)?.vars.map((v) => v.name) ?? []);
    const injected: Record<string, string> = { ECS_CONTAINER_METADATA_URI: `http://${ENDPOINTS_IP}/v3/containers/${file.name}-${def.name}-1` };
    if (td.taskRoleArn !== undefined) injected['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] = '/creds';
    // Variables ECS injects win over `environment`; a secret of the same name wins over them.
    const names = Object.keys(injected).filter((n) => !hidden.has(n));
    const environment = [...(s.environment ?? []).filter((line) => !names.includes(line.slice(0, line.indexOf('=')))), ...names.map((n) => `${n}=${injected[n] ?? ''}`)];
    const next: ComposeService = { ...s, environment, depends_on: { ...(s.depends_on ?? {}), [ENDPOINTS_SERVICE]: { condition: 'service_started' } } };
    if (networkMode === 'bridge') {
      delete next.network_mode;
      next.networks = [ENDPOINTS_NETWORK];
    }
    file.services[def.name] = orderedService(next);
  }
  file.services[ENDPOINTS_SERVICE] = {
    image: ENDPOINTS_IMAGE,
    environment: ['HOME=/home', 'AWS_PROFILE=${AWS_PROFILE:-default}'],
    networks: { [ENDPOINTS_NETWORK]: { ipv4_address: ENDPOINTS_IP } },
    // Short syntax, as AWS's example: Docker creates a missing ~/.aws rather than failing.
    volumes: ['/var/run:/var/run', '${HOME}/.aws/:/home/.aws/:ro'],
  };
}

interface PlannedComposeVolumes {
  top: Record<string, ComposeTopVolume>;
  /** Task volume name → what a mount point mounts. */
  sources: Map<string, { type: 'bind' | 'volume'; source: string }>;
}

/** Task `volumes` → compose volumes, with the stand-ins `run` uses (volumes.ts). */
function topVolumes(list: readonly Volume[] | undefined, cwd: string, warnings: string[]): PlannedComposeVolumes {
  const planned: PlannedComposeVolumes = { top: {}, sources: new Map() };
  (list ?? []).forEach((volume, i) => {
    const where = `volumes[${i}]`;
    const named = (config: ComposeTopVolume = {}): void => {
      planned.top[volume.name] = config;
      planned.sources.set(volume.name, { type: 'volume', source: volume.name });
    };
    if (volume.configuredAtLaunch === true) {
      warnings.push(fieldWarning(`${where}.configuredAtLaunch`, undefined, `volume "${volume.name}" is configured at launch in ECS; using an empty volume`));
      named();
      return;
    }
    if (volume.efsVolumeConfiguration !== undefined) {
      const id = volume.efsVolumeConfiguration.fileSystemId;
      warnings.push(fieldWarning(`${where}.efsVolumeConfiguration`, undefined, `EFS file system ${id} is not reachable locally; using the Docker volume "${efsVolumeName(id)}", as ecs-local run does`));
      named({ name: efsVolumeName(id) });
      return;
    }
    if (volume.fsxWindowsFileServerVolumeConfiguration !== undefined) {
      const raw = volume.fsxWindowsFileServerVolumeConfiguration['fileSystemId'];
      const id = typeof raw === 'string' && raw !== '' ? raw : volume.name;
      warnings.push(fieldWarning(`${where}.fsxWindowsFileServerVolumeConfiguration`, undefined, `FSx file system ${id} is not reachable locally; using the Docker volume "${fsxVolumeName(id)}", as ecs-local run does`));
      named({ name: fsxVolumeName(id) });
      return;
    }
    const docker = volume.dockerVolumeConfiguration;
    if (docker !== undefined) {
      const config: ComposeTopVolume = {};
      if (docker.driver !== undefined && docker.driver !== 'local') config.driver = docker.driver;
      if (docker.driverOpts !== undefined && Object.keys(docker.driverOpts).length > 0) config.driver_opts = { ...docker.driverOpts };
      if (docker.labels !== undefined && Object.keys(docker.labels).length > 0) config.labels = { ...docker.labels };
      // [DOC] scope task (the default [INF]): the task's own volume, which compose scopes to the
      // project. shared: the volume of that name; without autoprovision it must exist already, as
      // compose's `external` requires.
      if ((docker.scope ?? 'task') === 'shared') {
        named(docker.autoprovision === true ? { name: volume.name, ...config } : { name: volume.name, external: true });
        return;
      }
      named(config);
      return;
    }
    const sourcePath = volume.host?.sourcePath;
    if (sourcePath !== undefined && sourcePath !== '') {
      // [INF] As `run`: a relative path (ECS needs absolute ones) is taken from the working directory.
      planned.sources.set(volume.name, { type: 'bind', source: absolute(cwd, sourcePath) });
      return;
    }
    named();
  });
  return planned;
}

function absolute(cwd: string, p: string): string {
  if (p.startsWith('/')) return p;
  return `${cwd.replace(/\/+$/, '')}/${p.replace(/^\.\//, '')}`;
}

/**
 * The awsvpc namespace owner (and the task's IPC namespace for ipcMode task): busybox sleeping, as
 * ecs-local's own helpers run it, publishing every container's ports (awsvpc: host = container port).
 */
function pauseService(td: TaskDefinition, networkMode: NetworkMode, warnings: string[]): ComposeService {
  const service: ComposeService = {
    image: PINNED_BUSYBOX,
    command: ['sleep', '2147483647'],
    // sleep as PID 1 ignores SIGTERM: stop it at once rather than after the grace period.
    stop_signal: 'SIGKILL',
    cap_drop: ['ALL'],
    read_only: true,
  };
  if (networkMode === 'awsvpc') {
    const ports: ComposePort[] = [];
    td.containerDefinitions.forEach((def, index) => {
      const mapped = mapPorts(def.portMappings, networkMode, index, def.name);
      warnings.push(...mapped.warnings);
      for (const p of mapped.ports) {
        // Two containers cannot both listen on one port of a shared namespace; publish it once.
        if (ports.some((q) => q.target === p.containerPort && q.protocol === p.protocol)) continue;
        ports.push({ target: p.containerPort, published: String(p.hostPort ?? p.containerPort), protocol: p.protocol });
      }
    });
    if (ports.length > 0) service.ports = ports;
  } else {
    service.network_mode = 'none';
  }
  if (td.ipcMode === 'task') service.ipc = 'shareable';
  return service;
}

interface ServiceContext {
  td: TaskDefinition;
  networkMode: NetworkMode;
  launchType: 'FARGATE' | 'EC2';
  pause: string | undefined;
  volumes: PlannedComposeVolumes;
  warn: (field: string, text: string) => void;
  warnings: string[];
}

function containerService(def: ContainerDefinition, index: number, c: ServiceContext): ComposeService {
  const { warn } = c;
  const awsvpc = c.networkMode === 'awsvpc';
  const s: ComposeService = { image: def.image };
  const platform = dockerPlatform(c.td.runtimePlatform?.cpuArchitecture);
  if (platform !== undefined) s.platform = platform;
  if (def.entryPoint !== undefined) s.entrypoint = [...def.entryPoint];
  if (def.command !== undefined) s.command = [...def.command];
  if (def.workingDirectory !== undefined) s.working_dir = def.workingDirectory;
  if (def.user !== undefined) s.user = def.user;
  if (def.interactive === true) s.stdin_open = true;
  if (def.pseudoTerminal === true) s.tty = true;
  if (def.dockerLabels !== undefined && Object.keys(def.dockerLabels).length > 0) s.labels = { ...def.dockerLabels };

  // Network: awsvpc containers join the pause service's namespace and share localhost, as on
  // Fargate. [INF] bridge is Docker's default bridge (network_mode: bridge), not a compose project
  // network: as on ECS, containers reach each other only through `links`, never by service name.
  if (awsvpc) s.network_mode = `service:${c.pause ?? PAUSE_SERVICE}`;
  else s.network_mode = c.networkMode;
  if (def.disableNetworking === true) {
    if (awsvpc) warn('disableNetworking', 'not applied: the task shares one network namespace');
    else s.network_mode = 'none';
  }
  if (def.hostname !== undefined) {
    if (awsvpc) warn('hostname', 'not applied: ECS does not support hostname in awsvpc network mode');
    else s.hostname = def.hostname;
  }
  const namespace = namespaceSettings(def, c.networkMode, warn);
  if (namespace.dnsServers !== undefined) s.dns = namespace.dnsServers;
  if (namespace.dnsSearchDomains !== undefined) s.dns_search = namespace.dnsSearchDomains;
  if (namespace.extraHosts !== undefined) s.extra_hosts = namespace.extraHosts;
  if (namespace.links !== undefined) s.links = namespace.links.map((l) => `${l.name}:${l.alias}`);
  // Ports: awsvpc publishes them on the pause service; host mode publishes nothing (Docker's rule).
  if (!awsvpc) {
    const mapped = mapPorts(def.portMappings, c.networkMode, index, def.name);
    c.warnings.push(...mapped.warnings);
    if (c.networkMode === 'bridge' && mapped.ports.length > 0) {
      s.ports = mapped.ports.map((p) => (p.hostPort === undefined ? { target: p.containerPort, protocol: p.protocol } : { target: p.containerPort, published: String(p.hostPort), protocol: p.protocol }));
    }
  }

  // Start order.
  const dependsOn: NonNullable<ComposeService['depends_on']> = {};
  if (c.pause !== undefined) dependsOn[c.pause] = { condition: 'service_started' };
  for (const dep of def.dependsOn ?? []) {
    dependsOn[dep.containerName] = { condition: DEPENDS_ON_CONDITION[dep.condition] };
    if (dep.condition === 'COMPLETE') {
      warn('dependsOn', `COMPLETE on "${dep.containerName}" becomes service_completed_successfully: compose has no "exited with any code" condition, so a non-zero exit of "${dep.containerName}" stops docker compose up, where ECS would start "${def.name}"`);
    }
  }
  if (Object.keys(dependsOn).length > 0) s.depends_on = dependsOn;
  if (def.startTimeout !== undefined) warn('startTimeout', 'not expressed: compose waits on a dependency without a time limit');

  if (def.healthCheck !== undefined) {
    // ECS's defaults, written out so an image's own HEALTHCHECK timings never leak in (as `run`).
    const h = def.healthCheck;
    s.healthcheck = {
      test: [...h.command],
      interval: seconds(h.interval ?? HealthCheckDefaults.interval),
      timeout: seconds(h.timeout ?? HealthCheckDefaults.timeout),
      retries: h.retries ?? HealthCheckDefaults.retries,
      start_period: seconds(h.startPeriod ?? HealthCheckDefaults.startPeriod),
    };
  }

  // Storage.
  const mounts: ComposeVolumeMount[] = [];
  (def.mountPoints ?? []).forEach((mount, i) => {
    const name = mount.sourceVolume ?? '';
    const source = c.volumes.sources.get(name);
    if (source === undefined) throw new ClientException(RegisterTaskDefinition.unknownVolume(name));
    if (mount.containerPath === undefined || mount.containerPath === '') {
      warn(`mountPoints[${i}].containerPath`, 'missing; mount point skipped');
      return;
    }
    mounts.push({ type: source.type, source: source.source, target: mount.containerPath, ...(mount.readOnly === true ? { read_only: true as const } : {}) });
  });
  if (mounts.length > 0) s.volumes = mounts;
  const from: string[] = [];
  (def.volumesFrom ?? []).forEach((v, i) => {
    if (v.sourceContainer === undefined || !c.td.containerDefinitions.some((d) => d.name === v.sourceContainer)) {
      warn(`volumesFrom[${i}].sourceContainer`, `"${v.sourceContainer ?? ''}" is not a container of this task; skipped`);
      return;
    }
    from.push(v.readOnly === true ? `${v.sourceContainer}:ro` : v.sourceContainer);
  });
  if (from.length > 0) s.volumes_from = from;

  // Resources, as `run` gives them to Docker.
  s.cpu_shares = cpuShares(def.cpu);
  if (def.memory !== undefined) s.mem_limit = `${def.memory}m`;
  if (def.memoryReservation !== undefined) s.mem_reservation = `${def.memoryReservation}m`;
  if (def.ulimits !== undefined && def.ulimits.length > 0) {
    s.ulimits = Object.fromEntries(def.ulimits.map((u) => [u.name, { soft: u.softLimit, hard: u.hardLimit }]));
  }
  linuxParameters(def, s, warn);
  if (def.privileged === true) s.privileged = true;
  if (def.readonlyRootFilesystem === true) s.read_only = true;
  const securityOpts = (def.dockerSecurityOptions ?? []).filter((o) => !o.startsWith('credentialspec:'));
  if (securityOpts.length > 0) s.security_opt = securityOpts;
  if (def.systemControls !== undefined && def.systemControls.length > 0) {
    s.sysctls = Object.fromEntries(def.systemControls.map((x) => [x.namespace, x.value]));
  }
  if (c.td.pidMode === 'host') s.pid = 'host';
  if (c.td.pidMode === 'task') warn('pidMode', 'task is not expressed: each container gets its own PID namespace');
  if (c.td.ipcMode === 'host' || c.td.ipcMode === 'none') s.ipc = c.td.ipcMode;
  if (c.td.ipcMode === 'task') s.ipc = `service:${c.pause ?? PAUSE_SERVICE}`;

  // Logs: only a driver `docker compose logs` reads, with its plain options (never secretOptions).
  const log = def.logConfiguration;
  if (log !== undefined) {
    if (READABLE_LOG_DRIVERS.has(log.logDriver) && (log.secretOptions?.length ?? 0) === 0) {
      s.logging = { driver: log.logDriver, ...(log.options !== undefined && Object.keys(log.options).length > 0 ? { options: { ...log.options } } : {}) };
    } else {
      warn('logConfiguration', `"${log.logDriver}" is left out: logs go to the Docker daemon's default driver`);
    }
  }

  // Stop: ECS's stopTimeout (default 30 s, not compose's 10 s), capped on Fargate as `run` does.
  let stop = def.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS;
  if (c.launchType === 'FARGATE' && stop > MAX_FARGATE_STOP_TIMEOUT_SECONDS) {
    warn('stopTimeout', `${stop} s is over Fargate's maximum; using ${MAX_FARGATE_STOP_TIMEOUT_SECONDS} s`);
    stop = MAX_FARGATE_STOP_TIMEOUT_SECONDS;
  }
  s.stop_grace_period = seconds(stop);

  if (def.restartPolicy?.enabled === true) warn('restartPolicy', 'not expressed: compose restarts have no ignoredExitCodes nor restartAttemptPeriod');
  if (def.repositoryCredentials !== undefined) warn('repositoryCredentials', 'not expressed: docker compose pulls with your docker login');
  if (def.resourceRequirements !== undefined && def.resourceRequirements.length > 0) warn('resourceRequirements', 'not expressed (GPUs, inference accelerators)');
  if (def.firelensConfiguration !== undefined) warn('firelensConfiguration', 'not expressed: no FireLens log routing');
  return s;
}

function linuxParameters(def: ContainerDefinition, s: ComposeService, warn: (field: string, text: string) => void): void {
  const p = def.linuxParameters;
  if (p === undefined) return;
  if (p.capabilities?.add !== undefined && p.capabilities.add.length > 0) s.cap_add = [...p.capabilities.add];
  if (p.capabilities?.drop !== undefined && p.capabilities.drop.length > 0) s.cap_drop = [...p.capabilities.drop];
  if (p.devices !== undefined && p.devices.length > 0) {
    s.devices = p.devices.map((d) => `${d.hostPath}:${d.containerPath ?? d.hostPath}:${cgroupPermissions(d.permissions)}`);
  }
  if (p.initProcessEnabled === true) s.init = true;
  if (p.sharedMemorySize !== undefined) s.shm_size = `${p.sharedMemorySize}m`;
  if (p.tmpfs !== undefined && p.tmpfs.length > 0) {
    s.tmpfs = p.tmpfs.map((t) => `${t.containerPath}:${[...(t.mountOptions ?? []), `size=${t.size}m`].join(',')}`);
  }
  if (p.maxSwap !== undefined) {
    if (def.memory === undefined) warn('linuxParameters.maxSwap', 'not applied: Docker needs the container-level "memory" to limit swap');
    else {
      // [DOC] docker's memory-swap is memory + maxSwap; swappiness defaults to 60 with maxSwap.
      s.memswap_limit = `${def.memory + p.maxSwap}m`;
      s.mem_swappiness = p.swappiness ?? 60;
    }
  }
}

/**
 * Task-level cpu and memory, as `run` applies them (task-limits.ts): each service is held to the
 * task's limits (`cpus`, and `mem_limit` when the container sets none of its own; no swap on
 * Fargate), and a task of several containers gets the same one warning, as compose has no limit
 * shared by a group of services either.
 */
function taskLimits(td: TaskDefinition, launchType: LaunchType, services: Record<string, ComposeService>, warnings: string[]): void {
  const size = taskSize(td);
  if (size.vcpu === undefined && size.memoryMiB === undefined) return;
  for (const def of td.containerDefinitions) {
    const s = services[def.name];
    if (s === undefined) continue;
    const limits = containerLimits(def, size, launchType);
    if (limits.CpuQuota !== undefined && limits.CpuPeriod !== undefined) s.cpus = Math.round((limits.CpuQuota / limits.CpuPeriod) * 1000) / 1000;
    if (s.mem_limit === undefined && limits.Memory !== undefined) s.mem_limit = `${limits.Memory / MIB}m`;
    if (s.memswap_limit === undefined && limits.MemorySwap !== undefined) s.memswap_limit = `${limits.MemorySwap / MIB}m`;
    services[def.name] = orderedService(s);
  }
  const warning = taskLimitsWarning(td, size);
  if (warning !== undefined) warnings.push(warning);
}

/** The keys in one reading order whatever order they were set in. */
const SERVICE_KEY_ORDER: (keyof ComposeService)[] = [
  'image', 'platform', 'entrypoint', 'command', 'working_dir', 'user', 'hostname', 'environment', 'env_file', 'depends_on',
  'healthcheck', 'network_mode', 'networks', 'ports', 'links', 'dns', 'dns_search', 'extra_hosts', 'volumes', 'volumes_from', 'cpu_shares',
  'cpus', 'mem_limit', 'mem_reservation', 'memswap_limit', 'mem_swappiness', 'ulimits', 'cap_add', 'cap_drop', 'devices', 'init',
  'shm_size', 'tmpfs', 'privileged', 'read_only', 'security_opt', 'sysctls', 'pid', 'ipc', 'stdin_open', 'tty', 'labels', 'logging',
  'stop_signal', 'stop_grace_period',
];

function orderedService(s: ComposeService): ComposeService {
  const out: Record<string, unknown> = {};
  for (const key of SERVICE_KEY_ORDER) if (s[key] !== undefined) out[key] = s[key];
  return out as unknown as ComposeService;
}

/** The file as written: every value escaped for compose's interpolation but the endpoints service's. */
export function interpolationSafe(file: ComposeFile): ComposeFile {
  const services = Object.fromEntries(Object.entries(file.services).map(([name, s]) => [name, name === ENDPOINTS_SERVICE ? s : escapeInterpolation(s)]));
  return { ...escapeInterpolation(file), services };
}

/**
 * Compose interpolates `$VAR` and `${VAR}` in every value of the file; ECS passes the task
 * definition's strings as they are. So every `$` is written `$$`, which compose reads as one `$`.
 */
export function escapeInterpolation<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\$/g, '$$$$') as T;
  if (Array.isArray(value)) return value.map((v: unknown) => escapeInterpolation(v)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeInterpolation(v)])) as T;
  }
  return value;
}

/**
 * One `NAME=VALUE` line of a compose env file, read back as the exact value. [DOC] docs.docker.com
 * compose env-file syntax: a single-quoted value is used literally (no interpolation), with `\'`
 * for a quote. [INF] A value the single-quoted form cannot carry (a line break, or a backslash
 * before a quote or at the end) is double-quoted with `\\`, `\"`, `\n`, `\r` and `\$` escapes,
 * the escapes compose's double-quoted values support.
 */
export function envFileLine(name: string, value: string): string {
  if (!/[\r\n]/.test(value) && !/\\('|$)/.test(value)) return `${name}='${value.replace(/'/g, "\\'")}'\n`;
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\$/g, '\\$');
  return `${name}="${escaped}"\n`;
}
