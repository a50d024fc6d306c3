/**
 * Deterministic Docker names for a task's objects, so that `volumesFrom`, `links` and cleanup can
 * refer to a container before it exists, and two runs of one family never collide (task id).
 */

/** Docker accepts `[a-zA-Z0-9][a-zA-Z0-9_.-]*` for container and volume names. */
export function sanitizeDockerName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_.-]/g, '-');
  return /^[a-zA-Z0-9]/.test(cleaned) ? cleaned : `x${cleaned}`;
}

/** `ecs-local-<family>-<first 8 of task id>-<container>`. */
export function dockerContainerName(family: string, taskId: string, container: string): string {
  return sanitizeDockerName(`ecs-local-${family}-${taskId.slice(0, 8)}-${container}`);
}

/** A task-scoped Docker volume: `ecs-local-<taskId>-<volume>`. */
export function taskVolumeName(taskId: string, volume: string): string {
  return sanitizeDockerName(`ecs-local-${taskId}-${volume}`);
}

/** The local stand-in for an EFS file system, shared by every task that mounts it. */
export function efsVolumeName(fileSystemId: string): string {
  return sanitizeDockerName(`ecs-local-efs-${fileSystemId}`);
}

/** The local stand-in for an FSx for Windows File Server file system. */
export function fsxVolumeName(fileSystemId: string): string {
  return sanitizeDockerName(`ecs-local-fsx-${fileSystemId}`);
}
