/**
 * The bundle runs from V8's code cache (scripts/load.cjs): a run after the first reads it, and a
 * cache that no longer matches its bundle file, or is damaged, never changes what the CLI does.
 * Each test works on its own copy of bin/ and dist/bundle/ (rebuild with npm run build if the copy fails).
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runProcess } from '../../../bench/spawn.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('bin/ecs-local: the code cache', function () {
  this.timeout(30_000);
  let dir: string;
  let index: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-code-cache-'));
    fs.cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    fs.cpSync(path.join(ROOT, 'dist', 'bundle'), path.join(dir, 'dist', 'bundle'), {
      recursive: true,
      filter: (from) => !from.endsWith('.cache'),
    });
    fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(dir, 'package.json'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    index = path.join(dir, 'dist', 'bundle', 'index.cjs');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const cli = (...args: string[]) => runProcess(process.execPath, [path.join(dir, 'bin', 'ecs-local'), ...args], { cwd: dir, env: { PATH: process.env.PATH } });
  const caches = () => fs.readdirSync(path.dirname(index)).filter((f) => f.startsWith('index.cjs.') && f.endsWith('.cache'));

  it('is written by the first run and read, unchanged, by the next', async () => {
    expect(await cli('--version')).to.include({ code: 0, stdout: `${VERSION}\n` });
    expect(caches()).to.have.length(1);
    const cache = path.join(path.dirname(index), caches()[0] ?? '');
    const written = fs.statSync(cache).mtimeMs;
    expect(await cli('--version')).to.include({ code: 0, stdout: `${VERSION}\n` });
    expect(fs.statSync(cache).mtimeMs).to.equal(written);
  });

  it('is not used for a bundle file of the same length but other content', async () => {
    await cli('--version');
    // What a rebuild that kept the file's length would leave: V8 itself checks only the length.
    const other = VERSION.replace(/\d/g, '9');
    const source = fs.readFileSync(index, 'utf8');
    expect(source).to.include(JSON.stringify(VERSION));
    fs.writeFileSync(index, source.replace(JSON.stringify(VERSION), JSON.stringify(other)));
    expect(await cli('--version')).to.include({ code: 0, stdout: `${other}\n` });
  });

  it('is rewritten when damaged, without a word on the output', async () => {
    await cli('--version');
    const cache = path.join(path.dirname(index), caches()[0] ?? '');
    const data = fs.readFileSync(cache);
    fs.writeFileSync(cache, Buffer.concat([data.subarray(0, data.indexOf('\n') + 1), Buffer.from('not V8 code')]));
    expect(await cli('--version')).to.deep.include({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    expect(fs.readFileSync(cache).length).to.be.greaterThan(1000);
  });
});
