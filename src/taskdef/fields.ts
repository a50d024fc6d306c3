/**
 * The RegisterTaskDefinition request as data: every field of the ECS API model (ecs 2014-11-13, as in
 * @aws-sdk/client-ecs 3.1178; types.ts checks the field names against it), its JSON type, and which fields are required. This is the one source
 * of the task definition's shape: schema.ts validates a file against it, and the TypeScript types
 * (`TaskDefinition`, `ContainerDefinition`, ...) are derived from it by `Infer`, so the two cannot
 * drift. Enum values are the model's; `strict` marks the enums ecs-local acts on (an unknown value
 * there is an error and the type is the union; elsewhere only a warning, typed `string`, as the model
 * gains values over time).
 */

export type TypeSpec =
  | { readonly kind: 'string'; readonly enum?: readonly string[]; readonly strict?: boolean }
  | { readonly kind: 'integer' }
  | { readonly kind: 'boolean' }
  /** A JSON object whose values are all strings (`dockerLabels`, `options`). */
  | { readonly kind: 'stringMap' }
  /** Task-level `cpu`/`memory`: a string in the API; a number (as Terraform writes) is read with a warning. */
  | { readonly kind: 'taskSize' }
  | { readonly kind: 'array'; readonly items: TypeSpec }
  | ObjectSpec;

export interface ObjectSpec {
  readonly kind: 'object';
  /** The API shape's name, for messages. */
  readonly name: string;
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Fields of describe-task-definition output: accepted silently and dropped. */
  readonly readOnly?: readonly string[];
}

export interface FieldSpec {
  readonly type: TypeSpec;
  readonly required?: boolean;
  /** An example value for the "missing required field" hint. */
  readonly example?: string;
  /** Read as this value when absent (see KeyValuePair.value). */
  readonly absentAs?: string;
}

/** The TypeScript type of a value that passed validation against spec `S` (schema.ts). */
export type Infer<S> = S extends { kind: 'string'; strict: true; enum: readonly (infer E)[] }
  ? E
  : S extends { kind: 'string' | 'taskSize' }
    ? string
    : S extends { kind: 'integer' }
      ? number
      : S extends { kind: 'boolean' }
        ? boolean
        : S extends { kind: 'stringMap' }
          ? Record<string, string>
          : S extends { kind: 'array'; items: infer I }
            ? Infer<I>[]
            : S extends { kind: 'object'; fields: infer F }
              ? InferFields<F>
              : never;

/** Required fields, and fields read as a default when absent, are always present after validation. */
type AlwaysPresent<F> = F extends { required: true } ? true : F extends { absentAs: string } ? true : false;
type FieldType<F> = F extends { type: infer T } ? T : never;
type Flatten<T> = { [K in keyof T]: T[K] } & {};
type InferFields<F> = Flatten<
  { -readonly [K in keyof F as AlwaysPresent<F[K]> extends true ? K : never]: Infer<FieldType<F[K]>> } & {
    -readonly [K in keyof F as AlwaysPresent<F[K]> extends true ? never : K]?: Infer<FieldType<F[K]>>;
  }
>;

const string = { kind: 'string' } as const;
const integer = { kind: 'integer' } as const;
const boolean = { kind: 'boolean' } as const;
const stringMap = { kind: 'stringMap' } as const;
const strings = { kind: 'array', items: string } as const;
/** An enum the model may extend: an unknown value is a warning, and the type stays `string`. */
const oneOf = <const V extends readonly string[]>(values: V) => ({ kind: 'string', enum: values }) as const;
/** An enum ecs-local acts on: an unknown value is an error, and the type is the union. */
const exactly = <const V extends readonly string[]>(values: V) => ({ kind: 'string', enum: values, strict: true }) as const;
const arrayOf = <const T extends TypeSpec>(items: T) => ({ kind: 'array', items }) as const;
const f = <const T extends TypeSpec>(type: T) => ({ type }) as const;
const req = <const T extends TypeSpec>(type: T, example?: string) => ({ type, required: true, ...(example ? { example } : {}) }) as const;
const obj = <const F extends Record<string, FieldSpec>>(name: string, fields: F, readOnly?: readonly string[]) =>
  ({ kind: 'object', name, fields, ...(readOnly ? { readOnly } : {}) }) as const;

/**
 * [INF] `name` and `value` are optional in the model. A missing `value` is read as "" (the agent's Go
 * string from a JSON null); a missing `name` is left for checkRegistration, which answers as ECS does.
 */
export const keyValuePair = obj('KeyValuePair', { name: f(string), value: { type: string, absentAs: '' } });

export const secret = obj('Secret', {
  name: req(string, '"DB_PASSWORD"'),
  valueFrom: req(string, '"arn:aws:secretsmanager:<region>:<account>:secret:<name>"'),
});

