/**
 * ECS's in-task contract for one `ecs-local run`: the ids and variables each container gets, the
 * task's port on the process's endpoint server (credentials and task metadata), and the sidecars
 * that make 169.254.170.2 reach it from inside the task. Everything goes away with the task.
 */
import { version } from '../version.js';
import type { TaskSpec } from '../container/spec.js';
import type { ContainerEngine } from '../docker/container-engine.js';
import type { TaskSidecars } from '../runtime/task-runner.js';
import type { ResolvedTask } from '../secrets/types.js';
import type { NetworkMode, TaskDefinition } from '../taskdef/types.js';
import { attachEndpoints } from './attach.js';
import { endpointsNetwork, holdRelay, type RelayHold } from './shared-endpoints.js';
import type { CredentialSource } from './credential-sources.js';
import { CredentialsKeeper } from './credentials-keeper.js';
import type { RoleCredentials } from './credentials.js';
import { DockerTaskMetadata } from './docker-metadata.js';
import { sharedEndpointServer } from './server.js';
import { endpointProxyImage, type Forward } from './sidecar.js';
import { endpointEnvironment, planEndpointIds, type ContainerEndpointIds } from './task-env.js';

/**
 * [INF] The network modes that get the endpoints: awsvpc and bridge. In host mode the containers
 * share the host's namespace, where ECS's iptables rule would live; ecs-local does not change the
 * host's network, so host and none tasks run without them (with a warning).
 */
export function endpointsSupported(networkMode: NetworkMode): boolean {
  return networkMode === 'awsvpc' || networkMode === 'bridge';
}

export interface EndpointPlan {
  ids: Map<string, ContainerEndpointIds>;
  /** For resolveTask's `injected`: the container's endpoint variables. */
  injected: (container: string) => Record<string, string>;
}

export function planTaskEndpoints(td: TaskDefinition): EndpointPlan {
  const ids = planEndpointIds(
    td.containerDefinitions.map((c) => c.name),
    td.taskRoleArn !== undefined && td.taskRoleArn !== '',
  );
  return {
    ids,
    injected: (container) => {
      const mine = ids.get(container);
      return mine === undefined ? {} : endpointEnvironment(mine);
    },
  };
}

export interface OpenEndpointsOptions {
  engine: ContainerEngine;
  resolved: ResolvedTask;
  spec: TaskSpec;
  plan: EndpointPlan;
  credentials: CredentialSource;
  env?: NodeJS.ProcessEnv;
  /**
   * More ports relayed from 169.254.170.2 to this host; as a function, what opens them, called
   * first thing, so that its work overlaps the role's credentials and Docker's.
   */
  extraForwards?: readonly Forward[] | (() => Promise<readonly Forward[]>);
  /**
   * Told of every set of task role credentials before the task gets it (the keys it will sign its
   * calls with), e.g. to know the task's calls to its `vault serve` by their access key id.
   */
  onCredentials?: (credentials: RoleCredentials) => void;
}

export interface OpenEndpoints {
  /** For runTask: the forwarder and routes, set up before the first container starts. */
  sidecars: TaskSidecars;
  /** Where the task's endpoint listens on this host. */
  address: string;
  port: number;
  /** Stops answering for the task. */
  close(): Promise<void>;
}

/**
 * Fetches the task role's credentials first (a failure stops the run before any task container exists),
 * then opens the task's port on the endpoint server.
 */
export async function openTaskEndpoints(o: OpenEndpointsOptions): Promise<OpenEndpoints> {
  const { engine } = o;
  const proxyImage = endpointProxyImage(version());
  // The relay agent (an `exec` in the endpoints container, made first if missing) starts now, while
  // the role's credentials are fetched and the task is prepared: the slowest step before the first
  // container can start, off the critical path. Port 80 (credentials, metadata) is always relayed.
  const hold = holdRelay(engine, proxyImage).then(async (h) => {
    await h.listen([80]).catch((err: unknown) => {
      h.release();
      throw err;
    });
    return h;
  });
  // Its failure is the task's, reported where the task is attached (attach.ts); until then, no
  // unhandled rejection.
  hold.catch(() => undefined);
  // The extra forwards' servers (a `vault serve` for the task) start now too, for the same reason.
  const extra = o.extraForwards;
  const more = typeof extra === 'function' ? extra() : Promise.resolve(extra ?? []);
  more.catch(() => undefined);
  try {
    return await open(o, proxyImage, hold, more);
  } catch (err) {
    // The extra forwards' servers are the caller's to close (what starts them registers its closer first).
    void hold.then((h) => h.release(), () => undefined);
    throw err;
  }
}

async function open(o: OpenEndpointsOptions, proxyImage: string, hold: Promise<RelayHold>, more: Promise<readonly Forward[]>): Promise<OpenEndpoints> {
  const { engine, resolved } = o;
  const roleArn = resolved.taskDefinition.taskRoleArn;
  let credentials: CredentialsKeeper | undefined;
  if (roleArn !== undefined && roleArn !== '') {
    const tell = o.onCredentials;
    const source: CredentialSource = tell
      ? {
          mode: o.credentials.mode,
          fetch: async (role, taskId) => {
            const c = await o.credentials.fetch(role, taskId);
            tell(c);
            return c;
          },
        }
      : o.credentials;
    credentials = new CredentialsKeeper(source, roleArn, resolved.context.taskId);
    await credentials.prime();
  }
  const metadata = new DockerTaskMetadata(engine, { context: resolved.context, taskDefinition: resolved.taskDefinition, spec: o.spec });
  const server = await sharedEndpointServer(engine);
  const listener = await server.open({ ids: o.plan.ids, credentials, metadata });
  const sidecars: TaskSidecars = {
    ownerNetwork: () => endpointsNetwork(engine, proxyImage),
    attach: (task, ctx) => {
      metadata.recordPull(ctx.pullStartedAt, ctx.pullStoppedAt);
      return attachEndpoints(task, ctx, {
        engine,
        forwards: async () => [{ listenPort: 80, hostPort: listener.port }, ...(await more)],
        proxyImage,
        hold,
      });
    },
    observe: (view) => metadata.observe(view),
  };
  return {
    sidecars,
    address: server.address,
    port: listener.port,
    close: () => {
      void hold.then((h) => h.release(), () => undefined);
      return listener.close();
    },
  };
}
