/** A folder of task files for the CLI tests that run tasks on the test engine. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { useDockerSuite } from './docker.js';

/**
 * Writes `files` (an object is written as JSON, a string as it is) into a fresh temporary folder
 * before the suite and removes it after; with the Docker suite's hooks (the engine, the offline image,
 * nothing labelled left after each test). `dir` is the folder, for `runCli(…, { cwd: dir })`.
 */
export function useTaskFolder(prefix: string, files: Record<string, unknown>): { readonly dir: string } {
  let dir: string | undefined;
  useDockerSuite(() => undefined);
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), `ecs-local-${prefix}-`));
    for (const [name, content] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
    }
  });
  after(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });
  return {
    get dir(): string {
      if (dir === undefined) throw new Error('useTaskFolder: the folder exists only inside the suite');
      return dir;
    },
  };
}
