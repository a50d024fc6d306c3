/**
 * A task's metadata from live Docker state: the task's containers found by label, inspected (with
 * the owner of their network namespace) and sampled for stats on every request, combined with what
 * the task definition and the running task know.
 */
import { clusterArn, containerArn, taskArn } from '../container/arns.js';
import type { TaskState } from '../container/task-state.js';
import type { TaskSpec } from '../container/spec.js';
import type { ContainerEngine } from '../docker/container-engine.js';
import { Label } from '../docker/labels.js';
import type { TaskContext } from '../secrets/types.js';
import type { TaskDefinition } from '../taskdef/types.js';
import type { ContainerStats, TaskMetadataSource } from './answer.js';
import { containerFacts, namespaceOwnerOf, reportedLogOptions, type ContainerDefinitionFacts } from './metadata-facts.js';
import { taskCpuVcpu, taskMemoryMib, type ContainerFacts, type NetworkRate, type TaskFacts } from './metadata.js';
import { goTime } from './times.js';

/** What the task's supervisor exposes while it runs. */
export interface TaskView {
  readonly state: TaskState;
  restarts(): Record<string, number>;
}

export interface TaskMetadataInit {
  context: TaskContext;
  taskDefinition: TaskDefinition;
  spec: TaskSpec;
}

/** The agent's task status for our task lifecycle. */
export function taskKnownStatus(state: TaskState | undefined): string {
  switch (state?.lastStatus) {
    case undefined:
    case 'PROVISIONING':
      return 'NONE';
    case 'PENDING':
    case 'ACTIVATING':
      return 'CREATED';
    case 'RUNNING':
    case 'DEACTIVATING':
    case 'STOPPING':
      return 'RUNNING';
    default:
      return 'STOPPED';
  }
}

/** Sum of received and sent bytes over the interfaces of a Docker stats sample. */
function networkTotals(docker: Record<string, unknown>): { rx: number; tx: number } | undefined {
  const networks = docker.networks as Record<string, { rx_bytes?: number; tx_bytes?: number }> | undefined;
  if (networks === undefined || networks === null) return undefined;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(networks)) {
    rx += n.rx_bytes ?? 0;
    tx += n.tx_bytes ?? 0;
  }
  return { rx, tx };
}

export class DockerTaskMetadata implements TaskMetadataSource {
  private view: TaskView | undefined;
  private pull: { startedAt: Date; stoppedAt: Date } | undefined;
  private readonly defs: Map<string, ContainerDefinitionFacts>;
  private readonly samples = new Map<string, { at: number; rx: number; tx: number }>();
  private readonly awsvpc: boolean;

  constructor(
    private readonly engine: ContainerEngine,
    private readonly init: TaskMetadataInit,
  ) {
    this.awsvpc = init.spec.networkMode === 'awsvpc';
    this.defs = new Map(
      init.spec.containers.map((c) => {
        const def = init.taskDefinition.containerDefinitions.find((d) => d.name === c.name);
        const facts: ContainerDefinitionFacts = {
          name: c.name,
          cpu: def?.cpu ?? 0,
          memory: def?.memory ?? 0,
          ports: c.ports.map((p) => ({ containerPort: p.containerPort, protocol: p.protocol })),
          hasRestartPolicy: c.restartPolicy !== undefined,
        };
        const log = def?.logConfiguration;
        if (log !== undefined) {
          facts.logDriver = log.logDriver;
          const options = reportedLogOptions(log.logDriver, log.options, c.logStream);
          if (options !== undefined) facts.logOptions = options;
        }
        return [c.name, facts];
      }),
    );
  }

  /** The running task, for statuses, container ARNs and restart counts. */
  observe(view: TaskView): void {
    this.view = view;
  }

  recordPull(startedAt: Date, stoppedAt: Date): void {
    this.pull = { startedAt, stoppedAt };
  }

