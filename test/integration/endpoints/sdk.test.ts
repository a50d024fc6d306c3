import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { sharedEndpointServer } from '../../../src/endpoints/server.js';
import { startVaultServer, type VaultServer } from '../../../src/serve/server.js';
import { labelledObjects, testEngine } from '../../support/docker.js';
import { endpointTask, lineAfter } from '../../support/endpoint-task.js';
import { ensureNodeSdkImage } from '../../support/node-image.js';

/** The application: nothing ecs-local specific, the SDK's default credential chain and region. */
const APP = `
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
const client = new SecretsManagerClient({});
const out = await client.send(new GetSecretValueCommand({ SecretId: 'app/db' }));
const creds = await client.config.credentials();
console.log('SECRET ' + out.SecretString);
console.log('KEY ' + creds.accessKeyId);
`;

describe('endpoints (Docker): the real AWS SDK inside a task', function () {
  this.timeout(180_000);
  let engine: ContainerEngine;
  let image: string;
  let dir: string;
  let vault: VaultServer | undefined;

  before(async () => {
    engine = await testEngine();
    image = await ensureNodeSdkImage(engine);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-sdk-'));
    writeFileSync(
      path.join(dir, 'ecs-local.vault.json'),
      JSON.stringify({ region: 'us-east-1', accountId: '123456789012', secrets: { 'app/db': { value: 'from-the-vault' } } }),
    );
  });

  after(async () => {
    await vault?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  it('reads a secret from vault serve with the container credentials of the default chain', async () => {
    // vault serve listens where the task's forwarder reaches this host, as the endpoint server does.
    const { address } = await sharedEndpointServer(engine);
    vault = await startVaultServer({ vaultFile: path.join(dir, 'ecs-local.vault.json'), env: {}, host: address });
    const vaultPort = Number(new URL(vault.url).port);

    const task = await endpointTask(
      engine,
      [
        {
          name: 'app',
          image,
          command: ['--input-type=module', '-e', APP],
          environment: [{ name: 'AWS_ENDPOINT_URL_SECRETS_MANAGER', value: 'http://169.254.170.2:4566' }],
        },
      ],
      { taskRoleArn: 'arn:aws:iam::123456789012:role/app-role', extraForwards: [{ listenPort: 4566, hostPort: vaultPort }] },
    );
    const result = await task.run();
    expect(result.exitCode, `${task.out.text}\n${task.err.text}`).to.equal(0);
    expect(lineAfter(task.out, 'SECRET ')).to.equal('from-the-vault');
    expect(lineAfter(task.out, 'KEY ')).to.match(/^ASIAECSLOCAL[A-Z2-7]{8}$/);
  });
});
