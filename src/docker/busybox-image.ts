/**
 * A small busybox image built without a registry, for the bundled example and the test suite: a
 * root filesystem holding the host's static `/bin/busybox` and its applet links, loaded with the
 * Engine API's image import. Where the host has no static busybox, `busybox:stable` is pulled
 * from Docker Hub and tagged instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ContainerEngine } from './container-engine.js';
import { writeTar, type TarEntry } from './tar.js';

const HOST_BUSYBOX = '/bin/busybox';
const REGISTRY_FALLBACK = 'busybox:stable';

export async function ensureBusyboxImage(engine: ContainerEngine, tag: string, hostBusybox = HOST_BUSYBOX): Promise<string> {
  if (await engine.imageExists(tag)) return tag;
  if (!existsSync(hostBusybox)) {
    try {
      await engine.pullImage(REGISTRY_FALLBACK);
    } catch (err) {
      throw new Error(
        `cannot build ${tag}: ${hostBusybox} is missing (apt-get install busybox-static) and ${REGISTRY_FALLBACK} could not be pulled: ${(err as Error).message}`,
      );
    }
    await engine.tagImage(REGISTRY_FALLBACK, tag);
    return tag;
  }
  await engine.importImage(writeTar(busyboxRootfs(hostBusybox)), tag, ['ENV PATH=/bin', 'CMD ["sh"]']);
  return tag;
}

export function busyboxRootfs(hostBusybox: string): TarEntry[] {
  const applets = execFileSync(hostBusybox, ['--list'], { encoding: 'utf8' })
    .split('\n')
    .map((a) => a.trim())
    .filter((a) => /^[a-z0-9_.[-]+$/i.test(a) && a !== 'busybox');
  return [
    { type: 'dir', path: 'bin' },
    { type: 'file', path: 'bin/busybox', data: readFileSync(hostBusybox), mode: 0o755 },
    ...applets.map((a): TarEntry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    { type: 'dir', path: 'etc' },
    { type: 'file', path: 'etc/passwd', data: Buffer.from('root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n') },
    { type: 'file', path: 'etc/group', data: Buffer.from('root:x:0:\nnobody:x:65534:\n') },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'www' },
  ];
}
