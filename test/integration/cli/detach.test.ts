import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { Label } from '../../../src/docker/labels.js';
import { runCli } from '../../support/cli.js';
import { testEngine } from '../../support/docker.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../support/images.js';

describe('run -d, ps, stop and down --task (the engine under test), as a user types them', function () {
  this.timeout(120_000);
  let engine: ContainerEngine;
  let dir: string;
  // Unique per run: only this test's tasks are looked at.
  const family = `detach-${randomBytes(4).toString('hex')}`;

  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-detach-'));
    writeFileSync(path.join(dir, 'ecs-local.vault.json'), '{}\n');
    writeFileSync(
      path.join(dir, 'td.json'),
      JSON.stringify({
        family,
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        containerDefinitions: [
          { name: 'app', image: BUSYBOX_IMAGE, stopTimeout: 1, command: ['sleep', '300'] },
          { name: 'side', image: BUSYBOX_IMAGE, essential: false, stopTimeout: 1, command: ['sleep', '300'] },
        ],
      }),
    );
  });

  after(async () => {
    await runCli(['down', '--family', family], { cwd: dir });
    rmSync(dir, { recursive: true, force: true });
  });

  const ours = async (taskId: string): Promise<string[]> => (await engine.listContainers({ [Label.taskId]: taskId })).map((c) => c.name);

  it('leaves a detached task running, lists it, and `stop` (by id prefix) removes all of it', async () => {
    const run = await runCli(['run', '-d', 'td.json', '--pull', 'never'], { cwd: dir });
    expect(run.code, run.stderr).to.equal(0);
    const taskId = run.stdout.trim();
    expect(taskId).to.match(/^[0-9a-f]{32}$/);
    expect((await ours(taskId)).length).to.equal(3); // app, side and the pause container

    const ps = await runCli(['ps'], { cwd: dir });
    const line = ps.stdout.split('\n').find((l) => l.startsWith(taskId));
    expect(line).to.match(new RegExp(`^${taskId}\\s+${family}:1\\s+RUNNING\\s+app \\(Up`));

    const stop = await runCli(['stop', taskId.slice(0, 8)], { cwd: dir });
    expect(stop.code, stop.stderr).to.equal(0);
    expect(stop.stdout).to.equal(`stopped ${taskId} (${family}): removed 3 container(s), 0 volume(s)\n`);
    expect(await ours(taskId)).to.deep.equal([]);
  });

  it('`down --task` removes a detached task and nothing else', async () => {
    const first = (await runCli(['run', '-d', 'td.json', '--pull', 'never'], { cwd: dir })).stdout.trim();
    const second = (await runCli(['run', '-d', 'td.json', '--pull', 'never'], { cwd: dir })).stdout.trim();
    const down = await runCli(['down', '--task', first], { cwd: dir });
    expect(down.code, down.stderr).to.equal(0);
    expect(down.stdout).to.equal('removed 3 container(s) and 0 volume(s)\n');
    expect(await ours(first)).to.deep.equal([]);
    expect((await ours(second)).length).to.equal(3);
    await runCli(['down', '--task', second], { cwd: dir });
    expect(await ours(second)).to.deep.equal([]);
    expect(await engine.listContainers({ [Label.family]: family })).to.deep.equal([]);
  });
});
