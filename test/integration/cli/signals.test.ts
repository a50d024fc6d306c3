import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { downAll } from '../../../src/runtime/cleanup.js';
import { holderState, NETNS_LABEL } from '../../../src/runtime/namespace-pool.js';
import { runCli } from '../../support/cli.js';
import { labelledObjects, testEngine, testEngineEnv } from '../../support/docker.js';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../../support/images.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The real CLI in a child process, as a user runs it, with a task that runs until it is stopped. */
function startRun(dir: string): {
  child: ReturnType<typeof spawn>;
  ready: Promise<void>;
  /** Resolves when stderr has printed `text`. */
  said: (text: string) => Promise<void>;
  exit: Promise<{ code: number | null; stderr: string; ms: number }>;
} {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts', 'run', path.join(dir, 'taskdef.json'), '--pull', 'never', '--no-log-prefix'], {
    // tsx resolves from the project; the vault is found beside the task definition.
    cwd: ROOT,
    env: { PATH: process.env.PATH, NO_COLOR: '1', ...testEngineEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const said = (text: string) =>
    new Promise<void>((resolve) => {
      const look = () => {
        if (!stderr.includes(text)) return false;
        child.stderr?.off('data', look);
        resolve();
        return true;
      };
      if (!look()) child.stderr?.on('data', look);
    });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      stdout += c.toString();
      if (stdout.includes('ready')) resolve();
    });
    child.once('exit', () => reject(new Error(`ecs-local exited before the task was ready: ${stderr}`)));
  });
  const exit = new Promise<{ code: number | null; stderr: string; ms: number }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stderr, ms: Date.now() - started })),
  );
  return { child, ready, said, exit };
}

describe('ecs-local run (Docker): Ctrl-C', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;
  let dir: string;

  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-signals-'));
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), '{}\n');
    const task = {
      family: 'signals',
      networkMode: 'awsvpc',
      containerDefinitions: [
        // Handles SIGTERM: stops at once on a graceful stop.
        { name: 'app', image: BUSYBOX_IMAGE, memoryReservation: 64, essential: true, command: ['sh', '-c', 'trap "exit 0" TERM; echo ready; while true; do sleep 0.1; done'] },
        // PID 1 without a handler ignores SIGTERM: only SIGKILL after its stopTimeout ends it.
        { name: 'sidecar', image: BUSYBOX_IMAGE, memoryReservation: 64, essential: false, stopTimeout: 20, command: ['sleep', '1000'] },
      ],
    };
    fs.writeFileSync(path.join(dir, 'taskdef.json'), JSON.stringify(task));
  });

  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });

  it('a second Ctrl-C kills the task at once instead of waiting for stopTimeout; exit 130, nothing left', async () => {
    const run = startRun(dir);
    await run.ready;
    const sentAt = Date.now();
    run.child.kill('SIGINT');
    // The second Ctrl-C once the first one is handled, as a user presses it after seeing this line.
    await run.said('stopping the task');
    run.child.kill('SIGINT');
    const result = await run.exit;
    expect(result.code, result.stderr).to.equal(130);
    expect(result.stderr).to.include('stopping the task');
    // The sidecar's stopTimeout is 20 s: only the kill explains an end within a few seconds.
    expect(Date.now() - sentAt).to.be.lessThan(10_000);
  });

  it("after a SIGKILL, the next run removes the killed run's namespace holder once its task is gone (Docker)", async () => {
    const run = startRun(dir);
    await run.ready;
    const pid = run.child.pid;
    run.child.kill('SIGKILL');
    await run.exit;
    const holders = async (): Promise<string[]> => {
      const listed = await engine.listContainers({ [NETNS_LABEL]: '' });
      return listed.filter((c) => {
        const s = holderState(c.name);
        return s?.state === 'owned' && s.pid === pid;
      }).map((c) => c.name);
    };
    // Its task is a leftover for `down` (the killed run's containers still run in the holder).
    await downAll(engine, { family: 'signals' });
    expect(await holders()).to.have.length(engine.profile.kind === 'docker' ? 1 : 0);

    fs.writeFileSync(
      path.join(dir, 'next.json'),
      JSON.stringify({ family: 'signals-next', networkMode: 'awsvpc', containerDefinitions: [{ name: 'app', image: BUSYBOX_IMAGE, memoryReservation: 64, command: ['true'] }] }),
    );
    const next = await runCli(['run', path.join(dir, 'next.json'), '--pull', 'never'], { cwd: dir });
    expect(next.code, next.stderr).to.equal(0);
    expect(await holders()).to.deep.equal([]);
  });

  it('one Ctrl-C stops the task gracefully: SIGTERM, then SIGKILL after stopTimeout for what ignores it', async () => {
    fs.writeFileSync(
      path.join(dir, 'taskdef.json'),
      fs.readFileSync(path.join(dir, 'taskdef.json'), 'utf8').replace('"stopTimeout":20', '"stopTimeout":2'),
    );
    const run = startRun(dir);
    await run.ready;
    const sentAt = Date.now();
    run.child.kill('SIGINT');
    const result = await run.exit;
    const took = Date.now() - sentAt;
    expect(result.code, result.stderr).to.equal(130);
    expect(result.stderr).to.include('Task stopped by user');
    // The sidecar ignores SIGTERM, so the stop lasts at least its 2 s stopTimeout, and not much more.
    expect(took).to.be.within(1_800, 12_000);
  });
});
