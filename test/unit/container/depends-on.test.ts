import { expect } from 'chai';
import {
  dependencyState,
  dependencyTimedOut,
  explainDependency,
  unresolvableDependencies,
  type ObservedContainer,
} from '../../../src/container/depends-on.js';
import type { DependencyCondition } from '../../../src/taskdef/types.js';
import { containerDef } from './fixtures.js';

describe('depends-on', () => {
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
