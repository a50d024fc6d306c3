import { expect } from 'chai';
import { Label } from '../../../src/docker/labels.js';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { runTask } from '../../../src/runtime/task-runner.js';
import { Capture } from '../../support/capture.js';
import { useDockerSuite } from '../../support/docker.js';
import { container, testTask } from '../../support/task.js';
import { randomPort } from '../../support/wait.js';

describe('runtime (Docker): awsvpc tasks', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;
  useDockerSuite((e) => (engine = e));

  it('lets two containers talk over localhost, prints prefixed logs, and removes the pause container', async () => {
    const port = randomPort();
    const spec = testTask([
      container({
        name: 'web',
        essential: false,
        stopTimeout: 1,
        command: ['sh', '-c', `echo hello-from-web > /www/index.html; exec httpd -f -p ${port} -h /www`],
        portMappings: [{ containerPort: port }],
      }),
      container({
        name: 'client',
        command: ['sh', '-c', `for i in $(seq 50); do wget -q -O - http://127.0.0.1:${port}/ && exit 0; sleep 0.1; done; exit 1`],
      }),
    ]);
    const out = new Capture();
    const err = new Capture();
    let pauseSeen = false;
    const watcher = setInterval(() => {
      void engine.listContainers({ [Label.taskId]: spec.taskId, [Label.role]: 'pause' }).then((l) => {
        if (l.length > 0) pauseSeen = true;
      });
    }, 100);
    const result = await runTask(spec, { engine, out, err, options: { pull: 'never', logMode: 'prefixed', colour: false } }).finally(() =>
      clearInterval(watcher),
    );

    expect(out.lines).to.include('client | hello-from-web');
    expect(result.exitCode).to.equal(0);
    expect(result.stopCode).to.equal('EssentialContainerExited');
    expect(result.stoppedReason).to.equal('Essential container in task exited');
    expect(result.containers.find((c) => c.name === 'client')?.exitCode).to.equal(0);
    expect(pauseSeen, 'the pause container existed while the task ran').to.equal(true);
  });

  it("prints a container's last line even without a trailing newline (Docker's follow stream drops it)", async () => {
    const spec = testTask([container({ name: 'app', command: ['sh', '-c', 'echo first; sleep 0.3; printf last'] })]);
    for (let run = 0; run < 3; run++) {
      const out = new Capture();
      await runTask({ ...spec, taskId: `${spec.taskId.slice(0, 31)}${run}` }, { engine, out, err: new Capture(), options: { pull: 'never', logMode: 'prefixed', colour: false } });
      expect(out.lines).to.deep.equal(['app | first', 'app | last']);
    }
  });

  it('prints one JSON object per log line with --json-logs', async () => {
    const spec = testTask([container({ name: 'app', command: ['sh', '-c', 'echo to-out; echo to-err >&2'] })]);
    const out = new Capture();
    await runTask(spec, { engine, out, err: new Capture(), options: { pull: 'never', logMode: 'json' } });
    const records = out.lines.map((l) => JSON.parse(l) as Record<string, string>);
    expect(records.map((r) => [r.container, r.stream, r.line])).to.have.deep.members([
      ['app', 'stdout', 'to-out'],
      ['app', 'stderr', 'to-err'],
    ]);
    for (const r of records) expect(Number.isNaN(Date.parse(r.time ?? '')), `time ${r.time}`).to.equal(false);
  });
});
