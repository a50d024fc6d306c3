/** `ecs-local run`'s flags for inside the task, refused before anything is read or started. */
import { expect } from 'chai';
import path from 'node:path';
import { runCli } from '../../support/cli.js';

const TASK = 'examples/runtime-retrieval/taskdef.json';

describe('ecs-local run: --runtime-endpoint and --redeploy-on-rotation usage', () => {
  it('refuses --redeploy-on-rotation with another backend than the local vault, naming the flag', async () => {
    const endpoint = await runCli(['run', TASK, '--redeploy-on-rotation', '--endpoint', 'http://localhost:4566']);
    expect(endpoint.code).to.equal(2);
    expect(endpoint.stderr).to.equal(
      "ecs-local: error: --redeploy-on-rotation watches the local vault's file and cannot be used with --endpoint: rotations elsewhere are not seen (redeploy by running again)\n",
    );
    const aws = await runCli(['run', TASK, '--redeploy-on-rotation', '--aws']);
    expect(aws.code).to.equal(2);
    expect(aws.stderr).to.contain('cannot be used with --aws');
  });

  it('refuses --redeploy-on-rotation with the task definition on standard input (it is read again for each task)', async () => {
    const r = await runCli(['run', '-', '--redeploy-on-rotation']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      'ecs-local: error: --redeploy-on-rotation reads the task definition again for each new task and cannot take it from standard input: give its file\n',
    );
  });

  it('refuses --redeploy-on-rotation with --detach', async () => {
    const r = await runCli(['run', TASK, '--redeploy-on-rotation', '-d']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal('ecs-local: error: --redeploy-on-rotation replaces the task while ecs-local runs and cannot be used with --detach\n');
  });

  it('-d with a state folder it cannot write: one line naming it and the fix, exit 74, before anything starts', async () => {
    // A file where the folder should be: refused for root too.
    const r = await runCli(['run', TASK, '-d'], { env: { PATH: process.env.PATH, XDG_STATE_HOME: path.resolve(TASK) } });
    expect(r.code).to.equal(74);
    expect(r.stderr).to.equal(
      `ecs-local: error: ${path.resolve(TASK)}/ecs-local/tasks: cannot write the state folder of detached tasks: a part of the path is not a directory (check the path, or set XDG_STATE_HOME to a writable folder)\n`,
    );
  });

  it('refuses a --runtime-endpoint that is not vault, none or a URL, and vault without the local vault', async () => {
    const bad = await runCli(['run', TASK, '--runtime-endpoint', 'localstack']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.equal('ecs-local: error: --runtime-endpoint must be vault, none or an http(s) URL such as http://localhost:4566, got "localstack"\n');
    const vault = await runCli(['run', TASK, '--runtime-endpoint', 'vault', '--aws']);
    expect(vault.code).to.equal(2);
    expect(vault.stderr).to.contain('--runtime-endpoint vault serves the local vault');
  });
});
