/** Shared pieces of the Docker-backed tests. */
import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { connectDocker } from '../../src/docker/connect.js';
import { processAlive } from '../../src/files/process-alive.js';
import type { ContainerEngine } from '../../src/docker/container-engine.js';
import { Label, managedFilter } from '../../src/docker/labels.js';
import { ensureBusyboxImage } from './images.js';

let engine: Promise<ContainerEngine> | undefined;

/** The users .ci/engines.sh runs rootless Podman and rootless Docker as. */
const ROOTLESS_USER = 'ecsrootless';
const ROOTLESS_DOCKER_USER = 'ecsdocker';

/** A user's uid from /etc/passwd, or `<name>` when there is no such user (the engine then fails to connect). */
function uidOf(name: string): string {
  const passwd = existsSync('/etc/passwd') ? readFileSync('/etc/passwd', 'utf8') : '';
  return passwd.split('\n').find((line) => line.startsWith(`${name}:`))?.split(':')[2] ?? `<${name}>`;
}

/**
 * The engines the suite runs against, by ECS_LOCAL_TEST_ENGINE, each where .ci/engines.sh starts it.
 * `docker` (the default) is whatever the environment names, as for a user.
 */
export const TEST_ENGINES = {
  docker: { kind: 'docker', rootless: false, env: {} },
  podman: { kind: 'podman', rootless: false, env: { DOCKER_HOST: 'unix:///run/ecs-local-ci/podman.sock' } },
  remote: { kind: 'docker', rootless: false, env: { DOCKER_HOST: 'tcp://10.213.0.2:2375' } },
  rootless: { kind: 'podman', rootless: true, env: { DOCKER_HOST: `unix:///run/user/${uidOf(ROOTLESS_USER)}/podman/podman.sock` } },
  'rootless-docker': { kind: 'docker', rootless: true, env: { DOCKER_HOST: `unix:///run/user/${uidOf(ROOTLESS_DOCKER_USER)}/docker.sock` } },
} as const;

export type TestEngineName = keyof typeof TEST_ENGINES;

export function testEngineName(env: NodeJS.ProcessEnv = process.env): TestEngineName {
  const name = env.ECS_LOCAL_TEST_ENGINE ?? 'docker';
  if (!(name in TEST_ENGINES)) throw new Error(`ECS_LOCAL_TEST_ENGINE=${name}: expected one of ${Object.keys(TEST_ENGINES).join(', ')}`);
  return name as TestEngineName;
}

/** The environment a child `ecs-local` needs to reach the engine under test. */
export function testEngineEnv(): Record<string, string> {
  return { ...TEST_ENGINES[testEngineName()].env };
}

/**
 * One engine for the whole run; fails (never skips) when the engine is not reachable, or is not
 * the kind asked for. Its address goes into process.env too, so child `ecs-local` processes
 * reach the same engine.
 */
export function testEngine(): Promise<ContainerEngine> {
  engine ??= (async () => {
    const name = testEngineName();
    const wanted = TEST_ENGINES[name];
    Object.assign(process.env, wanted.env);
    const e = await connectDocker(process.env).catch((err: unknown) => {
      throw new Error(`ECS_LOCAL_TEST_ENGINE=${name}: ${(err as Error).message}${name === 'docker' ? '' : ' (start it with .ci/engines.sh)'}`);
    });
    if (e.profile.kind !== wanted.kind) throw new Error(`ECS_LOCAL_TEST_ENGINE=${name} reached ${e.profile.name} at ${e.endpoint}`);
    // The default engine is whatever the environment names; the others are known to be rootless or not.
    if (name !== 'docker' && e.profile.rootless !== wanted.rootless) {
      throw new Error(`ECS_LOCAL_TEST_ENGINE=${name}: ecs-local took ${e.profile.name} at ${e.endpoint} for ${e.profile.rootless ? 'a rootless' : 'a rootful'} engine`);
    }
    return e;
  })();
  return engine;
}

/** Where ports the engine publishes answer: its tcp:// host, or this machine for a local socket. */
export function engineHost(e: ContainerEngine): string {
  const url = /^(?:tcp|http|https):\/\/([^:/]+)/.exec(e.endpoint);
  return url?.[1] ?? '127.0.0.1';
}

/**
 * Every container and volume ecs-local labelled that this test run is answerable for: those owned by
 * this process or by a process that is gone (a killed child's leftovers). Objects of another live
 * ecs-local process (a developer's run, a parallel suite) on the same engine are not ours to judge.
 */
export async function labelledObjects(e: ContainerEngine): Promise<{ containers: string[]; volumes: string[] }> {
  const [containers, volumes] = await Promise.all([e.listContainers(managedFilter), e.listVolumes(managedFilter)]);
  const ours = (labels: Record<string, string>): boolean => {
    const pid = Number(labels[Label.ownerPid]);
    return !(Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid));
  };
  return {
    containers: containers.filter((c) => ours(c.labels)).map((c) => c.name),
    volumes: volumes.filter((v) => ours(v.labels)).map((v) => v.name),
  };
}

/** A Writable that keeps what was written. */
/**
 * The hooks every Docker-backed suite needs: the engine, with the offline busybox image built,
 * handed to `onEngine` before the tests, and a check after each test that it left nothing labelled.
 */
export function useDockerSuite(onEngine: (engine: ContainerEngine) => void): void {
  let engine: ContainerEngine | undefined;
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
