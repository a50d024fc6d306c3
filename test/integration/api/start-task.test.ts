/**
 * The library's startTask on the engine under test: a task started from test code answers on its
 * published port, runs commands, shows its logs and is gone after stop(), `await using`, or the end
 * of the process that started it (the reaper), however that process ends.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTask, Vault, type Logger } from '../../../src/api/index.js';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { Label, managedFilter } from '../../../src/docker/labels.js';
import { useDockerSuite } from '../../support/docker.js';
import { standInEndpoints } from '../../support/endpoints-stand-in.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { randomPort, waitFor } from '../../support/wait.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:test/web-Ab12Cd';
const quiet: Logger = {};

/** A web server whose page shows the secret's length, with a health check; it stops at once on SIGTERM. */
function webTask(port: number, secretArn = SECRET_ARN): Record<string, unknown> {
  return {
    family: 'ecs-local-api-test',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image: BUSYBOX_IMAGE,
        essential: true,
        portMappings: [{ containerPort: port, protocol: 'tcp' }],
        environment: [{ name: 'PORT', value: String(port) }],
        secrets: [{ name: 'TOKEN', valueFrom: secretArn }],
        command: ['sh', '-c', 'mkdir -p /www && echo "token has ${#TOKEN} characters" > /www/index.html && echo web: serving && trap "exit 0" TERM; httpd -f -p $PORT -h /www & wait'],
        healthCheck: { command: ['CMD-SHELL', 'wget -q -O /dev/null http://localhost:$PORT/ || exit 1'], interval: 5, timeout: 2, retries: 3 },
      },
    ],
  };
}

/** The private folders in-memory vaults are copied to for a task (Vault.materialize). */
function vaultCopiesNow(): Set<string> {
  return new Set(readdirSync(os.tmpdir()).filter((f) => f.startsWith('ecs-local-vault-')));
}

function newVaultCopies(before: Set<string>): string[] {
  return [...vaultCopiesNow()].filter((f) => !before.has(f));
}

async function vault(): Promise<Vault> {
  const v = Vault.inMemory({ region: 'us-east-1', accountId: '123456789012' });
  await v.put(SECRET_ARN, 'twelve-chars');
  return v;
}

