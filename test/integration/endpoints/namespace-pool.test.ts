import { expect } from 'chai';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { holderState, NETNS_LABEL } from '../../../src/runtime/namespace-pool.js';
import { useDockerSuite } from '../../support/docker.js';
import { endpointTask, lineAfter } from '../../support/endpoint-task.js';
import { container } from '../../support/task.js';

const ROLE = 'arn:aws:iam::123456789012:role/app-role';
const CREDENTIALS = /^\{"RoleArn":"arn:aws:iam::123456789012:role\/app-role","AccessKeyId":"ASIAECSLOCAL[A-Z2-7]{8}"/;

/** A portless awsvpc task printing its hostname (the namespace owner's, in a joined namespace) and its credentials. */
async function portlessTask(engine: ContainerEngine, ports = false) {
  return endpointTask(
    engine,
    [
      container({
        name: 'app',
        ...(ports ? { portMappings: [{ containerPort: 8080 }] } : {}),
        command: ['sh', '-c', 'echo "HOST $(hostname)"; echo "CREDS $(wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)"'],
      }),
    ],
    { family: 'pooltest', taskRoleArn: ROLE },
  );
}

async function idleHolders(engine: ContainerEngine): Promise<string[]> {
  const listed = await engine.listContainers({ [NETNS_LABEL]: '' });
  return listed.filter((c) => holderState(c.name)?.state === 'idle' && c.state === 'running').map((c) => c.id);
}

describe('endpoints: warm network namespaces for awsvpc tasks', function () {
  this.timeout(90_000);
  let engine: ContainerEngine;
  useDockerSuite((e) => (engine = e));

  it('runs the next portless awsvpc task in the namespace the last one left (Docker), which then reaches only its own credentials; a pause container per task on Podman', async () => {
    const waiting = await idleHolders(engine);
    const first = await portlessTask(engine);
    const one = await first.run();
    expect(one.exitCode, first.err.text).to.equal(0);
    expect(lineAfter(first.out, 'CREDS ')).to.match(CREDENTIALS);
    const idle = await idleHolders(engine);

    const second = await portlessTask(engine);
    const two = await second.run();
    expect(two.exitCode, second.err.text).to.equal(0);
    // Routed to this task's own endpoint (another id, another server): the first task's route is gone.
    expect(lineAfter(second.out, 'CREDS ')).to.match(CREDENTIALS);
    expect(second.plan.injected).to.not.deep.equal(first.plan.injected);
    const hostOf = (t: typeof first): string => lineAfter(t.out, 'HOST ');

    if (engine.profile.kind === 'docker') {
      // A joined container takes its namespace owner's hostname: the holder's id.
      const holderIn = (ids: string[], t: typeof first) => ids.find((id) => id.startsWith(hostOf(t)));
      // The first ran in a holder: one that waited, or one it made and left (the pool keeps one
      // spare: with two waiting, the one it took is removed after it).
      expect(holderIn([...waiting, ...idle], first), `the first task's holder (idle: ${idle.join(', ')})`).to.not.equal(undefined);
      expect(idle).to.not.deep.equal([]);
      // The second ran in one that waited after the first.
      expect(holderIn(idle, second), `the second task's holder (idle: ${idle.join(', ')})`).to.not.equal(undefined);
      expect(await idleHolders(engine)).to.not.deep.equal([]);
    } else {
      // Podman: no pool; each task had a namespace of its own.
      expect(idle).to.deep.equal([]);
      expect(hostOf(second)).to.not.equal(hostOf(first));
    }
  });

  it('gives a task with port mappings a namespace of its own, never a pooled one (its ports would stay published)', async () => {
    const before = await idleHolders(engine);
    const task = await portlessTask(engine, true);
    const result = await task.run();
    expect(result.exitCode, task.err.text).to.equal(0);
    expect(lineAfter(task.out, 'CREDS ')).to.match(CREDENTIALS);
    expect(before.some((id) => id.startsWith(lineAfter(task.out, 'HOST ')))).to.equal(false);
    expect(await idleHolders(engine)).to.have.members(before);
  });
});
