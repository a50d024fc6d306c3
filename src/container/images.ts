/**
 * What ECS reports for an image reference the container runtime cannot parse: the task stops with
 * CannotPullContainerError before any container is created, so `check` says so as well as `run`,
 * and no engine call is ever made with such a reference. Pure.
 */
import { EcsContainerErrors } from '../messages.js';
import { parseImageReference } from '../docker/reference.js';
import type { TaskDefinition } from '../taskdef/types.js';

/** The stoppedReason of the first container whose image does not parse, if any. */
export function imagePullFailure(td: TaskDefinition): string | undefined {
  for (const c of td.containerDefinitions) {
    const parsed = parseImageReference(c.image);
    if (!parsed.ok) return EcsContainerErrors.cannotPullContainer(parsed.error);
  }
  return undefined;
}
