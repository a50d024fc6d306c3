/**
 * Root hook of the Docker-backed suite: whatever the tests did, nothing ecs-local labelled may be left
 * on the engine at the end, and no namespace holder this process claimed may still be claimed.
 */
import { expect } from 'chai';
import { holderState, hostKey, NETNS_LABEL } from '../../src/runtime/namespace-pool.js';
import { labelledObjects, testEngine } from '../support/docker.js';

after('no labelled container or volume is left behind, nor a namespace holder this process still holds', async function () {
  this.timeout(30_000);
  const engine = await testEngine();
  const left = await labelledObjects(engine);
  expect(left).to.deep.equal({ containers: [], volumes: [] });
  const held = (await engine.listContainers({ [NETNS_LABEL]: '' })).filter((c) => {
    const s = holderState(c.name);
    return s?.state === 'owned' && s.pid === process.pid && s.host === hostKey();
  });
  expect(held.map((c) => c.name)).to.deep.equal([]);
});
