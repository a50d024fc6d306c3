/**
 * The task definition as RegisterTaskDefinition takes it (`aws ecs register-task-definition
 * --cli-input-json`), field names and casing exactly as the ECS API. Only what ecs-local reads is
 * typed narrowly; the rest is kept so that nothing a user wrote is dropped silently.
 */

export type LaunchType = 'FARGATE' | 'EC2';
export type NetworkMode = 'awsvpc' | 'bridge' | 'host' | 'none';

/**
 * Both fields are optional in the API model. After loading, a missing `value` reads as "" (what the
 * agent's Go string gets from a JSON null); a missing or blank `name` is refused by `checkRegistration`.
 */
export interface KeyValuePair {
  name: string;
  value: string;
}

/** A `secrets` or `secretOptions` entry. `valueFrom` is an ARN or an SSM parameter name. */
export interface Secret {
  name: string;
  valueFrom: string;
}

export interface EnvironmentFile {
  /** An S3 object ARN, `arn:aws:s3:::bucket/key.env`. */
  value: string;
  type: 's3';
}

export interface RepositoryCredentials {
  credentialsParameter: string;
}

export interface LogConfiguration {
  logDriver: string;
  options?: Record<string, string>;
  secretOptions?: Secret[];
}

export interface PortMapping {
  containerPort?: number;
  hostPort?: number;
  protocol?: 'tcp' | 'udp';
  name?: string;
  appProtocol?: string;
  containerPortRange?: string;
}

export interface MountPoint {
  sourceVolume?: string;
  containerPath?: string;
  readOnly?: boolean;
}

export interface VolumeFrom {
  sourceContainer?: string;
  readOnly?: boolean;
}

export type DependencyCondition = 'START' | 'COMPLETE' | 'SUCCESS' | 'HEALTHY';

export interface ContainerDependency {
  containerName: string;
  condition: DependencyCondition;
}

export interface HealthCheck {
  command: string[];
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
}

export interface Ulimit {
  name: string;
  softLimit: number;
  hardLimit: number;
}

export interface Tmpfs {
  containerPath: string;
  size: number;
  mountOptions?: string[];
}

export interface Device {
  hostPath: string;
  containerPath?: string;
  permissions?: ('read' | 'write' | 'mknod')[];
}

export interface LinuxParameters {
  capabilities?: { add?: string[]; drop?: string[] };
  devices?: Device[];
  initProcessEnabled?: boolean;
  sharedMemorySize?: number;
  tmpfs?: Tmpfs[];
  maxSwap?: number;
  swappiness?: number;
}

export interface HostEntry {
  hostname: string;
  ipAddress: string;
}

export interface SystemControl {
  namespace: string;
  value: string;
}

export interface RestartPolicy {
  enabled: boolean;
  ignoredExitCodes?: number[];
  restartAttemptPeriod?: number;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential?: boolean;
  repositoryCredentials?: RepositoryCredentials;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  links?: string[];
  portMappings?: PortMapping[];
  entryPoint?: string[];
  command?: string[];
  environment?: KeyValuePair[];
  environmentFiles?: EnvironmentFile[];
  secrets?: Secret[];
  mountPoints?: MountPoint[];
  volumesFrom?: VolumeFrom[];
  linuxParameters?: LinuxParameters;
  dependsOn?: ContainerDependency[];
  startTimeout?: number;
  stopTimeout?: number;
  hostname?: string;
  user?: string;
  workingDirectory?: string;
  disableNetworking?: boolean;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  dnsServers?: string[];
  dnsSearchDomains?: string[];
  extraHosts?: HostEntry[];
  dockerSecurityOptions?: string[];
  interactive?: boolean;
  pseudoTerminal?: boolean;
  dockerLabels?: Record<string, string>;
  ulimits?: Ulimit[];
  logConfiguration?: LogConfiguration;
  healthCheck?: HealthCheck;
  systemControls?: SystemControl[];
  resourceRequirements?: {
    type: string;
    value?: string;
    sharingStrategy?: { nvidiaMps?: { memory: number; maxComputePercent?: number } };
  }[];
  firelensConfiguration?: { type: string; options?: Record<string, string> };
  restartPolicy?: RestartPolicy;
  versionConsistency?: string;
  credentialSpecs?: string[];
}

export interface EfsVolumeConfiguration {
  fileSystemId: string;
  rootDirectory?: string;
  transitEncryption?: 'ENABLED' | 'DISABLED';
  transitEncryptionPort?: number;
  authorizationConfig?: { accessPointId?: string; iam?: 'ENABLED' | 'DISABLED' };
}

export interface FsxWindowsFileServerVolumeConfiguration {
  fileSystemId: string;
  rootDirectory: string;
  authorizationConfig: { credentialsParameter: string; domain: string };
}

export interface S3FilesVolumeConfiguration {
  fileSystemArn: string;
  rootDirectory?: string;
  transitEncryptionPort?: number;
  accessPointArn?: string;
}

export interface Volume {
  name: string;
  host?: { sourcePath?: string };
  dockerVolumeConfiguration?: {
    scope?: 'task' | 'shared';
    autoprovision?: boolean;
    driver?: string;
    driverOpts?: Record<string, string>;
    labels?: Record<string, string>;
  };
  efsVolumeConfiguration?: EfsVolumeConfiguration;
  s3filesVolumeConfiguration?: S3FilesVolumeConfiguration;
  fsxWindowsFileServerVolumeConfiguration?: FsxWindowsFileServerVolumeConfiguration;
  configuredAtLaunch?: boolean;
}

export interface Tag {
  key: string;
  value?: string;
}

export interface TaskDefinitionPlacementConstraint {
  type?: string;
  expression?: string;
}

export interface TaskDefinition {
  family: string;
  containerDefinitions: ContainerDefinition[];
  taskRoleArn?: string;
  executionRoleArn?: string;
  networkMode?: NetworkMode;
  volumes?: Volume[];
  placementConstraints?: TaskDefinitionPlacementConstraint[];
  requiresCompatibilities?: string[];
  cpu?: string;
  memory?: string;
  tags?: Tag[];
  pidMode?: 'host' | 'task';
  ipcMode?: 'host' | 'task' | 'none';
  /** Validated by schema.ts (fields.ts has the shapes); kept loose as ecs-local only notes them. */
  proxyConfiguration?: unknown;
  inferenceAccelerators?: unknown[];
  ephemeralStorage?: { sizeInGiB: number };
  runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string };
  enableFaultInjection?: boolean;
  /** Present in describe-task-definition output; kept for metadata (the other read-only fields are dropped). */
  revision?: number;
  taskDefinitionArn?: string;
}

/** Which of the accepted input shapes the file had. */
export type TaskDefinitionShape = 'task-definition' | 'describe-task-definition' | 'container-definitions';

/** A task definition read from a file, with where each value came from for messages. */
export interface LoadedTaskDefinition {
  file: string;
  shape: TaskDefinitionShape;
  /**
   * Validated against the ECS API model; run `checkRegistration` (register-rules.ts) before using it,
   * as ECS would refuse some definitions that are well-typed.
   */
  taskDefinition: TaskDefinition;
  /** Non-fatal findings (unknown fields, fields ecs-local ignores), one line each. */
  warnings: string[];
  /** `file:line:col` for a path such as `containerDefinitions[0].secrets[1].valueFrom`, if known. */
  locate(path: string): string;
}
