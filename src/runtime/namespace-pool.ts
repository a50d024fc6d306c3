/**
 * Warm network namespaces for awsvpc tasks: the engine's pool of namespace holders.
 *
 * An awsvpc task's containers join one network namespace (as on ECS, where the agent's pause
 * container owns it). Docker spends most of a short container's life making and unmaking a
 * namespace: measured here on Docker 20.10, a container joining a running holder starts and exits in
 * ~90 ms against ~370 ms for one on the bridge and the endpoints network (its own veth pair on each,
 * Docker's embedded DNS, the libnetwork hook run at start). So a holder (the pause image, on the
 * engine's default network and the endpoints network) is not removed with its task: it waits,
 * running, for the engine's next task, as Fargate keeps network interfaces ready for the next task.
 *
 * A holder's name says its state, and renaming is the lock (labels cannot change):
 * - `ecs-local-netns-<key>`: idle.
 * - `ecs-local-netns-<key>.claim`: being claimed. Docker refuses to rename a container to the name
 *   it has already, and a name no container has any more is a 404: of two processes claiming one
 *   idle holder at once, exactly one gets past this step.
 * - `ecs-local-netns-<key>.<host>-<pid>`: a task of process <pid> on host <host> uses it. One whose
 *   process has died on this host (SIGKILL) is removed by the next claim on this host.
 *
 * Only the task's own process puts a holder back, once the task's containers are gone and its
 * routes on the endpoints network are closed; any failure on the way removes it instead.
 */
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { DockerApiError, type ContainerEngine } from '../docker/container-engine.js';
import { Label } from '../docker/labels.js';
import type { ContainerCreateOptions } from '../docker/types.js';
import { processAlive } from '../files/process-alive.js';

/** The value of every holder's `ecs-local.netns` label: a holder of another protocol is removed, never used. */
export const NETNS_PROTOCOL = '1';
export const NETNS_LABEL = Label.netns;
const PREFIX = 'ecs-local-netns-';

export type HolderState = { state: 'idle'; key: string } | { state: 'claim'; key: string } | { state: 'owned'; key: string; host: string; pid: number };

/** What a holder's name says of it; undefined for a name that is not a holder's. Pure. */
export function holderState(name: string): HolderState | undefined {
  const m = /^\/?ecs-local-netns-([0-9a-f]{8})(?:\.(claim|([0-9a-f]{8})-(\d+)))?$/.exec(name);
  if (m === null) return undefined;
  const key = m[1] ?? '';
  if (m[2] === undefined) return { state: 'idle', key };
  if (m[2] === 'claim') return { state: 'claim', key };
  return { state: 'owned', key, host: m[3] ?? '', pid: Number(m[4]) };
}

export const idleName = (key: string): string => `${PREFIX}${key}`;
export const claimName = (key: string): string => `${PREFIX}${key}.claim`;
export const ownedName = (key: string, host: string, pid: number): string => `${PREFIX}${key}.${host}-${pid}`;

/** This host, as holder names give it: 8 hex digits of its hostname's SHA-256 (a pid means something only on its host). */
export function hostKey(hostname: string = os.hostname()): string {
  return createHash('sha256').update(hostname).digest('hex').slice(0, 8);
}

/** A holder's create options: the pause image, on the engine's default network, nothing else allowed. */
export function holderCreateOptions(name: string, image: string): ContainerCreateOptions {
  return {
    name,
    Image: image,
    Labels: { [NETNS_LABEL]: NETNS_PROTOCOL },
    HostConfig: {
      // [INF] bridge stands in for the task ENI, as for a task's own pause container (network.ts).
      NetworkMode: 'bridge',
      CapDrop: ['ALL'],
      ReadonlyRootfs: true,
      AutoRemove: false,
      RestartPolicy: { Name: 'no' },
    },
  };
}

export interface Holder {
  id: string;
  key: string;
  /** Whether it served an earlier task (false: made for this one). */
  warm: boolean;
  /** Idle holders the claim saw besides this one: the pool keeps one spare, so with one or more this one is removed after its task. */
  spares: number;
  /** Settles once its name names its process: false when the engine refused (it is then not put back). */
  owned: Promise<boolean>;
}

