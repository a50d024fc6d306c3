// Loads a file of the bundled CLI (bin/ecs-local, and the command line loading a command), with V8's
// code cache: compiling the bundle is most of what `check` and `--help` spend beyond Node's own
// start-up. scripts/bundle.mjs copies this file to dist/bundle/load.cjs.
//
// The code V8 compiled for a bundle file, including the functions the run compiled lazily, is
// written beside it once, to <file>.<V8 version>.cache, at the first run's exit, and handed back to V8 on the
// next runs. (Node >= 22.1's module.enableCompileCache caches only what compiling the file at load
// compiles, not the functions a run then compiles: on Node 24, `check` took 69 ms of CPU with it
// against 58 ms with this.) V8 checks the cache against its own version and flags, but of the
// source only its length, so the cache also records the bundle file's size and modification time;
// any difference, or a cache V8 rejects, means compiling as usual and writing a new cache. Nothing
// here can fail a command: a cache that cannot be read or written (a read-only install) is no cache.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');
const { Buffer } = require('node:buffer');

const off = process.env.ECS_LOCAL_CODE_CACHE === '0';
const toWrite = [];

/** The exports of the bundle file `file` (an absolute path). */
function load(file) {
  if (off) return require(file);
  const source = fs.readFileSync(file, 'utf8');
  const stamp = stampOf(file);
  // One cache per V8 version, so that two versions of Node in turn do not rewrite each other's.
  const cacheFile = `${file}.${process.versions.v8.replace(/[^\w.-]/g, '_')}.cache`;
  const cachedData = readCache(cacheFile, stamp);
  // The bundle has no import(): scripts/bundle.mjs turns it into require().
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    if (toWrite.length === 0) process.once('exit', writeCaches);
    toWrite.push({ script, cacheFile, stamp });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

function stampOf(file) {
  const s = fs.statSync(file);
  return `${process.arch} ${s.size} ${s.mtimeMs}\n`;
}

function readCache(cacheFile, stamp) {
  let data;
  try {
    data = fs.readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = Buffer.byteLength(stamp);
  return data.length > head && data.toString('latin1', 0, head) === stamp ? data.subarray(head) : undefined;
}

/** At exit, after the run compiled what it used: one write each, through a rename so that a concurrent reader sees all or nothing. */
function writeCaches() {
  for (const { script, cacheFile, stamp } of toWrite) {
    const temp = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, Buffer.concat([Buffer.from(stamp, 'latin1'), script.createCachedData()]));
      fs.renameSync(temp, cacheFile);
    } catch {
      fs.rmSync(temp, { force: true });
    }
  }
}

module.exports = { load };
