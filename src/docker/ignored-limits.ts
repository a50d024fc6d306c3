/**
 * Whether the engine kept the resource limits a container was created with. Pure. Some engines take
 * the limits and silently run the container without them: rootless Podman on cgroup v1 drops them
 * from the container ([OBS] Podman 4.3: create's `Warnings` says so only on its libpod API, the
 * Docker-compatible one answers `[]`; inspect then shows 0), and rootless Docker on cgroup v1 runs
 * every container without cgroups (`/info` CgroupDriver `none`, its create answers no warning and
 * inspect still shows the limits). Either way the user would never learn that the task's memory and
 * cpu are not enforced.
 */
import type { HostConfig } from './types.js';

type LimitField = 'Memory' | 'MemoryReservation' | 'NanoCpus' | 'CpuQuota' | 'CpuShares';

/** The fields that limit a container, by what the task definition calls them. */
const LIMITS: readonly (readonly [LimitField, 'memory' | 'cpu'])[] = [
  ['Memory', 'memory'],
  ['MemoryReservation', 'memory'],
  ['NanoCpus', 'cpu'],
  ['CpuQuota', 'cpu'],
  ['CpuShares', 'cpu'],
];

function limited(hc: HostConfig | undefined, field: LimitField): boolean {
  const v = (hc as Partial<Record<LimitField, number>> | undefined)?.[field];
  return typeof v === 'number' && v > 0;
}

/** Whether a create asks for any resource limit. */
export function asksForLimits(hc: HostConfig | undefined): boolean {
  return LIMITS.some(([field]) => limited(hc, field));
}

/** `memory`, `cpu` or both: what was asked for and is not on the created container. */
export function droppedLimits(asked: HostConfig | undefined, kept: HostConfig | undefined): string[] {
  const dropped = LIMITS.filter(([field]) => limited(asked, field) && !limited(kept, field)).map(([, name]) => name);
  return [...new Set(dropped)];
}

/**
 * The warning, after the engine's name. [INF] Our own words: the engine gives none over Docker's
 * API. Worded to fit whichever engine; a rootless one on cgroup v1 is the known cause.
 */
export function ignoredLimitsWarning(what: { dropped: string[] } | { cgroupDriver: 'none' }, rootless: boolean): string {
  const cause = rootless ? ' (a rootless engine on cgroup v1 cannot apply them)' : '';
  if ('cgroupDriver' in what) return `runs containers without cgroups (cgroup driver "none"): the task's memory and cpu limits are not enforced${cause}`;
  return `dropped the container's ${what.dropped.join(' and ')} limits: they are not enforced${cause}`;
}
