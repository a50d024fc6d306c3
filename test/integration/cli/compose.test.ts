import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../../../src/main.js';
import { Label } from '../../../src/docker/labels.js';
import { runCli } from '../../support/cli.js';
import { Capture } from '../../support/capture.js';
import { testEngine, testEngineEnv } from '../../support/docker.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';
import { randomPort, waitFor } from '../../support/wait.js';

describe('logs, exec and ps on a detached task (the engine under test), as a user types them', function () {
  this.timeout(120_000);
  // Unique per run: only this test's tasks are looked at.
  const family = `compose-${randomBytes(4).toString('hex')}`;
  // awsvpc publishes the container port as is: one unlikely to be taken.
  const port = randomPort();
  const folder = useTaskFolder('compose', {
    'td.json': {
      family,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '1024',
      memory: '2048',
      containerDefinitions: [
        { name: 'app', image: BUSYBOX_IMAGE, stopTimeout: 1, command: ['sh', '-c', 'echo app-started; echo app-warning >&2; exec sleep 300'], portMappings: [{ containerPort: port }] },
        { name: 'side', image: BUSYBOX_IMAGE, essential: false, stopTimeout: 1, command: ['sh', '-c', 'echo side-1; echo side-2; echo side-3'] },
      ],
    },
  });
  /** Runs the task detached, waits for its first output, gives its id to `use`, then `down --task`. */
  async function withTask(use: (taskId: string) => Promise<void>): Promise<void> {
    const run = await runCli(['run', '-d', 'td.json', '--pull', 'never'], { cwd: folder.dir });
    expect(run.code, run.stderr).to.equal(0);
    const taskId = run.stdout.trim();
    try {
      // `side` has printed everything once it exited; `app` once its first lines are in the log.
      await waitFor('side to exit', async () => (await runCli(['ps'], { cwd: folder.dir })).stdout.includes('side (Exited'));
      await waitFor('app to print', async () => (await runCli(['logs', taskId, 'app'], { cwd: folder.dir })).stdout.includes('app-warning'));
      await use(taskId);
    } finally {
      const down = await runCli(['down', '--task', taskId], { cwd: folder.dir });
      expect(down.code, down.stderr).to.equal(0);
      expect(await (await testEngine()).listContainers({ [Label.family]: family })).to.deep.equal([]);
    }
  }

  it('`logs` prints every container prefixed with its name (no helper), one container, --tail, -f, --since; bad names are one line, exit 2', () =>
    withTask(async (taskId) => {
    const r = await runCli(['logs', taskId.slice(0, 6)], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.split('\n').filter((l) => l !== '').sort()).to.deep.equal([
      'app  | app-started',
      'app  | app-warning',
      'side | side-1',
      'side | side-2',
      'side | side-3',
    ]);

      // -f returns once the container has stopped.
    const tail = await runCli(['logs', '-f', '--tail', '2', '--no-log-prefix', taskId, 'side'], { cwd: folder.dir });
    expect(tail.code, tail.stderr).to.equal(0);
    expect(tail.stdout).to.equal('side-2\nside-3\n');

    const later = new Date(Date.now() + 60_000).toISOString();
    const none = await runCli(['logs', '--since', later, taskId, 'app'], { cwd: folder.dir });
    expect(none.code, none.stderr).to.equal(0);
    expect(none.stdout).to.equal('');
    const bad = await runCli(['logs', taskId, 'web'], { cwd: folder.dir });
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.equal(`ecs-local: error: Task ${taskId} has no container "web"; its containers: app, side.\n`);
    const unknown = await runCli(['logs', 'ffffffffff'], { cwd: folder.dir });
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.equal('ecs-local: error: No task id starts with "ffffffffff": `ecs-local ps` lists the running tasks.\n');
    }));

  it('`exec` runs a command in a container: its output, its exit code, piped stdin; unknown, ambiguous or stopped containers are one line, exit 2', () =>
    withTask(async (taskId) => {
      const none = (): Readable => Readable.from([]);
      const r = await runCli(['exec', taskId.slice(0, 8), 'app', '--', 'sh', '-c', 'echo out; echo err >&2; exit 3'], { cwd: folder.dir, stdin: none() });
      expect([r.code, r.stdout, r.stderr]).to.deep.equal([3, 'out\n', 'err\n']);
      const cat = await runCli(['exec', taskId, 'app', '--', 'cat'], { cwd: folder.dir, stdin: Readable.from(['piped line\n']) });
      expect([cat.code, cat.stdout, cat.stderr]).to.deep.equal([0, 'piped line\n', '']);

      const ambiguous = await runCli(['exec', taskId, '--', 'true'], { cwd: folder.dir, stdin: none() });
      expect([ambiguous.code, ambiguous.stderr]).to.deep.equal([
        2,
        `ecs-local: error: Task ${taskId} has 2 containers (app, side): name one, as in \`ecs-local exec ${taskId.slice(0, 8)} app -- sh\`.\n`,
      ]);
      const stopped = await runCli(['exec', taskId, 'side', '--', 'true'], { cwd: folder.dir, stdin: none() });
      expect([stopped.code, stopped.stderr]).to.deep.equal([
        2,
        `ecs-local: error: Container side of task ${taskId} is not running (exited): \`ecs-local logs ${taskId.slice(0, 8)} side\` shows its output.\n`,
      ]);
      const unknown = await runCli(['exec', taskId, 'web', '--', 'true'], { cwd: folder.dir, stdin: none() });
      expect([unknown.code, unknown.stderr]).to.deep.equal([2, `ecs-local: error: Task ${taskId} has no container "web"; its containers: app, side.\n`]);
      const noDash = await runCli(['exec', taskId, 'app', 'true'], { cwd: folder.dir, stdin: none() });
      expect([noDash.code, noDash.stderr]).to.deep.equal([2, 'ecs-local: error: put the command after --, as in `ecs-local exec 3f2a app -- sh`\n']);
    }));

  it('`exec` from a terminal runs on a TTY of the terminal\'s size, and follows it when the terminal is resized', () =>
    withTask(async (taskId) => {
      // A terminal as Node gives one: stdin in raw mode, stdout with its size and 'resize' events.
      const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
      const out = Object.assign(new Capture(), { rows: 24, columns: 80 });
      const err = new Capture();
      // Each line asks the command for its size: the size is set just after the command starts, as
      // docker exec -t sets it, so the first answers may come before it.
      const done = main(['exec', taskId, 'app', '--', 'sh', '-c', 'while read -r line; do stty size 2>/dev/null; done'], {
        out,
        err,
        env: { PATH: process.env.PATH, ...testEngineEnv() },
        cwd: folder.dir,
        stdin,
      });
      const sizeComes = (size: string) => () => {
        stdin.write('\n');
        return out.text.includes(size);
      };
      await waitFor('the first size', sizeComes('24 80'));
      Object.assign(out, { rows: 40, columns: 132 });
      out.emit('resize');
      await waitFor('the new size', sizeComes('40 132'));
      stdin.end();
      expect(await done, err.text).to.equal(0);
    }));

  it('`ps` shows the published ports by container, `app:<host>-><container>/tcp`', () =>
    withTask(async (taskId) => {
      const ps = await runCli(['ps'], { cwd: folder.dir });
      expect(ps.code, ps.stderr).to.equal(0);
      expect(ps.stdout.split('\n')[0]).to.match(/^TASK ID\s+FAMILY\s+STATUS\s+CONTAINERS\s+PORTS\s+AGE$/);
      const line = ps.stdout.split('\n').find((l) => l.startsWith(taskId));
      expect(line, ps.stdout).to.match(new RegExp(`^${taskId}\\s+${family}:1\\s+RUNNING\\s+app \\(Up .*\\), side \\(Exited .*\\)\\s+app:${port}->${port}/tcp\\s+\\d+s$`));
      const json = JSON.parse((await runCli(['ps', '--json'], { cwd: folder.dir })).stdout) as { taskId: string; ports: string[] }[];
      expect(json.find((t) => t.taskId === taskId)?.ports).to.deep.equal([`app:${port}->${port}/tcp`]);
    }));
});
