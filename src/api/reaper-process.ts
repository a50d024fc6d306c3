/**
 * The reaper (reaper.ts): waits until the process that started it ends (its stdin closes), then
 * removes what that process left on the engine, by its owner-pid and session labels, and the folders it was told
 * to own (`{"own": dir}` / `{"disown": dir}` lines on stdin). Run as `node reaper-process.js <pid> <session>`
 * with the engine's environment.
 */
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { connectDocker } from '../docker/connect.js';
import { Label } from '../docker/labels.js';
import { downAll } from '../runtime/cleanup.js';

const ownerPid = Number(process.argv[2]);
const session = process.argv[3] ?? '';
if (!Number.isInteger(ownerPid) || ownerPid <= 0 || !/^[0-9a-f-]{36}$/.test(session)) process.exit(2);
const labels = { [Label.ownerPid]: String(ownerPid), [Label.session]: session };

const owned = new Set<string>();
createInterface({ input: process.stdin }).on('line', (line) => {
  try {
    const message = JSON.parse(line) as { own?: unknown; disown?: unknown };
    if (typeof message.own === 'string') owned.add(message.own);
    if (typeof message.disown === 'string') owned.delete(message.disown);
  } catch {
    // Not ours: ignored.
  }
});
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
      for (const dir of owned) rmSync(dir, { recursive: true, force: true });
      const engine = await connectDocker(process.env);
      // Twice: a task still being created when its owner died may add a container after the first pass.
      await downAll(engine, { labels });
      await downAll(engine, { labels });
    } finally {
      process.exit(0);
    }
  })();
}
