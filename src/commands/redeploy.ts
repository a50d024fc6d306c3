/**
 * `run --redeploy-on-rotation`: what ECS's `update-service --force-new-deployment` does after a
 * rotation, locally. The vault is watched for a new AWSCURRENT version of any Secrets Manager secret
 * the task's plan fetched; the task is then stopped as a deployment stops it (stopCode
 * ServiceSchedulerInitiated) and `run` starts a fresh one, which resolves its secrets again.
 */
import { randomBytes } from 'node:crypto';
import type { StopDecision } from '../container/task-state.js';
import { EcsTaskLifecycle } from '../messages.js';
import type { ResolutionPlan } from '../secrets/plan.js';
import { currentVersions, rotationsBetween, type Rotation, type WatchedSecret } from '../vault/current-versions.js';
import type { Vault } from '../vault/load.js';
import { watchVault, type VaultWatch } from '../vault/watch.js';

/** The SecretIds the agent fetched for the task: `secrets`/`secretOptions` and registry credentials. */
export function watchedSecrets(plan: ResolutionPlan): WatchedSecret[] {
  const out: WatchedSecret[] = [];
  for (const ref of plan.asm) if (ref.parsed.ok) out.push({ secretId: ref.parsed.secretId, region: ref.region });
  for (const auth of plan.registryAuth) out.push({ secretId: auth.secretId, region: auth.region });
  return out;
}

/** A deployment id as ECS shows it: `ecs-svc/` and 19 digits. */
export function deploymentId(bytes: (n: number) => Uint8Array = randomBytes): string {
  const n = BigInt(`0x${Buffer.from(bytes(8)).toString('hex')}`);
  return `ecs-svc/${(1_000_000_000_000_000_000n + (n % 8_000_000_000_000_000_000n)).toString()}`;
}

/** How a task replaced by a deployment is recorded. */
export function deploymentStop(id: string = deploymentId()): StopDecision {
  return { stopCode: EcsTaskLifecycle.stopCode.serviceSchedulerInitiated, stoppedReason: EcsTaskLifecycle.scalingActivity(id) };
}

/** The line that says what triggered a replacement. */
export function rotationLine(rotations: readonly Rotation[], taskId: string): string {
  const what = rotations.map((r) => `${r.name} (AWSCURRENT ${r.from ?? 'none'} -> ${r.to})`).join(', ');
  const verb = rotations.length === 1 ? 'was' : 'were';
  return `${what} ${verb} rotated: replacing task ${taskId}, as update-service --force-new-deployment does`;
}

export interface RotationWatchOptions {
  /** The vault the task's secrets were resolved from: the versions it holds are the task's. */
  baseline: Vault;
  secrets: readonly WatchedSecret[];
  env: Record<string, string | undefined>;
  /** Called once, at the first rotation. */
  onRotation: (rotations: Rotation[]) => void;
  onError?: (message: string) => void;
  intervalMs?: number;
}

export function watchForRotation(o: RotationWatchOptions): VaultWatch {
  const before = currentVersions(o.baseline, o.secrets);
  let fired = false;
  const watch = watchVault(o.baseline.file, {
    env: o.env,
    intervalMs: o.intervalMs,
    onError: o.onError,
    onChange: (vault) => {
      if (fired) return;
      const rotations = rotationsBetween(o.secrets, before, currentVersions(vault, o.secrets));
      if (rotations.length === 0) return;
      fired = true;
      watch.close();
      o.onRotation(rotations);
    },
  });
  return watch;
}
