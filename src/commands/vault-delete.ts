/**
 * `ecs-local vault delete` and `vault restore`: DeleteSecret (scheduled with a recovery window, or
 * at once with --force-delete-without-recovery) and RestoreSecret; DeleteParameter with --parameter.
 * A secret scheduled for deletion stays in the vault, and every read of it fails as on AWS.
 */
import { UsageError } from '../errors.js';
import { changeVault, regionFor, vaultPath, type VaultCommandOptions } from './vault.js';

export interface VaultDeleteOptions extends VaultCommandOptions {
  name: string;
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
  parameter?: boolean;
}

export async function vaultDelete(opts: VaultDeleteOptions): Promise<void> {
  if (opts.parameter) {
    if (opts.recoveryWindowInDays !== undefined || opts.forceDeleteWithoutRecovery) {
      throw new UsageError('--recovery-window-in-days and --force-delete-without-recovery are for secrets; DeleteParameter deletes at once');
    }
    await changeVault(
      opts,
      (store, vaultRegion) => store.deleteParameter(regionFor(opts.name, opts, vaultRegion), { Name: opts.name }),
      (err) => (err.code === 'ParameterNotFound' ? `no parameter ${opts.name} in ${vaultPath(opts)}` : undefined),
    );
    opts.out.write(`${opts.name}: parameter deleted\n`);
    return;
  }
  const window = opts.recoveryWindowInDays;
  // Both options are sent as given: DeleteSecret itself refuses the pair, with AWS's message.
  const out = await changeVault(opts, (store, vaultRegion) =>
    store.deleteSecret(regionFor(opts.name, opts, vaultRegion), {
      SecretId: opts.name,
      RecoveryWindowInDays: window,
      ForceDeleteWithoutRecovery: opts.forceDeleteWithoutRecovery === true ? true : undefined,
    }),
  );
  if (opts.forceDeleteWithoutRecovery) {
    opts.out.write(`${out.Name}: deleted without recovery (${out.ARN})\n`);
    return;
  }
  // [INF] The vault never purges a scheduled secret itself; the date is the one AWS would give.
  opts.out.write(
    `${out.Name}: scheduled for deletion on ${out.DeletionDate.toISOString()} (${out.ARN}); tasks using it now fail to start.\n` +
      `  Undo with: ecs-local vault restore ${opts.name}\n`,
  );
}

export async function vaultRestore(opts: VaultCommandOptions & { name: string }): Promise<void> {
  const out = await changeVault(opts, (store, vaultRegion) => store.restoreSecret(regionFor(opts.name, opts, vaultRegion), { SecretId: opts.name }));
  opts.out.write(`${out.Name}: restored (${out.ARN})\n`);
}
