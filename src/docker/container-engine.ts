/**
 * The seam between ecs-local and a container engine: the verbs the runtime, the endpoints and the
 * commands use, in our own types (./types.ts), with the benign status codes (304 already stopped,
 * 404 already gone) settled behind it. `ContainerEngine` (engine.ts) implements it over dockerode for
 * every engine speaking Docker's API (Docker, Podman's compatible socket, a remote or Desktop
 * engine); unit tests drive the task supervisor through a fake. What differs between engines is
 * found once, at connect time, in the engine's `profile` (profile.ts).
 */
import type { Readable } from 'node:stream';
import type { EngineProfile } from './profile.js';
import type { ContainerCreateOptions, ContainerInspect } from './types.js';

export interface EngineVersion {
  version: string;
  apiVersion: string;
  /** Go's GOARCH of the engine: `amd64`, `arm64`, ... */
  arch: string;
  os: string;
}

/** Docker's AuthConfig for a pull: a user and password, or an identity token (OAuth refresh token). */
export interface RegistryCredentials {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress?: string;
}

export interface PullProgress {
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
}

export interface PublishedPort {
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

export type HealthStatus = 'starting' | 'healthy' | 'unhealthy';

export interface ContainerState {
  /** Docker's status: created, running, exited, dead, ... */
  status: string;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  /** Docker's `State.Error` (why the container could not run), empty if none. */
  error: string;
  startedAt?: Date;
  finishedAt?: Date;
  /** Present only for containers with a health check. */
  health?: HealthStatus;
}

export interface ContainerDetails {
  id: string;
  /** Without Docker's leading `/`. */
  name: string;
  image: string;
  labels: Record<string, string>;
  tty: boolean;
  state: ContainerState;
  ports: PublishedPort[];
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  /** created, running, exited, ... */
  state: string;
  /** Docker's human status, e.g. `Up 3 minutes`. */
  status: string;
  created: Date;
  /** The ports it publishes on the host. */
  ports: PublishedPort[];
}

export interface VolumeSummary {
  name: string;
  labels: Record<string, string>;
}

export interface DockerEvent {
  type: string;
  action: string;
  id: string;
  attributes: Record<string, string>;
  time: Date;
}

export interface LogOptions {
  signal?: AbortSignal;
  /** Only output from this time on (seconds since the epoch, fractions allowed). */
  sinceSeconds?: number;
  /** Only the last `tail` lines (of each stream, as Docker counts them). */
  tail?: number;
}

export interface ContainerLogs {
  stdout: Readable;
  stderr: Readable;
}

/** A container attached to with `attach`. */
export interface AttachedContainer {
  /** Its stdout and stderr, merged; ends when its streams close (it exited) or on `close()`. */
  output: Readable;
  /** Writes to its stdin. */
  write(text: string): void;
  /** Detaches (the container runs on). */
  close(): void;
}

/** A Docker API error with the daemon's own message. */
export class DockerApiError extends Error {
  constructor(
    readonly operation: string,
    readonly statusCode: number | undefined,
    /** The daemon's message as the Go client prints it: `Error response from daemon: <message>`. */
    readonly daemonMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${operation}: ${daemonMessage}`, options);
    this.name = 'DockerApiError';
  }
}


/** What a command run in a container (`docker exec`) gave. */
export interface ExecResult {
  exitCode: number;
  /** Its stdout and stderr, merged, cut to the last 4 KiB (as Docker keeps of a health check). */
  output: string;
}

/** The streams of an interactive exec (`docker exec -i [-t]`, `aws ecs execute-command --interactive`). */
export interface ExecStreams {
  /** Copied to the command's stdin; its end closes that stdin. Absent: no stdin. */
  stdin?: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  /** The command's stderr (with a TTY, everything comes on stdout, as Docker sends it). */
  stderr: NodeJS.WritableStream;
  /** Aborted: the connection is closed (the command runs on if the engine lets it). */
  signal?: AbortSignal;
  /** Run the command on a pseudo-terminal of this size. */
  tty?: TerminalSize & {
    /**
     * Calls `resize` whenever the user's terminal changes size (as `docker exec -t` follows
     * SIGWINCH); returns what stops it.
     */
    onResize?: (resize: (size: TerminalSize) => Promise<void>) => () => void;
  };
}

export interface TerminalSize {
  rows: number;
  columns: number;
}

export interface NetworkSpec {
  name: string;
  labels: Record<string, string>;
  /** An IPv4 subnet such as `169.254.170.0/24`, and its gateway. */
  subnet: string;
  gateway: string;
  /** No route out of the network (Docker's `--internal`). */
  internal: boolean;
  /** The driver's options (`docker network create -o`). */
  options?: Record<string, string>;
}

export interface ContainerEngine {
  /** Where the engine was reached, for messages (`unix:///var/run/docker.sock`). */
  readonly endpoint: string;
  /** What this engine is and allows, found once when connecting. */
  readonly profile: EngineProfile;

  ping(signal?: AbortSignal): Promise<void>;
  version(): Promise<EngineVersion>;

  imageExists(ref: string): Promise<boolean>;
  pullImage(ref: string, auth?: RegistryCredentials, onProgress?: (event: PullProgress) => void, platform?: string): Promise<void>;
  tagImage(source: string, repoTag: string): Promise<void>;
  importImage(rootfs: Buffer | Readable, repoTag: string, changes?: string[]): Promise<void>;
  removeImage(ref: string): Promise<void>;

  createContainer(options: ContainerCreateOptions): Promise<string>;
  /**
   * Hands on what the engine warned of when it created a container (create's `Warnings`: rootless
   * Podman on cgroup v1 ignoring limits, a memory limit without swap accounting), as
   * `<engine name>: <text>`, each distinct text once for this connection. Returns the unsubscribe.
   */
  onWarning(listener: (line: string) => void): () => void;
  start(id: string): Promise<void>;
  inspect(id: string): Promise<ContainerDetails>;
  inspectRaw(id: string): Promise<ContainerInspect>;
  stats(id: string): Promise<Record<string, unknown>>;
  wait(id: string, signal?: AbortSignal): Promise<number>;
  stop(id: string, timeoutSeconds: number): Promise<void>;
  kill(id: string, signal?: string): Promise<void>;
  remove(id: string, options?: { force?: boolean; volumes?: boolean }): Promise<void>;
  /**
   * Renames the container `idOrName` (`docker rename`). Docker refuses a rename to the name the
   * container has already (400) and answers 404 for a name no container has (any more): both are
   * thrown as DockerApiError, which the namespace pool's claim relies on.
   */
  rename(idOrName: string, newName: string): Promise<void>;
  logs(id: string, follow: boolean, options?: LogOptions): Promise<ContainerLogs>;
  /**
   * When the container's last line of output was logged (seconds since the epoch, to the
   * microsecond, the engine's clock); undefined when it has logged nothing.
   */
  lastLogTime(id: string): Promise<number | undefined>;
  attach(id: string): Promise<AttachedContainer>;
  exec(id: string, cmd: string[], options?: { signal?: AbortSignal }): Promise<ExecResult>;
  /** Runs `cmd` in the running container with `streams` attached; resolves to its exit code. */
  execAttached(id: string, cmd: string[], streams: ExecStreams): Promise<number>;
  listContainers(labels: Record<string, string>): Promise<ContainerSummary[]>;
  events(labels: Record<string, string>, signal: AbortSignal): AsyncGenerator<DockerEvent>;

  createNetwork(spec: NetworkSpec): Promise<string>;
  removeNetwork(name: string): Promise<void>;
  /** Joins a created (not yet started) or running container to `network` (`docker network connect`). */
  connectNetwork(network: string, containerId: string): Promise<void>;
  listNetworks(labels: Record<string, string>): Promise<{ id: string; name: string; labels: Record<string, string> }[]>;

  createVolume(name: string, labels: Record<string, string>, driver?: string, driverOpts?: Record<string, string>): Promise<void>;
  removeVolume(name: string, force?: boolean): Promise<void>;
  volumeExists(name: string): Promise<boolean>;
  listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]>;
}
