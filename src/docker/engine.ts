/**
 * The one place ecs-local talks to Docker: a narrow set of verbs over dockerode, with Docker's
 * answers mapped to our own types and the benign status codes (304 already stopped, 404 already
 * gone) handled here, so the runtime never sees dockerode.
 */
import type Docker from 'dockerode';
import { createInterface } from 'node:readline';
import { PassThrough, Readable, type Duplex } from 'node:stream';
import { TaskFailedToStartError } from '../errors.js';
import { EcsContainerErrors } from '../messages.js';
import {
  DockerApiError,
  type AttachedContainer,
  type ContainerDetails,
  type ContainerEngine,
  type ContainerLogs,
  type ExecStreams,
  type LogOptions,
  type ContainerSummary,
  type DockerEvent,
  type EngineVersion,
  type ExecResult,
  type NetworkSpec,
  type PublishedPort,
  type PullProgress,
  type RegistryCredentials,
  type TerminalSize,
  type VolumeSummary,
} from './container-engine.js';
import { DockerStreamDemuxer, demuxBuffer } from './demux.js';
import { labelFilter } from './labels.js';
import { familiarName, repositoryAndTag } from './reference.js';
import type { EngineProfile, VersionFacts } from './profile.js';
import { asksForLimits, droppedLimits, ignoredLimitsWarning } from './ignored-limits.js';
import type { ContainerCreateOptions, ContainerInspect, HostConfig } from './types.js';

export { DockerApiError } from './container-engine.js';
export type * from './container-engine.js';

interface ModemError {
  statusCode?: number;
  json?: { message?: string } | null;
  message?: string;
}

/**
 * The daemon's message from a dockerode error, prefixed like the Docker Go client (which the ECS agent
 * uses) prints API errors. dockerode only puts the message in `json` for non-stream calls; for streams
 * it is inside `(HTTP code 404) unexpected - <message> `.
 */
export function daemonMessage(err: unknown): string {
  const e = (err ?? {}) as ModemError;
  if (typeof e.statusCode !== 'number') return e.message ?? String(err);
  let message = e.json && typeof e.json === 'object' ? e.json.message : undefined;
  if (!message && e.message) {
    const m = /^\(HTTP code \d+\) [^-]*- ([\s\S]*?) ?$/.exec(e.message);
    message = m ? m[1] : e.message;
  }
  return EcsContainerErrors.daemonResponse((message ?? '').trim());
}

