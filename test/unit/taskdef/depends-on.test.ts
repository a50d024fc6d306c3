import { expect } from 'chai';
import { startOrder, validateDependsOn } from '../../../src/taskdef/depends-on.js';
import { containerDef } from '../container/fixtures.js';

const names = (list: { name: string }[]): string[] => list.map((c) => c.name);

describe('taskdef/depends-on', () => {
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
});
