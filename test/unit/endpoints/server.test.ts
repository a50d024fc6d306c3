import { expect } from 'chai';
import type { EndpointTask } from '../../../src/endpoints/answer.js';
import { sharedEndpointServer, startEndpointServer } from '../../../src/endpoints/server.js';
import { FakeEngine } from '../../support/fake-engine.js';

function task(credentialsId: string): EndpointTask {
  return {
    ids: new Map([['app', { container: 'app', endpointId: `e-${credentialsId}`, credentialsId }]]),
    credentials: {
      lookup: async () => ({
        kind: 'found',
        credentials: { roleArn: 'r', accessKeyId: credentialsId, secretAccessKey: 's', sessionToken: 't', expiration: new Date('2030-01-01T00:00:00Z') },
      }),
    },
    metadata: {
      task: () => ({ cluster: 'c', taskArn: 't', family: 'f', revision: '1', knownStatus: 'RUNNING', faultInjectionEnabled: false }),
      container: async () => undefined,
      containers: async () => [],
      stats: async () => undefined,
      taskStats: async () => [],
    },
  };
}

describe('endpoints/server', () => {
  it('answers each task on its own port only, with the content type the agent sends', async () => {
    const server = await startEndpointServer('127.0.0.1');
    const a = await server.open(task('A'));
    const b = await server.open(task('B'));
    try {
      const mine = await fetch(`http://127.0.0.1:${a.port}/v2/credentials/A`);
      expect(mine.status).to.equal(200);
      expect(mine.headers.get('content-type')).to.equal('application/json');
      expect(((await mine.json()) as { AccessKeyId: string }).AccessKeyId).to.equal('A');
      const theirs = await fetch(`http://127.0.0.1:${b.port}/v2/credentials/A`);
      expect(theirs.status).to.equal(400);
      expect(await theirs.text()).to.equal('{"code":"InvalidIdInRequest","message":"CredentialsV2Request: Credentials not found"}');
      const unknown = await fetch(`http://127.0.0.1:${a.port}/nothing/here`);
      expect(unknown.status).to.equal(404);
      expect(await unknown.text()).to.equal('404 page not found\n');
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('stops answering for a task once its port is closed', async () => {
    const server = await startEndpointServer('127.0.0.1');
    const a = await server.open(task('A'));
    await a.close();
    let failed = false;
    await fetch(`http://127.0.0.1:${a.port}/v2/credentials/A`).catch(() => (failed = true));
    expect(failed).to.equal(true);
  });

  it('listens on 127.0.0.1 only, for a local engine as for a remote one: containers reach it through the relay', async () => {
    // The server is shared per engine endpoint: each engine has an endpoint of its own.
    let n = 0;
    const own = (engine: FakeEngine): FakeEngine => Object.assign(engine, { endpoint: `fake://${++n}` });
    const local = await sharedEndpointServer(own(new FakeEngine()));
    const remote = await sharedEndpointServer(own(new FakeEngine({ remote: true })));
    expect([local.address, remote.address]).to.deep.equal(['127.0.0.1', '127.0.0.1']);
  });
});
