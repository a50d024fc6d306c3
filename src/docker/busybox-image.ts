/**
 * The busybox image ecs-local's helpers run (and the bundled example), made present on the engine
 * under exactly the tag asked for: pulled as a pinned multi-arch image when the engine can pull
 * it, so an arm64 engine gets arm64; else, offline, built from this machine's static
 * `/bin/busybox` and its applet links with the Engine API's image import, but only for a Linux
 * engine of this machine's architecture (the binary runs nowhere else).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ContainerEngine } from './container-engine.js';
import { writeTar, type TarEntry } from './tar.js';

const HOST_BUSYBOX = '/bin/busybox';
/**
 * [INF] busybox 1.37.0's multi-arch index (amd64, arm64, arm/v7, ...), by digest so every engine
 * gets the same bytes whatever the tag points at later. Not pullable from this build machine (no
 * registry): the digest is the one public pinned references of busybox:1.37.0 use.
 */
export const PINNED_BUSYBOX = 'busybox:1.37.0@sha256:bdf57e528e45e4433820e045b29b4597825a1c9e38353532d90a01445013f82e';

/** Node's `process.arch` as Go (and so the engine) names it. */
const GO_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

export interface BusyboxImageOptions {
  /** Try the pinned image from its registry first (default true); the test suite builds offline only. */
  pull?: boolean;
  hostBusybox?: string;
}

export async function ensureBusyboxImage(engine: ContainerEngine, tag: string, options: BusyboxImageOptions = {}): Promise<string> {
  if (await engine.imageExists(tag)) return tag;
  const hostBusybox = options.hostBusybox ?? HOST_BUSYBOX;
  let pullFailure: string | undefined;
  if (options.pull !== false) {
    try {
      await engine.pullImage(PINNED_BUSYBOX);
      await engine.tagImage(PINNED_BUSYBOX, tag);
      return tag;
    } catch (err) {
      pullFailure = (err as Error).message;
    }
  }
  const hostArch = GO_ARCH[process.arch] ?? process.arch;
  const { os, arch } = engine.profile;
  const unusable = !existsSync(hostBusybox)
    ? `${hostBusybox} is missing (apt-get install busybox-static)`
    : process.platform !== 'linux' || os !== 'linux' || arch !== hostArch
      ? `this machine's ${hostBusybox} (${process.platform}/${hostArch}) cannot run on the engine (${os}/${arch})`
      : undefined;
  if (unusable !== undefined) {
    throw new Error(`cannot make the helper image ${tag}: ${pullFailure ? `${PINNED_BUSYBOX} could not be pulled (${pullFailure}) and ` : ''}${unusable}`);
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
