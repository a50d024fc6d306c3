/**
 * ecs-local's version: written into the bundle at build time (scripts/bundle.mjs), else read from
 * package.json, one folder up from src/ and from dist/.
 */
import { readFileSync } from 'node:fs';

declare const ECS_LOCAL_VERSION: string | undefined;

export function version(): string {
  if (typeof ECS_LOCAL_VERSION === 'string') return ECS_LOCAL_VERSION;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
