/**
 * Command declarations only: options, help and examples. Each command's work lives in
 * src/commands/<name>.ts and is imported lazily, so `check` never loads Docker or the AWS SDK.
 */
import { Command, Option, type OptionValues } from '@commander-js/extra-typings';
import { version } from './version.js';
import type { LaunchType } from './taskdef/types.js';
import { colourFor, paint } from './text/colour.js';
import type { CliIO } from './cli/io.js';
import { collect, parseRuntimeEndpoint, parseSeconds, parseSince, parseTail } from './cli/parse.js';
import { registerVaultCommands } from './cli/vault-commands.js';
import { UsageError } from './errors.js';
import { Warnings } from './text/warnings.js';

/** The flags every command that resolves a task takes, as commander hands them over. */
interface BackendFlags {
  vault?: string;
  endpoint?: string | true;
  aws?: true;
  timeout: number;
  region?: string;
  launchType?: LaunchType;
  verbose?: true;
  var?: string[];
  varFile?: string[];
  resource?: string;
}

/** The override flags of check, env and run (`--container` is each command's own). */
interface OverrideFlagValues {
  overrides?: string;
  command?: string;
  env?: string[];
  envFile?: string[];
  container?: string;
}

export function buildProgram(io: CliIO, warnings: Warnings = warningsFor(io)): Command {
  const warn = (line: string) => warnings.warn(line);
  const common = (opts: BackendFlags, taskDefinition: string) => ({
    taskDefinition,
    vault: opts.vault,
    endpoint: opts.endpoint,
    aws: opts.aws === true,
    timeoutSeconds: opts.timeout,
    region: opts.region,
    launchType: opts.launchType,
    vars: opts.var,
    varFiles: opts.varFile,
    resource: opts.resource,
    stdin: io.stdin,
    cwd: io.cwd,
    env: io.env,
    warn,
    ...(opts.verbose === true ? { info: (line: string) => io.err.write(`ecs-local: ${line}\n`) } : {}),
  });
  const overrideFlags = (opts: OverrideFlagValues) => ({
    overrides: { overrides: opts.overrides, command: opts.command, env: opts.env, envFile: opts.envFile, container: opts.container },
  });
  const overrideOptions = <A extends unknown[], O extends OptionValues>(cmd: Command<A, O>) =>
    cmd
      .option('--overrides <json>', "RunTask's overrides, as `aws ecs run-task --overrides` takes them: JSON, or file://overrides.json")
      .option('--command <command>', "replace the container's command: words as a shell splits them, or a JSON array")
      .option('-e, --env <name=value>', "add or replace a variable of the container's environment (repeatable)", collect)
      .option('--env-file <file>', 'add the NAME=VALUE lines of a local file to the container\'s environment (repeatable)', collect);
  const backendOptions = <A extends unknown[]>(cmd: Command<A>) =>
    cmd
      .option('--vault <file>', 'local vault file (default: ecs-local.vault.json beside the task definition, else in the current folder)')
      .option('--endpoint [url]', 'an AWS-compatible endpoint (LocalStack, ecs-local vault serve); without a URL, from AWS_ENDPOINT_URL[_SECRETS_MANAGER|_SSM]')
      .option('--aws', 'real AWS, with the default credential chain (profiles, SSO, environment)')
      .option('--timeout <seconds>', 'per service call, as the agent\'s 5 s round trip', parseSeconds, 5)
      .option('--region <region>', "the task's region (default: AWS_REGION, else the task definition's ARNs, awslogs-region or ECR host, else the vault's, else us-east-1)")
      .option('-v, --verbose', 'say where the region and account came from')
      .addOption(new Option('--launch-type <type>', 'message flavour and rules (default: FARGATE if requiresCompatibilities has it, else EC2)').choices(['FARGATE', 'EC2'] as const))
      .option('--var <name=value>', 'a template placeholder or CloudFormation parameter value (repeatable)', collect)
      .option('--var-file <file>', 'template values from a JSON, .tfvars or .env file (repeatable)', collect)
      .option('--resource <id>', 'which task definition of a CloudFormation template (logical id) or Terraform JSON (address)');

  const program = new Command('ecs-local')
    .description('Run an Amazon ECS task definition locally, exactly as ECS would start it.')
    .version(version(), '-V, --version')
    .configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) })
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .option('--quiet-warning <name>', 'do not print warnings of this kind, e.g. task-limits (repeatable; README "Warnings" lists the names)', collect);
  // Before any command runs: the flag's names and .ecs-local.json's, each checked.
  program.hook('preAction', async () => {
    const { readProjectConfig } = await import('./cli/config.js');
    const { checkWarningNames } = await import('./text/warnings.js');
    const refuse = (message: string): never => {
      throw new UsageError(message);
    };
    warnings.silence(checkWarningNames(program.opts().quietWarning ?? [], refuse, '--quiet-warning'));
    warnings.silence(readProjectConfig(io.cwd).quietWarnings);
  });

  overrideOptions(backendOptions(
    program
      .command('check')
      .argument('<taskdef>', 'task definition file in any form (README "Your task definition"), - for standard input, or family:revision / an ARN with --aws or --endpoint')
      .description('resolve every secret as ECS would, without Docker; exit 3 with the stoppedReason if ECS would not start the task'),
  ))
    .option('--container <name>', 'show only this container; the one --command, -e and --env-file apply to')
    .option('--json', 'print the result as JSON')
    .option('--reveal', 'show secret values instead of masking them')
    .addHelpText('after', '\nExamples:\n  $ ecs-local check examples/seed/taskdef.json\n  $ ecs-local check taskdef.json --launch-type EC2 --json\n  $ ecs-local check taskdef.json --container app -e LOG_LEVEL=debug')
    .action(async (taskdef, opts) => {
      const { check } = await import('./commands/check.js');
      await check({ ...common(opts, taskdef), ...overrideFlags(opts), container: opts.container, json: opts.json === true, reveal: opts.reveal === true, out: io.out });
    });

  overrideOptions(backendOptions(
    program
      .command('env')
      .argument('<taskdef>', 'task definition in any form, - for standard input, or family:revision (see check --help)')
      .description("print a container's final environment, secrets included (for docker run --env-file or a shell)"),
  ))
    .option('--container <name>', 'the container (required when the task has several)')
    .addOption(new Option('--format <format>', 'output format').choices(['dotenv', 'json', 'shell'] as const).default('dotenv'))
    .addHelpText('after', '\nExamples:\n  $ ecs-local env examples/seed/taskdef.json --container app > app.env\n  $ eval "$(ecs-local env taskdef.json --container app --format shell)"')
    .action(async (taskdef, opts) => {
      const { env } = await import('./commands/env.js');
      await env({ ...common(opts, taskdef), ...overrideFlags(opts), container: opts.container, format: opts.format, out: io.out });
    });

  overrideOptions(backendOptions(
    program
      .command('compose')
      .argument('<taskdef>', 'task definition in any form, - for standard input, or family:revision (see check --help)')
      .description('print a docker compose file for the task (as ecs-cli local create); secret values go to env files written with mode 0600, never into it'),
  ))
    .option('--container <name>', 'the container --command, -e and --env-file apply to (required when the task has several)')
    .option('-o, --output <file>', 'write the compose file here instead of standard output (env files go beside it)')
    .option('--endpoints', "add AWS's amazon-ecs-local-container-endpoints at 169.254.170.2, as ecs-cli did (credentials of your own profile, metadata v3)")
    .addHelpText('after', '\nExamples:\n  $ ecs-local compose examples/seed/taskdef.json -o compose.yaml && docker compose up\n  $ ecs-local compose template.yaml --var Env=prod > compose.yaml')
    .action(async (taskdef, opts) => {
      const { compose } = await import('./commands/compose.js');
      await compose({
        ...common(opts, taskdef),
        ...overrideFlags(opts),
        ...(opts.output !== undefined ? { output: opts.output } : {}),
        endpoints: opts.endpoints === true,
        out: io.out,
        note: (line: string) => io.err.write(`ecs-local: ${line}\n`),
      });
    });

  overrideOptions(backendOptions(
    program
      .command('run')
      .argument('<taskdef>', 'task definition in any form, - for standard input, or family:revision (see check --help)')
      .description('resolve every secret, then run the task in Docker as ECS would; exits with the essential container\'s code'),
  ))
    .option('--container <name>', 'the container --command, -e and --env-file apply to (required when the task has several)')
    .addOption(new Option('--pull <policy>', 'when to pull images').choices(['always', 'missing', 'never'] as const).default('missing'))
    .option('--platform <platform>', "pull and run the images for this platform (linux/amd64, linux/arm64) instead of the task's runtimePlatform.cpuArchitecture")
    .addOption(
      new Option('--credentials <mode>', "the task role's credentials at 169.254.170.2: fake keys, this machine's own, or STS AssumeRole of the task role")
        .choices(['fake', 'host', 'assume-role'] as const)
        .default('fake'),
    )
    .option(
      '--runtime-endpoint <where>',
      "where the task's own Secrets Manager and SSM calls go (AWS_ENDPOINT_URL_SECRETS_MANAGER/_SSM): vault (a vault serve run with the task), a URL, or none (default: vault with the local vault, the --endpoint URL, none with --aws)",
      parseRuntimeEndpoint,
    )
    .option('--redeploy-on-rotation', 'when a secret the task uses gets a new AWSCURRENT version in the vault, replace the task with a fresh one (as update-service --force-new-deployment)')
    .option('-d, --detach', 'start the task under a background ecs-local process (endpoints included) and print its id once it runs; then `ecs-local wait`, `describe`, `stop`')
    .option('-q, --quiet', "do not print the containers' output")
    .option('--no-log-prefix', 'print container output without the container-name prefix')
    .option('--awslogs-prefix', 'prefix container output with the awslogs stream name ECS would use (<prefix>/<container>/<task-id>) instead of the container name')
    .option('--json-logs', 'print container output as one JSON object per line')
    .option('--json', 'print the stopped task as `aws ecs describe-tasks` shows it')
    .addHelpText(
      'after',
      '\nExamples:\n  $ ecs-local run examples/seed/taskdef.json\n  $ ecs-local run taskdef.json --launch-type EC2 --json > task.json\n  $ ecs-local run taskdef.json --command "npm run migrate" -e DRY_RUN=1\n  $ ecs-local run taskdef.json --overrides file://overrides.json --json\n  $ ecs-local run taskdef.json --redeploy-on-rotation\n  $ ecs-local run taskdef.json --endpoint http://localhost:4566 --runtime-endpoint http://localhost:4566',
    )
    .action(async (taskdef, opts) => {
      const { run } = await import('./commands/run.js');
      // First Ctrl-C (or SIGTERM): stop the task gracefully; the second one kills it.
      const graceful = new AbortController();
      const kill = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => {
        if (!graceful.signal.aborted) {
          io.err.write(`\necs-local: ${sig}: stopping the task (again to kill it now)\n`);
          graceful.abort();
        } else kill.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await run({
          ...common(opts, taskdef),
          ...overrideFlags(opts),
          pull: opts.pull,
          ...(opts.platform !== undefined ? { platform: opts.platform } : {}),
          credentials: opts.credentials,
          runtimeEndpoint: opts.runtimeEndpoint,
          redeployOnRotation: opts.redeployOnRotation === true,
          detach: opts.detach === true,
          quiet: opts.quiet === true,
          noLogPrefix: !opts.logPrefix,
          awslogsPrefix: opts.awslogsPrefix === true,
          jsonLogs: opts.jsonLogs === true,
          json: opts.json === true,
          out: io.out,
          err: io.err,
          signal: graceful.signal,
          killSignal: kill.signal,
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });

  program
    .command('supervise', { hidden: true })
    .description('the background process of `run -d` (started by it, over an IPC channel)')
    .action(async () => {
      const { supervise } = await import('./commands/supervise.js');
      await supervise();
    });

  registerVaultCommands(program, io, warn);

  program
    .command('ps')
    .description('list the tasks ecs-local runs (found by label)')
    .option('-a, --all', 'also the `run -d` tasks that stopped in the last hour, with their stoppedReason')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  $ ecs-local ps\n  $ ecs-local ps -a')
    .action(async (opts) => {
      const { ps } = await import('./commands/tasks.js');
      await ps({ env: io.env, out: io.out, json: opts.json === true, all: opts.all === true });
    });

  program
    .command('stop')
    .argument('<task-id>', 'the task id, or its first characters')
    .description('stop a task (SIGTERM, then SIGKILL after stopTimeout) and remove its containers; a `run -d` task records stopCode UserInitiated')
    .option('--reason <text>', 'the stoppedReason to record, as `aws ecs stop-task --reason` (default: Task stopped by user)')
    .addHelpText('after', '\nExamples:\n  $ ecs-local stop 3f2a\n  $ ecs-local stop 3f2a --reason "deploying a fix"')
    .action(async (task, opts) => {
      const { stop } = await import('./commands/tasks.js');
      await stop({ env: io.env, out: io.out, task, ...(opts.reason !== undefined ? { reason: opts.reason } : {}) });
    });

  program
    .command('describe')
    .argument('<task-id>', 'a `run -d` task\'s id, or its first characters (running, or stopped in the last hour)')
    .description('show a `run -d` task: its status, stopCode, stoppedReason and containers\' exit codes')
    .option('--json', 'print it as `aws ecs describe-tasks` does')
    .addHelpText('after', '\nExample:\n  $ ecs-local describe 3f2a --json')
    .action(async (task, opts) => {
      const { describe } = await import('./commands/tasks.js');
      await describe({ env: io.env, out: io.out, task, json: opts.json === true });
    });

  program
    .command('wait')
    .argument('<task-id>', 'a `run -d` task\'s id, or its first characters')
    .description("wait until a `run -d` task stops; exits with its essential container's code")
    .addHelpText('after', '\nExample:\n  $ ecs-local wait 3f2a; echo "exit $?"')
    .action(async (task) => {
      const { wait } = await import('./commands/tasks.js');
      await wait({ env: io.env, out: io.out, err: io.err, task });
    });

  program
    .command('logs')
    .argument('<task-id>', 'the task id, or its first characters')
    .argument('[container]', "one container of the task, by its task definition name (default: all)")
    .description("print the output of a task's containers (a `run -d` task's too), prefixed with the container name as `run` prints it")
    .option('-f, --follow', 'keep printing until the containers stop')
    .option('--since <when>', 'only output since a duration ago (10m, 1h30m) or a time (2026-01-02T15:04:05Z)', (v) => parseSince(v))
    .option('--tail <lines>', 'only the last lines of each container (a number, or all)', parseTail)
    .option('--no-log-prefix', 'print container output without the container-name prefix')
    .addHelpText('after', '\nExamples:\n  $ ecs-local logs 3f2a\n  $ ecs-local logs -f --since 10m 3f2a app')
    .action(async (task, container, opts) => {
      const { logs } = await import('./commands/logs.js');
      await logs({
        env: io.env,
        out: io.out,
        task,
        ...(container !== undefined ? { container } : {}),
        follow: opts.follow === true,
        ...(opts.since !== undefined ? { sinceSeconds: opts.since } : {}),
        ...(opts.tail !== undefined ? { tail: opts.tail } : {}),
        noLogPrefix: !opts.logPrefix,
      });
    });

  program
    .command('exec')
    .argument('<task-id>', 'the task id, or its first characters')
    .argument('[container-and-command...]', 'the container (its task definition name; optional when the task has one), then -- and the command')
    .description("run a command in a running task container, as `aws ecs execute-command --interactive`; a terminal gets a TTY. Exits with the command's code")
    .allowExcessArguments()
    .addHelpText('after', '\nExamples:\n  $ ecs-local exec 3f2a app -- sh\n  $ ecs-local exec 3f2a -- env')
    .action(async (task, words) => {
      // Commander drops the `--`; the words after the first one on the command line are the command.
      const raw = (program as unknown as { rawArgs: string[] }).rawArgs;
      const dash = raw.indexOf('--');
      if (dash < 0) throw new UsageError('put the command after --, as in `ecs-local exec 3f2a app -- sh`');
      const command = raw.slice(dash + 1);
      const before = words.slice(0, words.length - command.length);
      if (before.length > 1) throw new UsageError(`exec takes one container before --, got ${before.join(' ')}`);
      const { exec } = await import('./commands/exec.js');
      await exec({
        env: io.env,
        out: io.out,
        err: io.err,
        stdin: (io.stdin ?? process.stdin) as NodeJS.ReadableStream & { isTTY?: boolean },
        task,
        ...(before[0] !== undefined ? { container: before[0] } : {}),
        command,
      });
    });

  program
    .command('down')
    .description("remove the containers and volumes ecs-local created for a task or a family, including a killed run's leftovers")
    .option('--task <id>', 'the tasks with this id')
    .option('--family <family>', 'the tasks of this family')
    .option('--all', "every task ecs-local started on this engine, anyone's, and the engine's endpoints container")
    .addHelpText('after', '\nExamples:\n  $ ecs-local down --family my-app\n  $ ecs-local down --task 3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7')
    .action(async (opts) => {
      // [INF] Nothing by default: on a shared engine, "everything" is other people's tasks too.
      if (opts.task === undefined && opts.family === undefined && opts.all !== true) {
        throw new UsageError('say what to remove: --family NAME (the family of your task definition), --task ID, or --all (every task ecs-local started on this engine, anyone\'s)');
      }
      const { down } = await import('./commands/tasks.js');
      await down({ env: io.env, out: io.out, task: opts.task, family: opts.family, all: opts.all === true });
    });

  return program;
}

/** Warnings go to stderr, in yellow on a terminal; see text/warnings.ts for what is held back. */
export function warningsFor(io: CliIO): Warnings {
  const colour = colourFor(io.err as { isTTY?: boolean }, io.env);
  return new Warnings((line) => io.err.write(`${paint(colour, 'yellow', 'ecs-local: warning:')} ${line}\n`));
}
