import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { accountOfAccessKeyId } from '../../../src/endpoints/credential-sources.js';
import { runCli } from '../../support/cli.js';
import { labelledObjects, testEngine } from '../../support/docker.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../support/images.js';

describe('task keys for LocalStack (Docker): its calls land in the task definition account', function () {
  this.timeout(90_000);
  let engine: ContainerEngine;
  let dir: string;

  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-lskeys-'));
    writeFileSync(
      path.join(dir, 'td.json'),
      JSON.stringify({
        family: 'lskeys',
        networkMode: 'awsvpc',
        taskRoleArn: 'arn:aws:iam::210987654321:role/app-role',
        containerDefinitions: [{ name: 'app', image: BUSYBOX_IMAGE, command: ['sh', '-c', 'wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] }],
      }),
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  afterEach(async () => {
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  it('with a LocalStack runtime endpoint, the fake key is an LSIA key holding the account', async () => {
    // No secrets: nothing is asked of the endpoint by ecs-local itself; the task only gets its URL.
    const r = await runCli(['run', 'td.json', '--pull', 'never', '--no-log-prefix', '--endpoint', 'http://localhost:4566'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const creds = JSON.parse(r.stdout.trim()) as { AccessKeyId: string };
    expect(creds.AccessKeyId).to.match(/^LSIA[A-Z2-7]{16}$/);
    expect(accountOfAccessKeyId(creds.AccessKeyId)).to.equal('210987654321');
  });
});
