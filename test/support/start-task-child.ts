/**
 * A test run that dies holding a task: starts the task definition given as JSON in argv[2] with the
 * library, prints its id, and waits to be killed (the reaper test).
 */
import { startTask } from '../../src/api/index.js';

const task = await startTask(JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>, { vault: process.argv[3], logger: {} });
process.stdout.write(`${task.taskId}\n`);
setInterval(() => undefined, 60_000);
