/**
 * A test run that ends holding a task: starts the task definition given as JSON in argv[2] with the
 * library (vault file argv[3]), prints its id, then waits to be killed, or with argv[4] `exit`
 * exits as soon as stdin closes (the reaper test).
 */
import { startTask } from '../../src/api/index.js';

const task = await startTask(JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>, { vault: process.argv[3], logger: {} });
process.stdout.write(`${task.taskId}\n`);
if (process.argv[4] === 'exit') process.stdin.on('end', () => process.exit(0)).resume();
else setInterval(() => undefined, 60_000);
