import { expect } from 'chai';
import {
  chooseRuntimeEndpoint,
  isThisMachine,
  planRuntimeInjection,
  planRuntimeRoutes,
} from '../../../src/endpoints/runtime-endpoint.js';
import { resolveEndpoints } from '../../../src/sources/endpoints.js';
import type { TaskDefinition } from '../../../src/taskdef/types.js';

const noEndpoints = () => ({});

describe('endpoints/runtime-endpoint: --runtime-endpoint', () => {
  it("defaults to the backend's own: vault, the --endpoint URLs, nothing for --aws", () => {
    expect(chooseRuntimeEndpoint(undefined, 'vault', noEndpoints)).to.deep.equal({ kind: 'vault' });
    expect(chooseRuntimeEndpoint(undefined, 'aws', noEndpoints)).to.deep.equal({ kind: 'none' });
    const fromEnv = () => resolveEndpoints({ env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://localhost:4566', AWS_ENDPOINT_URL_SSM: 'http://ssm.internal:4583' } });
    expect(chooseRuntimeEndpoint(undefined, 'endpoint', fromEnv)).to.deep.equal({
      kind: 'urls',
      urls: { secretsManager: 'http://localhost:4566/', ssm: 'http://ssm.internal:4583/' },
    });
  });

  it('lets the flag override the default, and refuses vault without the local vault', () => {
    expect(chooseRuntimeEndpoint({ kind: 'none' }, 'vault', noEndpoints)).to.deep.equal({ kind: 'none' });
    expect(chooseRuntimeEndpoint({ kind: 'url', url: 'http://ls:4566/' }, 'aws', noEndpoints)).to.deep.equal({
      kind: 'urls',
      urls: { secretsManager: 'http://ls:4566/', ssm: 'http://ls:4566/' },
    });
    expect(() => chooseRuntimeEndpoint({ kind: 'vault' }, 'endpoint', noEndpoints)).to.throw(
      '--runtime-endpoint vault serves the local vault, which --endpoint and --aws do not use: give the URL the task should call instead, or none',
    );
  });
});

describe('endpoints/runtime-endpoint: the URLs the task calls', () => {
  it('points both services at the vault serve of the task on 169.254.170.2:4566', () => {
    expect(planRuntimeRoutes({ kind: 'vault' })).to.deep.equal({
      variables: { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://169.254.170.2:4566', AWS_ENDPOINT_URL_SSM: 'http://169.254.170.2:4566' },
      forwards: [],
      notices: [],
    });
    expect(planRuntimeRoutes({ kind: 'none' })).to.deep.equal({ variables: {}, forwards: [], notices: [] });
  });

  it('relays a URL on this machine through the forwarder, once per port, and says so', () => {
    const routes = planRuntimeRoutes({ kind: 'urls', urls: { secretsManager: 'http://localhost:4566/', ssm: 'http://127.0.0.1:4566/' } });
    expect(routes.variables).to.deep.equal({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://169.254.170.2:4566',
      AWS_ENDPOINT_URL_SSM: 'http://169.254.170.2:4566',
    });
    expect(routes.forwards).to.deep.equal([{ listenPort: 4566, hostPort: 4566 }]);
    expect(routes.notices[0]).to.equal(
      "http://localhost:4566 names this machine, which the task's containers cannot reach as is: the task calls http://169.254.170.2:4566, relayed to port 4566 of this host on 127.0.0.1 (e.g. LocalStack published with -p 4566:4566)",
    );
    expect(routes.notices).to.have.length(2);
  });

  it('keeps port 80 of 169.254.170.2 for the credentials endpoint', () => {
    const routes = planRuntimeRoutes({ kind: 'urls', urls: { secretsManager: 'http://localhost/', ssm: 'http://localhost:4566/prefix' } });
    expect(routes.forwards).to.deep.equal([
      { listenPort: 4566, hostPort: 80 },
      { listenPort: 4567, hostPort: 4566 },
    ]);
    expect(routes.variables).to.deep.equal({
      AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://169.254.170.2:4566',
      AWS_ENDPOINT_URL_SSM: 'http://169.254.170.2:4567/prefix',
    });
  });

  it('passes a URL a container can reach as it is', () => {
    const routes = planRuntimeRoutes({ kind: 'urls', urls: { secretsManager: 'http://localstack:4566/' } });
    expect(routes).to.deep.equal({ variables: { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://localstack:4566' }, forwards: [], notices: [] });
  });

  it('knows the names of this machine', () => {
    for (const h of ['localhost', 'LOCALHOST', 'app.localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'localhost.localstack.cloud', 's3.localhost.localstack.cloud', 'host.docker.internal']) {
      expect(isThisMachine(h), h).to.equal(true);
    }
    for (const h of ['localstack', '172.17.0.1', 'notlocalhost', 'host.docker.internal.example']) expect(isThisMachine(h), h).to.equal(false);
  });
});

describe('endpoints/runtime-endpoint: injection', () => {
  const td = (environment: { name: string; value: string }[], secrets: { name: string; valueFrom: string }[] = []): TaskDefinition =>
    ({ family: 'f', containerDefinitions: [{ name: 'app', image: 'i', environment, secrets }, { name: 'side', image: 'i' }] }) as TaskDefinition;
  const variables = { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://169.254.170.2:4566', AWS_ENDPOINT_URL_SSM: 'http://169.254.170.2:4566' };

  it('gives every container both variables', () => {
    const plan = planRuntimeInjection(td([]), variables);
    expect(plan.injected('app')).to.deep.equal(variables);
    expect(plan.injected('side')).to.deep.equal(variables);
    expect(plan.notes).to.deep.equal([]);
  });

  it("[INF] leaves a container's own endpoint variable alone, and says so", () => {
    const plan = planRuntimeInjection(td([{ name: 'AWS_ENDPOINT_URL_SSM', value: 'http://mine:1' }]), variables);
    expect(plan.injected('app')).to.deep.equal({ AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://169.254.170.2:4566' });
    expect(plan.injected('side')).to.deep.equal(variables);
    expect(plan.notes).to.deep.equal(['container app sets AWS_ENDPOINT_URL_SSM itself, which wins: --runtime-endpoint does not set AWS_ENDPOINT_URL_SSM in it']);
  });

  it('[INF] leaves both alone for a container that sets AWS_ENDPOINT_URL (or a secret of that name)', () => {
    const plan = planRuntimeInjection(td([], [{ name: 'AWS_ENDPOINT_URL', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/x' }]), variables);
    expect(plan.injected('app')).to.deep.equal({});
    expect(plan.notes).to.deep.equal([
      'container app sets AWS_ENDPOINT_URL itself, which wins: --runtime-endpoint does not set AWS_ENDPOINT_URL_SECRETS_MANAGER and AWS_ENDPOINT_URL_SSM in it',
    ]);
  });
});