export interface PoolDeps {
  engine: ContainerEngine;
  /**
   * The pause image (docker/pause-image.ts), made present, and the network every holder joins
   * besides the default one (the endpoints network): asked for only when a holder is made.
   */
  holderSetup: () => Promise<{ image: string; network: string }>;
  pid?: number;
  host?: string;
  isAlive?: (pid: number) => boolean;
}

function refusedRename(err: unknown): boolean {
  // 404: claimed (renamed) or removed meanwhile; 400: claimed under our feet, to the same name; 409: that name taken.
  return err instanceof DockerApiError && (err.statusCode === 404 || err.statusCode === 400 || err.statusCode === 409);
}

/**
 * A running holder for one task: an idle one of the pool, else a new one (created, joined to the
 * network, started). Holders left by a dead process of this host, and idle ones that no longer run
 * or are of another protocol, are removed on the way.
 */
export async function claimHolder(deps: PoolDeps): Promise<Holder> {
  const { engine } = deps;
  const pid = deps.pid ?? process.pid;
  const host = deps.host ?? hostKey();
  const isAlive = deps.isAlive ?? processAlive;
  const listed = await engine.listContainers({ [NETNS_LABEL]: '' });
  const idle: { id: string; key: string }[] = [];
  const stale: string[] = [];
  for (const c of listed) {
    const s = holderState(c.name);
    if (s === undefined) continue;
    const current = c.labels[NETNS_LABEL] === NETNS_PROTOCOL;
    if (s.state === 'idle') {
      if (current && c.state === 'running') idle.push({ id: c.id, key: s.key });
      else stale.push(c.id);
    } else if (s.state === 'owned' && s.host === host && s.pid !== pid && !isAlive(s.pid)) {
      stale.push(c.id);
    }
  }
  // [INF] Best effort, with force: a killed run's containers still in a holder lose their network;
  // they are leftovers `ecs-local ps` shows and `down` removes.
  const swept = Promise.allSettled(stale.map((id) => engine.remove(id, { force: true })));
  try {
    // Random order: two processes claiming at once rarely reach for the same one.
    for (const { id, key } of idle.sort(() => Math.random() - 0.5)) {
      try {
        await engine.rename(idleName(key), claimName(key));
      } catch (err) {
        if (refusedRename(err)) continue;
        throw err;
      }
      // Ours from here: naming its owner (for the sweep after a crash) need not hold the task up.
      const owned = engine.rename(id, ownedName(key, host, pid)).then(
        () => true,
        () => false,
      );
      return { id, key, warm: true, spares: idle.length - 1, owned };
    }
    return await makeHolder(deps, host, pid, idle.length);
  } finally {
    await swept;
  }
}

async function makeHolder(deps: PoolDeps, host: string, pid: number, spares: number): Promise<Holder> {
  const { engine } = deps;
  const key = randomBytes(4).toString('hex');
  const { image, network } = await deps.holderSetup();
  const id = await engine.createContainer(holderCreateOptions(ownedName(key, host, pid), image));
  try {
    await engine.connectNetwork(network, id);
    await engine.start(id);
  } catch (err) {
    await engine.remove(id, { force: true }).catch(() => undefined);
    throw err;
  }
  return { id, key, warm: false, spares, owned: Promise.resolve(true) };
}

/**
 * After its task: back to the pool when `reuse` (the task's containers are gone, its routes closed)
 * and the pool has no spare yet, else removed. Never throws for a holder removed meanwhile (`down`).
 */
export async function releaseHolder(engine: ContainerEngine, holder: Holder, reuse: boolean): Promise<void> {
  const owned = await holder.owned;
  if (reuse && owned && holder.spares === 0) {
    try {
      await engine.rename(holder.id, idleName(holder.key));
      return;
    } catch (err) {
      if (err instanceof DockerApiError && err.statusCode === 404) return;
      // Anything else: not fit to be used again.
    }
  }
  await engine.remove(holder.id, { force: true });
}

/** Removes every holder of the engine, idle or in use (`ecs-local down` unfiltered, a new endpoints network). */
export async function removeHolders(engine: ContainerEngine): Promise<string[]> {
  const listed = await engine.listContainers({ [NETNS_LABEL]: '' });
  await Promise.all(listed.map((c) => engine.remove(c.id, { force: true })));
  return listed.map((c) => c.name);
}
