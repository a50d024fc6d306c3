import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { runCli } from '../../support/cli.js';
import { labelledObjects, testEngine } from '../../support/docker.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../support/images.js';

describe('log prefixes (Docker): the container name as compose, the awslogs stream behind a flag', function () {
  this.timeout(90_000);
  let engine: ContainerEngine;
  let dir: string;
  const awslogs = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' } };

  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-prefix-'));
    writeFileSync(
      path.join(dir, 'td.json'),
      JSON.stringify({
        family: 'prefixes',
        networkMode: 'bridge',
        containerDefinitions: [{ name: 'web', image: BUSYBOX_IMAGE, command: ['echo', 'hello'], logConfiguration: awslogs }],
      }),
    );
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  afterEach(async () => {
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  it('prefixes with the short container name by default', async () => {
    const r = await runCli(['run', 'td.json', '--pull', 'never', '--quiet-warning', 'log-driver'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('web | hello\n');
  });

  it('--awslogs-prefix: the stream name ECS would use', async () => {
    const r = await runCli(['run', 'td.json', '--pull', 'never', '--awslogs-prefix', '--quiet-warning', 'log-driver'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^ecs\/web\/[0-9a-f]{32} \| hello\n$/);
  });
});
