/**
 * A test run that ends holding a task: starts the task definition given as JSON in argv[2] with the
 * library (argv[3]: a vault file, or a vault document held in memory), prints its id, then waits to be killed, or with argv[4] `exit`
 * exits as soon as stdin closes (the reaper test). With argv[4] `settle`, a start that fails is
 * printed as `failed: <errorName>` and the process is left to end by itself (nothing may hold it).
 */
import { startTask, Vault, type VaultDocument } from '../../src/api/index.js';

// A vault file, or a vault document to hold in memory.
const given = process.argv[3] ?? '';
const vault = given.startsWith('{') ? Vault.inMemory(JSON.parse(given) as VaultDocument) : given;
const starting = startTask(JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>, { vault, logger: {} });
const mode = process.argv[4];
if (mode === 'settle') {
  // Then nothing more: the process ends when nothing holds it.
  await starting.then(
    async (task) => {
      process.stdout.write(`${task.taskId}\n`);
      await task.stop();
    },
    (err: unknown) => process.stdout.write(`failed: ${(err as { errorName?: string }).errorName ?? String(err)}\n`),
  );
} else {
  const task = await starting;
  process.stdout.write(`${task.taskId}\n`);
  if (mode === 'exit') process.stdin.on('end', () => process.exit(0)).resume();
  else setInterval(() => undefined, 60_000);
}
