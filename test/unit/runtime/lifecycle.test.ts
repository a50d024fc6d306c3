import { expect } from 'chai';
import { systemClock } from '../../../src/runtime/clock.js';
import { TaskSupervisor } from '../../../src/runtime/lifecycle.js';
import type { TaskContext } from '../../../src/secrets/types.js';
import { FakeEngine } from '../../support/fake-engine.js';
import { container, testTask } from '../../support/task.js';

const context: TaskContext = { taskId: 'b'.repeat(32), region: 'us-east-1', accountId: '123456789012', launchType: 'EC2', cluster: 'default' };

function supervise(engine: FakeEngine, spec: ReturnType<typeof testTask>, notices: string[] = []): TaskSupervisor {
  return new TaskSupervisor(spec, { engine, clock: systemClock, context, notice: (l) => notices.push(l), detach: false, pollMs: 5 });
}

/** The calls for containers whose name ends in one of `names`, in order, with the names shortened. */
function callsOf(engine: FakeEngine, ...names: string[]): string[] {
  return engine.calls
    .map((c) => c.replace(/ \S*?-(\w+)(?= |$)/, ' $1'))
    .filter((c) => names.includes(c.split(' ')[1] ?? ''));
}

// A health check probed every 10 ms, giving up after 2 failures.
const fastCheck = { command: ['CMD-SHELL', 'test -e /ready'], interval: 0.01, timeout: 1, retries: 2, startPeriod: 0 };

describe('runtime/lifecycle TaskSupervisor (through the fake engine)', () => {
  it('stops the task when an essential container exits: the others get SIGTERM, and the stop code says why', async () => {
    const engine = new FakeEngine();
    const spec = testTask([container({ name: 'app', command: ['exit', '3', '20'] }), container({ name: 'sidecar', command: ['run'], essential: false })], {
      networkMode: 'bridge',
    });
    const sup = supervise(engine, spec);
    await sup.run();
    expect(sup.state.stopCode).to.equal('EssentialContainerExited');
    expect(sup.state.stoppedReason).to.equal('Essential container in task exited');
    expect(sup.state.containers.map((c) => [c.name, c.exitCode])).to.deep.equal([
      ['app', 3],
      ['sidecar', 143],
    ]);
    expect(callsOf(engine, 'sidecar').slice(-2)).to.deep.equal(['stop sidecar', 'exited sidecar 143']);
  });

  it('starts a container only once its START dependency runs, and stops dependents first', async () => {
    const engine = new FakeEngine();
    const spec = testTask(
      [
        container({ name: 'db', command: ['run'] }),
        container({ name: 'web', command: ['run'], dependsOn: [{ containerName: 'db', condition: 'START' }] }),
      ],
      { networkMode: 'bridge' },
    );
    const sup = supervise(engine, spec);
    const running = sup.run();
    await until(() => sup.state.lastStatus === 'RUNNING');
    sup.requestStop();
    await running;
    expect(callsOf(engine, 'db', 'web').filter((c) => !c.startsWith('exited'))).to.deep.equal([
      'create db',
      'start db',
      'create web',
      'start web',
      'stop web',
      'stop db',
    ]);
  });

  it('on an engine without a health loop, probes the check with exec until HEALTHY, then starts the dependent', async () => {
    const engine = new FakeEngine({ kind: 'podman', runsHealthChecks: false });
    // Not ready at the first probe, ready at the second.
    engine.execExit = (name, nth) => (name.endsWith('db') && nth < 1 ? 1 : 0);
    const spec = testTask(
      [
        container({ name: 'db', command: ['run'], healthCheck: fastCheck }),
        container({ name: 'web', command: ['run'], dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
      ],
      { networkMode: 'bridge' },
    );
    const notices: string[] = [];
    const sup = supervise(engine, spec, notices);
    const running = sup.run();
    await until(() => sup.state.lastStatus === 'RUNNING');
    sup.requestStop();
    await running;
    const db = callsOf(engine, 'db', 'web').filter((c) => !c.startsWith('exited'));
    expect(db.slice(0, 4)).to.deep.equal(['create db', 'start db', 'exec db /bin/sh -c test -e /ready', 'exec db /bin/sh -c test -e /ready']);
    expect(db.indexOf('create web')).to.equal(4);
    expect(notices).to.include('db is healthy');
  });

  it('an engine with a health loop is trusted: no exec', async () => {
    const engine = new FakeEngine({ runsHealthChecks: true });
    const spec = testTask([container({ name: 'db', command: ['exit', '0', '60'], healthCheck: fastCheck })], { networkMode: 'bridge' });
    const sup = supervise(engine, spec);
    await sup.run();
    expect(engine.calls.filter((c) => c.startsWith('exec'))).to.deep.equal([]);
  });

  it('a healthy container that exits stays HEALTHY, though Docker 20.10 reports a stopped container unhealthy', async () => {
    const engine = new FakeEngine({ runsHealthChecks: true });
    engine.healthOf = (_name, status) => (status === 'running' ? 'healthy' : 'unhealthy');
    // Health is polled in the time Docker's wait call takes to return the exit.
    engine.waitLatencyMs = 60;
    const spec = testTask([container({ name: 'job', command: ['exit', '0', '60'], healthCheck: fastCheck })], { networkMode: 'bridge' });
    const notices: string[] = [];
    const sup = supervise(engine, spec, notices);
    await sup.run();
    expect(sup.state.containers[0]?.health).to.equal('healthy');
    expect(notices).to.not.include('job is unhealthy');
  });

  it('turns UNHEALTHY after `retries` failed probes, and a HEALTHY dependent never starts', async () => {
    const engine = new FakeEngine({ kind: 'podman', runsHealthChecks: false });
    engine.execExit = () => 1;
    const spec = testTask(
      [
        container({ name: 'db', command: ['run'], healthCheck: fastCheck, startTimeout: 1 }),
        container({ name: 'web', command: ['run'], dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] }),
      ],
      { networkMode: 'bridge' },
    );
    const notices: string[] = [];
    const sup = supervise(engine, spec, notices);
    await sup.run();
    expect(notices).to.include('db is unhealthy');
    expect(sup.state.containers.find((c) => c.name === 'web')?.reason).to.match(/timed out after 1 s .* waiting for "db" to be HEALTHY \(it is UNHEALTHY now\)/);
  });

  it('a container the engine cannot create stops the task as TaskFailedToStart with the daemon message', async () => {
    const engine = new FakeEngine();
    engine.failCreate.set('app', 'invalid reference format');
    const spec = testTask([container({ name: 'app', command: ['run'] })], { networkMode: 'bridge' });
    const sup = supervise(engine, spec);
    await sup.run();
    expect(sup.state.stopCode).to.equal('TaskFailedToStart');
    expect(sup.state.stoppedReason).to.equal('CannotCreateContainerError: Error response from daemon: invalid reference format');
  });
});

/** Resolves once `ready()` holds, checking on each turn of the event loop. */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((r) => setImmediate(r));
}
