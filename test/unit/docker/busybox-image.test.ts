import { expect } from 'chai';
import { ensureBusyboxImage, PINNED_BUSYBOX } from '../../../src/docker/busybox-image.js';
import { FakeEngine } from '../../support/fake-engine.js';

const HOST_ARCH = process.arch === 'arm64' ? 'arm64' : 'amd64';
const OTHER_ARCH = HOST_ARCH === 'arm64' ? 'amd64' : 'arm64';

describe('docker/busybox-image ensureBusyboxImage', () => {
  it('pulls the pinned multi-arch image when the engine can, and tags it exactly as asked', async () => {
    const engine = new FakeEngine({ arch: OTHER_ARCH });
    engine.pullable.add(PINNED_BUSYBOX);
    expect(await ensureBusyboxImage(engine, 'ecs-local/endpoint-proxy:0.1.0')).to.equal('ecs-local/endpoint-proxy:0.1.0');
    expect(engine.calls).to.deep.equal([`pull ${PINNED_BUSYBOX}`, `tag ${PINNED_BUSYBOX} ecs-local/endpoint-proxy:0.1.0`]);
    expect(await engine.imageExists('ecs-local/endpoint-proxy:0.1.0')).to.equal(true);
  });

  it("offline, builds from this machine's busybox for a Linux engine of this machine's architecture", async () => {
    const engine = new FakeEngine({ arch: HOST_ARCH, os: 'linux' });
    await ensureBusyboxImage(engine, 'ecs-local/endpoint-proxy:0.1.0', { hostBusybox: '/bin/busybox' });
    expect(engine.calls).to.deep.equal([`pull ${PINNED_BUSYBOX}`, 'import ecs-local/endpoint-proxy:0.1.0']);
  });

  it("offline, refuses this machine's busybox for an engine of another architecture, saying why", async () => {
    const engine = new FakeEngine({ arch: OTHER_ARCH, os: 'linux' });
    const err = await ensureBusyboxImage(engine, 'ecs-local/endpoint-proxy:0.1.0', { hostBusybox: process.execPath }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).to.match(
      new RegExp(`^cannot make the helper image ecs-local/endpoint-proxy:0.1.0: ${PINNED_BUSYBOX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} could not be pulled \\(.*\\) and this machine's .* \\(linux/${HOST_ARCH}\\) cannot run on the engine \\(linux/${OTHER_ARCH}\\)$`),
    );
    expect(engine.calls.some((c) => c.startsWith('import'))).to.equal(false);
  });

  it('does nothing when the engine has the image', async () => {
    const engine = new FakeEngine();
    engine.images.add('t:1');
    await ensureBusyboxImage(engine, 't:1');
    expect(engine.calls).to.deep.equal([]);
  });
});
