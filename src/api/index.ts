/**
 * ecs-local as a library: `import { checkTask, startTask, Vault } from 'ecs-local'`. The names
 * exported here are the package's semver-stable API (README "Library API"). Importing this module
 * has no side effects and loads neither Docker's client nor the AWS SDK: each function loads what
 * it runs when it is called.
 */
import type { CheckVerdict } from '../commands/check.js';
import type { CheckTaskOptions, TaskDefinitionArg } from './options.js';
import type { StartedTask, StartTaskOptions } from './start-task.js';

export type { CheckPassed, CheckStopped, CheckVerdict, CheckedVariable } from '../commands/check.js';
export type { DescribedContainer, DescribedTask } from '../container/task-state.js';
export type { TaskOverride } from '../taskdef/overrides.js';
export type { CheckTaskOptions, Logger, TaskDefinitionArg, TaskOptions } from './options.js';
export type { ExecOutput, StartedTask, StartTaskOptions, WaitStatus } from './start-task.js';
export { Vault, type PolicyEntry, type SecretValueInput, type VaultDocument } from './vault.js';
export { EcsLocalError, TaskFailedToStartError, isEcsLocalError } from '../errors.js';

/** What `ecs-local check --json` prints, as a value (check-task.ts). */
export async function checkTask(taskdef: TaskDefinitionArg, options: CheckTaskOptions = {}): Promise<CheckVerdict> {
  const { checkTask: run } = await import('./check-task.js');
  return run(taskdef, options);
}

/** The task started as `ecs-local run` starts it, handed back while it runs (start-task.ts). */
export async function startTask(taskdef: TaskDefinitionArg, options: StartTaskOptions = {}): Promise<StartedTask> {
  const { startTask: run } = await import('./start-task.js');
  return run(taskdef, options);
}
