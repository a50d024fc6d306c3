/**
 * Operating systems a local engine cannot give a task. Pure.
 */
import type { TaskDefinition } from './types.js';

/** Why the task's operating system cannot run locally, or undefined when it can (Linux, or unset). */
export function unsupportedOperatingSystem(td: TaskDefinition): string | undefined {
  const os = td.runtimePlatform?.operatingSystemFamily;
  if (os === undefined || os === 'LINUX') return undefined;
  return `runtimePlatform.operatingSystemFamily is ${os}: Windows containers are not supported locally (ecs-local runs Linux containers on a Linux engine)`;
}
