import { expect } from 'chai';
import { Writable } from 'node:stream';
import { objectLabels, taskLabels } from '../../../src/docker/labels.js';
import { printTaskLogs } from '../../../src/runtime/task-logs.js';
import { parseSince, parseTail } from '../../../src/cli/parse.js';
import { FakeEngine } from '../../support/fake-engine.js';

class Text extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function taskOn(engine: FakeEngine, taskId: string): Promise<void> {
  const task = taskLabels({ taskId, family: 'web', revision: 1 }, 1);
  await engine.createContainer({ name: `${taskId}.pause`, Image: 'pause', Labels: objectLabels(task, 'pause') });
  await engine.createContainer({ name: `${taskId}.holder`, Image: 'pause', Labels: objectLabels(task, 'pause', 'app') });
  await engine.createContainer({ name: `${taskId}.endpoint`, Image: 'fwd', Labels: objectLabels(task, 'endpoint') });
  await engine.createContainer({ name: `${taskId}-app`, Image: 'busybox', Labels: objectLabels(task, 'container', 'app') });
  await engine.createContainer({ name: `${taskId}-sidecar`, Image: 'busybox', Labels: objectLabels(task, 'container', 'sidecar') });
}

describe('runtime/task-logs printTaskLogs (through the fake engine)', () => {
  const options = { follow: false, mode: 'prefixed' as const, colour: false };

  it("prints each application container's lines with the padded name prefix, never the helpers'", async () => {
    const engine = new FakeEngine();
    await taskOn(engine, '3f2a9c0d');
    engine.output.set('3f2a9c0d-app', { stdout: 'listening\n', stderr: 'warn: slow\n' });
    engine.output.set('3f2a9c0d-sidecar', { stdout: 'ready\n' });
    engine.output.set('3f2a9c0d.endpoint', { stdout: 'plumbing\n' });
    const out = new Text();
    await printTaskLogs(engine, { ...options, task: '3f2a', out });
    expect(out.text.split('\n').sort()).to.deep.equal(['', 'app     | listening', 'app     | warn: slow', 'sidecar | ready']);
    expect(engine.calls.filter((c) => c.startsWith('logs'))).to.deep.equal(['logs 3f2a9c0d-app', 'logs 3f2a9c0d-sidecar']);
  });

  it('prints one container by its task definition name, plain with --no-log-prefix, passing --since, --tail and -f on', async () => {
    const engine = new FakeEngine();
    await taskOn(engine, '3f2a9c0d');
    engine.output.set('3f2a9c0d-app', { stdout: 'listening\n' });
    const out = new Text();
    await printTaskLogs(engine, { ...options, mode: 'plain', follow: true, sinceSeconds: 100, tail: 5, task: '3f2a9c0d', container: 'app', out });
    expect(out.text).to.equal('listening\n');
    expect(engine.calls.filter((c) => c.startsWith('logs'))).to.deep.equal(['logs 3f2a9c0d-app follow since=100 tail=5']);
  });

  it('names the containers the task has when CONTAINER is not one of them, and refuses an unknown task', async () => {
    const engine = new FakeEngine();
    await taskOn(engine, '3f2a9c0d');
    const out = new Text();
    let err = await printTaskLogs(engine, { ...options, task: '3f2a', container: 'pause', out }).catch((e: unknown) => e);
    expect(err).to.include({ errorName: 'UsageError', exitCode: 2, message: 'Task 3f2a9c0d has no container "pause"; its containers: app, sidecar.' });
    err = await printTaskLogs(engine, { ...options, task: 'beef', out }).catch((e: unknown) => e);
    expect(err).to.include({ errorName: 'UsageError', message: 'No task id starts with "beef": `ecs-local ps` lists the running tasks.' });
  });
});

describe('cli/parse --since and --tail', () => {
  const now = Date.parse('2026-12-06T09:00:00Z');
  it('reads durations back from now, times and epoch seconds', () => {
    expect(parseSince('10m', now)).to.equal(now / 1000 - 600);
    expect(parseSince('1h30m', now)).to.equal(now / 1000 - 5400);
    expect(parseSince('1.5s', now)).to.equal(now / 1000 - 1.5);
    expect(parseSince('2026-12-06T08:00:00Z', now)).to.equal(now / 1000 - 3600);
    expect(parseSince('1700000000', now)).to.equal(1700000000);
  });
  it('refuses anything else with one line naming the flag', () => {
    expect(() => parseSince('yesterday', now)).to.throw('--since takes a duration (10m, 1h30m)');
    expect(() => parseSince('10d', now)).to.throw('--since takes');
    expect(parseTail('all')).to.equal(undefined);
    expect(parseTail('20')).to.equal(20);
    expect(() => parseTail('-1')).to.throw('--tail takes a number of lines or "all", got "-1"');
  });
});
