/**
 * The Engine API shapes ecs-local sends and reads, in the API's own spelling (Docker Engine API
 * v1.41, which Podman's compatible API speaks too). Ours, not dockerode's: the runtime, the
 * container specs and the endpoints build these, and only src/docker/ hands them to a client.
 * Only the fields ecs-local uses are listed.
 */

export interface DockerUlimit {
  Name: string;
  Soft: number;
  Hard: number;
}

export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
}

export interface HealthConfig {
  /** `["CMD-SHELL", "..."]`, `["CMD", ...]`, `["NONE"]`. */
  Test?: string[];
  /** Nanoseconds. */
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  Retries?: number;
}

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

export interface LogConfig {
  Type: string;
  Config?: Record<string, string>;
}

export interface HostConfig {
  NetworkMode?: string;
  AutoRemove?: boolean;
  Binds?: string[];
  VolumesFrom?: string[];
  Links?: string[];
  PortBindings?: Record<string, PortBinding[]>;
  PublishAllPorts?: boolean;
  ExtraHosts?: string[];
  Dns?: string[];
  DnsSearch?: string[];
  DnsOptions?: string[];
  CapAdd?: string[];
  CapDrop?: string[];
  Devices?: DeviceMapping[];
  Init?: boolean;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  SecurityOpt?: string[];
  Sysctls?: Record<string, string>;
  Tmpfs?: Record<string, string>;
  ShmSize?: number;
  Memory?: number;
  MemoryReservation?: number;
  MemorySwap?: number;
  MemorySwappiness?: number;
  CpuShares?: number;
  CpuPeriod?: number;
  CpuQuota?: number;
  Ulimits?: DockerUlimit[];
  PidMode?: string;
  IpcMode?: string;
  LogConfig?: LogConfig;
  RestartPolicy?: { Name: string; MaximumRetryCount?: number };
}

export interface EndpointSettings {
  IPAMConfig?: { IPv4Address?: string };
  Aliases?: string[];
}

/** `POST /containers/create`: `name` and `platform` go in the query, the rest is the body. */
export interface ContainerCreateOptions {
  name?: string;
  platform?: string;
  Image?: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  Labels?: Record<string, string>;
  WorkingDir?: string;
  User?: string;
  Hostname?: string;
  Domainname?: string;
  MacAddress?: string;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Tty?: boolean;
  NetworkDisabled?: boolean;
  ExposedPorts?: Record<string, Record<string, never>>;
  Healthcheck?: HealthConfig;
  StopTimeout?: number;
  StopSignal?: string;
  HostConfig?: HostConfig;
  NetworkingConfig?: { EndpointsConfig?: Record<string, EndpointSettings> };
}

export interface InspectNetwork {
  IPAddress?: string;
  IPPrefixLen: number;
  Gateway?: string;
  MacAddress?: string;
  GlobalIPv6Address?: string;
  GlobalIPv6PrefixLen?: number;
  IPv6Gateway?: string;
}

export interface InspectHealth {
  Status?: string;
  FailingStreak?: number;
  Log?: { Start?: string; End?: string; ExitCode?: number; Output?: string }[];
}

/** `GET /containers/{id}/json`, as the engine sent it. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Image: string;
  Created: string;
  State: {
    Status: string;
    Running: boolean;
    ExitCode: number;
    OOMKilled: boolean;
    Error?: string;
    StartedAt?: string;
    FinishedAt?: string;
    Health?: InspectHealth;
  };
  Config?: {
    Image?: string;
    Labels?: Record<string, string> | null;
    Tty?: boolean;
    Healthcheck?: HealthConfig;
  };
  HostConfig?: { NetworkMode?: string };
  Mounts?: { Type?: string; Name?: string; Source: string; Destination: string }[];
  NetworkSettings?: {
    Networks?: Record<string, InspectNetwork> | null;
    Ports?: Record<string, PortBinding[] | null> | null;
  };
}
