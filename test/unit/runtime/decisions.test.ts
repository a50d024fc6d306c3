import { expect } from 'chai';
import type { ContainerSpec } from '../../../src/container/spec.js';
import { decideStart, dependenciesOf, shutdownWave, type ContainerView } from '../../../src/runtime/decisions.js';
import type { ContainerDependency } from '../../../src/taskdef/types.js';

function view(partial: Partial<ContainerView> & { observed: ContainerView['observed'] }): ContainerView {
  return { skipped: false, startTimeoutSeconds: 10, ...partial };
}

function spec(name: string, extra: Partial<ContainerSpec> = {}): ContainerSpec {
  return {
    name,
    dockerName: `ecs-local-f-12345678-${name}`,
    image: 'busybox',
    essential: true,
    dependsOn: [],
    startTimeoutSeconds: 180,
    stopTimeoutSeconds: 30,
    create: {},
    hasHealthCheck: false,
    ports: [],
    ...extra,
  };
}

describe('runtime/decisions decideStart', () => {
  const healthy: ContainerDependency = { containerName: 'db', condition: 'HEALTHY' };

  it('starts a container without dependencies at once', () => {
    expect(decideStart([], new Map(), 0)).to.deep.equal({ action: 'start' });
  });

  it('waits on a starting HEALTHY dependency, then starts once it is healthy', () => {
    const starting = new Map([['db', view({ observed: { status: 'running', health: 'starting' }, startedAtMs: 0 })]]);
    expect(decideStart([healthy], starting, 1000)).to.deep.equal({ action: 'wait', reason: 'waiting for "db" to be HEALTHY' });
    const ok = new Map([['db', view({ observed: { status: 'running', health: 'healthy' }, startedAtMs: 0 })]]);
    expect(decideStart([healthy], ok, 1000)).to.deep.equal({ action: 'start' });
  });

  it("gives up once the dependency's own startTimeout has passed since it started", () => {
    const views = new Map([['db', view({ observed: { status: 'running', health: 'unhealthy' }, startedAtMs: 0, startTimeoutSeconds: 5 })]]);
    expect(decideStart([healthy], views, 5000).action).to.equal('wait');
    expect(decideStart([healthy], views, 5001)).to.deep.equal({
      action: 'fail',
      reason: 'not started: timed out after 5 s (the startTimeout of "db") waiting for "db" to be HEALTHY (it is UNHEALTHY now)',
    });
  });

  it('fails at once when a SUCCESS dependency exited non-zero, or a dependency never ran', () => {
    const exited = new Map([['init', view({ observed: { status: 'exited', exitCode: 2 } })]]);
    expect(decideStart([{ containerName: 'init', condition: 'SUCCESS' }], exited, 0)).to.deep.equal({
      action: 'fail',
      reason: 'not started: "init" exited with code 2; SUCCESS needs exit code 0',
    });
    const skipped = new Map([['init', view({ observed: { status: 'pending' }, skipped: true })]]);
    expect(decideStart([{ containerName: 'init', condition: 'START' }], skipped, 0)).to.deep.equal({
      action: 'fail',
      reason: 'not started: "init" never ran',
    });
  });
});

describe('runtime/decisions dependenciesOf', () => {
  it('adds START on linked and volumes-from containers to dependsOn, once', () => {
    const all = [
      spec('db'),
      spec('files'),
      spec('app', {
        dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }],
        create: { HostConfig: { Links: ['ecs-local-f-12345678-db:database'], VolumesFrom: ['ecs-local-f-12345678-files:ro'] } },
      }),
    ];
    expect(dependenciesOf(all[2] as ContainerSpec, all)).to.deep.equal([
      { containerName: 'db', condition: 'HEALTHY' },
      { containerName: 'files', condition: 'START' },
    ]);
  });
});

describe('runtime/decisions shutdownWave', () => {
  it('stops dependents before what they depend on', () => {
    const deps = new Map<string, ContainerDependency[]>([
      ['app', [{ containerName: 'db', condition: 'HEALTHY' }]],
      ['proxy', [{ containerName: 'app', condition: 'START' }]],
      ['db', []],
    ]);
    expect(shutdownWave(new Set(['app', 'proxy', 'db']), deps)).to.deep.equal(['proxy']);
    expect(shutdownWave(new Set(['app', 'db']), deps)).to.deep.equal(['app']);
    expect(shutdownWave(new Set(['db']), deps)).to.deep.equal(['db']);
  });

  it('stops everything together when dependencies form a cycle', () => {
    const deps = new Map<string, ContainerDependency[]>([
      ['a', [{ containerName: 'b', condition: 'START' }]],
      ['b', [{ containerName: 'a', condition: 'START' }]],
    ]);
    expect(shutdownWave(new Set(['a', 'b']), deps)).to.have.members(['a', 'b']);
  });
});
