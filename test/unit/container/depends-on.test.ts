import { expect } from 'chai';
import {
  dependencyState,
  dependencyTimedOut,
  explainDependency,
  startOrder,
  unresolvableDependencies,
  validateDependsOn,
  type ObservedContainer,
} from '../../../src/container/depends-on.js';
import type { DependencyCondition } from '../../../src/taskdef/types.js';
import { containerDef } from './fixtures.js';

const names = (list: { name: string }[]): string[] => list.map((c) => c.name);

describe('depends-on', () => {
  describe('startOrder', () => {
    it('keeps definition order when nothing depends on anything', () => {
      expect(names(startOrder([{ name: 'a' }, { name: 'b' }, { name: 'c' }]))).to.deep.equal(['a', 'b', 'c']);
    });

    it('starts dependencies first and otherwise keeps definition order', () => {
      const order = startOrder([
        { name: 'app', dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }] },
        { name: 'sidecar' },
        { name: 'db', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] },
        { name: 'init' },
      ]);
      expect(names(order)).to.deep.equal(['sidecar', 'init', 'db', 'app']);
    });

    it('orders by links (name:alias) and volumesFrom too', () => {
      const order = startOrder([
        { name: 'web', links: ['api:backend'] },
        { name: 'api', volumesFrom: [{ sourceContainer: 'data' }] },
        { name: 'data' },
      ]);
      expect(names(order)).to.deep.equal(['data', 'api', 'web']);
    });

    it('ignores names that match no container', () => {
      expect(names(startOrder([{ name: 'a', links: ['ghost'] }]))).to.deep.equal(['a']);
    });

    const cycles: [string, Parameters<typeof startOrder>[0], string][] = [
      [
        'two containers',
        [
          { name: 'a', dependsOn: [{ containerName: 'b', condition: 'START' }] },
          { name: 'b', dependsOn: [{ containerName: 'a', condition: 'START' }] },
        ],
        'Container dependencies should not have a cycle: a -> b -> a',
      ],
      [
        'a container on itself',
        [{ name: 'solo', dependsOn: [{ containerName: 'solo', condition: 'START' }] }],
        'Container dependencies should not have a cycle: solo -> solo',
      ],
      [
        'a cycle behind a free container',
        [
          { name: 'free' },
          { name: 'x', dependsOn: [{ containerName: 'y', condition: 'START' }] },
          { name: 'y', volumesFrom: [{ sourceContainer: 'z' }] },
          { name: 'z', dependsOn: [{ containerName: 'x', condition: 'START' }] },
        ],
        'Container dependencies should not have a cycle: x -> y -> z -> x',
      ],
      [
        'links only (ECS\'s own text)',
        [
          { name: 'a', links: ['b'] },
          { name: 'b', links: ['a:alias'] },
        ],
        'Container links should not have a cycle',
      ],
    ];
    for (const [title, containers, message] of cycles) {
      it(`rejects a cycle: ${title}`, () => {
        expect(() => startOrder(containers)).to.throw(message).with.property('errorName', 'ClientException');
      });
    }
  });

  describe('validateDependsOn', () => {
    it('accepts COMPLETE/SUCCESS on non-essential containers', () => {
      expect(() =>
        validateDependsOn([
          containerDef({ name: 'init', essential: false }),
          containerDef({ name: 'app', dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] }),
        ]),
      ).not.to.throw();
    });

    for (const condition of ['COMPLETE', 'SUCCESS'] as const) {
      it(`rejects ${condition} on an essential container (essential by default)`, () => {
        expect(() =>
          validateDependsOn([
            containerDef({ name: 'init' }),
            containerDef({ name: 'app', dependsOn: [{ containerName: 'init', condition }] }),
          ]),
        ).to.throw('A dependency container with SUCCESS or COMPLETE condition cannot be an essential container');
      });
    }

    it('allows START and HEALTHY on an essential container', () => {
      expect(() =>
        validateDependsOn([
          containerDef({ name: 'db', healthCheck: { command: ['CMD', 'true'] } }),
          containerDef({ name: 'app', dependsOn: [{ containerName: 'db', condition: 'HEALTHY' }, { containerName: 'db', condition: 'START' }] }),
        ]),
      ).not.to.throw();
    });

    it('rejects a dependency on a container that does not exist, in ECS words', () => {
      expect(() => validateDependsOn([containerDef({ dependsOn: [{ containerName: 'ghost', condition: 'START' }] })]))
        .to.throw("Cannot depend on container + 'ghost' because it does not exist")
        .with.property('errorName', 'ClientException');
    });
  });

  describe('unresolvableDependencies', () => {
    it('finds HEALTHY on a container without a healthCheck', () => {
      const found = unresolvableDependencies([
        containerDef({ name: 'db' }),
        containerDef({ name: 'cache', healthCheck: { command: ['CMD', 'true'] } }),
        containerDef({
          name: 'app',
          dependsOn: [
            { containerName: 'db', condition: 'HEALTHY' },
            { containerName: 'cache', condition: 'HEALTHY' },
            { containerName: 'db', condition: 'START' },
          ],
        }),
      ]);
      expect(found).to.deep.equal([{ container: 'app', dependency: { containerName: 'db', condition: 'HEALTHY' } }]);
    });
  });

  describe('dependencyState', () => {
    const running: ObservedContainer = { status: 'running', health: 'none' };
    const table: [DependencyCondition, ObservedContainer, string][] = [
      ['START', { status: 'pending' }, 'waiting'],
      ['START', { status: 'created' }, 'waiting'],
      ['START', running, 'satisfied'],
      ['START', { status: 'exited', exitCode: 1 }, 'satisfied'],
      ['COMPLETE', running, 'waiting'],
      ['COMPLETE', { status: 'exited', exitCode: 0 }, 'satisfied'],
      ['COMPLETE', { status: 'exited', exitCode: 137 }, 'satisfied'],
      ['SUCCESS', running, 'waiting'],
      ['SUCCESS', { status: 'exited', exitCode: 0 }, 'satisfied'],
      ['SUCCESS', { status: 'exited', exitCode: 2 }, 'failed'],
      ['SUCCESS', { status: 'exited' }, 'failed'],
      ['HEALTHY', { status: 'running', health: 'starting' }, 'waiting'],
      ['HEALTHY', { status: 'running', health: 'healthy' }, 'satisfied'],
      ['HEALTHY', { status: 'running', health: 'unhealthy' }, 'waiting'],
      ['HEALTHY', { status: 'created', health: 'none' }, 'failed'],
      ['HEALTHY', { status: 'exited', exitCode: 0, health: 'starting' }, 'failed'],
    ];
    for (const [condition, observed, expected] of table) {
      it(`${condition} with ${JSON.stringify(observed)} → ${expected}`, () => {
        expect(dependencyState({ containerName: 'dep', condition }, observed)).to.equal(expected);
      });
    }

    it('says why a dependency failed', () => {
      expect(explainDependency({ containerName: 'db', condition: 'HEALTHY' }, { status: 'running', health: 'none' })).to.deep.equal({
        state: 'failed',
        reason: '"db" has no healthCheck in the task definition, so it can never be HEALTHY',
      });
      expect(explainDependency({ containerName: 'init', condition: 'SUCCESS' }, { status: 'exited', exitCode: 3 }).reason).to.equal(
        '"init" exited with code 3; SUCCESS needs exit code 0',
      );
      expect(explainDependency({ containerName: 'db', condition: 'HEALTHY' }, { status: 'running', health: 'unhealthy' }).reason).to.equal(
        'waiting for "db" to be HEALTHY (it is UNHEALTHY now)',
      );
    });
  });

  describe('dependencyTimedOut', () => {
    const started = 1_000_000;
    it('times out after the dependency\'s startTimeout, counted from its start', () => {
      const dep = { startTimeoutSeconds: 10, startedAtMs: started, exited: false };
      expect(dependencyTimedOut('HEALTHY', dep, started + 10_000)).to.equal(false);
      expect(dependencyTimedOut('HEALTHY', dep, started + 10_001)).to.equal(true);
      expect(dependencyTimedOut('SUCCESS', dep, started + 10_001)).to.equal(true);
    });

    it('never for START, a dependency not started yet, or one that already exited', () => {
      expect(dependencyTimedOut('START', { startTimeoutSeconds: 1, startedAtMs: started, exited: false }, started + 60_000)).to.equal(false);
      expect(dependencyTimedOut('COMPLETE', { startTimeoutSeconds: 1, exited: false }, started + 60_000)).to.equal(false);
      expect(dependencyTimedOut('COMPLETE', { startTimeoutSeconds: 1, startedAtMs: started, exited: true }, started + 60_000)).to.equal(false);
    });
  });
});