  task(): TaskFacts {
    const { context: ctx, taskDefinition: td, spec } = this.init;
    const state = this.view?.state;
    const facts: TaskFacts = {
      cluster: ctx.launchType === 'FARGATE' ? clusterArn(ctx) : ctx.cluster,
      taskArn: taskArn(ctx),
      family: spec.family,
      revision: String(spec.revision),
      desiredStatus: state?.desiredStatus ?? 'RUNNING',
      knownStatus: taskKnownStatus(state),
      // [INF] The zone is the region's first: there is no placement locally.
      availabilityZone: `${ctx.region}a`,
      launchType: ctx.launchType,
      taskTags: Object.fromEntries((td.tags ?? []).map((t) => [t.key, t.value ?? ''])),
      faultInjectionEnabled: td.enableFaultInjection === true,
    };
    const cpu = taskCpuVcpu(td.cpu);
    const memory = taskMemoryMib(td.memory);
    if (cpu !== undefined) facts.cpu = cpu;
    if (memory !== undefined) facts.memory = memory;
    if (this.pull !== undefined) {
      facts.pullStartedAt = goTime(this.pull.startedAt);
      facts.pullStoppedAt = goTime(this.pull.stoppedAt);
    }
    if (state?.lastStatus === 'STOPPED' && state.stoppedAt !== undefined) facts.executionStoppedAt = goTime(state.stoppedAt);
    return facts;
  }

  /** Docker ids of the task's containers by container name (the newest one if a name repeats). */
  private async dockerIds(): Promise<Map<string, string>> {
    const list = await this.engine.listContainers({ [Label.taskId]: this.init.context.taskId, [Label.role]: 'container' });
    const ids = new Map<string, { id: string; created: number }>();
    for (const c of list) {
      const name = c.labels[Label.container];
      if (name === undefined) continue;
      const seen = ids.get(name);
      if (seen === undefined || c.created.getTime() >= seen.created) ids.set(name, { id: c.id, created: c.created.getTime() });
    }
    return new Map([...ids].map(([name, v]) => [name, v.id]));
  }

  async container(name: string): Promise<ContainerFacts | undefined> {
    const id = (await this.dockerIds()).get(name);
    return id === undefined ? undefined : this.factsOf(name, id);
  }

  async containers(): Promise<ContainerFacts[]> {
    const ids = await this.dockerIds();
    const names = this.init.spec.containers.map((c) => c.name).filter((n) => ids.has(n));
    return Promise.all(names.map((n) => this.factsOf(n, ids.get(n) ?? '')));
  }

  private async factsOf(name: string, dockerId: string): Promise<ContainerFacts> {
    const def = this.defs.get(name);
    if (def === undefined) throw new Error(`no container ${name} in the task`);
    const inspect = await this.engine.inspectRaw(dockerId);
    const ownerId = namespaceOwnerOf(inspect);
    const owner = ownerId === undefined ? inspect : await this.engine.inspectRaw(ownerId);
    const state = this.view?.state.containers.find((c) => c.name === name);
    const live = {
      desiredStatus: this.view?.state.desiredStatus ?? 'RUNNING',
      ...(state !== undefined ? { containerArn: containerArn(this.init.context, state.containerUuid) } : {}),
      restartCount: this.view?.restarts()[name] ?? 0,
    };
    return containerFacts(inspect, owner, def, live, this.awsvpc, this.engine.profile.defaultNetwork);
  }

  async stats(name: string): Promise<ContainerStats | undefined> {
    const id = (await this.dockerIds()).get(name);
    return id === undefined ? undefined : this.sample(id);
  }

  async taskStats(): Promise<ContainerStats[]> {
    const ids = await this.dockerIds();
    return Promise.all([...ids.values()].map((id) => this.sample(id)));
  }

  private async sample(dockerId: string): Promise<ContainerStats> {
    let docker: Record<string, unknown>;
    try {
      docker = await this.engine.stats(dockerId);
    } catch (err) {
      throw Object.assign(err instanceof Error ? err : new Error(String(err)), { dockerId });
    }
    const totals = networkTotals(docker);
    const at = Date.parse(String(docker.read ?? ''));
    const result: ContainerStats = { dockerId, docker };
    if (totals === undefined || Number.isNaN(at)) return result;
    const before = this.samples.get(dockerId);
    this.samples.set(dockerId, { at, ...totals });
    // [INF] The rate over the time since the previous request's sample; none on the first request.
    if (before !== undefined && at > before.at) {
      const seconds = (at - before.at) / 1000;
      const rate: NetworkRate = { rxBytesPerSec: (totals.rx - before.rx) / seconds, txBytesPerSec: (totals.tx - before.tx) / seconds };
      result.rate = rate;
    }
    return result;
  }
}
