/**
 * Test images built offline: no registry is reachable in CI sandboxes, so the integration suite
 * imports a busybox root filesystem made from the host's static `/bin/busybox`.
 */
import type { ContainerEngine } from '../../src/docker/container-engine.js';
import { readFileSync } from 'node:fs';
import { ensureBusyboxImage as ensureImage } from '../../src/docker/busybox-image.js';
import { endpointProxyImage } from '../../src/endpoints/sidecar.js';

export const BUSYBOX_IMAGE = 'ecs-local-test/busybox:latest';

/**
 * Builds `ecs-local-test/busybox:latest` if the engine lacks it, and ecs-local's own helper image,
 * both offline: the suite never asks a registry (ecs-local would try the pinned busybox first).
 * Throws (never skips) when it cannot.
 */
export async function ensureBusyboxImage(engine: ContainerEngine): Promise<string> {
  const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  await ensureImage(engine, endpointProxyImage(version), { pull: false });
  return ensureImage(engine, BUSYBOX_IMAGE, { pull: false });
}
