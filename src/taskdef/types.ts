/**
 * The task definition as RegisterTaskDefinition takes it (`aws ecs register-task-definition
 * --cli-input-json`), field names and casing exactly as the ECS API. Every type here is derived from
 * the one description in fields.ts (what schema.ts validates a file against), so a field added there
 * is typed here, and nothing a user wrote is dropped silently.
 */
import type * as Sdk from '@aws-sdk/client-ecs';
import type { Infer, containerDefinition, keyValuePair, secret, taskDefinitionSpec, volume } from './fields.js';

export type LaunchType = 'FARGATE' | 'EC2';

/** A task definition that passed validation (schema.ts); run `checkRegistration` before using it. */
export type TaskDefinition = Infer<typeof taskDefinitionSpec>;
export type ContainerDefinition = Infer<typeof containerDefinition>;
export type Volume = Infer<typeof volume>;
/** A missing `value` reads as "" (the agent's Go string from a JSON null); a blank `name` is refused by `checkRegistration`. */
export type KeyValuePair = Infer<typeof keyValuePair>;
/** A `secrets` or `secretOptions` entry. `valueFrom` is an ARN or an SSM parameter name. */
export type Secret = Infer<typeof secret>;

type Item<T> = T extends readonly (infer I)[] ? I : never;
export type NetworkMode = NonNullable<TaskDefinition['networkMode']>;
export type Tag = Item<NonNullable<TaskDefinition['tags']>>;
export type EnvironmentFile = Item<NonNullable<ContainerDefinition['environmentFiles']>>;
export type RepositoryCredentials = NonNullable<ContainerDefinition['repositoryCredentials']>;
export type LogConfiguration = NonNullable<ContainerDefinition['logConfiguration']>;
export type PortMapping = Item<NonNullable<ContainerDefinition['portMappings']>>;
export type MountPoint = Item<NonNullable<ContainerDefinition['mountPoints']>>;
export type VolumeFrom = Item<NonNullable<ContainerDefinition['volumesFrom']>>;
export type ContainerDependency = Item<NonNullable<ContainerDefinition['dependsOn']>>;
export type DependencyCondition = ContainerDependency['condition'];
export type HealthCheck = NonNullable<ContainerDefinition['healthCheck']>;
export type Ulimit = Item<NonNullable<ContainerDefinition['ulimits']>>;
export type LinuxParameters = NonNullable<ContainerDefinition['linuxParameters']>;
export type Tmpfs = Item<NonNullable<LinuxParameters['tmpfs']>>;
export type Device = Item<NonNullable<LinuxParameters['devices']>>;
export type HostEntry = Item<NonNullable<ContainerDefinition['extraHosts']>>;
export type SystemControl = Item<NonNullable<ContainerDefinition['systemControls']>>;
export type RestartPolicy = NonNullable<ContainerDefinition['restartPolicy']>;
export type EfsVolumeConfiguration = NonNullable<Volume['efsVolumeConfiguration']>;
export type FsxWindowsFileServerVolumeConfiguration = NonNullable<Volume['fsxWindowsFileServerVolumeConfiguration']>;
export type S3FilesVolumeConfiguration = NonNullable<Volume['s3filesVolumeConfiguration']>;
export type TaskDefinitionPlacementConstraint = Item<NonNullable<TaskDefinition['placementConstraints']>>;

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

/*
 * The description in fields.ts is checked against @aws-sdk/client-ecs's model at compile time: a field
 * the SDK has and fields.ts lacks (or the reverse) fails `npm run typecheck`, naming the field.
 */
type SameKeys<Ours, Sdk> = [Exclude<keyof Ours, keyof Sdk>, Exclude<keyof Sdk, keyof Ours>] extends [never, never]
  ? true
  : { onlyInFieldsTs: Exclude<keyof Ours, keyof Sdk>; onlyInSdk: Exclude<keyof Sdk, keyof Ours> };
type Assert<T extends true> = T;
export type FieldsMatchSdk = [
  Assert<SameKeys<Omit<TaskDefinition, 'revision' | 'taskDefinitionArn'>, Sdk.RegisterTaskDefinitionRequest>>,
  Assert<SameKeys<ContainerDefinition, Sdk.ContainerDefinition>>,
  Assert<SameKeys<Volume, Sdk.Volume>>,
  Assert<SameKeys<LogConfiguration, Sdk.LogConfiguration>>,
  Assert<SameKeys<PortMapping, Sdk.PortMapping>>,
  Assert<SameKeys<LinuxParameters, Sdk.LinuxParameters>>,
];
