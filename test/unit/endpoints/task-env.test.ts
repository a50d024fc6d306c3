import { expect } from 'chai';
import { endpointEnvironment, planEndpointIds } from '../../../src/endpoints/task-env.js';
import { planTaskEndpoints } from '../../../src/endpoints/task-endpoints.js';

describe('endpoints/task-env', () => {
  it('gives every container its own metadata id, and a credentials id only with a task role', () => {
    let n = 0;
    const ids = planEndpointIds(['app', 'side'], true, () => `u${++n}`);
    expect([...ids.values()]).to.deep.equal([
      { container: 'app', endpointId: 'u1', credentialsId: 'u2' },
      { container: 'side', endpointId: 'u3', credentialsId: 'u4' },
    ]);
    expect(planEndpointIds(['app'], false, () => 'u').get('app')).to.deep.equal({ container: 'app', endpointId: 'u' });
  });

  it('injects the metadata URIs, and the credentials URI only when there is a credentials id', () => {
    expect(endpointEnvironment({ container: 'app', endpointId: 'e1', credentialsId: 'c1' })).to.deep.equal({
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/c1',
      ECS_CONTAINER_METADATA_URI: 'http://169.254.170.2/v3/e1',
      ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/e1',
      ECS_AGENT_URI: 'http://169.254.170.2/api/e1',
    });
    expect(endpointEnvironment({ container: 'app', endpointId: 'e1' })).to.not.have.property('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI');
  });

  it('plans unguessable random ids from the task definition', () => {
    const plan = planTaskEndpoints({ family: 'f', taskRoleArn: 'arn:aws:iam::1:role/r', containerDefinitions: [{ name: 'a', image: 'i' }] });
    const env = plan.injected('a');
    expect(env.ECS_CONTAINER_METADATA_URI_V4).to.match(/^http:\/\/169\.254\.170\.2\/v4\/[0-9a-f-]{36}$/);
    expect(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI).to.match(/^\/v2\/credentials\/[0-9a-f-]{36}$/);
    expect(plan.injected('unknown')).to.deep.equal({});
  });
});
