import { expect } from 'chai';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { runTask, type TaskResult } from '../../../src/runtime/task-runner.js';
import { Capture } from '../../support/capture.js';
import { useDockerSuite } from '../../support/docker.js';
import { container, testTask } from '../../support/task.js';
import { randomPort, waitFor } from '../../support/wait.js';

function stoppedAt(result: TaskResult, name: string): number {
  const at = result.state.containers.find((c) => c.name === name)?.stoppedAt;
  if (at === undefined) throw new Error(`${name} has no stoppedAt`);
  return at.getTime();
}

describe('runtime (Docker): container lifecycle', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;
  useDockerSuite((e) => (engine = e));

  it('starts a container that depends on HEALTHY only once the dependency turns healthy', async () => {
    const port = randomPort();
    const spec = testTask([
      container({
        name: 'db',
        essential: false,
        stopTimeout: 1,
        // Serves only after 2 s, so the health check fails at first.
        command: ['sh', '-c', `sleep 2; echo ready > /www/index.html; exec httpd -f -p ${port} -h /www`],
        healthCheck: { command: ['CMD-SHELL', `wget -q -O /dev/null http://127.0.0.1:${port}/`], interval: 1, timeout: 1, retries: 10 },
      }),
      container({
        name: 'app',
        dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }],
        // One attempt, no retry: it succeeds only if db already serves.
        command: ['sh', '-c', `wget -q -O - http://127.0.0.1:${port}/`],
      }),
    ]);
    const out = new Capture();
    const err = new Capture();
    const result = await runTask(spec, { engine, out, err, options: { pull: 'never', logMode: 'prefixed', colour: false } });
    expect(out.lines).to.include('app | ready');
    expect(result.exitCode).to.equal(0);
    const notices = err.lines;
    expect(notices.indexOf('ecs-local: db is healthy')).to.be.greaterThan(-1);
    expect(notices.indexOf('ecs-local: db is healthy')).to.be.lessThan(notices.indexOf('ecs-local: app exited with code 0'));
  });

  it("never starts a container whose HEALTHY dependency outlives the dependency's startTimeout", async () => {
    const spec = testTask([
      container({
        name: 'db',
        essential: false,
        stopTimeout: 1,
        startTimeout: 2,
        command: ['sleep', '1000'],
        healthCheck: { command: ['CMD-SHELL', 'exit 1'], interval: 1, timeout: 1, retries: 1 },
      }),
      container({ name: 'app', dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }], command: ['true'] }),
    ]);
    const started = Date.now();
    const result = await runTask(spec, { engine, out: new Capture(), err: new Capture(), options: { pull: 'never', logMode: 'prefixed' } });
    const app = result.containers.find((c) => c.name === 'app');
    expect(app?.dockerId, 'app was never created').to.equal(undefined);
    expect(app?.reason).to.match(/^not started: timed out after 2 s \(the startTimeout of "db"\) waiting for "db" to be HEALTHY/);
    expect(result.stopCode).to.equal('EssentialContainerExited');
    expect(result.exitCode).to.equal(1);
    expect(Date.now() - started).to.be.greaterThan(2000);
  });

  it("stops a sidecar that ignores SIGTERM with SIGKILL after its stopTimeout when an essential container exits, and returns the essential container's exit code", async () => {
    const spec = testTask([
      // `sleep` as PID 1 has no SIGTERM handler, so the kernel ignores SIGTERM: only SIGKILL stops it.
      container({ name: 'sidecar', essential: false, stopTimeout: 2, command: ['sleep', '1000'] }),
      container({ name: 'main', command: ['sh', '-c', 'sleep 1; exit 3'] }),
    ]);
    const result = await runTask(spec, { engine, out: new Capture(), err: new Capture(), options: { pull: 'never', logMode: 'prefixed' } });
    expect(result.exitCode).to.equal(3);
    expect(result.stoppedBy).to.equal('main');
    expect(result.stopCode).to.equal('EssentialContainerExited');
    expect(result.containers.find((c) => c.name === 'sidecar')?.exitCode).to.equal(137);
    const grace = stoppedAt(result, 'sidecar') - stoppedAt(result, 'main');
    expect(grace, 'SIGKILL comes after the 2 s stopTimeout').to.be.within(1900, 4500);
  });

  it('propagates exit codes in bridge mode, after a SUCCESS dependency, without a pause container', async () => {
    const spec = testTask(
      [
        container({ name: 'init', essential: false, command: ['sh', '-c', 'echo migrated'] }),
        container({ name: 'job', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }], command: ['sh', '-c', 'exit 7'] }),
      ],
      { networkMode: 'bridge' },
    );
    const result = await runTask(spec, { engine, out: new Capture(), err: new Capture(), options: { pull: 'never', logMode: 'prefixed' } });
    expect(result.exitCode).to.equal(7);
    expect(result.containers.map((c) => [c.name, c.exitCode])).to.deep.equal([
      ['init', 0],
      ['job', 7],
    ]);
  });

  it('reports a container Docker cannot start as CannotStartContainerError and TaskFailedToStart (exit 3)', async () => {
    const spec = testTask([container({ name: 'app', user: 'nosuchuser', command: ['true'] })]);
    const result = await runTask(spec, { engine, out: new Capture(), err: new Capture(), options: { pull: 'never', logMode: 'prefixed' } });
    expect(result.stopCode).to.equal('TaskFailedToStart');
    expect(result.stoppedReason).to.match(/^CannotStartContainerError: Error response from daemon: .*nosuchuser/);
    expect(result.exitCode).to.equal(3);
  });

  it('fails before creating anything when an image cannot be pulled, with the ECS reason', async () => {
    const missing = testTask([container({ name: 'app', image: 'ecs-local-test/missing:1' })]);
    const never = await runTask(missing, { engine, out: new Capture(), err: new Capture(), options: { pull: 'never', logMode: 'prefixed' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(never).to.have.property('errorName', 'TaskFailedToStart');
    expect((never as Error).message).to.equal('CannotPullContainerError: No such image: ecs-local-test/missing:1');
    const pulled = await runTask(missing, { engine, out: new Capture(), err: new Capture(), options: { pull: 'missing', logMode: 'prefixed' } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // Docker refuses the pull request (the Go client's `Error response from daemon: ...`); Podman
    // reports its failure inside the pull stream, which the agent would print as it came.
    const reason = engine.profile.kind === 'podman' ? /^CannotPullContainerError: initializing source docker:\/\/ecs-local-test\/missing:1: / : /^CannotPullContainerError: Error response from daemon: /;
    expect((pulled as Error).message).to.match(reason);
  });

  it('restarts an exited container in place under its restartPolicy, printing each run once', async () => {
    const spec = testTask([
      container({
        name: 'app',
        // The writable layer survives a restart in place: the second run finds the marker.
        command: ['sh', '-c', 'if [ -f /tmp/ran ]; then echo second; exit 0; fi; touch /tmp/ran; echo first; exit 5'],
        restartPolicy: { enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 0 },
      }),
    ]);
    const out = new Capture();
    const err = new Capture();
    const result = await runTask(spec, { engine, out, err, options: { pull: 'never', logMode: 'plain' } });
    expect(out.lines).to.deep.equal(['first', 'second']);
    expect(err.lines).to.include('ecs-local: app exited with code 5; restarted by its restartPolicy');
    expect(result.containers[0]).to.include({ exitCode: 0, restarts: 1 });
    expect(result.exitCode).to.equal(0);
  });

  it('stops gracefully on the first abort (UserInitiated, exit 130) and kills on the second', async () => {
    const graceful = testTask([container({ name: 'app', stopTimeout: 1, command: ['sh', '-c', 'echo up; exec sleep 1000'] })]);
    const out = new Capture();
    const stop = new AbortController();
    const running = runTask(graceful, { engine, out, err: new Capture(), signal: stop.signal, options: { pull: 'never', logMode: 'plain' } });
    await waitFor('the container to print "up"', () => out.lines.includes('up'));
    stop.abort();
    const result = await running;
    expect(result.stopCode).to.equal('UserInitiated');
    expect(result.stoppedReason).to.equal('Task stopped by user');
    expect(result.exitCode).to.equal(130);

    // Says when the graceful stop's SIGTERM reaches it, and carries on: only a kill ends it early.
    const slow = testTask([container({ name: 'app', stopTimeout: 30, command: ['sh', '-c', 'trap "echo term" TERM; echo up; while true; do sleep 0.1; done'] })]);
    const out2 = new Capture();
    const first = new AbortController();
    const second = new AbortController();
    const running2 = runTask(slow, {
      engine,
      out: out2,
      err: new Capture(),
      signal: first.signal,
      killSignal: second.signal,
      options: { pull: 'never', logMode: 'plain' },
    });
    await waitFor('the container to print "up"', () => out2.lines.includes('up'));
    const t0 = Date.now();
    first.abort();
    await waitFor('the SIGTERM of the graceful stop to reach the container', () => out2.lines.includes('term'));
    second.abort();
    const killed = await running2;
    expect(Date.now() - t0, 'killed long before the 30 s stopTimeout').to.be.lessThan(5000);
    expect(killed.containers[0]?.exitCode).to.equal(137);
  });
});
