/**
 * Runs one task in a child process, for the test that SIGKILLs ecs-local mid-run: prints
 * `TASK <id>` on stderr, then the container prints `ready` on stdout and sleeps.
 */
import { connectDocker } from '../../src/docker/connect.js';
import { runTask } from '../../src/runtime/task-runner.js';
import { ensureBusyboxImage } from './images.js';
import { container, testTask } from './task.js';

const engine = await connectDocker();
await ensureBusyboxImage(engine);
const spec = testTask(
  [
    container({
      name: 'main',
      command: ['sh', '-c', 'echo ready; exec sleep 1000'],
      mountPoints: [{ sourceVolume: 'scratch', containerPath: '/scratch' }],
    }),
    // Two containers: the task has a pause container.
    container({ name: 'helper', essential: false, command: ['sleep', '1000'] }),
  ],
  { family: 'killed', volumes: [{ name: 'scratch' }] },
);
process.stderr.write(`TASK ${spec.taskId}\n`);
await runTask(spec, { engine, out: process.stdout, err: process.stderr, options: { pull: 'never', logMode: 'plain' } });
