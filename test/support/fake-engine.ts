/**
 * An in-memory container engine behind the ContainerEngine interface, for unit tests of what drives
 * an engine (the task supervisor). Containers do what their `Cmd` says:
 *   ['run']                      run until stopped (exit 143 on SIGTERM, 137 on SIGKILL)
 *   ['exit', code, afterMs]      exit with `code` after `afterMs`
 *   ['ignore-term']              run until killed (a stop ends in SIGKILL after its timeout: 137)
 * and an exec exits with what `execExit` says for that container (default 0). Images exist once
 * pulled (from `pullable`), tagged or imported. Every call is
 * recorded in `calls`, for assertions on order.
 */
import { PassThrough } from 'node:stream';
import {
  DockerApiError,
  type ContainerDetails,
  type ContainerEngine,
  type ContainerSummary,
  type ExecResult,
  type ExecStreams,
  type LogOptions,
} from '../../src/docker/container-engine.js';
import { engineProfile, type EngineProfile } from '../../src/docker/profile.js';
import type { ContainerCreateOptions } from '../../src/docker/types.js';

interface FakeContainer {
  id: string;
  options: ContainerCreateOptions;
  status: 'created' | 'running' | 'exited';
  exitCode: number;
  startedAt?: Date;
  finishedAt?: Date;
  exited: Promise<void>;
  exit: (code: number) => void;
  timer?: NodeJS.Timeout;
}

export class FakeEngine implements ContainerEngine {
  readonly endpoint = 'fake://';
  readonly profile: EngineProfile;
  readonly containers = new Map<string, FakeContainer>();
  readonly calls: string[] = [];
  /** Exit code of an exec in the container named `name`, by how many execs it had before. */
  execExit: (name: string, nth: number) => number = () => 0;
  /**
   * The health Docker reports for a container with a health check; default `starting` (no health
   * loop, as Podman without systemd). Docker 20.10 reports `unhealthy` once a container has stopped.
   */
  healthOf: (name: string, status: FakeContainer['status']) => 'starting' | 'healthy' | 'unhealthy' = () => 'starting';
  /** How long `wait` takes to return after the exit (the round trip of Docker's wait call). */
  waitLatencyMs = 0;
  /** Names of containers whose create fails, with the daemon's message. */
  failCreate = new Map<string, string>();
  /** Images the engine has, and those its registry would give. */
  readonly images = new Set<string>();
  readonly pullable = new Set<string>();
  private readonly execs = new Map<string, number>();
  private next = 0;

  constructor(profile: Partial<EngineProfile> = {}) {
    this.profile = { ...engineProfile({ Version: 'fake' }, 'unix:///fake.sock'), ...profile };
  }

  private get(id: string): FakeContainer {
    const c = this.containers.get(id);
    if (c === undefined) throw new DockerApiError(`container ${id}`, 404, `Error response from daemon: No such container: ${id}`);
    return c;
  }

  nameOf(id: string): string {
    return this.containers.get(id)?.options.name ?? id;
  }

  async createContainer(options: ContainerCreateOptions): Promise<string> {
    const name = options.name ?? '';
    this.calls.push(`create ${name}`);
    const failure = [...this.failCreate].find(([n]) => name.endsWith(n));
    if (failure !== undefined) throw new DockerApiError(`create container ${name}`, 400, `Error response from daemon: ${failure[1]}`);
    const id = `fake${String(++this.next).padStart(60, '0')}`;
    let exit: (code: number) => void = () => undefined;
    const c: FakeContainer = { id, options, status: 'created', exitCode: 0, exited: Promise.resolve(), exit: () => undefined };
    c.exited = new Promise<void>((resolve) => {
      exit = (code) => {
        if (c.status !== 'running') return;
        clearTimeout(c.timer);
        c.status = 'exited';
        c.exitCode = code;
        c.finishedAt = new Date();
        this.calls.push(`exited ${name} ${code}`);
        resolve();
      };
    });
    c.exit = (code) => exit(code);
    this.containers.set(id, c);
    return id;
  }

