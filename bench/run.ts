/**
 * `ecs-local run` end to end (a new process on the built CLI) against the bare Docker work it stands
 * on: the same containers created, started, waited for and removed with dockerode in this process.
 * The image is built offline (test/support/images.ts). When `run`, Docker or the image is missing,
 * the benchmark reports "not available" with the reason.
 */
import type Dockerode from 'dockerode';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ContainerDefinition, DependencyCondition, TaskDefinition } from '../src/taskdef/types.js';
import type { DockerEngine } from '../src/docker/engine.js';
import type { Benchmark, BenchContext, Prepared } from './benchmark.js';
import { runOk, runProcess } from './spawn.js';

/** Every container the baseline creates carries it, so a teardown can find leftovers. */
const BENCH_LABEL = 'ecs-local.bench';

interface BareContainer {
  name: string;
  dependsOn: { containerName: string; condition: DependencyCondition }[];
}

/**
 * [INF] Most tasks use the EC2 launch type in `bridge` mode, to measure ecs-local's own overhead;
 * `run-awsvpc` is issue #9's measure: a one-container Fargate (awsvpc) task with its endpoints.
 */
function task(family: string, image: string, containers: BareContainer[], mode: 'bridge' | 'awsvpc'): TaskDefinition {
  const last = containers.at(-1)?.name;
  return {
    family,
    networkMode: mode,
    requiresCompatibilities: [mode === 'awsvpc' ? 'FARGATE' : 'EC2'],
    ...(mode === 'awsvpc' ? { cpu: '256', memory: '512' } : { memory: '256' }),
    containerDefinitions: containers.map(
      (c): ContainerDefinition => ({
        name: c.name,
        image,
        // Only the last container is essential: SUCCESS/COMPLETE dependencies must not be.
        essential: c.name === last,
        command: ['true'],
        ...(c.dependsOn.length > 0 ? { dependsOn: c.dependsOn } : {}),
      }),
    ),
  };
}

const ONE: BareContainer[] = [{ name: 'app', dependsOn: [] }];

/** Two init steps in sequence, a sidecar, a worker and the essential app: every kind of wait. */
const FIVE: BareContainer[] = [
  { name: 'init-a', dependsOn: [] },
  { name: 'init-b', dependsOn: [{ containerName: 'init-a', condition: 'SUCCESS' }] },
  { name: 'sidecar', dependsOn: [{ containerName: 'init-a', condition: 'COMPLETE' }] },
  {
    name: 'worker',
    dependsOn: [
      { containerName: 'init-b', condition: 'SUCCESS' },
      { containerName: 'sidecar', condition: 'START' },
    ],
  },
  {
    name: 'app',
    dependsOn: [
      { containerName: 'worker', condition: 'COMPLETE' },
      { containerName: 'sidecar', condition: 'START' },
    ],
  },
];

/**
 * The baseline: each container created and started once its dependencies allow (START: the
 * dependency started; COMPLETE: it exited; SUCCESS: it exited 0), then all waited for and removed.
 */
async function bareRun(docker: Dockerode, image: string, containers: BareContainer[]): Promise<void> {
  const started = new Map<string, Promise<Dockerode.Container>>();
  const exited = new Map<string, Promise<number>>();
  const byName = new Map(containers.map((c) => [c.name, c]));
  const launch = (name: string): Promise<Dockerode.Container> => {
    const known = started.get(name);
    if (known) return known;
    const spec = byName.get(name);
    if (!spec) throw new Error(`no container ${name}`);
    const p = (async () => {
      await Promise.all(
        spec.dependsOn.map(async (d) => {
          if (d.condition === 'START') return launch(d.containerName);
          await launch(d.containerName);
          const code = await exited.get(d.containerName);
          if (d.condition === 'SUCCESS' && code !== 0) throw new Error(`${d.containerName} exited ${code}`);
        }),
      );
      const container = await docker.createContainer({ Image: image, Cmd: ['true'], Labels: { [BENCH_LABEL]: 'true' } });
      // Attach the wait before starting, so a fast exit is never missed.
      exited.set(
        name,
        container.wait({ condition: 'next-exit' }).then((r: { StatusCode: number }) => r.StatusCode),
      );
      await container.start();
      return container;
    })();
    started.set(name, p);
    return p;
  };
  const all = await Promise.all(containers.map((c) => launch(c.name)));
  const codes = await Promise.all(containers.map((c) => exited.get(c.name)));
  await Promise.all(all.map((c) => c.remove({ force: true })));
  if (codes.some((code) => code !== 0)) throw new Error(`a baseline container exited ${codes.join(',')}`);
}

