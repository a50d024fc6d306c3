/**
 * The reaper (reaper.ts): waits until the process that started it ends (its stdin closes), then
 * removes what that process left on the engine, by its owner-pid label. Run as
 * `node reaper-process.js <pid>` with the engine's environment.
 */
import { connectDocker } from '../docker/connect.js';
import { downAll } from '../runtime/cleanup.js';

const ownerPid = Number(process.argv[2]);
if (!Number.isInteger(ownerPid) || ownerPid <= 0) process.exit(2);

process.stdin.resume();
process.stdin.on('error', () => sweep());
process.stdin.on('end', () => sweep());
process.stdin.on('close', () => sweep());
process.stdout.write('ready\n');

let swept = false;
function sweep(): void {
  if (swept) return;
  swept = true;
  void (async () => {
    try {
      const engine = await connectDocker(process.env);
      // Twice: a task still being created when its owner died may add a container after the first pass.
      await downAll(engine, { ownerPid });
      await downAll(engine, { ownerPid });
    } finally {
      process.exit(0);
    }
  })();
}
