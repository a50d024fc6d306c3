import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { runCli } from '../../support/cli.js';
import { testEngine } from '../../support/docker.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../support/images.js';

describe('the EFS stand-in volume (Docker): kept between runs, removed by down', function () {
  this.timeout(90_000);
  let engine: ContainerEngine;
  let dir: string;
  // Unique per run: `down --family` must touch only this test's objects.
  const family = `efsdown-${randomBytes(4).toString('hex')}`;
  const fileSystemId = `fs-${randomBytes(4).toString('hex')}`;
  const volume = `ecs-local-efs-${fileSystemId}`;

  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-efs-'));
    writeFileSync(
      path.join(dir, 'td.json'),
      JSON.stringify({
        family,
        networkMode: 'bridge',
        volumes: [{ name: 'shared', efsVolumeConfiguration: { fileSystemId } }],
        containerDefinitions: [
          { name: 'app', image: BUSYBOX_IMAGE, memoryReservation: 64, command: ['sh', '-c', 'cat /mnt/efs/n 2>/dev/null; echo run >> /mnt/efs/n'], mountPoints: [{ sourceVolume: 'shared', containerPath: '/mnt/efs' }] },
        ],
      }),
    );
  });

  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    if (await engine.volumeExists(volume)) await engine.removeVolume(volume, true);
  });

  it('keeps the data between runs, and `down --family` removes the volume', async () => {
    expect((await runCli(['run', 'td.json', '--pull', 'never', '--no-log-prefix'], { cwd: dir })).code).to.equal(0);
    const second = await runCli(['run', 'td.json', '--pull', 'never', '--no-log-prefix'], { cwd: dir });
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stdout.trim()).to.equal('run');
    expect(await engine.volumeExists(volume)).to.equal(true);
    const down = await runCli(['down', '--family', family], { cwd: dir });
    expect(down.code, down.stderr).to.equal(0);
    expect(down.stdout).to.equal('removed 0 container(s) and 1 volume(s)\n');
    expect(await engine.volumeExists(volume)).to.equal(false);
  });
});
