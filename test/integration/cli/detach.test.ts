/**
 * `run -d` as on ECS: the task runs under a background ecs-local process that serves its endpoints,
 * stops it when its essential container exits and records how it ended, for `ps -a`, `describe`,
 * `wait`; `stop` and `down` go through that process. On the engine under test.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerSummary } from '../../../src/docker/container-engine.js';
import { Label } from '../../../src/docker/labels.js';
import { processAlive } from '../../../src/files/process-alive.js';
import { TaskRecords } from '../../../src/runtime/task-records.js';
import { runCli, type CliResult } from '../../support/cli.js';
import { testEngine, testEngineEnv } from '../../support/docker.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';
import { waitFor } from '../../support/wait.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

describe('run -d: a background process keeps the task as ECS would (the engine under test), as a user types them', function () {
  this.timeout(120_000);
  // Unique per run: only this test's tasks are looked at.
  const family = `detach-${randomBytes(4).toString('hex')}`;
  const sleeper = { image: BUSYBOX_IMAGE, stopTimeout: 1, command: ['sleep', '300'] };
  // The essential container exits 7 only when both endpoints answered from inside the task.
  const fetches = [
    'wget -q -O- "http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" | grep -q SecretAccessKey || exit 11',
    'wget -q -O- "$ECS_CONTAINER_METADATA_URI_V4/task" | grep -q TaskARN || exit 12',
    'exit 7',
  ].join('; ');
  const task = (containers: unknown[], extra: Record<string, unknown> = {}) => ({
    family,
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '1024',
    memory: '2048',
    taskRoleArn: 'arn:aws:iam::123456789012:role/app',
    containerDefinitions: containers,
    ...extra,
  });
  const folder = useTaskFolder('detach', {
    'ecs-local.vault.json': '{}\n',
    'sleeps.json': task([{ name: 'app', ...sleeper }, { name: 'side', essential: false, ...sleeper }]),
    'fetches.json': task([
      // `side` starts first, so it runs when `app` exits.
      { name: 'app', image: BUSYBOX_IMAGE, command: ['sh', '-c', fetches], dependsOn: [{ containerName: 'side', condition: 'START' }] },
      { name: 'side', essential: false, ...sleeper },
    ]),
    // `app` waits for `init`, which never ends: the task stays PENDING.
    'pending.json': task([
      { name: 'init', essential: false, ...sleeper },
      { name: 'app', ...sleeper, dependsOn: [{ containerName: 'init', condition: 'COMPLETE' }] },
    ]),
    'no-secret.json': task(
      [{ name: 'app', ...sleeper, secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:missing' }] }],
      { executionRoleArn: 'arn:aws:iam::123456789012:role/exec' },
    ),
  });
  // The records of this suite only.
  let state: string;
  let env: NodeJS.ProcessEnv;
  before(() => {
    state = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-state-'));
    env = { PATH: process.env.PATH, XDG_STATE_HOME: state, ...testEngineEnv() };
  });
  after(async () => {
    await cli(['down', '--family', family]);
    rmSync(state, { recursive: true, force: true });
  });

  const cli = (args: string[]): Promise<CliResult> => runCli(args, { cwd: folder.dir, env });
  const ours = async (taskId: string): Promise<string[]> => (await (await testEngine()).listContainers({ [Label.taskId]: taskId })).map((c) => c.name);
  const records = async (): Promise<TaskRecords> => new TaskRecords(env, (await testEngine()).endpoint);
  const runDetached = async (file: string): Promise<string> => {
    const run = await cli(['run', '-d', file, '--pull', 'never']);
    expect(run.code, run.stderr).to.equal(0);
    expect(run.stderr).not.to.include('without the credentials and task metadata endpoints');
    const taskId = run.stdout.trim();
    expect(taskId).to.match(/^[0-9a-f]{32}$/);
    return taskId;
  };
  const pidOf = async (taskId: string): Promise<number> => {
    const pid = (await records()).read(taskId)?.pid;
    expect(pid, `the record of ${taskId}`).to.be.a('number');
    return pid ?? 0;
  };
  const ends = (pid: number): Promise<void> => waitFor('the background process to end', () => !processAlive(pid));

  it('serves the endpoints; the essential exit stops the others; `wait` exits with its code; `describe`, `ps -a` show it; nothing is left', async () => {
    const taskId = await runDetached('fetches.json');
    const wait = await cli(['wait', taskId.slice(0, 8)]);
    expect(wait.code, wait.stderr).to.equal(7);
    expect(wait.stderr).to.equal(`ecs-local: task ${taskId} STOPPED: Essential container in task exited [app=7, side=137]\n`);

    const described = await cli(['describe', taskId, '--json']);
    expect(described.code, described.stderr).to.equal(0);
    const [shown] = (JSON.parse(described.stdout) as { tasks: Record<string, unknown>[] }).tasks;
    expect(shown).to.include({ lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect((shown?.containers as Record<string, unknown>[]).map((c) => [c.name, c.lastStatus, c.exitCode])).to.deep.equal([
      ['app', 'STOPPED', 7],
      // SIGTERM is ignored by a shell that is pid 1: SIGKILL after its stopTimeout.
      ['side', 'STOPPED', 137],
    ]);
    expect(String(shown?.taskArn)).to.equal(`arn:aws:ecs:us-east-1:123456789012:task/default/${taskId}`);

    const ps = await cli(['ps', '-a']);
    expect(ps.stdout.split('\n').find((l) => l.startsWith(taskId))).to.match(
      new RegExp(`^${taskId}\\s+${family}:1\\s+STOPPED\\s+app \\(exit 7\\), side \\(exit 137\\)\\s+\\d+s\\s+Essential container in task exited$`),
    );
    expect((await cli(['ps'])).stdout).not.to.include(taskId);

    await ends(await pidOf(taskId));
    expect(await ours(taskId)).to.deep.equal([]);
    const file = (await records()).file(taskId);
    expect(statSync(file).mode & 0o777).to.equal(0o600);
    // `wait` on a stopped task answers at once, from the record.
    expect((await cli(['wait', taskId])).code).to.equal(7);
    // Its output went with its containers, and `logs` says so.
    const logs = await cli(['logs', taskId.slice(0, 8)]);
    expect(logs.code).to.equal(2);
    expect(logs.stderr).to.equal(
      `ecs-local: error: task ${taskId} has stopped (Essential container in task exited): its containers and their output were removed with it\n` +
        `ecs-local: hint: \`ecs-local logs -f TASK\` follows the output while a task runs; \`ecs-local describe ${taskId.slice(0, 8)}\` shows how this one ended\n`,
    );
  });

  it('`run -d --json` prints the running task as describe-tasks does', async () => {
    const run = await cli(['run', '-d', 'sleeps.json', '--pull', 'never', '--json']);
    expect(run.code, run.stderr).to.equal(0);
    const [shown] = (JSON.parse(run.stdout) as { tasks: { taskArn: string; lastStatus: string; containers: { name: string; lastStatus: string }[] }[] }).tasks;
    expect(shown?.lastStatus).to.equal('RUNNING');
    expect(shown?.containers.map((c) => [c.name, c.lastStatus])).to.deep.equal([
      ['app', 'RUNNING'],
      ['side', 'RUNNING'],
    ]);
    const taskId = shown?.taskArn.split('/').pop() ?? '';
    const pid = await pidOf(taskId);
    expect((await cli(['down', '--task', taskId])).code).to.equal(0);
    await ends(pid);
  });

  it('`stop --reason` goes through the background process: UserInitiated with the reason, containers removed, process gone', async () => {
    const taskId = await runDetached('sleeps.json');
    const before = await ours(taskId);
    const running = await cli(['describe', taskId]);
    expect(running.stdout.split('\n')[0]).to.equal(`${taskId} ${family}:1 RUNNING`);
    const ps = await cli(['ps']);
    expect(ps.stdout.split('\n').find((l) => l.startsWith(taskId))).to.match(new RegExp(`^${taskId}\\s+${family}:1\\s+RUNNING\\s+app \\(Up`));

    const stop = await cli(['stop', taskId.slice(0, 8), '--reason', 'deploying a fix']);
    expect(stop.code, stop.stderr).to.equal(0);
    expect(stop.stdout).to.equal(`stopped ${taskId} (${family}): removed ${before.length} container(s), 0 volume(s)\n`);
    expect(await ours(taskId)).to.deep.equal([]);
    const described = await cli(['describe', taskId.slice(0, 6), '--json']);
    expect(JSON.parse(described.stdout).tasks[0]).to.include({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'deploying a fix' });
    await ends(await pidOf(taskId));
  });

  it('`down --task` removes a detached task, its process and its record, and nothing else', async () => {
    const first = await runDetached('sleeps.json');
    const second = await runDetached('sleeps.json');
    const count = (await ours(first)).length;
    const pid = await pidOf(first);
    const down = await cli(['down', '--task', first]);
    expect(down.code, down.stderr).to.equal(0);
    expect(down.stdout).to.equal(`removed ${count} container(s) and 0 volume(s)\n`);
    expect(await ours(first)).to.deep.equal([]);
    expect((await records()).read(first)).to.equal(undefined);
    await ends(pid);
    expect((await ours(second)).length).to.equal(count);
    await cli(['down', '--task', second]);
    expect(await ours(second)).to.deep.equal([]);
    expect(await (await testEngine()).listContainers({ [Label.family]: family })).to.deep.equal([]);
  });

  it('a task that would not start fails as in the foreground: same text, exit 3, nothing left behind', async () => {
    const foreground = await cli(['run', 'no-secret.json', '--pull', 'never']);
    const detached = await cli(['run', '-d', 'no-secret.json', '--pull', 'never']);
    expect(foreground.code).to.equal(3);
    expect(detached.code).to.equal(3);
    expect(detached.stdout).to.equal('');
    const requestIds = (text: string) => text.replace(/request id: [0-9a-f-]+/g, 'request id: <id>');
    expect(requestIds(detached.stderr)).to.equal(requestIds(foreground.stderr));
    expect(detached.stderr).to.include('ResourceNotFoundException');
    // No record and no log: the failure was shown, not kept.
    const folderOfEngine = (await records()).folder;
    const left = readdirSync(path.dirname(folderOfEngine)).filter((f) => f.endsWith('.log'));
    expect(left).to.deep.equal([]);
  });

  it('Ctrl-C while `run -d` waits for the task to run stops it as in the foreground: exit 130, nothing left, no process', async () => {
    // The real command line in its own process, as a user's terminal runs it.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts', 'run', '-d', path.join(folder.dir, 'pending.json'), '--pull', 'never'], {
      cwd: ROOT,
      env: { ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const engine = await testEngine();
    let init: ContainerSummary | undefined;
    await waitFor('`init` to run', async () => {
      init = (await engine.listContainers({ [Label.family]: family, [Label.container]: 'init' })).find((c) => c.state === 'running');
      return init !== undefined;
    });
    const taskId = init?.labels[Label.taskId] ?? '';
    const supervisor = Number(init?.labels[Label.ownerPid]);
    expect(supervisor).not.to.equal(child.pid);
    child.kill('SIGINT');
    expect(await exited).to.equal(130);
    expect(stdout).to.equal('');
    expect(stderr).to.include('ecs-local: SIGINT: stopping the task (again to kill it now)\n');
    expect(stderr).to.include(`ecs-local: task ${taskId} STOPPED: Task stopped by user [init=137 (non-essential), app=-]\n`);
    await ends(supervisor);
    expect(await ours(taskId)).to.deep.equal([]);
    expect((await records()).read(taskId)).to.equal(undefined);
  });

  it('a background process that dies leaves a task `ps` flags and `wait` refuses, and `down --task` removes it', async () => {
    const taskId = await runDetached('sleeps.json');
    const pid = await pidOf(taskId);
    process.kill(pid, 'SIGKILL');
    await waitFor('the background process to die', () => !processAlive(pid));
    const ps = await cli(['ps']);
    expect(ps.stdout.split('\n').find((l) => l.startsWith(taskId))).to.match(new RegExp(`^${taskId}\\s+${family}:1\\s+RUNNING \\(supervisor gone\\)`));
    const wait = await cli(['wait', taskId]);
    expect(wait.code).to.equal(2);
    expect(wait.stderr).to.include(`the background ecs-local process of task ${taskId} (pid ${pid}) is gone`);
    expect(wait.stderr).to.include(`ecs-local: hint: \`ecs-local down --task ${taskId}\` removes them\n`);
    const down = await cli(['down', '--task', taskId]);
    expect(down.code, down.stderr).to.equal(0);
    expect(await ours(taskId)).to.deep.equal([]);
    expect((await cli(['ps', '-a'])).stdout).not.to.include(taskId);
  });
});
