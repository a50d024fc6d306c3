import { expect } from 'chai';
import { answer, type EndpointTask, type TaskMetadataSource } from '../../../src/endpoints/answer.js';
import type { RoleCredentials } from '../../../src/endpoints/credentials.js';
import type { ContainerFacts, TaskFacts } from '../../../src/endpoints/metadata.js';
import { routeOf } from '../../../src/endpoints/routes.js';

const facts = (name: string): ContainerFacts => ({
  dockerId: `docker-${name}`,
  name,
  dockerName: `ecs-local-web-0123abcd-${name}`,
  image: 'busybox',
  imageId: 'sha256:1',
  ports: [],
  labels: {},
  desiredStatus: 'RUNNING',
  knownStatus: 'RUNNING',
  cpu: 0,
  memory: 0,
  networks: [],
  volumes: [],
});

const taskFacts: TaskFacts = {
  cluster: 'default',
  taskArn: 'arn:aws:ecs:us-east-1:1:task/default/0123',
  family: 'web',
  revision: '1',
  knownStatus: 'RUNNING',
  faultInjectionEnabled: false,
};

/** A task whose containers exist in Docker except those in `missing`. */
function task(opts: { missing?: string[]; role?: boolean } = {}): EndpointTask {
  const metadata: TaskMetadataSource = {
    task: () => taskFacts,
    container: async (name) => (opts.missing?.includes(name) ? undefined : facts(name)),
    containers: async () => ['app', 'side'].filter((n) => !opts.missing?.includes(n)).map(facts),
    stats: async (name) => (opts.missing?.includes(name) ? undefined : { dockerId: `docker-${name}`, docker: { read: 'r' } }),
    taskStats: async () => [{ dockerId: 'docker-side', docker: { n: 2 } }, { dockerId: 'docker-app', docker: { n: 1 } }],
  };
  const credentials: RoleCredentials = {
    roleArn: 'arn:aws:iam::1:role/app',
    accessKeyId: 'ASIA1',
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: new Date('2026-01-01T00:00:00Z'),
  };
  return {
    ids: new Map([
      ['app', { container: 'app', endpointId: 'e-app', ...(opts.role ? { credentialsId: 'c-app' } : {}) }],
      ['side', { container: 'side', endpointId: 'e-side', ...(opts.role ? { credentialsId: 'c-side' } : {}) }],
    ]),
    ...(opts.role ? { credentials: { lookup: async () => ({ kind: 'found' as const, credentials }) } } : {}),
    metadata,
  };
}

async function get(t: EndpointTask | undefined, path: string) {
  const url = new URL(path, 'http://x');
  const route = routeOf(url.pathname, url.searchParams);
  if (route === undefined) throw new Error(`no route for ${path}`);
  return answer(t, route);
}

describe('endpoints/answer', () => {
  it("answers a container's own metadata and its task's, by the container's endpoint id", async () => {
    const one = await get(task(), '/v4/e-side');
    expect(one.status).to.equal(200);
    expect(one.contentType).to.equal('application/json');
    expect(JSON.parse(one.body)).to.include({ Name: 'side', DockerId: 'docker-side' });
    const all = JSON.parse((await get(task(), '/v4/e-app/task')).body) as { Containers: { Name: string }[] };
    expect(all.Containers.map((c) => c.Name)).to.deep.equal(['app', 'side']);
  });

  it("answers an unknown id with the agent's JSON string: 404 in v4, 400 (500 for the task) in v3", async () => {
    const t = task();
    expect(await get(t, '/v4/nope')).to.deep.include({
      status: 404,
      body: '"V4 container metadata handler: unable to get container ID from request: unable to get docker ID from v3 endpoint ID: nope"',
    });
    expect(await get(t, '/v4/nope/task')).to.deep.include({
      status: 404,
      body: '"V4 task metadata handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nope"',
    });
    expect((await get(t, '/v4/nope/stats')).body).to.equal(
      '"V4 container stats handler: unable to get task arn from request: unable to get task Arn from v3 endpoint ID: nope"',
    );
    expect((await get(t, '/v3/nope')).status).to.equal(400);
    expect((await get(t, '/v3/nope/task')).status).to.equal(500);
    expect(await get(undefined, '/v4/e-app')).to.deep.include({ status: 404 });
  });

  it('answers a known id whose container Docker does not have yet as the agent does without a Docker id', async () => {
    const r = await get(task({ missing: ['side'] }), '/v4/e-side');
    expect(r.status).to.equal(404);
    expect(r.body).to.contain('unable to get docker ID from v3 endpoint ID: e-side');
  });

  it('answers task stats as a map by Docker id, sorted', async () => {
    expect((await get(task(), '/v4/e-app/task/stats')).body).to.equal('{"docker-app":{"n":1},"docker-side":{"n":2}}');
  });

  it("hands out credentials for the task's own ids only", async () => {
    const mine = await get(task({ role: true }), '/v2/credentials/c-side');
    expect(mine.status).to.equal(200);
    expect(JSON.parse(mine.body)).to.include({ AccessKeyId: 'ASIA1' });
    const foreign = await get(task({ role: true }), '/v2/credentials/c-of-another-task');
    expect(foreign).to.deep.include({ status: 400, body: '{"code":"InvalidIdInRequest","message":"CredentialsV2Request: Credentials not found"}' });
    expect((await get(task({ role: false }), '/v2/credentials/c-app')).status).to.equal(400);
    expect((await get(task({ role: true }), '/v2/credentials/')).body).to.contain('NoIdInRequest');
    expect((await get(task({ role: true }), '/v1/credentials?id=c-app')).status).to.equal(200);
  });
});
