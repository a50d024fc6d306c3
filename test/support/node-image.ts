/**
 * A Node.js image built offline for the tests that run the real AWS SDK inside a task: the host's
 * `node` binary with the shared libraries `ldd` lists, and the project's
 * `node_modules/@aws-sdk/client-secrets-manager` with every package it depends on (the subtree Node
 * would resolve from it), under /app/node_modules. Its entrypoint is `node`, its workdir /app.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ContainerEngine } from '../../src/docker/container-engine.js';
import { writeTar, type TarEntry } from '../../src/docker/tar.js';

const PROJECT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ROOT_PACKAGE = '@aws-sdk/client-secrets-manager';

/** The files `ldd` says `binary` loads, the dynamic loader included (`linux-vdso` has no file). */
export function sharedLibraries(binary: string): string[] {
  const out = execFileSync('ldd', [binary], { encoding: 'utf8' });
  const libs: string[] = [];
  for (const line of out.split('\n')) {
    const m = /=>\s*(\/\S+)/.exec(line) ?? /^\s*(\/\S+)\s+\(/.exec(line);
    if (m?.[1]) libs.push(m[1]);
  }
  return libs;
}

/** Where Node resolves `name` from the package in `from`: its own node_modules, then its parents'. */
function resolvePackage(from: string, name: string): string | undefined {
  for (let dir = from; dir.startsWith(PROJECT); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === PROJECT) break;
  }
  return undefined;
}

/** Every package directory `ROOT_PACKAGE` needs at run time, itself included. */
export function dependencyClosure(rootPackage = ROOT_PACKAGE): string[] {
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const found = resolvePackage(dir, dep);
      if (found === undefined) throw new Error(`${dep} (needed by ${dir}) is not installed`);
      visit(found);
    }
  };
  const root = resolvePackage(PROJECT, rootPackage);
  if (root === undefined) throw new Error(`${rootPackage} is not installed in ${PROJECT}`);
  visit(root);
  return [...seen].sort();
}

/** Files of a package directory, without its type declarations (not needed to run) or nested packages (visited on their own). */
function packageFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules' || entry.name === 'dist-types') continue;
        walk(full);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        if (statSync(full).isFile()) files.push(full);
      }
    }
  };
  walk(dir);
  return files;
}

function rootfs(nodeBinary: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const dirs = new Set<string>();
  const addDirs = (file: string): void => {
    const parts = path.dirname(file).split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!dirs.has(dir)) {
        dirs.add(dir);
        entries.push({ type: 'dir', path: dir });
      }
    }
  };
  const addFile = (inImage: string, from: string, mode = 0o644): void => {
    const rel = inImage.replace(/^\//, '');
    addDirs(rel);
    entries.push({ type: 'file', path: rel, data: readFileSync(realpathSync(from)), mode });
  };
  addFile('/usr/local/bin/node', nodeBinary, 0o755);
  for (const lib of sharedLibraries(nodeBinary)) addFile(lib, lib, 0o755);
  for (const pkg of dependencyClosure()) {
    const rel = path.relative(PROJECT, pkg);
    for (const file of packageFiles(pkg)) addFile(path.join('/app', rel, path.relative(pkg, file)), file);
  }
  entries.push({ type: 'dir', path: 'tmp', mode: 0o1777 });
  addDirs('etc/passwd');
  entries.push({ type: 'file', path: 'etc/passwd', data: Buffer.from('root:x:0:0:root:/root:/bin/sh\n') });
  return entries;
}

/**
 * Builds `ecs-local-test/node-sdk:<hash>` if the engine lacks it; the tag changes with the Node
 * binary and the SDK's version, so an upgraded host gets a new image.
 */
export async function ensureNodeSdkImage(engine: ContainerEngine, nodeBinary = process.execPath): Promise<string> {
  const sdk = JSON.parse(readFileSync(path.join(PROJECT, 'node_modules', ROOT_PACKAGE, 'package.json'), 'utf8')) as { version: string };
  const hash = createHash('sha256').update(`${realpathSync(nodeBinary)}\n${statSync(nodeBinary).size}\n${process.version}\n${sdk.version}`).digest('hex');
  const tag = `ecs-local-test/node-sdk:${hash.slice(0, 12)}`;
  if (await engine.imageExists(tag)) return tag;
  await engine.importImage(writeTar(rootfs(nodeBinary)), tag, ['ENV PATH=/usr/local/bin', 'WORKDIR /app', 'ENTRYPOINT ["/usr/local/bin/node"]']);
  return tag;
}
