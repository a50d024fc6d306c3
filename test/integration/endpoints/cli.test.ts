import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { ENDPOINTS_CONTAINER } from '../../../src/endpoints/shared-container.js';
import { runCli } from '../../support/cli.js';
import { labelledObjects, testEngine } from '../../support/docker.js';
import { standInEndpoints } from '../../support/endpoints-stand-in.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../support/images.js';

describe('endpoints (Docker): ecs-local run', function () {
  this.timeout(90_000);
  let engine: ContainerEngine;
  let dir: string;

  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-endpoints-'));
    writeFileSync(path.join(dir, 'ecs-local.vault.json'), JSON.stringify({ region: 'eu-west-1', secrets: {} }));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  afterEach(async () => {
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  function taskdef(name: string, networkMode: string, command: string): string {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        family: name,
        networkMode,
        taskRoleArn: 'arn:aws:iam::123456789012:role/app-role',
        containerDefinitions: [{ name: 'app', image: BUSYBOX_IMAGE, memoryReservation: 64, command: ['sh', '-c', command] }],
      }),
    );
    return file;
  }

  it('injects the endpoint variables and serves them to the task it runs', async () => {
    const file = taskdef(
      'epcli',
      'awsvpc',
      'wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; echo; wget -qO- $ECS_CONTAINER_METADATA_URI_V4/task; echo',
    );
    const r = await runCli(['run', file, '--pull', 'never', '--no-log-prefix'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    const [creds, task] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(creds).to.include({ RoleArn: 'arn:aws:iam::123456789012:role/app-role' });
    expect(creds?.AccessKeyId).to.match(/^ASIAECSLOCAL[A-Z2-7]{8}$/);
    expect(task).to.include({ Family: 'epcli', LaunchType: 'EC2', Cluster: 'default', AvailabilityZone: 'eu-west-1a' });
  });

  it('replaces an endpoints container that can no longer start (its network pruned, a crash) and serves the task', async () => {
    // A stopped endpoints container of this version that fails to start, as one whose network
    // `docker network prune` removed does ("network ecs-local-endpoints not found").
    const broken = await standInEndpoints(engine, { Entrypoint: ['/no/such/program'] });
    const file = taskdef('epbroken', 'awsvpc', 'wget -qO- $ECS_CONTAINER_METADATA_URI_V4/task');
    const r = await runCli(['run', file, '--pull', 'never', '--no-log-prefix'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout.trim())).to.include({ Family: 'epbroken' });
    const now = await engine.inspectRaw(ENDPOINTS_CONTAINER);
    expect(now.Id).to.not.equal(broken);
    expect(now.State.Running).to.equal(true);
  });

  it('runs a host-mode task without the endpoints, and says so', async () => {
    const file = taskdef('ephost', 'host', 'echo "URI=${ECS_CONTAINER_METADATA_URI_V4:-unset} CREDS=${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-unset}"');
    const r = await runCli(['run', file, '--pull', 'never', '--no-log-prefix'], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('URI=unset CREDS=unset');
    expect(r.stderr).to.contain(
      'networkMode host: the task runs without the credentials and task metadata endpoints (169.254.170.2); ecs-local provides them in awsvpc and bridge modes',
    );
  });

  it('refuses an unknown --credentials mode before doing anything', async () => {
    const r = await runCli(['run', taskdef('epbad', 'awsvpc', 'true'), '--credentials', 'sso'], { cwd: dir });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("error: option '--credentials <mode>' argument 'sso' is invalid. Allowed choices are fake, host, assume-role.");
  });
});
