/**
 * `checkTask`: what `ecs-local check --json` prints, as a value. Both run `checkVerdict`, the one
 * place the verdict is made.
 */
import { checkVerdict, type CheckVerdict } from '../commands/check.js';
import { commandOptions, loggerOf, type CheckTaskOptions, type TaskDefinitionArg } from './options.js';

/**
 * Resolves every secret of the task definition as ECS would, without Docker. A task ECS would not
 * start is a verdict (`lastStatus: 'STOPPED'` with ECS's stoppedReason byte for byte), never a
 * throw; input ECS would refuse before any task exists (a ClientException, a file that cannot be
 * read) rejects with an error carrying `errorName`.
 */
export async function checkTask(taskdef: TaskDefinitionArg, options: CheckTaskOptions = {}): Promise<CheckVerdict> {
  const { verdict, hint } = await checkVerdict({
    ...commandOptions(taskdef, options),
    ...(options.container !== undefined ? { container: options.container } : {}),
    ...(options.reveal === true ? { reveal: true } : {}),
  });
  // Our own hint (a near miss in the vault) is said apart from ECS's text, as the CLI does.
  if (hint !== undefined) for (const line of hint.split('\n')) loggerOf(options).info?.(`hint: ${line}`);
  return verdict;
}