/** Why `ecs-local run` cannot be benchmarked here, or the extra flags it needs. */
async function runCommand(ctx: BenchContext): Promise<{ unavailable: string } | { extraArgs: string[] }> {
  const bin = path.join(ctx.root, 'bin', 'ecs-local');
  const help = await runProcess(process.execPath, [bin, 'run', '--help'], { cwd: ctx.root });
  // Commander answers `<unknown> --help` with the program's help, exit 0: look for run's own usage.
  if (help.code !== 0 || !/^Usage: ecs-local run\b/m.test(help.stdout)) {
    return { unavailable: 'the built CLI has no `run` command yet (`ecs-local run --help` shows no usage for it)' };
  }
  // The image exists only locally: never let the run reach for a registry.
  return { extraArgs: /--pull\b/.test(help.stdout) ? ['--pull', 'never'] : [] };
}

async function dockerAndImage(): Promise<{ unavailable: string } | { docker: Dockerode; image: string; version: string }> {
  const { connectDocker } = await import('../src/docker/connect.js');
  let engine;
  try {
    engine = await connectDocker(process.env, { pingTimeoutMs: 5000 });
  } catch (err) {
    return { unavailable: `Docker: ${err instanceof Error ? err.message : String(err)}` };
  }
  try {
    const { ensureBusyboxImage } = await import('../test/support/images.js');
    const image = await ensureBusyboxImage(engine);
    // The baseline talks to the same engine directly, through the adapter's own client.
    return { docker: (engine as DockerEngine).docker, image, version: (await engine.version()).version };
  } catch (err) {
    return { unavailable: `cannot build the offline test image: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * `docker run --rm` with the docker CLI, the baseline the project's aim is stated against; without
 * the CLI, the same work done with dockerode in this process.
 */
async function dockerCliBaseline(image: string): Promise<{ run: () => Promise<void>; label: string } | undefined> {
  const probe = await runProcess('docker', ['version', '--format', '{{.Client.Version}}'], { cwd: process.cwd() }).catch(() => undefined);
  if (probe === undefined || probe.code !== 0) return undefined;
  return {
    run: async () => {
      await runOk('docker', ['run', '--rm', '--label', `${BENCH_LABEL}=true`, image, 'true'], { cwd: process.cwd() });
    },
    label: `docker run --rm ${image} true (docker CLI ${probe.stdout.trim()})`,
  };
}

/** What every `ecs-local run` benchmark needs: the CLI's extra flags, the engine and the offline image. */
async function runSetup(ctx: BenchContext): Promise<{ unavailable: string } | { extraArgs: string[]; docker: Dockerode; image: string; version: string }> {
  const cmd = await runCommand(ctx);
  if ('unavailable' in cmd) return cmd;
  const engine = await dockerAndImage();
  if ('unavailable' in engine) return engine;
  return { ...cmd, ...engine };
}

/** Removes what a benchmark created (its label), left behind by a failed baseline run. */
async function removeBenchContainers(docker: Dockerode): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=true`] } });
  await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

/** Removes the engine's idle namespace holders (runtime/namespace-pool.ts): the next awsvpc run makes its own. */
async function removeIdleHolders(docker: Dockerode): Promise<void> {
  const { holderState, NETNS_LABEL } = await import('../src/runtime/namespace-pool.js');
  const listed = await docker.listContainers({ all: true, filters: { label: [NETNS_LABEL] } });
  const idle = listed.filter((c) => holderState(c.Names[0] ?? '')?.state === 'idle');
  await Promise.all(idle.map((c) => docker.getContainer(c.Id).remove({ force: true })));
}

