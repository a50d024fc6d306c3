/**
 * `healthCheck` → Docker `Healthcheck`. ECS fills absent fields with its defaults at registration
 * ([DOC] API_HealthCheck: interval 30 s, timeout 5 s, retries 3, startPeriod 0); they are set
 * explicitly so an image's own HEALTHCHECK timings never leak in. Docker counts in nanoseconds.
 */
import type { HealthConfig } from '../docker/types.js';
import type { HealthCheck } from '../taskdef/types.js';

export const HealthCheckDefaults = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const;

const NANOS_PER_SECOND = 1_000_000_000;

export function dockerHealthcheck(check: HealthCheck): HealthConfig {
  return {
    // `CMD` / `CMD-SHELL` arrays go to Docker as written, as the ECS agent passes them.
    Test: [...check.command],
    Interval: (check.interval ?? HealthCheckDefaults.interval) * NANOS_PER_SECOND,
    Timeout: (check.timeout ?? HealthCheckDefaults.timeout) * NANOS_PER_SECOND,
    Retries: check.retries ?? HealthCheckDefaults.retries,
    StartPeriod: (check.startPeriod ?? HealthCheckDefaults.startPeriod) * NANOS_PER_SECOND,
  };
}
