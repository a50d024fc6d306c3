/**
 * Command declarations only: options, help and examples. Each command's work lives in
 * src/commands/<name>.ts and is imported lazily, so `check` never loads Docker or the AWS SDK.
 */
import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { useColor } from './cli/output.js';

export interface CliIO {
  out: Writable;
  err: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(io: CliIO): Command {
  const color = useColor(io.err, io.env);
  const warn = (line: string) => io.err.write(`${color ? '\x1b[33m' : ''}ecs-local: warning:${color ? '\x1b[0m' : ''} ${line}\n`);
  const common = (opts: Record<string, unknown>, taskDefinition: string) => ({
    taskDefinition,
    vault: opts.vault as string | undefined,
    region: opts.region as string | undefined,
    launchType: opts.launchType as string | undefined,
    cwd: io.cwd,
    env: io.env,
    warn,
  });
  const backendOptions = (cmd: Command) =>
    cmd
      .option('--vault <file>', 'local vault file (default: ecs-local.vault.json beside the task definition, else in the current folder)')
      .option('--region <region>', "the task's region (default: the vault's, else AWS_REGION, else us-east-1)")
      .addOption(new Option('--launch-type <type>', 'message flavour and rules (default: FARGATE if requiresCompatibilities has it, else EC2)').choices(['FARGATE', 'EC2']));

  const program = new Command('ecs-local')
    .description('Run an Amazon ECS task definition locally, exactly as ECS would start it.')
    .version(version(), '-V, --version')
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');

  backendOptions(
    program
      .command('check')
      .argument('<taskdef>', 'task definition JSON (bare, describe-task-definition output, or a containerDefinitions array)')
      .description('resolve every secret as ECS would, without Docker; exit 3 with the stoppedReason if ECS would not start the task'),
  )
    .option('--container <name>', 'show only this container')
    .option('--json', 'print the result as JSON')
    .option('--reveal', 'show secret values instead of masking them')
    .addHelpText('after', '\nExamples:\n  $ ecs-local check examples/seed/taskdef.json\n  $ ecs-local check taskdef.json --launch-type EC2 --json')
    .action(async (taskdef: string, opts: Record<string, unknown>) => {
      const { check } = await import('./commands/check.js');
      await check({ ...common(opts, taskdef), container: opts.container as string | undefined, json: opts.json === true, reveal: opts.reveal === true, out: io.out });
    });

  backendOptions(
    program
      .command('env')
      .argument('<taskdef>', 'task definition JSON')
      .description("print a container's final environment, secrets included (for docker run --env-file or a shell)"),
  )
    .option('--container <name>', 'the container (required when the task has several)')
    .addOption(new Option('--format <format>', 'output format').choices(['dotenv', 'json', 'shell']).default('dotenv'))
    .addHelpText('after', '\nExamples:\n  $ ecs-local env examples/seed/taskdef.json --container app > app.env\n  $ eval "$(ecs-local env taskdef.json --container app --format shell)"')
    .action(async (taskdef: string, opts: Record<string, unknown>) => {
      const { env } = await import('./commands/env.js');
      await env({ ...common(opts, taskdef), container: opts.container as string | undefined, format: opts.format as string, out: io.out });
    });

  return program;
}
