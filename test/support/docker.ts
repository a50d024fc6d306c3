/** Shared pieces of the Docker-backed tests. */
import { expect } from 'chai';
import { Writable } from 'node:stream';
import { connectDocker } from '../../src/docker/connect.js';
import type { DockerEngine } from '../../src/docker/engine.js';
import { Label, managedFilter } from '../../src/docker/labels.js';
import { ensureBusyboxImage } from './images.js';

let engine: Promise<DockerEngine> | undefined;

/** One engine for the whole run; fails (never skips) when Docker is not reachable. */
export function testEngine(): Promise<DockerEngine> {
  engine ??= connectDocker();
  return engine;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Every container and volume ecs-local labelled that this test run is answerable for: those owned by
 * this process or by a process that is gone (a killed child's leftovers). Objects of another live
 * ecs-local process (a developer's run, a parallel suite) on the same engine are not ours to judge.
 */
export async function labelledObjects(e: DockerEngine): Promise<{ containers: string[]; volumes: string[] }> {
  const [containers, volumes] = await Promise.all([e.listContainers(managedFilter), e.listVolumes(managedFilter)]);
  const ours = (labels: Record<string, string>): boolean => {
    const pid = Number(labels[Label.ownerPid]);
    return !(Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid));
  };
  return {
    containers: containers.filter((c) => ours(c.labels)).map((c) => c.name),
    volumes: volumes.filter((v) => ours(v.labels)).map((v) => v.name),
  };
}

/** A Writable that keeps what was written. */
export class Capture extends Writable {
  private chunks: string[] = [];
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    done();
  }
  get text(): string {
    return this.chunks.join('');
  }
  get lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }
}

/**
 * The hooks every Docker-backed suite needs: the engine, with the offline busybox image built,
 * handed to `onEngine` before the tests, and a check after each test that it left nothing labelled.
 */
export function useDockerSuite(onEngine: (engine: DockerEngine) => void): void {
  let engine: DockerEngine | undefined;
  before(async () => {
    engine = await testEngine();
    await ensureBusyboxImage(engine);
    onEngine(engine);
  });
  afterEach(async () => {
    if (engine === undefined) return;
    expect(await labelledObjects(engine)).to.deep.equal({ containers: [], volumes: [] });
  });
}
