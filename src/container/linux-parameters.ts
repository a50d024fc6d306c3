/**
 * `linuxParameters` and `ulimits` → Docker HostConfig, as the ECS agent maps them ([DOC]
 * API_LinuxParameters, API_Device, API_Tmpfs, API_Ulimit). Sizes in the task definition are MiB.
 */
import type { DockerUlimit, HostConfig } from '../docker/types.js';
import type { Device, LinuxParameters, Ulimit } from '../taskdef/types.js';
import { containerPath, fieldWarning } from './warning.js';

export const MIB = 1024 * 1024;

/** [DOC] API_LinuxParameters `swappiness`: 60 when `maxSwap` is set and swappiness is not. */
const DEFAULT_SWAPPINESS = 60;

export interface MappedLinuxParameters {
  hostConfig: HostConfig;
  warnings: string[];
}

/** `read`/`write`/`mknod` → Docker's `rwm`; none listed means all three ([DOC] API_Device). */
export function cgroupPermissions(permissions: Device['permissions']): string {
  if (permissions === undefined || permissions.length === 0) return 'rwm';
  const letters = { read: 'r', write: 'w', mknod: 'm' } as const;
  return (['read', 'write', 'mknod'] as const)
    .filter((p) => permissions.includes(p))
    .map((p) => letters[p])
    .join('');
}

export function mapUlimits(ulimits: readonly Ulimit[] | undefined): DockerUlimit[] | undefined {
  if (ulimits === undefined || ulimits.length === 0) return undefined;
  return ulimits.map((u) => ({ Name: u.name, Soft: u.softLimit, Hard: u.hardLimit }));
}

export function mapLinuxParameters(
  params: LinuxParameters | undefined,
  memoryMiB: number | undefined,
  index: number,
  container: string,
): MappedLinuxParameters {
  const hostConfig: HostConfig = {};
  const warnings: string[] = [];
  if (params === undefined) return { hostConfig, warnings };
  if (params.capabilities?.add !== undefined && params.capabilities.add.length > 0) {
    hostConfig.CapAdd = [...params.capabilities.add];
  }
  if (params.capabilities?.drop !== undefined && params.capabilities.drop.length > 0) {
    hostConfig.CapDrop = [...params.capabilities.drop];
  }
  if (params.devices !== undefined && params.devices.length > 0) {
    hostConfig.Devices = params.devices.map((d) => ({
      PathOnHost: d.hostPath,
      PathInContainer: d.containerPath ?? d.hostPath,
      CgroupPermissions: cgroupPermissions(d.permissions),
    }));
  }
  if (params.initProcessEnabled === true) hostConfig.Init = true;
  if (params.sharedMemorySize !== undefined) hostConfig.ShmSize = params.sharedMemorySize * MIB;
  if (params.tmpfs !== undefined && params.tmpfs.length > 0) {
    hostConfig.Tmpfs = {};
    for (const t of params.tmpfs) {
      hostConfig.Tmpfs[t.containerPath] = [...(t.mountOptions ?? []), `size=${t.size}m`].join(',');
    }
  }
  if (params.maxSwap !== undefined) {
    if (memoryMiB === undefined) {
      // Docker refuses a swap limit without a memory limit.
      warnings.push(
        fieldWarning(
          containerPath(index, 'linuxParameters.maxSwap'),
          container,
          'not applied: Docker needs the container-level "memory" to limit swap',
        ),
      );
    } else {
      // [DOC] docker's --memory-swap is memory + maxSwap; maxSwap 0 means no swap at all.
      hostConfig.MemorySwap = (memoryMiB + params.maxSwap) * MIB;
      hostConfig.MemorySwappiness = params.swappiness ?? DEFAULT_SWAPPINESS;
    }
  } else if (params.swappiness !== undefined) {
    // [DOC] swappiness is only used together with maxSwap.
    warnings.push(
      fieldWarning(containerPath(index, 'linuxParameters.swappiness'), container, 'not applied without maxSwap, as in ECS'),
    );
  }
  return { hostConfig, warnings };
}