function runBenchmark(
  name: string,
  description: string,
  aim: number | undefined,
  containers: BareContainer[],
  mode: 'bridge' | 'awsvpc' = 'bridge',
  cold = false,
): Benchmark {
  return {
    name,
    description,
    aim,
    async prepare(ctx): Promise<Prepared | { unavailable: string }> {
      const setup = await runSetup(ctx);
      if ('unavailable' in setup) return setup;
      const { docker, image, version } = setup;
      const cli = containers.length === 1 ? await dockerCliBaseline(image) : undefined;

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-'));
      const taskFile = path.join(dir, 'taskdef.json');
      const vaultFile = path.join(dir, 'ecs-local.vault.json');
      fs.writeFileSync(taskFile, JSON.stringify(task(`bench-${name}`, image, containers, mode), null, 2));
      fs.writeFileSync(vaultFile, '{}\n');
      const bin = path.join(ctx.root, 'bin', 'ecs-local');
      // Relative paths (the run's cwd is the temp dir), so the note shows the command a user types.
      const args = [bin, 'run', path.basename(taskFile), '--vault', path.basename(vaultFile), ...setup.extraArgs];
      return {
        subject: async () => {
          await runOk(process.execPath, args, { cwd: dir });
        },
        baseline: cli?.run ?? (() => bareRun(docker, image, containers)),
        ...(cold ? { beforeSubject: () => removeIdleHolders(docker) } : {}),
        baselineLabel: cli?.label ?? `dockerode create+start+wait+remove x${containers.length}, in process`,
        warmup: ctx.warmup ?? 2,
        runs: ctx.runs ?? (containers.length > 1 ? 6 : 8),
        notes: [`docker engine ${version}; image ${image}; \`ecs-local ${args.slice(1).join(' ')}\``],
        facts: { dockerVersion: version, image, containers: containers.length },
        teardown: async () => {
          fs.rmSync(dir, { recursive: true, force: true });
          await removeBenchContainers(docker);
        },
      };
    },
  };
}

export const runTrue = runBenchmark('run-true', 'ecs-local run: one container running `true`', 1.6, ONE);
export const runAwsvpc = runBenchmark('run-awsvpc', 'ecs-local run: a one-container awsvpc (Fargate) task running `true`, with its endpoints', 1.3, ONE, 'awsvpc');
/**
 * `run-awsvpc` on an engine with no namespace holder waiting (the first awsvpc run after `down --all`
 * or an engine restart): the run makes the holder it then leaves for the next task.
 */
export const runAwsvpcCold = runBenchmark(
  'run-awsvpc-cold',
  'ecs-local run: the awsvpc task of run-awsvpc with no warm namespace waiting (each run makes its own)',
  undefined,
  ONE,
  'awsvpc',
  true,
);
export const runFive = runBenchmark('run-five', 'ecs-local run: five containers running `true`, chained by dependsOn', undefined, FIVE);

/**
 * What the engine alone costs for the container `run-awsvpc` makes, without ecs-local: created in
 * the network namespace of a running holder on the default and endpoints networks (as a warm
 * namespace of the pool), started, waited for and removed, in this process. Its ratio is the floor
 * under `run-awsvpc`'s on this engine; the gap between the two is ecs-local's own (Node's start-up
 * included).
 */
export const awsvpcFloor: Benchmark = {
  name: 'awsvpc-floor',
  description: "the engine's part of run-awsvpc: a container joining a waiting namespace holder, by dockerode in process",
  aim: undefined,
  async prepare(ctx): Promise<Prepared | { unavailable: string }> {
    const setup = await runSetup(ctx);
    if ('unavailable' in setup) return setup;
    const { docker, image, version } = setup;
    const cli = await dockerCliBaseline(image);
    if (cli === undefined) return { unavailable: 'no docker CLI for the `docker run --rm` baseline' };
    // The endpoints network as ecs-local makes it: one ecs-local run makes it present.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-bench-'));
    fs.writeFileSync(path.join(dir, 'taskdef.json'), JSON.stringify(task('bench-awsvpc-floor', image, ONE, 'awsvpc')));
    fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), '{}\n');
    await runOk(process.execPath, [path.join(ctx.root, 'bin', 'ecs-local'), 'run', 'taskdef.json', '--vault', 'ecs-local.vault.json', ...setup.extraArgs], { cwd: dir });
    const { ENDPOINTS_NETWORK } = await import('../src/endpoints/shared-container.js');
    const holder = await docker.createContainer({ Image: image, Cmd: ['sleep', '86400'], Labels: { [BENCH_LABEL]: 'true' } });
    await docker.getNetwork(ENDPOINTS_NETWORK).connect({ Container: holder.id });
    await holder.start();
    return {
      subject: async () => {
        const container = await docker.createContainer({
          Image: image,
          Cmd: ['true'],
          Labels: { [BENCH_LABEL]: 'true' },
          HostConfig: { NetworkMode: `container:${holder.id}` },
        });
        const exited = container.wait({ condition: 'next-exit' });
        await container.start();
        await exited;
        await container.remove({ force: true });
      },
      baseline: cli.run,
      baselineLabel: cli.label,
      warmup: ctx.warmup ?? 2,
      runs: ctx.runs ?? 8,
      notes: [`docker engine ${version}; image ${image}; network ${ENDPOINTS_NETWORK}`],
      facts: { dockerVersion: version, image },
      teardown: async () => {
        fs.rmSync(dir, { recursive: true, force: true });
        await removeBenchContainers(docker);
      },
    };
  },
};
