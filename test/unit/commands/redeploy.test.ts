import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPlan } from '../../../src/secrets/plan.js';
import { deploymentId, deploymentStop, rotationLine, watchedSecrets, watchForRotation } from '../../../src/commands/redeploy.js';
import type { Rotation } from '../../../src/vault/current-versions.js';
import { loadVault } from '../../../src/vault/load.js';
import { updateVault } from '../../../src/vault/save.js';
import { watchVault } from '../../../src/vault/watch.js';
import type { TaskDefinition } from '../../../src/taskdef/types.js';
import { waitFor } from '../../support/wait.js';

describe('commands/redeploy: what a rotation replaces', () => {
  it('watches the Secrets Manager secrets the agent fetches, not the SSM parameters', () => {
    const td = {
      family: 'f',
      containerDefinitions: [
        {
          name: 'app',
          image: 'i',
          repositoryCredentials: { credentialsParameter: 'registry/creds' },
          secrets: [
            { name: 'A', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-abc123:password::' },
            { name: 'B', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:eu/key' },
            { name: 'C', valueFrom: '/app/param' },
          ],
        },
      ],
    } as unknown as TaskDefinition;
    expect(watchedSecrets(buildPlan(td, 'us-east-1'))).to.deep.equal([
      { secretId: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-abc123', region: 'us-east-1' },
      { secretId: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:eu/key', region: 'eu-west-1' },
      { secretId: 'registry/creds', region: 'us-east-1' },
    ]);
  });

  it("stops the task as ECS's deployments do", () => {
    expect(deploymentId(() => new Uint8Array(8))).to.equal('ecs-svc/1000000000000000000');
    expect(deploymentId()).to.match(/^ecs-svc\/\d{19}$/);
    expect(deploymentStop('ecs-svc/8646900195280463695')).to.deep.equal({
      stopCode: 'ServiceSchedulerInitiated',
      stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/8646900195280463695)',
    });
  });

  it('names the secret that triggered the replacement', () => {
    const r: Rotation = { secretId: 'x', name: 'production/database/app', from: 'v1', to: 'v2' };
    expect(rotationLine([r], 'abc')).to.equal(
      'production/database/app (AWSCURRENT v1 -> v2) was rotated: replacing task abc, as update-service --force-new-deployment does',
    );
  });
});

describe('commands/redeploy: watching the vault file', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-redeploy-'));
    file = path.join(dir, 'ecs-local.vault.json');
    fs.writeFileSync(file, JSON.stringify({ region: 'us-east-1', secrets: { 'app/db': { value: 'one' }, other: { value: 'x' } } }));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /**
   * Resolves when a watch of its own on the vault file has handed over the file as `holds` wants it:
   * the change has been seen. Started after the watch under test and before the change, it reads
   * after it on each change.
   */
  const seen = (holds: (vault: ReturnType<typeof loadVault>) => boolean) =>
    new Promise<void>((resolve) => {
      const witness = watchVault(file, {
        env: {},
        intervalMs: 20,
        onChange: (vault) => {
          if (!holds(vault)) return;
          witness.close();
          resolve();
        },
      });
    });
  const current = (vault: ReturnType<typeof loadVault>, secretId: string) =>
    vault.store.getSecretValue('us-east-1', undefined, { SecretId: secretId }).SecretString;

  const put = (secretId: string, value: string) => updateVault(file, { env: {} }, (store) => store.putSecretValue('us-east-1', { SecretId: secretId, SecretString: value, ClientRequestToken: randomUUID() }));

  it('fires once for a new AWSCURRENT version of a watched secret, not for other secrets', async () => {
    const fired: Rotation[][] = [];
    const errors: string[] = [];
    const baseline = loadVault(file, { env: {} });
    const from = baseline.store.getSecretValue('us-east-1', undefined, { SecretId: 'app/db' }).VersionId;
    const watch = watchForRotation({
      baseline,
      secrets: [{ secretId: 'app/db', region: 'us-east-1' }],
      env: {},
      intervalMs: 20,
      onRotation: (r) => fired.push(r),
      onError: (m) => errors.push(m),
    });
    try {
      const sawOther = seen((v) => current(v, 'other') === 'y');
      await put('other', 'y');
      await sawOther;
      expect(fired).to.deep.equal([]);
      // A broken edit is reported and watched through.
      const good = fs.readFileSync(file, 'utf8');
      fs.writeFileSync(file, '{ "region": ');
      await waitFor('the error', () => errors.length > 0, 2000);
      fs.writeFileSync(file, good);
      const { result } = await put('app/db', 'two');
      await waitFor('the rotation', () => fired.length > 0, 2000);
      const sawThree = seen((v) => current(v, 'app/db') === 'three');
      await put('app/db', 'three');
      await sawThree;
      expect(fired).to.have.length(1);
      expect(fired[0]).to.deep.equal([{ secretId: 'app/db', name: 'app/db', from, to: result.VersionId }]);
      expect(errors[0]).to.contain('ecs-local.vault.json');
    } finally {
      watch.close();
    }
  });

  it('fires for a rotation made before the watch began, after the task read the vault', async () => {
    const baseline = loadVault(file, { env: {} });
    await put('app/db', 'two');
    const fired: Rotation[][] = [];
    const watch = watchForRotation({ baseline, secrets: [{ secretId: 'app/db', region: 'us-east-1' }], env: {}, intervalMs: 20, onRotation: (r) => fired.push(r) });
    try {
      await waitFor('the rotation', () => fired.length > 0, 2000);
    } finally {
      watch.close();
    }
  });
});
