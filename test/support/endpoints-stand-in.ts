/**
 * A stand-in for the engine's endpoints container: one of this version (its label), made from
 * `options`, in the place of the real one, to see ecs-local cope with an endpoints container that
 * is broken. The next task that finds it gone makes a working one.
 */
import type { ContainerEngine } from '../../src/docker/container-engine.js';
import type { ContainerCreateOptions } from '../../src/docker/types.js';
import { ENDPOINTS_CONTAINER, ENDPOINTS_LABEL, ENDPOINTS_PROTOCOL } from '../../src/endpoints/shared-container.js';
import { BUSYBOX_IMAGE } from './images.js';

export async function standInEndpoints(engine: ContainerEngine, options: ContainerCreateOptions): Promise<string> {
  await engine.remove(ENDPOINTS_CONTAINER, { force: true }).catch(() => undefined);
  return engine.createContainer({ ...options, name: ENDPOINTS_CONTAINER, Image: BUSYBOX_IMAGE, Labels: { [ENDPOINTS_LABEL]: ENDPOINTS_PROTOCOL } });
}
