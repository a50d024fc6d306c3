/**
 * Task `volumes` + container `mountPoints`/`volumesFrom` → Docker volumes and `Binds`.
 *
 * - `host.sourcePath` → a bind mount of that host path (relative paths are taken from the working
 *   directory [INF]; ECS requires absolute ones).
 * - `dockerVolumeConfiguration` → a Docker volume: scope `task` is created for the task and removed
 *   with it, named `ecs-local-<taskId>-<volume>`; scope `shared` is the volume named as in the task
 *   definition, created when missing only with `autoprovision` [DOC] (scope defaults to task [INF]).
 * - neither (an empty `host`) → an empty task-scoped Docker volume, as ECS gives [DOC].
 * - EFS / FSx for Windows → a persistent local volume standing in for the file system, with a
 *   warning [INF]: `ecs-local-efs-<fileSystemId>` / `ecs-local-fsx-<fileSystemId>`.
 */
import * as path from 'node:path';
import { Label } from '../docker/labels.js';
import { ClientException } from '../errors.js';
import { RegisterTaskDefinition } from '../messages.js';
import type { ContainerDefinition, Volume } from '../taskdef/types.js';
import { efsVolumeName, fsxVolumeName, taskVolumeName } from './names.js';
import type { VolumeSpec } from './spec.js';
import { containerPath, fieldWarning } from './warning.js';

/** Where a task volume's data lives locally: a host path, or a Docker volume by name. */
export type VolumeSource = { kind: 'bind'; hostPath: string } | { kind: 'volume'; dockerName: string };

export interface PlannedVolumes {
  volumes: VolumeSpec[];
  sources: Map<string, VolumeSource>;
  warnings: string[];
}

export function planVolumes(
  volumes: readonly Volume[] | undefined,
  ctx: { taskId: string; cwd: string; labels: Record<string, string> },
): PlannedVolumes {
  const planned: PlannedVolumes = { volumes: [], sources: new Map(), warnings: [] };
  (volumes ?? []).forEach((volume, i) => {
    const where = `volumes[${i}]`;
    const taskScoped = (extraLabels: Record<string, string> = {}, driver = 'local', driverOpts = {}): void => {
      const dockerName = taskVolumeName(ctx.taskId, volume.name);
      planned.volumes.push({
        name: volume.name,
        dockerName,
        scope: 'task',
        autoprovision: true,
        driver,
        driverOpts,
        labels: { ...extraLabels, ...ctx.labels },
      });
      planned.sources.set(volume.name, { kind: 'volume', dockerName });
    };
    const standIn = (dockerName: string, field: string, what: string): void => {
      planned.volumes.push({
        name: volume.name,
        dockerName,
        scope: 'shared',
        autoprovision: true,
        driver: 'local',
        driverOpts: {},
        labels: standInLabels(ctx.labels),
      });
      planned.sources.set(volume.name, { kind: 'volume', dockerName });
      planned.warnings.push(
        fieldWarning(`${where}.${field}`, undefined, `${what} is not reachable locally; using the local Docker volume "${dockerName}", kept between runs`),
      );
    };

    if (volume.configuredAtLaunch === true) {
      planned.warnings.push(
        fieldWarning(`${where}.configuredAtLaunch`, undefined, `volume "${volume.name}" is configured at launch in ECS; using an empty task volume`),
      );
      taskScoped();
      return;
    }
    if (volume.efsVolumeConfiguration !== undefined) {
      const id = volume.efsVolumeConfiguration.fileSystemId;
      standIn(efsVolumeName(id), 'efsVolumeConfiguration', `EFS file system ${id}`);
      return;
    }
    if (volume.fsxWindowsFileServerVolumeConfiguration !== undefined) {
      const raw = volume.fsxWindowsFileServerVolumeConfiguration['fileSystemId'];
      const id = typeof raw === 'string' && raw !== '' ? raw : volume.name;
      standIn(fsxVolumeName(id), 'fsxWindowsFileServerVolumeConfiguration', `FSx file system ${id}`);
      return;
    }
    const docker = volume.dockerVolumeConfiguration;
    if (docker !== undefined) {
      const driver = docker.driver ?? 'local';
      const driverOpts = { ...(docker.driverOpts ?? {}) };
      if ((docker.scope ?? 'task') === 'task') {
        taskScoped(docker.labels ?? {}, driver, driverOpts);
        return;
      }
      planned.volumes.push({
        name: volume.name,
        dockerName: volume.name,
        scope: 'shared',
        autoprovision: docker.autoprovision === true,
        driver,
        driverOpts,
        labels: { ...(docker.labels ?? {}) },
      });
      planned.sources.set(volume.name, { kind: 'volume', dockerName: volume.name });
      return;
    }
    const sourcePath = volume.host?.sourcePath;
    if (sourcePath !== undefined && sourcePath !== '') {
      planned.sources.set(volume.name, { kind: 'bind', hostPath: path.resolve(ctx.cwd, sourcePath) });
      return;
    }
    taskScoped();
  });
  return planned;
}

/**
 * [INF] A stand-in outlives its task and may serve others: it carries the managed label and the
 * family, so that `down` and `down --family` remove it, and the pid of the process that created it,
 * but no task id, so that no one task's cleanup (or `down --task`) takes its data away.
 */
function standInLabels(task: Record<string, string>): Record<string, string> {
  const labels: Record<string, string> = { [Label.managed]: 'true', [Label.role]: 'volume' };
  for (const key of [Label.family, Label.ownerPid]) {
    const value = task[key];
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

/**
 * `mountPoints` → Docker `Binds` (`source:target[:ro]`). A mount point naming no task volume is
 * what RegisterTaskDefinition rejects: ClientException `Unknown volume '<name>'.` [OBS].
 */
export function mountBinds(
  container: ContainerDefinition,
  index: number,
  sources: ReadonlyMap<string, VolumeSource>,
): { binds: string[]; warnings: string[] } {
  const binds: string[] = [];
  const warnings: string[] = [];
  (container.mountPoints ?? []).forEach((mount, i) => {
    const name = mount.sourceVolume ?? '';
    const source = sources.get(name);
    if (source === undefined) throw new ClientException(RegisterTaskDefinition.unknownVolume(name));
    if (mount.containerPath === undefined || mount.containerPath === '') {
      warnings.push(
        fieldWarning(containerPath(index, `mountPoints[${i}].containerPath`), container.name, 'missing; mount point skipped'),
      );
      return;
    }
    const from = source.kind === 'bind' ? source.hostPath : source.dockerName;
    binds.push(`${from}:${mount.containerPath}${mount.readOnly === true ? ':ro' : ''}`);
  });
  return { binds, warnings };
}
