import { expect } from 'chai';
import { Label } from '../../../src/docker/labels.js';
import {
  claimHolder,
  claimName,
  holderState,
  hostKey,
  idleName,
  NETNS_PROTOCOL,
  ownedName,
  releaseHolder,
  removeHolders,
} from '../../../src/runtime/namespace-pool.js';
import { FakeEngine } from '../../support/fake-engine.js';

const IMAGE = 'ecs-local/pause:test';
const NETWORK = 'ecs-local-endpoints';
const HOST = 'abcdef01';
const setup = async (): Promise<{ image: string; network: string }> => ({ image: IMAGE, network: NETWORK });

function names(engine: FakeEngine): string[] {
  return [...engine.containers.values()].map((c) => c.options.name ?? '').sort();
}

describe('runtime/namespace-pool', () => {
  it('reads a holder\'s state from its name, and nothing else as a holder', () => {
    expect(holderState(idleName('0a1b2c3d'))).to.deep.equal({ state: 'idle', key: '0a1b2c3d' });
    expect(holderState(claimName('0a1b2c3d'))).to.deep.equal({ state: 'claim', key: '0a1b2c3d' });
    expect(holderState(ownedName('0a1b2c3d', HOST, 4242))).to.deep.equal({ state: 'owned', key: '0a1b2c3d', host: HOST, pid: 4242 });
    expect(holderState('/ecs-local-netns-0a1b2c3d')).to.deep.equal({ state: 'idle', key: '0a1b2c3d' });
    expect(holderState('ecs-local-endpoints')).to.equal(undefined);
    expect(holderState('ecs-local-netns-0a1b2c3d.other')).to.equal(undefined);
    expect(hostKey('laptop')).to.match(/^[0-9a-f]{8}$/).and.equal(hostKey('laptop'));
    expect(hostKey('laptop')).to.not.equal(hostKey('ci-runner'));
  });

  it('makes a running holder on the endpoints network when none waits, named for its process, and keeps it for the next task', async () => {
    const engine = new FakeEngine();
    const holder = await claimHolder({ engine, holderSetup: setup, pid: 100, host: HOST });
    expect(holder.warm).to.equal(false);
    const made = engine.containers.get(holder.id);
    expect(made?.status).to.equal('running');
    expect(made?.options.Labels).to.deep.equal({ [Label.netns]: NETNS_PROTOCOL });
    expect(made?.options.HostConfig?.NetworkMode).to.equal('bridge');
    expect(engine.calls).to.include(`connect ${ownedName(holder.key, HOST, 100)} ${NETWORK}`);
    expect(names(engine)).to.deep.equal([ownedName(holder.key, HOST, 100)]);

    await releaseHolder(engine, holder, true);
    expect(names(engine)).to.deep.equal([idleName(holder.key)]);

    // The next task (another process) gets the same namespace, without a container made.
    const next = await claimHolder({ engine, holderSetup: setup, pid: 200, host: HOST, isAlive: () => true });
    expect(next).to.include({ id: holder.id, warm: true, spares: 0 });
    expect(names(engine)).to.deep.equal([ownedName(holder.key, HOST, 200)]);
    expect(engine.calls.filter((c) => c.startsWith('create'))).to.have.length(1);
  });

  it('lets exactly one of two processes claim an idle holder at once; the other makes its own', async () => {
    const engine = new FakeEngine();
    const first = await claimHolder({ engine, holderSetup: setup, pid: 1, host: HOST });
    await releaseHolder(engine, first, true);
    const [a, b] = await Promise.all([
      claimHolder({ engine, holderSetup: setup, pid: 2, host: HOST, isAlive: () => true }),
      claimHolder({ engine, holderSetup: setup, pid: 3, host: HOST, isAlive: () => true }),
    ]);
    expect([a.warm, b.warm].sort()).to.deep.equal([false, true]);
    expect(a.id).to.not.equal(b.id);
    // The one made saw a holder waiting at its claim: the pool keeps one spare, so only the other goes back.
    await releaseHolder(engine, a, true);
    await releaseHolder(engine, b, true);
    expect(names(engine)).to.deep.equal([idleName((a.warm ? a : b).key)]);
  });

  it('keeps one spare: a holder claimed while another waits is removed after its task', async () => {
    const engine = new FakeEngine();
    const x = await claimHolder({ engine, holderSetup: setup, pid: 1, host: HOST });
    const y = await claimHolder({ engine, holderSetup: setup, pid: 1, host: HOST });
    await releaseHolder(engine, x, true);
    await releaseHolder(engine, y, true);
    expect(names(engine)).to.have.length(2);
    const z = await claimHolder({ engine, holderSetup: setup, pid: 1, host: HOST });
    expect(z).to.include({ warm: true, spares: 1 });
    await releaseHolder(engine, z, true);
    expect(names(engine)).to.have.length(1);
  });

  it('removes, never reuses, a holder whose task failed', async () => {
    const engine = new FakeEngine();
    const holder = await claimHolder({ engine, holderSetup: setup, pid: 1, host: HOST });
    await releaseHolder(engine, holder, false);
    expect(names(engine)).to.deep.equal([]);
  });

  it("sweeps the holders of a dead process of this host, idle ones that stopped and other protocols'; leaves other hosts' and live processes'", async () => {
    const engine = new FakeEngine();
    const make = async (name: string, running = true, protocol = NETNS_PROTOCOL): Promise<void> => {
      const id = await engine.createContainer({ name, Image: IMAGE, Labels: { [Label.netns]: protocol } });
      if (running) await engine.start(id);
    };
    await make(ownedName('00000001', HOST, 11)); // dead, this host
    await make(ownedName('00000002', HOST, 12)); // alive
    await make(ownedName('00000003', 'ffffffff', 11)); // another host's
    await make(idleName('00000004'), false); // stopped (an engine restart)
    await make(idleName('00000005'), true, '0'); // another protocol
    await make(claimName('00000006')); // claimed a moment ago
    const holder = await claimHolder({ engine, holderSetup: setup, pid: 99, host: HOST, isAlive: (pid) => pid === 12 });
    expect(holder.warm).to.equal(false);
    expect(names(engine)).to.deep.equal(
      [ownedName('00000002', HOST, 12), ownedName('00000003', 'ffffffff', 11), claimName('00000006'), ownedName(holder.key, HOST, 99)].sort(),
    );
    expect(await removeHolders(engine)).to.have.length(4);
    expect(names(engine)).to.deep.equal([]);
  });

  it('puts nothing back for a holder removed meanwhile (`down --all`)', async () => {
    const engine = new FakeEngine();
    const holder = await claimHolder({ engine, holderSetup: setup, pid: 1, host: HOST });
    await engine.remove(holder.id);
    await releaseHolder(engine, holder, true);
    expect(names(engine)).to.deep.equal([]);
  });
});
