/**
 * Root hook of the Docker-backed suite: whatever the tests did, nothing ecs-local labelled may be left
 * on the engine at the end.
 */
import { expect } from 'chai';
import { labelledObjects, testEngine } from '../support/docker.js';

after('no labelled container or volume is left behind', async function () {
  this.timeout(30_000);
  const left = await labelledObjects(await testEngine());
  expect(left).to.deep.equal({ containers: [], volumes: [] });
});
