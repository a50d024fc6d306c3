/**
 * The ids a task's containers reach the endpoints with, and the variables ECS injects for them
 * (agent/api/task/task.go, agent/api/container/container.go; reference ecs-agent-secrets.md §8.1). Pure.
 */
import { randomUUID } from 'node:crypto';

/** The address every task reaches its credentials and metadata at, on port 80. */
export const ENDPOINT_IP = '169.254.170.2';

export interface ContainerEndpointIds {
  container: string;
  /** The v3 endpoint id of the metadata URIs: a random UUID per container, as the agent's. */
  endpointId: string;
  /**
   * The credentials id, present when the task has a task role. [INF] One per container (the agent
   * uses one per task): a container can only ever present its own, which is stricter and changes
   * nothing for the application.
   */
  credentialsId?: string;
}

/** Fresh, unguessable ids for every container of a task. */
export function planEndpointIds(
  containers: readonly string[],
  hasTaskRole: boolean,
  uuid: () => string = randomUUID,
): Map<string, ContainerEndpointIds> {
  return new Map(
    containers.map((container) => {
      const ids: ContainerEndpointIds = { container, endpointId: uuid() };
      if (hasTaskRole) ids.credentialsId = uuid();
      return [container, ids];
    }),
  );
}

/** The variables ECS sets in the container; the credentials URI only with a task role. */
export function endpointEnvironment(ids: ContainerEndpointIds): Record<string, string> {
  const env: Record<string, string> = {};
  if (ids.credentialsId !== undefined) env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI = `/v2/credentials/${ids.credentialsId}`;
  env.ECS_CONTAINER_METADATA_URI = `http://${ENDPOINT_IP}/v3/${ids.endpointId}`;
  env.ECS_CONTAINER_METADATA_URI_V4 = `http://${ENDPOINT_IP}/v4/${ids.endpointId}`;
  env.ECS_AGENT_URI = `http://${ENDPOINT_IP}/api/${ids.endpointId}`;
  return env;
}