describe('api: startTask on the engine', function () {
  this.timeout(120_000);
  let engine: ContainerEngine;
  useDockerSuite((e) => (engine = e));

  it('starts the task, answers on its host port, runs commands, shows logs, and stops as ECS stops it', async () => {
    const containerPort = randomPort();
    const copies = vaultCopiesNow();
    const task = await startTask(webTask(containerPort), { vault: await vault(), logger: quiet, waitFor: 'HEALTHY' });
    try {
      // The in-memory vault's private copy for the task's vault serve lives as long as the task.
      expect(newVaultCopies(copies)).to.have.length(1);
      expect(task.describe()).to.include({ lastStatus: 'RUNNING', healthStatus: 'HEALTHY' });
      const port = await task.hostPort('web', containerPort);
      const res = await fetch(`http://${task.host === 'localhost' ? '127.0.0.1' : task.host}:${port}/`);
      expect(await res.text()).to.equal('token has 12 characters\n');
      expect(await task.exec('web', ['sh', '-c', 'echo $TOKEN; echo oops >&2; exit 3'])).to.deep.equal({ exitCode: 3, stdout: 'twelve-chars\n', stderr: 'oops\n' });
      expect(await task.logs('web')).to.include('web: serving\n');
    } finally {
      const stopped = await task.stop();
      expect(stopped).to.include({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
      expect(newVaultCopies(copies)).to.deep.equal([]);
    }
  });

  it('hostPort finds a bridge task\'s dynamic host port (hostPort 0), as EC2 task definitions ask', async () => {
    const td = {
      family: 'ecs-local-api-bridge',
      networkMode: 'bridge',
      requiresCompatibilities: ['EC2'],
      containerDefinitions: [
        {
          name: 'web',
          image: BUSYBOX_IMAGE,
          essential: true,
          memory: 128,
          portMappings: [{ containerPort: 8080, hostPort: 0 }],
          command: ['sh', '-c', 'mkdir -p /www && echo bridge > /www/index.html && trap "exit 0" TERM; httpd -f -p 8080 -h /www & wait'],
        },
      ],
    };
    await using task = await startTask(td, { vault: Vault.inMemory(), logger: quiet });
    const port = await task.hostPort('web', 8080);
    expect(port).to.not.equal(8080);
    // RUNNING is not listening (as on ECS): httpd starts in the background of the container's shell,
    // and until it listens the published port takes the connection and resets it.
    let body = '';
    await waitFor('httpd to answer on the host port', async () => {
      body = await fetch(`http://${task.host}:${port}/`).then(
        (r) => r.text(),
        () => '',
      );
      return body !== '';
    });
    expect(body).to.equal('bridge\n');
  });

  it('`await using` stops and removes the task at the end of the block', async () => {
    let taskId = '';
    {
      await using task = await startTask(webTask(randomPort()), { vault: await vault(), logger: quiet });
      taskId = task.taskId;
      expect(await engine.listContainers({ ...managedFilter, [Label.taskId]: taskId })).to.not.have.length(0);
    }
    expect(await engine.listContainers({ ...managedFilter, [Label.taskId]: taskId })).to.deep.equal([]);
  });

  it("rejects with ECS's stoppedReason when ECS would not start the task, before any container exists", async () => {
    const err = await startTask(webTask(randomPort(), `${SECRET_ARN.slice(0, -6)}XXXXXX`), { vault: await vault(), logger: quiet }).then(
      () => undefined,
      (e: unknown) => e,
    );
    // By errorName, as ecs-local matches its errors (under tsx a lazily imported module may be a second copy).
    expect(err).to.include({ errorName: 'TaskFailedToStart', stopCode: 'TaskFailedToStart', exitCode: 3 });
    expect((err as Error).message).to.match(
      /^ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time\(s\): failed to fetch secret arn:aws:secretsmanager:us-east-1:123456789012:secret:test\/web-XXXXXX from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret\. status code: 400, request id: [0-9a-f-]{36}$/,
    );
  });

  it('waitFor rejects once the task stopped before reaching the status, naming why', async () => {
    const td = webTask(randomPort());
    const [c] = td.containerDefinitions as Record<string, unknown>[];
    Object.assign(c as object, { command: ['sh', '-c', 'exit 4'], healthCheck: undefined });
    const task = await startTask(td, { vault: await vault(), logger: quiet });
    try {
      const stopped = await task.waitFor('STOPPED');
      expect(stopped).to.include({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
      const err = await task.waitFor('RUNNING').then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).to.match(/stopped before it was RUNNING: EssentialContainerExited: Essential container in task exited/);
    } finally {
      await task.stop();
    }
  });

  /**
   * Starts `taskdef` with the library in a process of its own, which must print that the start
   * failed and then end by itself: nothing the failed start opened (a relay agent's stream, a vault
   * serve) may hold it.
   */
  async function failsAndEndsByItself(taskdef: Record<string, unknown>): Promise<void> {
    const v = await vault();
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../support/start-task-child.ts'), JSON.stringify(taskdef), JSON.stringify(await v.document()), 'settle'], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      const held = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the process did not end by itself within 30 s of starting (it printed ${JSON.stringify(out)}): something the failed start opened still holds it`));
      }, 30_000);
      child.once('exit', (c) => {
        clearTimeout(held);
        resolve(c);
      });
    });
    expect(out.trim()).to.equal('failed: TaskFailedToStart');
    expect(code).to.equal(0);
  }

  it("leaves nothing running in the caller's process when a task fails to start after its endpoints were set up", async () => {
    // The relay agent runs and the task's vault serve listens before the image turns out missing.
    const task = webTask(randomPort());
    const containers = task.containerDefinitions as Record<string, unknown>[];
    await failsAndEndsByItself({ ...task, containerDefinitions: containers.map((c) => ({ ...c, image: '127.0.0.1:9/ecs-local-test/missing:1' })) });
  });

  it("leaves nothing running in the caller's process when the task's endpoints cannot be set up", async () => {
    // A running endpoints container of this version whose relay agent cannot start (no `sh` on its PATH).
    const standIn = await standInEndpoints(engine, { Entrypoint: ['/bin/sleep'], Cmd: ['3600'], Env: ['PATH=/nonexistent'] });
    try {
      await engine.start(standIn);
      await failsAndEndsByItself(webTask(randomPort()));
    } finally {
      // The next task makes a working one.
      await engine.remove(standIn, { force: true });
    }
  });

  for (const end of ['SIGKILL', 'SIGTERM', 'SIGINT', 'exit'] as const) {
    it(`leaves nothing behind when the test process ends (${end}) holding a task: the reaper sweeps it`, async () => {
      const vaultCopies = vaultCopiesNow();
      let other: string | undefined;
      const dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-reaper-'));
      try {
        // On disk once; in memory otherwise, whose private copy for the task the reaper removes too.
        const v = end === 'SIGTERM' ? await Vault.onDisk(path.join(dir, 'ecs-local.vault.json'), { region: 'us-east-1', accountId: '123456789012' }) : Vault.inMemory({ region: 'us-east-1', accountId: '123456789012' });
        await v.put(SECRET_ARN, 'twelve-chars');
        const vaultArg = v.file ?? JSON.stringify(await v.document());
        const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(import.meta.dirname, '../../support/start-task-child.ts'), JSON.stringify(webTask(randomPort())), vaultArg, end], {
          stdio: ['pipe', 'pipe', 'inherit'],
          env: process.env,
        });
        const taskId = await new Promise<string>((resolve, reject) => {
          child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
          child.once('exit', (code) => reject(new Error(`the child exited with ${code} before starting its task`)));
        });
        expect(await engine.listContainers({ ...managedFilter, [Label.taskId]: taskId })).to.not.have.length(0);
        // Another process with the same pid (another PID namespace's) and its own session: not swept.
        const otherTask = `other-${taskId.slice(0, 8)}`;
        other = await engine.createContainer({
          Image: BUSYBOX_IMAGE,
          Cmd: ['true'],
          Labels: { ...managedFilter, [Label.taskId]: otherTask, [Label.ownerPid]: String(child.pid), [Label.session]: '00000000-0000-4000-8000-000000000000' },
        });
        const exited = new Promise((resolve) => child.once('exit', resolve));
        if (end === 'exit') child.stdin.end();
        else child.kill(end);
        await exited;
        await waitFor(`task ${taskId} swept`, async () => (await engine.listContainers({ ...managedFilter, [Label.taskId]: taskId })).length === 0, 30_000);
        await waitFor('the vault copy removed', () => newVaultCopies(vaultCopies).length === 0);
        expect((await engine.listContainers({ ...managedFilter, [Label.taskId]: otherTask })).map((c) => c.id)).to.deep.equal([other]);
      } finally {
        if (other !== undefined) await engine.remove(other, { force: true });
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