function statusOf(err: unknown): number | undefined {
  const code = (err as ModemError | undefined)?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

function wrap(operation: string, err: unknown): DockerApiError {
  return new DockerApiError(operation, statusOf(err), daemonMessage(err), { cause: err });
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value || value.startsWith('0001-01-01')) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Maps `docker inspect` output to what the runtime needs. Pure. */
export function mapInspect(info: ContainerInspect): ContainerDetails {
  const health = info.State.Health?.Status;
  const ports: PublishedPort[] = [];
  const bindings = (info.NetworkSettings?.Ports ?? {}) as Record<string, { HostIp: string; HostPort: string }[] | null>;
  for (const [key, list] of Object.entries(bindings)) {
    const [port, protocol = 'tcp'] = key.split('/');
    for (const b of list ?? []) {
      ports.push({ containerPort: Number(port), protocol, hostIp: b.HostIp, hostPort: Number(b.HostPort) });
    }
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    image: familiarName(info.Config?.Image ?? info.Image),
    labels: info.Config?.Labels ?? {},
    tty: info.Config?.Tty ?? false,
    state: {
      status: info.State.Status,
      running: info.State.Running,
      exitCode: info.State.ExitCode,
      oomKilled: info.State.OOMKilled,
      error: info.State.Error ?? '',
      startedAt: parseDate(info.State.StartedAt),
      finishedAt: parseDate(info.State.FinishedAt),
      health: health === 'starting' || health === 'healthy' || health === 'unhealthy' ? health : undefined,
    },
    ports,
  };
}

export class DockerEngine implements ContainerEngine {
  constructor(
    readonly docker: Docker,
    /** Where the engine was reached, for messages (`unix:///var/run/docker.sock`). */
    readonly endpoint: string,
    readonly profile: EngineProfile,
    /** The `/version` answer connecting got (connect.ts), so that `version()` costs no second call. */
    private readonly versionFacts?: VersionFacts & { ApiVersion?: string },
  ) {}

  private readonly warningListeners = new Set<(line: string) => void>();
  /** The engine's warnings already handed on: each is said once per connection, not per container. */
  private readonly warned = new Set<string>();

  onWarning(listener: (line: string) => void): () => void {
    this.warningListeners.add(listener);
    return () => this.warningListeners.delete(listener);
  }

  private engineWarnings(warnings: unknown): void {
    if (!Array.isArray(warnings)) return;
    for (const w of warnings) this.engineWarning(typeof w === 'string' ? w.trim() : '');
  }

  private engineWarning(text: string): void {
    if (text === '' || this.warned.has(text)) return;
    this.warned.add(text);
    for (const listener of this.warningListeners) listener(`${this.profile.name}: ${text}`);
  }

  /** Whether the first container created with limits was looked at: an engine ignores all or none. */
  private limitsChecked = false;

  /**
   * Says when the engine took the limits a container asked for and will not enforce them (see
   * ignored-limits.ts): once per connection, at the first container with limits (one inspect, and
   * `/info` on rootless Docker). A failed look is no reason to fail the task: nothing is said then.
   */
  private async checkLimitsKept(id: string, asked: HostConfig | undefined): Promise<void> {
    if (this.limitsChecked || this.warningListeners.size === 0 || !asksForLimits(asked)) return;
    this.limitsChecked = true;
    try {
      const kept = (await this.docker.getContainer(id).inspect()) as { HostConfig?: HostConfig };
      const dropped = droppedLimits(asked, kept.HostConfig);
      if (dropped.length > 0) {
        this.engineWarning(ignoredLimitsWarning({ dropped }, this.profile.rootless));
      } else if (this.profile.kind === 'docker' && this.profile.rootless) {
        // Only rootless Docker runs without cgroups; `/info` is asked of it alone (~20 ms on Docker,
        // ~250 ms on Podman, against under 1 ms for the inspect).
        const info = (await this.docker.info()) as { CgroupDriver?: string };
        if (info.CgroupDriver === 'none') this.engineWarning(ignoredLimitsWarning({ cgroupDriver: 'none' }, this.profile.rootless));
      }
    } catch {
      // The container or the engine went away meanwhile: the task's own start will say so.
    }
  }

  async ping(signal?: AbortSignal): Promise<void> {
    // The typings miss ping's options, which dockerode does accept.
    const ping = this.docker.ping.bind(this.docker) as (opts: { abortSignal?: AbortSignal }) => Promise<unknown>;
    await ping({ abortSignal: signal });
  }

  async version(): Promise<EngineVersion> {
    const v: VersionFacts & { ApiVersion?: string } = this.versionFacts ?? (await this.docker.version());
    // An engine that leaves a field out (a partial Docker-compatible API) gets '' for it: unknown.
    return { version: v.Version ?? '', apiVersion: v.ApiVersion ?? '', arch: v.Arch ?? '', os: v.Os ?? '' };
  }

  async imageExists(ref: string): Promise<boolean> {
    try {
      await this.docker.getImage(ref).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw wrap(`inspect image ${ref}`, err);
    }
  }

  /**
   * Pulls `ref`. Failures become the task's ECS stoppedReason `CannotPullContainerError: <docker message>`,
   * whether the daemon refused the request or reported the error in the progress stream.
   */
  async pullImage(
    ref: string,
    auth?: RegistryCredentials,
    onProgress?: (event: PullProgress) => void,
    /** `linux/amd64`, `linux/arm64`: the variant of a multi-platform image (task `runtimePlatform`). */
    platform?: string,
  ): Promise<void> {
    const fail = (message: string, cause?: unknown): never => {
      throw new TaskFailedToStartError(EcsContainerErrors.cannotPullContainer(message), { cause });
    };
    let stream: NodeJS.ReadableStream;
    try {
      const options: Record<string, unknown> = {};
      if (auth) options.authconfig = auth;
      if (platform) options.platform = platform;
      stream = (await this.docker.pull(ref, options)) as NodeJS.ReadableStream;
    } catch (err) {
      return fail(daemonMessage(err), err);
    }
    const streamError = await new Promise<string | undefined>((resolve, reject) => {
      let failure: string | undefined;
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve(failure)),
        (event: PullProgress & { error?: string; errorDetail?: { message?: string } }) => {
          // The agent stops at the first `error` message in the stream and reports it verbatim.
          if (event.error !== undefined || event.errorDetail?.message !== undefined) {
            failure ??= event.error ?? event.errorDetail?.message;
          } else {
            onProgress?.(event);
          }
        },
      );
    }).catch((err: unknown) => (err instanceof Error ? err.message : String(err)));
    if (streamError !== undefined) fail(streamError);
  }

  /** Gives image `source` the name `repoTag` as well (`docker tag`). */
  async tagImage(source: string, repoTag: string): Promise<void> {
    const { repository, tag } = repositoryAndTag(repoTag);
    try {
      await this.docker.getImage(source).tag({ repo: repository, tag });
    } catch (err) {
      throw wrap(`tag image ${source} as ${repoTag}`, err);
    }
  }

  /**
   * Creates image `repoTag` from a root filesystem tar (`POST /images/create?fromSrc=-`), with
   * Dockerfile-style `changes` (`ENTRYPOINT [...]`, `ENV K=V`, ...) applied to its config.
   */
  async importImage(rootfs: Buffer | Readable, repoTag: string, changes: string[] = []): Promise<void> {
    const source = Buffer.isBuffer(rootfs) ? Readable.from([rootfs]) : rootfs;
    let stream: NodeJS.ReadableStream;
    try {
      // The whole reference in `repo`, as the docker CLI sends it: Podman ignores `tag` (and names
      // the image `:latest`), Docker parses a tag inside `repo`.
      stream = (await this.docker.importImage(source, { repo: repoTag, changes })) as NodeJS.ReadableStream;
    } catch (err) {
      throw wrap(`import image ${repoTag}`, err);
    }
    const failure = await new Promise<string | undefined>((resolve, reject) => {
      let error: string | undefined;
      this.docker.modem.followProgress(
        stream,
        (err: Error | null) => (err ? reject(err) : resolve(error)),
        (event: { error?: string }) => {
          if (event.error !== undefined) error ??= event.error;
        },
      );
    });
    if (failure !== undefined) throw new DockerApiError(`import image ${repoTag}`, undefined, failure);
    if (!(await this.imageExists(repoTag))) {
      throw new DockerApiError(`import image ${repoTag}`, undefined, `the engine imported the image without naming it ${repoTag}`);
    }
  }

  /** Removes the image (forced: also when containers use it); one already gone (404) is fine. */
  async removeImage(ref: string): Promise<void> {
    try {
      await this.docker.getImage(ref).remove({ force: true });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw wrap(`remove image ${ref}`, err);
    }
  }

  async createContainer(options: ContainerCreateOptions): Promise<string> {
    const { name, platform, ...body } = options;
    const query: Record<string, string> = {};
    if (name !== undefined) query.name = name;
    if (platform !== undefined) query.platform = platform;
    let id: string;
    try {
      // docker-modem copies every option into the URL unless `_query` is given: that would put the
      // environment (resolved secrets) in the request line. Only name and platform belong there.
      // dialled as dockerode's createContainer does, which keeps only the id and drops `Warnings`.
      const created = await new Promise<{ Id: string; Warnings?: unknown }>((resolve, reject) => {
        this.docker.modem.dial(
          {
            path: '/containers/create?',
            method: 'POST',
            options: { _query: query, _body: body },
            statusCodes: { 200: true, 201: true, 400: 'bad parameter', 404: 'no such container', 406: 'impossible to attach', 500: 'server error' },
          },
          (err, data) => (err ? reject(err) : resolve(data as { Id: string; Warnings?: unknown })),
        );
      });
      this.engineWarnings(created.Warnings);
      id = created.Id;
    } catch (err) {
      throw wrap(`create container ${options.name ?? ''}`.trim(), err);
    }
    await this.checkLimitsKept(id, body.HostConfig);
    return id;
  }

  async start(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).start();
    } catch (err) {
      if (statusOf(err) === 304) return; // already started
      throw wrap(`start container ${id}`, err);
    }
  }

  async inspect(id: string): Promise<ContainerDetails> {
    try {
      return mapInspect((await this.docker.getContainer(id).inspect()) as unknown as ContainerInspect);
    } catch (err) {
      throw wrap(`inspect container ${id}`, err);
    }
  }

  /** Docker's whole inspect document, for answers that report what Docker knows (task metadata). */
  async inspectRaw(id: string): Promise<ContainerInspect> {
    try {
      return (await this.docker.getContainer(id).inspect()) as unknown as ContainerInspect;
    } catch (err) {
      throw wrap(`inspect container ${id}`, err);
    }
  }

  /**
   * One sample of the container's resource usage (`docker stats --no-stream`): Docker's stats JSON
   * as the daemon sent it (its key order kept), with `precpu_stats` from the sample before.
   */
  async stats(id: string): Promise<Record<string, unknown>> {
    try {
      return (await this.docker.getContainer(id).stats({ stream: false })) as unknown as Record<string, unknown>;
    } catch (err) {
      throw wrap(`stats of container ${id}`, err);
    }
  }

  /** Resolves with the exit code once the container is not running (at once if it already exited). */
  async wait(id: string, signal?: AbortSignal): Promise<number> {
    try {
      const result = (await this.docker.getContainer(id).wait({ abortSignal: signal })) as { StatusCode: number };
      return result.StatusCode;
    } catch (err) {
      throw wrap(`wait for container ${id}`, err);
    }
  }

  /**
   * `docker stop`: SIGTERM (or the image's STOPSIGNAL), then SIGKILL after `timeoutSeconds`.
   * A container that is already stopped (304) or gone (404) is fine: the goal is reached.
   */
  async stop(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: timeoutSeconds });
    } catch (err) {
      const status = statusOf(err);
      if (status === 304 || status === 404) return;
      throw wrap(`stop container ${id}`, err);
    }
  }

  /** Sends `signal`; a container that is not running (409) or gone (404) is fine. */
  async kill(id: string, signal = 'SIGKILL'): Promise<void> {
    try {
      await this.docker.getContainer(id).kill({ signal });
    } catch (err) {
      const status = statusOf(err);
      if (status === 409 || status === 404 || status === 304) return;
      throw wrap(`kill container ${id}`, err);
    }
  }

  /** Removes the container; one already gone (404) or being removed (409) is fine. */
  async remove(id: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: options.force ?? false, v: options.volumes ?? false });
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) return;
      if (status === 409 && /already in progress/i.test(daemonMessage(err))) return;
      throw wrap(`remove container ${id}`, err);
    }
  }

  async rename(idOrName: string, newName: string): Promise<void> {
    try {
      await this.docker.getContainer(idOrName).rename({ name: newName });
    } catch (err) {
      throw wrap(`rename container ${idOrName}`, err);
    }
  }

  /** When the container's last line was logged, by the engine's clock (see ContainerEngine). */
  async lastLogTime(id: string): Promise<number | undefined> {
    try {
      const container = this.docker.getContainer(id);
      const { Config } = await container.inspect();
      const data = (await container.logs({ follow: false, stdout: true, stderr: true, timestamps: true, tail: 1 })) as unknown as Buffer;
      // `tail` counts lines of both streams together on Docker, of each on Podman: the later one.
      const text = Config?.Tty === true ? [data] : Object.values(demuxBuffer(data));
      const times = text.flatMap((b) => b.toString('utf8').split('\n')).map(logLineTime).filter((t): t is number => t !== undefined);
      return times.length > 0 ? Math.max(...times) : undefined;
    } catch (err) {
      throw wrap(`logs of container ${id}`, err);
    }
  }

  /**
   * The container's output split into stdout and stderr (raw for TTY containers, which Docker does not
   * multiplex). With `follow`, the streams stay open until the container stops.
   */
  async logs(id: string, follow: boolean, options: LogOptions = {}): Promise<ContainerLogs> {
    const { signal, sinceSeconds, tail } = options;
    const tailOption = tail === undefined ? {} : { tail };
    // Docker takes `since` as `<seconds>.<nanoseconds>`; 0 means from the start. Podman reads such
    // a number to the whole second only (so a restart would print the last run again), but reads
    // an RFC 3339 time exactly: to the millisecond here, rounded up, so that a `since` just after a
    // line never takes that line in.
    const since =
      sinceSeconds === undefined ? 0 : this.profile.kind === 'podman' ? new Date(Math.ceil(sinceSeconds * 1000)).toISOString() : sinceSeconds.toFixed(9);
    const container = this.docker.getContainer(id);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    try {
      const { Config } = await container.inspect();
      const tty = Config?.Tty ?? false;
      if (!follow) {
        const data = (await container.logs({
          follow: false,
          stdout: true,
          stderr: true,
          since: since as number,
          ...tailOption,
        })) as unknown as Buffer;
        if (tty) stdout.end(data);
        else {
          const split = demuxBuffer(data);
          stdout.end(split.stdout);
          stderr.end(split.stderr);
        }
        if (tty) stderr.end();
        return { stdout, stderr };
      }
      const source = (await container.logs({
        follow: true,
        stdout: true,
        stderr: true,
        since: since as number,
        ...tailOption,
        abortSignal: signal,
      })) as unknown as Readable;
      const seen = { stdout: 0, stderr: 0 };
      const toStdout = (c: Buffer): void => {
        seen.stdout += c.length;
        stdout.write(c);
      };
      const toStderr = (c: Buffer): void => {
        seen.stderr += c.length;
        stderr.write(c);
      };
      const demuxer = tty ? undefined : new DockerStreamDemuxer(toStdout, toStderr);
      source.on('data', (chunk: Buffer) => (demuxer ? demuxer.push(chunk) : toStdout(chunk)));
      let state: 'following' | 'catching-up' | 'done' = 'following';
      const finish = (): void => {
        if (state === 'done') return;
        state = 'done';
        stdout.end();
        stderr.end();
      };
      source.once('end', () => {
        // With a tail, what the stream delivered is not a prefix of a plain read: no catch-up.
        if (signal?.aborted || tail !== undefined) return finish();
        // Docker's follow stream ends with the container but can leave out its last line when that
        // line has no trailing newline; a plain read has it. Print what the stream did not deliver.
        state = 'catching-up';
        void (container.logs({ follow: false, stdout: true, stderr: true, since: since as number }) as unknown as Promise<Buffer>)
          .then((data) => {
            const all = tty ? { stdout: data, stderr: Buffer.alloc(0) } : demuxBuffer(data);
            if (all.stdout.length > seen.stdout) stdout.write(all.stdout.subarray(seen.stdout));
            if (all.stderr.length > seen.stderr) stderr.write(all.stderr.subarray(seen.stderr));
          })
          .catch(() => undefined)
          .finally(finish);
      });
      source.once('close', () => {
        if (state === 'following') finish();
      });
      // An aborted or broken log stream just ends the output; the container's exit is watched elsewhere.
      source.once('error', finish);
      return { stdout, stderr };
    } catch (err) {
      stdout.end();
      stderr.end();
      throw wrap(`logs of container ${id}`, err);
    }
  }

  /**
   * `docker attach` with stdin, for a container created with `OpenStdin` (and no TTY): what is
   * written goes to its stdin (on Podman after the attach request's own JSON body, which Podman
   * hands to stdin too: a protocol over stdin must skip to its first line of its own), its stdout and stderr come out merged, in order, on `output`, which
   * ends when the container's streams close. `close()` detaches; the container runs on.
   */
  async attach(id: string): Promise<AttachedContainer> {
    let socket: Duplex;
    try {
      socket = (await this.docker.getContainer(id).attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex;
    } catch (err) {
      throw wrap(`attach to container ${id}`, err);
    }
    const output = new PassThrough();
    const demuxer = new DockerStreamDemuxer(
      (c) => output.write(c),
      (c) => output.write(c),
    );
    socket.on('data', (chunk: Buffer) => demuxer.push(chunk));
    const finish = (): void => {
      if (!output.writableEnded) output.end();
    };
    socket.once('end', finish);
    socket.once('close', finish);
    // A broken connection just ends the output: the caller asks Docker how the container ended.
    socket.once('error', finish);
    return {
      output,
      write: (text) => {
        socket.write(text);
      },
      close: () => {
        socket.destroy();
        finish();
      },
    };
  }

  /**
   * Runs `cmd` in the running container (`docker exec`) and waits for it: its exit code and the
   * tail of its output. Used where the engine does not run health checks itself.
   */
  async exec(id: string, cmd: string[], options: { signal?: AbortSignal } = {}): Promise<ExecResult> {
    const keep = 4096;
    try {
      const exec = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
      const stream = (await exec.start({ hijack: true, stdin: false, abortSignal: options.signal } as Docker.ExecStartOptions)) as unknown as Readable;
      let output = Buffer.alloc(0);
      const add = (c: Buffer): void => {
        output = Buffer.concat([output, c]);
        if (output.length > keep * 2) output = output.subarray(output.length - keep);
      };
      const demuxer = new DockerStreamDemuxer(add, add);
      await new Promise<void>((resolve) => {
        stream.on('data', (chunk: Buffer) => demuxer.push(chunk));
        stream.once('end', resolve);
        stream.once('close', resolve);
        stream.once('error', () => resolve());
      });
      // The exit code is known once the stream ends; Podman records it a moment later.
      for (let i = 0; ; i++) {
        const info = await exec.inspect();
        if (!info.Running && info.ExitCode !== null) {
          return { exitCode: info.ExitCode, output: output.subarray(Math.max(0, output.length - keep)).toString('utf8') };
        }
        if (i >= 50) return { exitCode: -1, output: 'the engine did not report the exit code of the check' };
        await new Promise((r) => setTimeout(r, 20));
      }
    } catch (err) {
      throw wrap(`exec in container ${id}`, err);
    }
  }

  /**
   * `docker exec -i [-t]`: copies `streams.stdin` to the command's stdin (its end half-closes the
   * connection, which the engine passes on as EOF), the output to `stdout`/`stderr` (one raw stream
   * with a TTY), and resolves to the exit code once the engine records it.
   */
  async execAttached(id: string, cmd: string[], streams: ExecStreams): Promise<number> {
    const tty = streams.tty !== undefined;
    const withStdin = streams.stdin !== undefined;
    try {
      const exec = await this.docker.getContainer(id).exec({ Cmd: cmd, AttachStdin: withStdin, AttachStdout: true, AttachStderr: true, Tty: tty });
      const socket = (await exec.start({ hijack: true, stdin: withStdin, Tty: tty } as Docker.ExecStartOptions)) as unknown as Duplex;
      const resize = async (size: TerminalSize): Promise<void> => {
        await exec.resize({ h: size.rows, w: size.columns }).catch(() => undefined);
      };
      if (streams.tty !== undefined) await resize(streams.tty);
      const stopResizing = streams.tty?.onResize?.(resize);
      const demuxer = tty
        ? undefined
        : new DockerStreamDemuxer(
            (c) => streams.stdout.write(c),
            (c) => streams.stderr.write(c),
          );
      const stdin = streams.stdin;
      const toSocket = (c: Buffer | string): void => {
        socket.write(c);
      };
      // The end of stdin is EOF to the command: a half-close of the connection, or on a TTY, which
      // ignores that (the engine then closes the stream while the command runs on), a Ctrl-D.
      const endSocket = (): void => {
        if (tty) socket.write('\x04');
        else socket.end();
      };
      stdin?.on('data', toSocket);
      stdin?.once('end', endSocket);
      const hangUp = (): void => {
        socket.destroy();
      };
      if (streams.signal?.aborted === true) hangUp();
      streams.signal?.addEventListener('abort', hangUp, { once: true });
      try {
        await new Promise<void>((resolve) => {
          socket.on('data', (chunk: Buffer) => (demuxer ? demuxer.push(chunk) : streams.stdout.write(chunk)));
          socket.once('end', resolve);
          socket.once('close', resolve);
          socket.once('error', () => resolve());
        });
      } finally {
        streams.signal?.removeEventListener('abort', hangUp);
        stopResizing?.();
        stdin?.off('data', toSocket);
        stdin?.off('end', endSocket);
        socket.destroy();
      }
      // The exit code is known once the stream ends; Podman records it a moment later.
      for (let i = 0; ; i++) {
        const info = await exec.inspect();
        if (!info.Running && info.ExitCode !== null) return info.ExitCode;
        if (i >= 100) throw new DockerApiError(`exec in container ${id}`, undefined, 'the engine did not report the exit code of the command');
        await new Promise((r) => setTimeout(r, 20));
      }
    } catch (err) {
      if (err instanceof DockerApiError) throw err;
      throw wrap(`exec in container ${id}`, err);
    }
  }

  async createNetwork(spec: NetworkSpec): Promise<string> {
    try {
      const network = await this.docker.createNetwork({
        Name: spec.name,
        Driver: 'bridge',
        Internal: spec.internal,
        CheckDuplicate: true,
        Labels: spec.labels,
        ...(spec.options !== undefined ? { Options: spec.options } : {}),
        IPAM: { Driver: 'default', Config: [{ Subnet: spec.subnet, Gateway: spec.gateway }] },
      });
      return network.id;
    } catch (err) {
      throw wrap(`create network ${spec.name}`, err);
    }
  }

  /** Removes the network; one already gone (404) is fine. */
  async removeNetwork(name: string): Promise<void> {
    try {
      await this.docker.getNetwork(name).remove();
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw wrap(`remove network ${name}`, err);
    }
  }

  async connectNetwork(network: string, containerId: string): Promise<void> {
    try {
      await this.docker.getNetwork(network).connect({ Container: containerId });
    } catch (err) {
      throw wrap(`connect container ${containerId} to network ${network}`, err);
    }
  }

  async listNetworks(labels: Record<string, string>): Promise<{ id: string; name: string; labels: Record<string, string> }[]> {
    try {
      const list = await this.docker.listNetworks({ filters: { label: labelFilter(labels) } });
      return list.map((n) => ({ id: n.Id, name: n.Name, labels: n.Labels ?? {} }));
    } catch (err) {
      throw wrap('list networks', err);
    }
  }

  async createVolume(name: string, labels: Record<string, string>, driver?: string, driverOpts?: Record<string, string>): Promise<void> {
    try {
      await this.docker.createVolume({ Name: name, Labels: labels, Driver: driver ?? 'local', DriverOpts: driverOpts ?? {} });
    } catch (err) {
      throw wrap(`create volume ${name}`, err);
    }
  }

  /** Removes the volume; one already gone (404) is fine. */
  async removeVolume(name: string, force = false): Promise<void> {
    try {
      await this.docker.getVolume(name).remove({ force });
    } catch (err) {
      if (statusOf(err) === 404) return;
      throw wrap(`remove volume ${name}`, err);
    }
  }

  async volumeExists(name: string): Promise<boolean> {
    try {
      await this.docker.getVolume(name).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw wrap(`inspect volume ${name}`, err);
    }
  }

  /** All containers (running or not) carrying every label in `labels`. */
  async listContainers(labels: Record<string, string>): Promise<ContainerSummary[]> {
    try {
      const list = await this.docker.listContainers({ all: true, filters: { label: labelFilter(labels) } });
      return list.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? '').replace(/^\//, ''),
        image: familiarName(c.Image),
        labels: c.Labels ?? {},
        state: c.State,
        status: c.Status,
        created: new Date(c.Created * 1000),
        ports: (c.Ports ?? [])
          .filter((p) => p.PublicPort !== undefined && p.PublicPort > 0)
          .map((p) => ({ containerPort: p.PrivatePort, protocol: p.Type, hostIp: p.IP ?? '', hostPort: p.PublicPort })),
      }));
    } catch (err) {
      throw wrap('list containers', err);
    }
  }

  /** All volumes carrying every label in `labels`. */
  async listVolumes(labels: Record<string, string>): Promise<VolumeSummary[]> {
    try {
      const result = await this.docker.listVolumes({ filters: { label: labelFilter(labels) } });
      return (result.Volumes ?? []).map((v) => ({ name: v.Name, labels: v.Labels ?? {} }));
    } catch (err) {
      throw wrap('list volumes', err);
    }
  }

  /** Container events for objects carrying `labels`, until `signal` aborts. */
  async *events(labels: Record<string, string>, signal: AbortSignal): AsyncGenerator<DockerEvent> {
    let stream: Readable;
    try {
      stream = (await this.docker.getEvents({
        filters: { type: ['container'], label: labelFilter(labels) },
        abortSignal: signal,
      })) as unknown as Readable;
    } catch (err) {
      if (signal.aborted) return;
      throw wrap('events', err);
    }
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    // readline ends on the input's 'end' only; a destroyed (aborted) stream must close it explicitly.
    const close = (): void => {
      lines.close();
      stream.destroy();
    };
    if (signal.aborted) close();
    else signal.addEventListener('abort', close, { once: true });
    stream.once('error', () => lines.close());
    try {
      for await (const line of lines) {
        if (!line.trim()) continue;
        const e = JSON.parse(line) as {
          Type?: string;
          Action?: string;
          Actor?: { ID?: string; Attributes?: Record<string, string> };
          timeNano?: number;
          time?: number;
        };
        yield {
          type: e.Type ?? '',
          action: e.Action ?? '',
          id: e.Actor?.ID ?? '',
          attributes: e.Actor?.Attributes ?? {},
          time: new Date(e.timeNano ? e.timeNano / 1e6 : (e.time ?? 0) * 1000),
        };
      }
    } catch (err) {
      if (!signal.aborted) throw wrap('events', err);
    }
  }
}

/**
 * The time a line of `logs?timestamps=true` was logged, in seconds to the microsecond: its leading
 * RFC 3339 time (`2026-12-06T16:27:29.123456789Z `, or with an offset as Podman may write it). Pure.
 */
export function logLineTime(line: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d) /.exec(line);
  if (m === null) return undefined;
  const whole = Date.parse(`${m[1] ?? ''}${m[3] ?? ''}`);
  if (Number.isNaN(whole)) return undefined;
  const micros = Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
  return whole / 1000 + micros / 1e6;
}
