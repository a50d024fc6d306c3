/** Which vault file a run uses. */
import fs from 'node:fs';
import path from 'node:path';

export const VAULT_FILE_NAME = 'ecs-local.vault.json';

export interface FindVaultOptions {
  /** `--vault FILE`, relative to `cwd`. Used as given, even if it does not exist (loading says so). */
  explicit?: string;
  taskDefinitionFile: string;
  cwd: string;
  exists?: (file: string) => boolean;
}

/** `--vault FILE`, else `ecs-local.vault.json` beside the task definition, else in `cwd`. */
export function findVaultFile(opts: FindVaultOptions): string | undefined {
  if (opts.explicit !== undefined) return path.resolve(opts.cwd, opts.explicit);
  const exists = opts.exists ?? ((f: string) => fs.statSync(f, { throwIfNoEntry: false })?.isFile() === true);
  const candidates = [
    path.join(path.dirname(path.resolve(opts.cwd, opts.taskDefinitionFile)), VAULT_FILE_NAME),
    path.join(path.resolve(opts.cwd), VAULT_FILE_NAME),
  ];
  return candidates.find((f) => exists(f));
}
