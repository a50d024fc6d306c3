/**
 * Test images built offline: no registry is reachable in CI sandboxes, so the integration suite
 * imports a busybox root filesystem made from the host's static `/bin/busybox`.
 */
import type { ContainerEngine } from '../../src/docker/container-engine.js';
import { ensureBusyboxImage as ensureImage } from '../../src/docker/busybox-image.js';

export const BUSYBOX_IMAGE = 'ecs-local-test/busybox:latest';

/** Builds `ecs-local-test/busybox:latest` if the engine lacks it. Throws (never skips) when it cannot. */
export async function ensureBusyboxImage(engine: ContainerEngine): Promise<string> {
  return ensureImage(engine, BUSYBOX_IMAGE);
}
