/**
 * What differs between the engines that speak Docker's API, found once at connect time from the
 * engine's own `/version` and `/info` and from where it was reached. Pure. Everything else in
 * ecs-local asks the profile instead of guessing from the engine's name.
 */

export type EngineKind = 'docker' | 'podman';

export interface EngineProfile {
  kind: EngineKind;
  /** For messages: `Docker 28.1.1`, `Podman 4.3.1`, `Docker Desktop 4.41.2`. */
  name: string;
  /** The engine's OS and Go architecture (`amd64`, `arm64`): what images it runs. */
  os: string;
  arch: string;
  /** Runs as an unprivileged user (rootless Docker or Podman). */
  rootless: boolean;
  /**
   * Its host is not this machine: reached over tcp:// or ssh://, or a VM (Docker Desktop, Colima,
   * OrbStack, a Podman machine). Its bridge, loopback and `host-gateway` are then not ours.
   */
  remote: boolean;
  /**
   * Where this machine reaches the ports the engine publishes on all its addresses: the engine's
   * host for an engine reached over tcp:// or ssh://, else `localhost` (a local engine, or a VM that
   * forwards published ports to this machine's loopback, as Docker Desktop does).
   */
  publishedHost: string;
  /** The name containers reach the engine's host by. */
  hostAlias: 'host.docker.internal' | 'host.containers.internal';
  /** Whether `ExtraHosts` understands `host-gateway` (Docker 20.10+; not Podman 4). */
  hostGateway: boolean;
  /** The network `NetworkMode: bridge` means. */
  defaultNetwork: string;
  /**
   * Whether the engine runs a container's HEALTHCHECK itself. Podman schedules health checks with
   * systemd timers, so without systemd (CI containers, WSL) the status stays `starting`.
   */
  runsHealthChecks: boolean;
  /**
   * Whether a container that others share namespaces with must be removed after them (Podman
   * refuses: "has dependent containers which must be removed before it").
   */
  removesDependentsFirst: boolean;
  /**
   * Whether inspect's `State.OOMKilled` says when the kernel killed a container at its memory limit
   * (Docker). [OBS] Podman 4.3 reports false for such a container (exit 137), under cgroup v1 and
   * the cgroupfs manager at least (containers/podman#13102).
   */
  reportsOomKilled: boolean;
  /**
   * Whether the engine takes Docker's legacy `Links` (Podman refuses: "link is not supported");
   * where it does not, ecs-local writes the linked names into the container's hosts file.
   */
  supportsLinks: boolean;
}

export interface VersionFacts {
  Version?: string;
  Os?: string;
  Arch?: string;
  /** The engine's kernel, which names a VM (`...-linuxkit`, `...-orbstack`). */
  KernelVersion?: string;
  Platform?: { Name?: string };
  Components?: { Name?: string; Version?: string }[] | null;
}

/** The sockets of engines that run in a VM on the user's machine. */
const VM_SOCKET = /\/\.(?:docker\/run|docker\/desktop|colima|orbstack|rd|lima)\//;

/** Engines that run in a VM on the user's machine (their host is not this machine's network). */
const DESKTOP = /docker desktop|colima|orbstack|rancher desktop|linuxkit|podman machine|fedora coreos/i;

/**
 * The profile from `/version` alone (the call that also tells the engine answers: `/info` is slower
 * and adds nothing needed), and the address the engine was reached at.
 */
export function engineProfile(version: VersionFacts, endpointHost: string, hasSystemd = false): EngineProfile {
  const components = version.Components ?? [];
  const podman = components.some((c) => /podman/i.test(c.Name ?? ''));
  const platform = version.Platform?.Name ?? '';
  const desktop = DESKTOP.test(platform) || DESKTOP.test(version.KernelVersion ?? '') || VM_SOCKET.test(endpointHost);
  const scheme = endpointHost.includes('://') ? endpointHost.slice(0, endpointHost.indexOf('://')) : 'tcp';
  // Newer rootless Docker lists rootlesskit among its components; Podman, and Debian's Docker 20.10
  // run by dockerd-rootless.sh ([OBS] this machine), do not say: [INF] a socket in a user's runtime
  // directory (/run/user/<uid>/docker.sock, /run/user/<uid>/podman/podman.sock) is a rootless engine's.
  const rootless = components.some((c) => /rootlesskit/i.test(c.Name ?? '')) || /^unix:\/\/\/run\/user\/\d+\//.test(endpointHost);
  const v = version.Version ?? '?';
  const name = podman ? `Podman ${v}` : /docker desktop/i.test(platform) ? platform.trim() : `Docker ${v}`;
  return {
    kind: podman ? 'podman' : 'docker',
    name,
    os: version.Os ?? 'linux',
    arch: version.Arch ?? 'amd64',
    rootless,
    remote: desktop || (scheme !== 'unix' && scheme !== 'npipe'),
    publishedHost: desktop || scheme === 'unix' || scheme === 'npipe' ? 'localhost' : hostOf(endpointHost),
    hostAlias: podman ? 'host.containers.internal' : 'host.docker.internal',
    hostGateway: !podman,
    defaultNetwork: podman ? 'podman' : 'bridge',
    // [INF] Podman runs health checks only through systemd timers; a Podman whose host runs
    // systemd (a workstation, a Podman machine) is trusted to, any other is probed by ecs-local.
    runsHealthChecks: !podman || hasSystemd,
    removesDependentsFirst: podman,
    reportsOomKilled: !podman,
    supportsLinks: !podman,
  };
}

/** The host of an engine address (`tcp://10.0.0.5:2375`, `ssh://ci@build`), as a URL names it. */
function hostOf(endpointHost: string): string {
  try {
    const host = new URL(endpointHost.includes('://') ? endpointHost : `tcp://${endpointHost}`).hostname;
    return host === '' ? 'localhost' : host;
  } catch {
    return 'localhost';
  }
}
