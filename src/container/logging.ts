/**
 * `logConfiguration` → Docker `LogConfig`. ecs-local always reads logs back through the Docker API,
 * so only drivers Docker can read locally are kept; any other driver (awslogs, splunk, awsfirelens…)
 * becomes `json-file` with a warning naming it [INF]. For awslogs the stream name ECS would use is
 * still computed for display: `<awslogs-stream-prefix>/<container>/<task-id>` [DOC].
 */
import type { LogConfiguration } from '../taskdef/types.js';
import { containerPath, fieldWarning } from './warning.js';

/** Drivers whose logs `docker logs` (and the Engine API) can read back. */
const READABLE_DRIVERS = new Set(['json-file', 'local', 'journald']);

export interface MappedLogging {
  logConfig?: { Type: string; Config: Record<string, string> };
  logDriver?: string;
  logStream?: string;
  warning?: string;
}

/**
 * `options` are the resolved log options (`secretOptions` already written over them); without a
 * `logConfiguration` the Docker daemon's default driver is used, as on an ECS instance.
 */
export function mapLogging(
  config: LogConfiguration | undefined,
  options: Record<string, string> | undefined,
  ctx: { index: number; container: string; taskId: string },
): MappedLogging {
  if (config === undefined) return {};
  const opts = options ?? config.options ?? {};
  const driver = config.logDriver;
  const result: MappedLogging = { logDriver: driver };
  if (driver === 'awslogs') {
    const prefix = opts['awslogs-stream-prefix'];
    if (prefix !== undefined && prefix !== '') result.logStream = `${prefix}/${ctx.container}/${ctx.taskId}`;
  }
  if (READABLE_DRIVERS.has(driver)) {
    result.logConfig = { Type: driver, Config: { ...opts } };
    return result;
  }
  result.logConfig = { Type: 'json-file', Config: {} };
  result.warning = fieldWarning(
    containerPath(ctx.index, 'logConfiguration.logDriver'),
    ctx.container,
    `"${driver}" is not used locally; logs go to Docker's json-file driver and ecs-local prints them`,
  );
  return result;
}
