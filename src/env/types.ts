/** A container's environment variable with where its value came from (ECS precedence, precedence.ts). */

export type EnvSource =
  | { kind: 'secret'; valueFrom: string }
  | { kind: 'environment' }
  | { kind: 'environmentFile'; file: string }
  | { kind: 'injected'; by: 'ecs' }
  | { kind: 'region' };

export interface EnvVar {
  name: string;
  value: string;
  source: EnvSource;
}
