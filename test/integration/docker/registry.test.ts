/**
 * Pulls from a real registry on 127.0.0.1 (test/support/registry.ts): the pull policies, the pull
 * progress, and registry credentials from `repositoryCredentials` (through the vault) and from the
 * docker CLI's config, against a registry that demands HTTP Basic auth. Every pulled image is removed.
 */
import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { runCli, type CliResult } from '../../support/cli.js';
import { labelledObjects, testEngine, testEngineEnv } from '../../support/docker.js';
import { startTestRegistry, type TestRegistry } from '../../support/registry.js';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CREDS_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:registry/creds-AbC123`;
const USER = { username: 'robot', password: 'hunter2-registry' };

describe('registry pulls (Docker)', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;
  let open: TestRegistry;
  let locked: TestRegistry;
  let dir: string;
  /** An empty docker CLI config: the host's own logins never leak into a test. */
  let noLogins: string;

  before(async () => {
    engine = await testEngine();
    const architecture = (await engine.version()).arch;
    const tag = `t${Date.now()}`;
    [open, locked] = await Promise.all([
      startTestRegistry({ repository: 'ecs-local-test/public', tag, architecture }),
      startTestRegistry({ repository: 'ecs-local-test/private', tag, architecture, auth: USER }),
    ]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-registry-'));
    noLogins = path.join(dir, 'no-logins');
    mkdirSync(noLogins);
    writeFileSync(
      path.join(dir, 'ecs-local.vault.json'),
      JSON.stringify({ region: REGION, accountId: ACCOUNT, secrets: { 'registry/creds': { arnSuffix: 'AbC123', value: USER } } }),
    );
  });

  after(async () => {
    await Promise.all([open?.close(), locked?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(async () => {
    await Promise.all([removeImage(open.image), removeImage(locked.image)]);
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  async function removeImage(ref: string): Promise<void> {
    await engine.removeImage(ref);
  }

  /** A one-container task printing a line; `none` networking keeps the run short (no endpoints). */
  function taskdef(name: string, image: string, extra: Record<string, unknown> = {}): string {
    const file = path.join(dir, `${name}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        family: name,
        networkMode: 'none',
        executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
        containerDefinitions: [{ name: 'app', image, memoryReservation: 64, command: ['sh', '-c', 'echo ran-from-registry'], ...extra }],
      }),
    );
    return file;
  }

  function run(file: string, args: string[], dockerConfig = noLogins): Promise<CliResult> {
    return runCli(['run', file, '--no-log-prefix', '--launch-type', 'EC2', ...args], {
      cwd: dir,
      // The engine under test, as runCli gives it: without it the CLI would pull into the default one.
      env: { PATH: process.env.PATH, DOCKER_CONFIG: dockerConfig, ...testEngineEnv() },
    });
  }

  const manifestRequests = (r: TestRegistry): number => r.requests.filter((q) => q.includes('/manifests/')).length;

  it('--pull missing pulls an absent image once, showing one line per layer status, then uses it as it is', async () => {
    const file = taskdef('pullmissing', open.image);
    const first = await run(file, []);
    expect(first.code, first.stderr).to.equal(0);
    expect(first.stdout).to.equal('ran-from-registry\n');
    expect(first.stderr).to.contain(`ecs-local: pulling ${open.image}\n`);
    // Not a terminal: plain lines, no cursor movement, no per-byte lines.
    expect(first.stderr).to.not.include('\x1b[');
    expect(first.stderr).to.match(/\n {2}[0-9a-f]{12}: Downloading \d+(\.\d+)?[kM]B\n/);
    expect(first.stderr).to.match(/\n {2}[0-9a-f]{12}: Pull complete\n/);
    expect(first.stderr).to.contain(`\n  Digest: ${open.digest}\n`);
    expect(first.stderr.match(/: Downloading/g)).to.have.length(1);
    const pulls = manifestRequests(open);
    expect(pulls).to.be.greaterThan(0);

    const second = await run(file, ['--pull', 'missing']);
    expect(second.code, second.stderr).to.equal(0);
    expect(second.stderr).to.not.contain('pulling');
    expect(manifestRequests(open)).to.equal(pulls);
  });

  it('--pull always asks the registry even when the image is present; --pull never fails with ECS text when it is absent', async () => {
    const file = taskdef('pullalways', open.image);
    const before = open.requests.length;
    const never = await run(file, ['--pull', 'never']);
    expect(never.code).to.equal(3);
    expect(never.stderr.trim().split('\n').at(-1)).to.equal(`CannotPullContainerError: No such image: ${open.image}`);
    expect(open.requests.length, 'never asks the registry').to.equal(before);

    expect((await run(file, ['--pull', 'always'])).code).to.equal(0);
    const afterFirst = manifestRequests(open);
    const again = await run(file, ['--pull', 'always']);
    expect(again.code, again.stderr).to.equal(0);
    expect(manifestRequests(open)).to.be.greaterThan(afterFirst);
    expect(again.stderr).to.contain(`  Status: Image is up to date for ${open.image}\n`);
  });

  it('without credentials, a registry behind basic auth stops the task with CannotPullContainerError and Docker\'s text', async () => {
    const r = await run(taskdef('noauth', locked.image), []);
    expect(r.code).to.equal(3);
    const [repository, tag] = locked.image.slice(locked.host.length + 1).split(':');
    expect(r.stderr.trim().split('\n').at(-1)).to.equal(
      `CannotPullContainerError: Error response from daemon: Head "http://${locked.host}/v2/${repository}/manifests/${tag}": no basic auth credentials`,
    );
    expect(await engine.imageExists(locked.image)).to.equal(false);
  });

  it('pulls with repositoryCredentials from the vault, which win over a wrong docker login', async () => {
    const config = path.join(dir, 'wrong-login');
    mkdirSync(config, { recursive: true });
    const wrong = Buffer.from(`${USER.username}:not-the-password`).toString('base64');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: { [locked.host]: { auth: wrong } } }));
    const file = taskdef('repocreds', locked.image, { repositoryCredentials: { credentialsParameter: CREDS_ARN } });
    const refusedBefore = locked.refused;

    const r = await run(file, [], config);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('ran-from-registry\n');
    expect(r.stderr).to.not.contain(USER.password);
    // Docker asks anonymously first and is challenged; the credentials it then sends are accepted.
    expect(locked.requests.some((q) => q.startsWith('GET /v2/ecs-local-test/private/blobs/'))).to.equal(true);

    // The same login alone is refused: Docker's own text after ECS's prefix.
    const wrongOnly = await run(taskdef('wronglogin', locked.image), ['--pull', 'always'], config);
    expect(wrongOnly.code).to.equal(3);
    expect(wrongOnly.stderr.trim().split('\n').at(-1)).to.equal('CannotPullContainerError: Error response from daemon: unauthorized');
    expect(locked.refused).to.be.greaterThan(refusedBefore);
  });

  it('pulls with the docker CLI login in $DOCKER_CONFIG when the task has no repositoryCredentials', async () => {
    const config = path.join(dir, 'login');
    mkdirSync(config, { recursive: true });
    const auth = Buffer.from(`${USER.username}:${USER.password}`).toString('base64');
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ auths: { [`http://${locked.host}`]: { auth } } }));
    const r = await run(taskdef('dockerlogin', locked.image), [], config);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('ran-from-registry\n');
    expect(r.stderr).to.contain(`ecs-local: pulling ${locked.image}\n`);
    expect(r.stderr).to.not.contain(USER.password);
  });
});