export const containerDefinition = obj('ContainerDefinition', {
  // Optional in the model, but ECS refuses a container without them.
  name: req(string, '"app"'),
  image: req(string, '"<repository>:<tag>"'),
  repositoryCredentials: f(obj('RepositoryCredentials', { credentialsParameter: req(string) })),
  cpu: f(integer),
  memory: f(integer),
  memoryReservation: f(integer),
  links: f(strings),
  portMappings: f(
    arrayOf(
      obj('PortMapping', {
        containerPort: f(integer),
        hostPort: f(integer),
        protocol: f(exactly(['tcp', 'udp'])),
        name: f(string),
        appProtocol: f(oneOf(['http', 'http2', 'grpc'])),
        containerPortRange: f(string),
      }),
    ),
  ),
  essential: f(boolean),
  restartPolicy: f(
    obj('ContainerRestartPolicy', {
      enabled: req(boolean, 'true'),
      ignoredExitCodes: f(arrayOf(integer)),
      restartAttemptPeriod: f(integer),
    }),
  ),
  entryPoint: f(strings),
  command: f(strings),
  environment: f(arrayOf(keyValuePair)),
  // `type` is checked by checkRegistration (ECS answers with a ClientException).
  environmentFiles: f(arrayOf(obj('EnvironmentFile', { value: req(string), type: req(string, '"s3"') }))),
  mountPoints: f(
    arrayOf(obj('MountPoint', { sourceVolume: f(string), containerPath: f(string), readOnly: f(boolean) })),
  ),
  volumesFrom: f(arrayOf(obj('VolumeFrom', { sourceContainer: f(string), readOnly: f(boolean) }))),
  linuxParameters: f(
    obj('LinuxParameters', {
      capabilities: f(obj('KernelCapabilities', { add: f(strings), drop: f(strings) })),
      devices: f(
        arrayOf(
          obj('Device', {
            hostPath: req(string),
            containerPath: f(string),
            permissions: f(arrayOf(exactly(['read', 'write', 'mknod']))),
          }),
        ),
      ),
      initProcessEnabled: f(boolean),
      sharedMemorySize: f(integer),
      tmpfs: f(
        arrayOf(obj('Tmpfs', { containerPath: req(string), size: req(integer), mountOptions: f(strings) })),
      ),
      maxSwap: f(integer),
      swappiness: f(integer),
    }),
  ),
  secrets: f(arrayOf(secret)),
  dependsOn: f(
    arrayOf(
      obj('ContainerDependency', {
        containerName: req(string),
        condition: req(exactly(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']), '"START"'),
      }),
    ),
  ),
  startTimeout: f(integer),
  stopTimeout: f(integer),
  versionConsistency: f(oneOf(['enabled', 'disabled'])),
  hostname: f(string),
  user: f(string),
  workingDirectory: f(string),
  disableNetworking: f(boolean),
  privileged: f(boolean),
  readonlyRootFilesystem: f(boolean),
  dnsServers: f(strings),
  dnsSearchDomains: f(strings),
  extraHosts: f(arrayOf(obj('HostEntry', { hostname: req(string), ipAddress: req(string) }))),
  dockerSecurityOptions: f(strings),
  interactive: f(boolean),
  pseudoTerminal: f(boolean),
  dockerLabels: f(stringMap),
  ulimits: f(
    arrayOf(
      obj('Ulimit', {
        name: req(
          exactly(['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack']),
          '"nofile"',
        ),
        softLimit: req(integer),
        hardLimit: req(integer),
      }),
    ),
  ),
  logConfiguration: f(
    obj('LogConfiguration', {
      logDriver: req(
        oneOf(['json-file', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'awsfirelens']),
        '"awslogs"',
      ),
      options: f(stringMap),
      secretOptions: f(arrayOf(secret)),
    }),
  ),
  healthCheck: f(
    obj('HealthCheck', {
      command: req(strings, '["CMD-SHELL", "curl -f http://localhost/ || exit 1"]'),
      interval: f(integer),
      timeout: f(integer),
      retries: f(integer),
      startPeriod: f(integer),
    }),
  ),
  systemControls: f(arrayOf(obj('SystemControl', { namespace: f(string), value: f(string) }))),
  resourceRequirements: f(
    arrayOf(
      obj('ResourceRequirement', {
        value: f(string),
        type: req(oneOf(['GPU', 'InferenceAccelerator', 'NeuronDevice']), '"GPU"'),
        // A union in the model; `nvidiaMps` is its only member so far.
        sharingStrategy: f(
          obj('SharingStrategy', {
            nvidiaMps: f(obj('NvidiaMpsAllocation', { memory: req(integer), maxComputePercent: f(integer) })),
          }),
        ),
      }),
    ),
  ),
  firelensConfiguration: f(
    obj('FirelensConfiguration', { type: req(oneOf(['fluentd', 'fluentbit']), '"fluentbit"'), options: f(stringMap) }),
  ),
  credentialSpecs: f(strings),
});

export const volume = obj('Volume', {
  // [INF] optional in the model, but a volume without a name cannot be mounted; required here.
  name: req(string, '"data"'),
  host: f(obj('HostVolumeProperties', { sourcePath: f(string) })),
  dockerVolumeConfiguration: f(
    obj('DockerVolumeConfiguration', {
      scope: f(exactly(['task', 'shared'])),
      autoprovision: f(boolean),
      driver: f(string),
      driverOpts: f(stringMap),
      labels: f(stringMap),
    }),
  ),
  efsVolumeConfiguration: f(
    obj('EFSVolumeConfiguration', {
      fileSystemId: req(string),
      rootDirectory: f(string),
      transitEncryption: f(oneOf(['ENABLED', 'DISABLED'])),
      transitEncryptionPort: f(integer),
      authorizationConfig: f(
        obj('EFSAuthorizationConfig', { accessPointId: f(string), iam: f(oneOf(['ENABLED', 'DISABLED'])) }),
      ),
    }),
  ),
  s3filesVolumeConfiguration: f(
    obj('S3FilesVolumeConfiguration', {
      fileSystemArn: req(string),
      rootDirectory: f(string),
      transitEncryptionPort: f(integer),
      accessPointArn: f(string),
    }),
  ),
  fsxWindowsFileServerVolumeConfiguration: f(
    obj('FSxWindowsFileServerVolumeConfiguration', {
      fileSystemId: req(string),
      rootDirectory: req(string),
      authorizationConfig: req(
        obj('FSxWindowsFileServerAuthorizationConfig', { credentialsParameter: req(string), domain: req(string) }),
      ),
    }),
  ),
  configuredAtLaunch: f(boolean),
});

/** `tags` of the request, and of describe-task-definition output (outside `taskDefinition`). */
export const tagList = arrayOf(obj('Tag', { key: req(string), value: f(string) }));

/** Read-only fields of describe-task-definition's TaskDefinition: accepted silently, then dropped. */
export const READ_ONLY_TASK_FIELDS = [
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/** Read-only fields of describe-task-definition that ecs-local keeps (for task metadata); not register input. */
export const KEPT_READ_ONLY: readonly string[] = ['revision', 'taskDefinitionArn'];

export const taskDefinitionSpec = obj(
  'TaskDefinition',
  {
    family: req(string, '"my-app"'),
    taskRoleArn: f(string),
    executionRoleArn: f(string),
    networkMode: f(exactly(['bridge', 'host', 'awsvpc', 'none'])),
    containerDefinitions: req(arrayOf(containerDefinition), '[{"name": "app", "image": "<repository>:<tag>"}]'),
    volumes: f(arrayOf(volume)),
    placementConstraints: f(
      arrayOf(obj('TaskDefinitionPlacementConstraint', { type: f(oneOf(['memberOf'])), expression: f(string) })),
    ),
    requiresCompatibilities: f(arrayOf(oneOf(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES']))),
    cpu: f({ kind: 'taskSize' }),
    memory: f({ kind: 'taskSize' }),
    tags: f(tagList),
    pidMode: f(exactly(['host', 'task'])),
    ipcMode: f(exactly(['host', 'task', 'none'])),
    proxyConfiguration: f(
      obj('ProxyConfiguration', {
        type: f(oneOf(['APPMESH'])),
        containerName: req(string),
        properties: f(arrayOf(keyValuePair)),
      }),
    ),
    inferenceAccelerators: f(arrayOf(obj('InferenceAccelerator', { deviceName: req(string), deviceType: req(string) }))),
    ephemeralStorage: f(obj('EphemeralStorage', { sizeInGiB: req(integer, '21') })),
    runtimePlatform: f(
      obj('RuntimePlatform', {
        cpuArchitecture: f(oneOf(['X86_64', 'ARM64'])),
        operatingSystemFamily: f(
          oneOf([
            'LINUX',
            'WINDOWS_SERVER_2004_CORE',
            'WINDOWS_SERVER_2016_FULL',
            'WINDOWS_SERVER_2019_CORE',
            'WINDOWS_SERVER_2019_FULL',
            'WINDOWS_SERVER_2022_CORE',
            'WINDOWS_SERVER_2022_FULL',
            'WINDOWS_SERVER_2025_CORE',
            'WINDOWS_SERVER_2025_FULL',
            'WINDOWS_SERVER_20H2_CORE',
          ]),
        ),
      }),
    ),
    enableFaultInjection: f(boolean),
    trustedExecutionConfiguration: f(
      obj('TrustedExecutionConfiguration', {
        isolationMode: req(oneOf(['SHARED', 'ISOLATED_SANDBOX', 'CONFIDENTIAL_SANDBOX']), '"SHARED"'),
        attestationPolicy: f(string),
      }),
    ),
    // Read-only fields that ecs-local keeps (KEPT_READ_ONLY); the rest of READ_ONLY_TASK_FIELDS is dropped.
    revision: f(integer),
    taskDefinitionArn: f(string),
  },
  READ_ONLY_TASK_FIELDS,
);

/** describe-task-definition output: `{"taskDefinition": {...}, "tags": [...]}`. */
export const describeOutputSpec = obj('DescribeTaskDefinitionResponse', {
  taskDefinition: req(taskDefinitionSpec),
  tags: f(tagList),
});