  onWarning(): () => void {
    return () => undefined;
  }

  async start(id: string): Promise<void> {
    const c = this.get(id);
    this.calls.push(`start ${c.options.name ?? id}`);
    if (c.status === 'running') return;
    if (c.status === 'exited') {
      // A restart: a fresh run with a fresh exit.
      const options = c.options;
      this.containers.delete(id);
      const again = await this.createContainer(options);
      const fresh = this.get(again);
      this.containers.delete(again);
      fresh.id = id;
      this.containers.set(id, fresh);
      this.calls.pop();
      return this.start(id);
    }
    c.status = 'running';
    c.startedAt = new Date();
    const [verb, code, after] = c.options.Cmd ?? ['run'];
    if (verb === 'exit') c.timer = setTimeout(() => c.exit(Number(code)), Number(after));
  }

  async wait(id: string, signal?: AbortSignal): Promise<number> {
    const c = this.get(id);
    await Promise.race([
      c.exited,
      new Promise<void>((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
    ]);
    if (this.waitLatencyMs > 0) await new Promise((r) => setTimeout(r, this.waitLatencyMs));
    return c.exitCode;
  }

  async stop(id: string, timeoutSeconds: number): Promise<void> {
    const c = this.get(id);
    this.calls.push(`stop ${c.options.name ?? id}`);
    if ((c.options.Cmd ?? [])[0] === 'ignore-term') {
      setTimeout(() => c.exit(137), timeoutSeconds * 1000);
      return c.exited;
    }
    c.exit(143);
  }

  async kill(id: string): Promise<void> {
    const c = this.get(id);
    this.calls.push(`kill ${c.options.name ?? id}`);
    c.exit(137);
  }

  async remove(id: string): Promise<void> {
    this.calls.push(`remove ${this.nameOf(id)}`);
    const c = this.containers.get(id);
    if (c !== undefined) clearTimeout(c.timer);
    this.containers.delete(id);
  }

  /** As Docker: 404 for a name or id no container has, 400 for the name the container has already. */
  async rename(idOrName: string, newName: string): Promise<void> {
    const c = this.containers.get(idOrName) ?? [...this.containers.values()].find((x) => x.options.name === idOrName);
    if (c === undefined) throw new DockerApiError(`rename container ${idOrName}`, 404, `No such container: ${idOrName}`);
    if (c.options.name === newName) throw new DockerApiError(`rename container ${idOrName}`, 400, 'Renaming a container with the same name as its current name');
    if ([...this.containers.values()].some((x) => x.options.name === newName)) {
      throw new DockerApiError(`rename container ${idOrName}`, 409, `Conflict. The container name "/${newName}" is already in use`);
    }
    this.calls.push(`rename ${c.options.name ?? c.id} ${newName}`);
    c.options = { ...c.options, name: newName };
  }

  async inspect(id: string): Promise<ContainerDetails> {
    const c = this.get(id);
    return {
      id,
      name: c.options.name ?? id,
      image: c.options.Image ?? '',
      labels: c.options.Labels ?? {},
      tty: false,
      state: {
        status: c.status,
        running: c.status === 'running',
        exitCode: c.exitCode,
        oomKilled: false,
        error: '',
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        health: c.options.Healthcheck ? this.healthOf(c.options.name ?? id, c.status) : undefined,
      },
      ports: [],
    };
  }

  async exec(id: string, cmd: string[]): Promise<ExecResult> {
    const c = this.get(id);
    const name = c.options.name ?? id;
    const nth = this.execs.get(name) ?? 0;
    this.execs.set(name, nth + 1);
    this.calls.push(`exec ${name} ${cmd.join(' ')}`);
    if (c.status !== 'running') throw new DockerApiError('exec', 409, `Error response from daemon: container ${id} is not running`);
    return { exitCode: this.execExit(name, nth), output: '' };
  }

  /** An attached exec: writes `exec <cmd>` to stdout and exits with `execExit`, as `exec` does. */
  async execAttached(id: string, cmd: string[], streams: ExecStreams): Promise<number> {
    const c = this.get(id);
    const name = c.options.name ?? id;
    this.calls.push(`exec-attached ${name}${streams.tty ? ' tty' : ''} ${cmd.join(' ')}`);
    if (c.status !== 'running') throw new DockerApiError('exec', 409, `Error response from daemon: container ${id} is not running`);
    streams.stdout.write(`exec ${cmd.join(' ')}\n`);
    const nth = this.execs.get(name) ?? 0;
    this.execs.set(name, nth + 1);
    return this.execExit(name, nth);
  }

  /** What `logs` gives for the container named `name` (nothing by default). */
  output = new Map<string, { stdout?: string; stderr?: string }>();

  async lastLogTime(_id: string): Promise<number | undefined> {
    return undefined;
  }

  async logs(id: string, follow: boolean, options: LogOptions = {}): Promise<{ stdout: PassThrough; stderr: PassThrough }> {
    const name = this.get(id).options.name ?? id;
    const extra = [options.sinceSeconds !== undefined ? ` since=${options.sinceSeconds}` : '', options.tail !== undefined ? ` tail=${options.tail}` : ''].join('');
    this.calls.push(`logs ${name}${follow ? ' follow' : ''}${extra}`);
    const out = this.output.get(name) ?? {};
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.end(out.stdout ?? '');
    stderr.end(out.stderr ?? '');
    return { stdout, stderr };
  }

  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    return [...this.containers.values()]
      .filter((c) => Object.entries(labels).every(([k, v]) => (v === '' ? c.options.Labels?.[k] !== undefined : c.options.Labels?.[k] === v)))
      .map((c) => ({
        id: c.id,
        name: c.options.name ?? c.id,
        image: c.options.Image ?? '',
        labels: c.options.Labels ?? {},
        state: c.status,
        status: c.status,
        created: new Date(),
        ports: [],
      }));
  }

  // Not used by the supervisor: a test reaching one of these is a test of something else.
  private missing(what: string): never {
    throw new Error(`FakeEngine: ${what} is not faked`);
  }
  ping = async (): Promise<void> => undefined;
  version = async () => ({ version: 'fake', apiVersion: '1.41', arch: this.profile.arch, os: this.profile.os });
  imageExists = async (ref: string): Promise<boolean> => this.images.has(ref);
  pullImage = async (ref: string): Promise<void> => {
    this.calls.push(`pull ${ref}`);
    if (!this.pullable.has(ref)) throw new Error(`CannotPullContainerError: Error response from daemon: pull access denied for ${ref}`);
    this.images.add(ref);
  };
  tagImage = async (source: string, repoTag: string): Promise<void> => {
    this.calls.push(`tag ${source} ${repoTag}`);
    this.images.add(repoTag);
  };
  importImage = async (_rootfs: unknown, repoTag: string): Promise<void> => {
    this.calls.push(`import ${repoTag}`);
    this.images.add(repoTag);
  };
  removeImage = async (): Promise<void> => this.missing('removeImage');
  inspectRaw = async (): Promise<never> => this.missing('inspectRaw');
  stats = async (): Promise<never> => this.missing('stats');
  attach = async (): Promise<never> => this.missing('attach');
  // eslint-disable-next-line require-yield
  async *events(): AsyncGenerator<never> {
    this.missing('events');
  }
  createNetwork = async (): Promise<never> => this.missing('createNetwork');
  removeNetwork = async (): Promise<never> => this.missing('removeNetwork');
  listNetworks = async (): Promise<never> => this.missing('listNetworks');
  connectNetwork = async (network: string, id: string): Promise<void> => {
    this.calls.push(`connect ${this.nameOf(id)} ${network}`);
  };
  createVolume = async (): Promise<never> => this.missing('createVolume');
  removeVolume = async (): Promise<never> => this.missing('removeVolume');
  volumeExists = async (): Promise<never> => this.missing('volumeExists');
  listVolumes = async (): Promise<never> => this.missing('listVolumes');
}
