import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { Label } from '../../../src/docker/labels.js';
import { downAll, listTasks, stopTask } from '../../../src/runtime/cleanup.js';
import { runTask } from '../../../src/runtime/task-runner.js';
import { Capture } from '../../support/capture.js';
import { engineHost, labelledObjects, testEngine } from '../../support/docker.js';
import { ensureBusyboxImage } from '../../support/images.js';
import { container, testTask } from '../../support/task.js';
import { randomPort, waitFor } from '../../support/wait.js';

describe('runtime (Docker): ps, stop and down', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;

  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
  });

  afterEach(async () => {
    await downAll(engine, { family: 'killed' }).catch(() => undefined);
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  it('leaves a detached task running with its port published on the host, lists it, and stops it by id prefix', async () => {
    const port = randomPort();
    const spec = testTask(
      [
        container({
          name: 'web',
          stopTimeout: 1,
          command: ['sh', '-c', `echo detached-ok > /www/index.html; exec httpd -f -p ${port} -h /www`],
          portMappings: [{ containerPort: port }],
        }),
      ],
      { family: 'detached' },
    );
    try {
      const result = await runTask(spec, { engine, out: new Capture(), err: new Capture(), options: { pull: 'never', logMode: 'prefixed', detach: true } });
      expect(result.lastStatus).to.equal('RUNNING');
      expect(result.exitCode).to.equal(0);

      let body = '';
      await waitFor('the published port to answer', async () => {
        body = await fetch(`http://${engineHost(engine)}:${port}/`).then((r) => r.text(), () => '');
        return body !== '';
      });
      expect(body).to.equal('detached-ok\n');

      const listed = (await listTasks(engine)).find((t) => t.taskId === spec.taskId);
      expect(listed).to.include({ family: 'detached', status: 'RUNNING', revision: 1, ownerPid: process.pid, ownerAlive: true });
      expect(listed?.containers.map((c) => [c.name, c.state])).to.deep.equal([['web', 'running']]);

      const stopped = await stopTask(engine, spec.taskId.slice(0, 6));
      expect(stopped.taskId).to.equal(spec.taskId);
      // [INF] One container: it owns the task's namespace and publishes the port itself, no pause container.
      expect(stopped.removed.containers).to.have.members([spec.containers[0]?.dockerName]);
    } finally {
      await downAll(engine, { taskId: spec.taskId });
    }
  });

  it('refuses a task id prefix that matches nothing', async () => {
    const err = await stopTask(engine, 'ffffffffffffffff-none').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.have.property('errorName', 'UsageError');
    expect((err as Error).message).to.match(/No task id starts with "ffffffffffffffff-none"/);
  });

  it('removes what a SIGKILLed ecs-local left behind (containers, pause container, task volume)', async () => {
    const script = fileURLToPath(new URL('../../support/run-task-child.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    try {
      await waitFor('the child task to print "ready"', () => stdout.includes('ready'), 30_000);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`${(err as Error).message}; child stderr: ${stderr}`);
    }
    const taskId = /TASK ([0-9a-f]{32})/.exec(stderr)?.[1];
    child.kill('SIGKILL');
    expect(await exited).to.equal('SIGKILL');

    const left = await labelledObjects(engine);
    expect(left.containers).to.have.length(3); // main, helper, pause
    expect(left.volumes).to.have.length(1);
    const leftover = (await listTasks(engine)).find((t) => t.taskId === taskId);
    expect(leftover).to.include({ family: 'killed', ownerPid: child.pid, ownerAlive: false });
    const pause = await engine.listContainers({ [Label.taskId]: taskId ?? '', [Label.role]: 'pause' });
    expect(pause).to.have.length(1);

    // Only this task: other live ecs-local processes may share the engine.
    const removed = await downAll(engine, { taskId });
    expect(removed.containers).to.have.length(3);
    expect(removed.volumes).to.have.length(1);
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });
});
