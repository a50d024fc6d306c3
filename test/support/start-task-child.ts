/**
 * A test run that ends holding a task: starts the task definition given as JSON in argv[2] with the
 * library (argv[3]: a vault file, or a vault document held in memory), prints its id, then waits to be killed, or with argv[4] `exit`
 * exits as soon as stdin closes (the reaper test).
 */
import { startTask, Vault, type VaultDocument } from '../../src/api/index.js';

// A vault file, or a vault document to hold in memory.
const given = process.argv[3] ?? '';
const vault = given.startsWith('{') ? Vault.inMemory(JSON.parse(given) as VaultDocument) : given;
const task = await startTask(JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>, { vault, logger: {} });
process.stdout.write(`${task.taskId}\n`);
if (process.argv[4] === 'exit') process.stdin.on('end', () => process.exit(0)).resume();
else setInterval(() => undefined, 60_000);
