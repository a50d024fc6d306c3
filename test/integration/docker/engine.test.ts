import { expect } from 'chai';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { Label, objectLabels, taskLabels } from '../../../src/docker/labels.js';
import { ensurePauseImage, pauseImageRef } from '../../../src/docker/pause-image.js';
import { labelledObjects, testEngine } from '../../support/docker.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../support/images.js';
import { newTaskId } from '../../support/task.js';

async function text(stream: NodeJS.ReadableStream): Promise<string> {
  let s = '';
  for await (const chunk of stream) s += String(chunk);
  return s;
}

describe('docker engine (Docker)', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;
  const labels = objectLabels(taskLabels({ taskId: newTaskId(), family: 'engine-test' }), 'container');
  const created: string[] = [];

  before(async () => {
    engine = await testEngine();
  });

  after(async () => {
    await Promise.all(created.map((id) => engine.remove(id, { force: true, volumes: true })));
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  it('imports the pause image offline for the engine architecture; the pause container runs and stays up', async () => {
    const ref = await ensurePauseImage(engine);
    expect(ref).to.equal(pauseImageRef((await engine.version()).arch === 'arm64' ? 'aarch64' : 'x86_64'));
    expect(await engine.imageExists(ref)).to.equal(true);
    const id = await engine.createContainer({ Image: ref, Labels: { ...labels, [Label.role]: 'pause' }, HostConfig: { NetworkMode: 'none' } });
    created.push(id);
    await engine.start(id);
    expect((await engine.inspect(id)).state.running).to.equal(true);
    // The ELF has no SIGTERM handler and is PID 1: SIGTERM leaves it running, and the stop ends in
    // SIGKILL after the 1 s timeout (137). Had it exited by itself, the code would not be 137.
    const exited = engine.wait(id);
    await engine.stop(id, 1);
    expect(await exited).to.equal(137);
  });

  it('builds the busybox test image offline from /bin/busybox', async () => {
    expect(await ensureBusyboxImage(engine)).to.equal(BUSYBOX_IMAGE);
    expect(await engine.imageExists(BUSYBOX_IMAGE)).to.equal(true);
  });

  it('reads back stdout and stderr separately, and treats stopping a stopped container as done', async () => {
    await ensureBusyboxImage(engine);
    const id = await engine.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['sh', '-c', 'echo out-line; echo err-line >&2'], Labels: labels });
    created.push(id);
    await engine.start(id);
    expect(await engine.wait(id)).to.equal(0);
    const logs = await engine.logs(id, false);
    expect(await text(logs.stdout)).to.equal('out-line\n');
    expect(await text(logs.stderr)).to.equal('err-line\n');
    await engine.stop(id, 1); // 304 from Docker
    await engine.remove(id, { force: true });
    await engine.remove(id, { force: true }); // 404 from Docker
  });

  it('passes the environment to the container, values with spaces intact', async () => {
    await ensureBusyboxImage(engine);
    const id = await engine.createContainer({
      name: `ecs-local-engine-test-${Date.now()}`,
      Image: BUSYBOX_IMAGE,
      Env: ['SECRET=s3cr3t value'],
      Cmd: ['sh', '-c', 'echo "$SECRET"'],
      Labels: labels,
    });
    created.push(id);
    await engine.start(id);
    await engine.wait(id);
    expect(await text((await engine.logs(id, false)).stdout)).to.equal('s3cr3t value\n');
  });

  it('streams the container events of labelled objects until aborted', async () => {
    await ensureBusyboxImage(engine);
    const stop = new AbortController();
    const seen: { id: string; action: string }[] = [];
    const state = { live: false, target: '' };
    const reading = (async () => {
      for await (const event of engine.events({ [Label.taskId]: labels[Label.taskId] ?? '' }, stop.signal)) {
        state.live = true;
        seen.push({ id: event.id, action: event.action });
        if (event.action === 'die' && event.id === state.target) stop.abort();
      }
    })();
    const create = async () => {
      const id = await engine.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['true'], Labels: labels });
      created.push(id);
      return id;
    };
    // The subscription reaches the daemon some time after the request: run throwaway containers
    // until the stream shows one, so that the container under test starts with it live.
    for (let i = 0; i < 20 && !state.live; i++) {
      const probe = await create();
      await engine.start(probe);
      await engine.wait(probe);
    }
    expect(state.live, 'the event stream showed none of 20 containers').to.equal(true);
    state.target = await create();
    await engine.start(state.target);
    await reading;
    expect(seen.filter((e) => e.id === state.target).map((e) => e.action)).to.include.members(['create', 'start', 'die']);
  });

  it('lists the containers carrying a label, not yet started ones included, and no others', async () => {
    await ensureBusyboxImage(engine);
    const other = objectLabels(taskLabels({ taskId: newTaskId(), family: 'engine-test' }), 'container');
    const mine = await engine.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['true'], Labels: labels });
    created.push(mine);
    const theirs = await engine.createContainer({ Image: BUSYBOX_IMAGE, Cmd: ['true'], Labels: other });
    created.push(theirs);
    const list = await engine.listContainers({ [Label.taskId]: labels[Label.taskId] ?? '' });
    const ids = list.map((c) => c.id);
    expect(ids).to.include(mine);
    expect(ids).to.not.include(theirs);
    expect(list.every((c) => c.labels[Label.taskId] === labels[Label.taskId])).to.equal(true);
    const [found] = list.filter((c) => c.id === mine);
    expect(found?.state).to.equal('created');
    expect(found?.image).to.equal(BUSYBOX_IMAGE);
  });

  it("hands on create's Warnings in the engine's name, once per connection (Podman's compatible API gives none)", async () => {
    await ensureBusyboxImage(engine);
    const lines: string[] = [];
    const unsubscribe = engine.onWarning((line) => lines.push(line));
    try {
      // Docker warns of ports published by a container on the host's network.
      const hostPorts = { Image: BUSYBOX_IMAGE, Labels: labels, Cmd: ['true'], ExposedPorts: { '80/tcp': {} }, HostConfig: { NetworkMode: 'host', PortBindings: { '80/tcp': [{ HostPort: '8080' }] } } };
      created.push(await engine.createContainer(hostPorts), await engine.createContainer(hostPorts));
    } finally {
      unsubscribe();
    }
    expect(lines).to.deep.equal(engine.profile.kind === 'docker' ? [`${engine.profile.name}: Published ports are discarded when using host network mode`] : []);
  });
});
