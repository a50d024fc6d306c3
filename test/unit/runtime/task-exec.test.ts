import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { objectLabels, taskLabels } from '../../../src/docker/labels.js';
import { execInTask } from '../../../src/runtime/task-exec.js';
import { FakeEngine } from '../../support/fake-engine.js';

async function task(engine: FakeEngine, taskId: string, names: string[]): Promise<void> {
  const labels = taskLabels({ taskId, family: 'web' }, 1);
  await engine.createContainer({ name: `${taskId}.pause`, Image: 'pause', Labels: objectLabels(labels, 'pause') });
  await engine.start((await engine.listContainers({}))[0]?.id ?? '');
  for (const name of names) {
    const id = await engine.createContainer({ name: `${taskId}-${name}`, Image: 'busybox', Labels: objectLabels(labels, 'container', name), Cmd: ['run'] });
    if (name !== 'stopped') await engine.start(id);
  }
}

describe('runtime/task-exec execInTask (through the fake engine)', () => {
  const streams = () => ({ stdout: new PassThrough(), stderr: new PassThrough() });

  it("runs in the task's only application container when none is named (the pause container does not count), and gives its exit code", async () => {
    const engine = new FakeEngine();
    await task(engine, 'abc123', ['app']);
    engine.execExit = () => 7;
    const code = await execInTask(engine, { task: 'abc', command: ['sh', '-c', 'exit 7'], streams: { ...streams(), tty: { rows: 40, columns: 120 } } });
    expect(code).to.equal(7);
    expect(engine.calls.filter((c) => c.startsWith('exec'))).to.deep.equal(['exec-attached abc123-app tty sh -c exit 7']);
  });

  it('asks for a name among several containers, refuses a stopped one and an empty command', async () => {
    const engine = new FakeEngine();
    await task(engine, 'abc123', ['app', 'stopped']);
    const fail = (options: { container?: string; command?: string[] }) =>
      execInTask(engine, { task: 'abc123', command: ['true'], ...options, streams: streams() }).then(
        () => 'ran',
        (e: Error & { exitCode: number }) => [e.exitCode, e.message],
      );
    expect(await fail({})).to.deep.equal([2, 'Task abc123 has 2 containers (app, stopped): name one, as in `ecs-local exec abc123 app -- sh`.']);
    expect(await fail({ container: 'stopped' })).to.deep.equal([2, 'Container stopped of task abc123 is not running (created): `ecs-local logs abc123 stopped` shows its output.']);
    expect(await fail({ container: 'app', command: [] })).to.deep.equal([2, 'Give the command to run after --, as in `ecs-local exec 3f2a app -- sh`.']);
    expect(await fail({ container: 'app' })).to.equal('ran');
  });
});
