/**
 * The bundled CLI (bin/ecs-local -> dist/bundle, built by npm install) says what the sources say:
 * the same bytes and exit codes for the command line alone, a command file, and a failure. A stale
 * bundle fails here: run `npm run build`.
 */
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { runProcess } from '../../../bench/spawn.js';
import { runCli } from '../../support/cli.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const REAL = 'test/fixtures/taskdefs/real-shaped';

async function both(args: string[]) {
  const env = { PATH: process.env.PATH };
  const bundled = await runProcess(process.execPath, [path.join(ROOT, 'bin', 'ecs-local'), ...args], { cwd: ROOT, env });
  const source = await runCli(args, { cwd: ROOT, env });
  return { bundled: { code: bundled.code, stdout: bundled.stdout, stderr: bundled.stderr }, source };
}

describe('bin/ecs-local: the bundle behaves as the sources (rebuild with npm run build if this fails)', function () {
  this.timeout(30_000);
  for (const args of [
    ['--version'],
    ['--help'],
    ['vault', 'put', '--help'],
    ['check', 'examples/seed/taskdef.json'],
    ['check', 'examples/seed/missing.json'],
    ['env', 'examples/seed/taskdef.json', '--format', 'yaml'],
    // YAML: the parser is loaded from node_modules when first used.
    ['check', `${REAL}/ci/task-definition.yaml`, '--vault', `${REAL}/ecs-local.vault.json`],
    ['check', `${REAL}/cloudformation/fargate-service.yaml`, '--vault', `${REAL}/ecs-local.vault.json`],
  ]) {
    it(args.join(' '), async () => {
      const { bundled, source } = await both(args);
      expect(bundled).to.deep.equal(source);
    });
  }
});

describe('bin/ecs-local: output into a pipe whose reader went away', function () {
  this.timeout(30_000);

  it('ends quietly, exit 0, as `ecs-local --help | head -1` expects', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ecs-local'), '--help'], { cwd: ROOT, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reader closes its end before anything is written.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += String(c)));
    const [code] = (await once(child, 'close')) as [number];
    expect([code, stderr]).to.deep.equal([0, '']);
  });
});
