/**
 * `ecs-local vault …` command declarations (the work lives in src/commands/vault*.ts, loaded lazily).
 * Secret values are read from a file or stdin, never from argv, and printed only by `vault get`.
 */
import { Option, type Command } from '@commander-js/extra-typings';
import type { CliIO } from './io.js';
import type { InputStream } from '../commands/vault-value.js';
import { collect, parseDays, parseLength, parseList, parsePort } from './parse.js';

const EXIT_CODES = `
Exit codes:
  0  done
  2  bad usage or an unreadable vault, or an operation Secrets Manager / Parameter Store would
     refuse, printed as "ecs-local: error: <Code>: <Message>" with AWS's code and message`;

export function registerVaultCommands(program: Command, io: CliIO, warn: (line: string) => void): void {
  const vault = program
    .command('vault')
    .description('work with the local vault file: list, get, put, rotate, delete, restore, import, serve')
    .addHelpText('after', `\nSecret values are read from a file or standard input, never from the command line, and printed\nonly by \`vault get\`.\n${EXIT_CODES}`);

  const stdin = (): InputStream => io.stdin ?? process.stdin;
  const common = (opts: { vault?: string; region?: string }) => ({
    vault: opts.vault,
    region: opts.region,
    cwd: io.cwd,
    env: io.env,
    out: io.out,
    warn,
  });
  const sub = (name: string, description: string, examples: string) =>
    vault
      .command(name)
      .description(description)
      .option('--vault <file>', 'the vault file (default: ecs-local.vault.json in the current folder)')
      .addHelpText('after', `\nExamples:\n${examples}\n${EXIT_CODES}`);
  // Not for list (it shows every region) nor serve (each request names its region, in SigV4).
  const regional = <A extends unknown[], O extends { vault?: string }>(cmd: Command<A, O>) =>
    cmd.option('--region <region>', "the region the operation is sent to (default: an ARN's region, else the vault's)");
  const valueOptions = <A extends unknown[], O extends { vault?: string }>(cmd: Command<A, O>) =>
    cmd
      .addOption(new Option('--file <file>', 'read the value from this file, exactly as it is').conflicts('stdin'))
      .option('--stdin', 'read the value from standard input (one trailing line break is dropped); the default when stdin is not a terminal');

  vault
    .command('init')
    .description('write a starter vault with every secret and parameter the task definition reads, at the exact ARN, name, JSON keys and stages, each value a placeholder')
    .argument('<taskdef>', 'the task definition whose secrets the vault will hold')
    .option('--vault <file>', 'the vault file to write (default: ecs-local.vault.json beside the task definition); never overwritten')
    .option('--var <name=value>', 'a template placeholder or CloudFormation parameter value (repeatable), as check takes them', collect)
    .option('--var-file <file>', 'template values from a JSON, .tfvars or .env file (repeatable)', collect)
    .option('--resource <id>', 'which task definition of a CloudFormation template (logical id) or Terraform JSON (address)')
    .addHelpText(
      'after',
      `\nExamples:\n  $ ecs-local vault init taskdef.json\n  $ ecs-local check taskdef.json      # passes, with a warning naming the placeholders\n  $ ecs-local vault init web.json.tpl --var-file prod.tfvars\n${EXIT_CODES}`,
    )
    .action(async (taskdef, opts) => {
      const { vaultInit } = await import('../commands/vault-init.js');
      await vaultInit({
        taskDefinition: taskdef,
        vault: opts.vault,
        vars: opts.var,
        varFiles: opts.varFile,
        resource: opts.resource,
        cwd: io.cwd,
        env: io.env,
        stdin: io.stdin,
        out: io.out,
        warn,
      });
    });

  sub('list', 'list secrets (ARN, region, staging labels of versions, deleted or not) and parameters; never values', '  $ ecs-local vault list\n  $ ecs-local vault list --vault other.vault.json --json')
    .option('--json', 'print JSON')
    .action(async (opts) => {
      const { vaultList } = await import('../commands/vault-list.js');
      vaultList({ ...common(opts), json: opts.json === true });
    });

  regional(sub('get', 'print one secret or parameter value (with a warning on stderr that it is a secret)', '  $ ecs-local vault get production/database/app\n  $ ecs-local vault get production/database/app --version-stage AWSPREVIOUS\n  $ ecs-local vault get /production/config/value --parameter'))
    .argument('<name-or-arn>', 'secret name or ARN; with --parameter, a parameter name (NAME:VERSION, NAME:LABEL) or ARN')
    .option('--version-stage <stage>', 'the version with this staging label (default AWSCURRENT)')
    .option('--version-id <id>', 'the version with this id')
    .option('--parameter', 'an SSM parameter, not a secret')
    .action(async (id, opts) => {
      const { vaultGet } = await import('../commands/vault-get.js');
      vaultGet({ ...common(opts), id, versionStage: opts.versionStage, versionId: opts.versionId, parameter: opts.parameter === true });
    });

  valueOptions(
    regional(sub(
      'put',
      'store a new value: PutSecretValue (the new version becomes AWSCURRENT, the old one AWSPREVIOUS), CreateSecret with --create, or PutParameter (overwrite) with --parameter',
      "  $ printf %s \"$DB_PASSWORD\" | ecs-local vault put production/db-password\n  $ ecs-local vault put production/new-api-key --create --file key.txt\n  $ echo 'feature-flags=off' | ecs-local vault put /production/config/value --parameter",
    )).argument('<name>', 'secret name or ARN (a name for --create), or parameter name'),
  )
    .option('--create', 'create the secret (CreateSecret); it must not exist yet')
    .option('--version-stages <stages>', 'staging labels of the new version, comma-separated (default AWSCURRENT)', parseList)
    .option('--parameter', 'an SSM parameter, not a secret')
    .addOption(new Option('--type <type>', 'parameter type (default: unchanged, SecureString for a new parameter)').choices(['String', 'StringList', 'SecureString'] as const))
    .action(async (name, opts) => {
      const { vaultPut } = await import('../commands/vault-put.js');
      await vaultPut({
        ...common(opts),
        name,
        file: opts.file,
        stdin: opts.stdin === true,
        create: opts.create === true,
        versionStages: opts.versionStages,
        parameter: opts.parameter === true,
        type: opts.type,
        io: { cwd: io.cwd, stdin: stdin() },
      });
    });

  valueOptions(
    regional(sub(
      'rotate',
      "rotate a secret as a rotation Lambda does (new version AWSPENDING, then AWSCURRENT; the old one becomes AWSPREVIOUS); prints the new version id, never the value",
      '  $ ecs-local vault rotate production/database/app --generate 32 --json-key password\n  $ ecs-local vault rotate production/third-party-api --file new-key.txt',
    )).argument('<name>', 'secret name or ARN'),
  )
    .addOption(new Option('--generate <length>', 'a random value of this many letters and digits (1 to 4096)').argParser(parseLength).conflicts(['file', 'stdin']))
    .option('--json-key <key>', 'replace only this key of the current JSON value with the new value')
    .action(async (name, opts) => {
      const { vaultRotate } = await import('../commands/vault-rotate.js');
      await vaultRotate({
        ...common(opts),
        name,
        file: opts.file,
        stdin: opts.stdin === true,
        generate: opts.generate,
        jsonKey: opts.jsonKey,
        io: { cwd: io.cwd, stdin: stdin() },
      });
    });

  regional(sub(
    'delete',
    'DeleteSecret: schedule the secret for deletion (tasks using it then fail as on AWS), or delete it at once; DeleteParameter with --parameter',
    '  $ ecs-local vault delete production/third-party-api\n  $ ecs-local vault delete old/secret --force-delete-without-recovery',
  ))
    .argument('<name>', 'secret name or ARN, or parameter name')
    .option('--recovery-window-in-days <days>', 'days before AWS would delete it for good, 7 to 30 (default 30); the vault keeps it until restored', parseDays)
    .option('--force-delete-without-recovery', 'delete now, without a way back')
    .option('--parameter', 'an SSM parameter, not a secret')
    .action(async (name, opts) => {
      const { vaultDelete } = await import('../commands/vault-delete.js');
      await vaultDelete({
        ...common(opts),
        name,
        recoveryWindowInDays: opts.recoveryWindowInDays,
        forceDeleteWithoutRecovery: opts.forceDeleteWithoutRecovery === true,
        parameter: opts.parameter === true,
      });
    });

  regional(sub('restore', 'RestoreSecret: cancel the scheduled deletion of a secret', '  $ ecs-local vault restore production/third-party-api'))
    .argument('<name>', 'secret name or ARN')
    .action(async (name, opts) => {
      const { vaultRestore } = await import('../commands/vault-delete.js');
      await vaultRestore({ ...common(opts), name });
    });

  regional(sub(
    'import',
    'make secrets or parameters of a dotenv file or a flat JSON object (name = prefix + key), creating them or putting a new version as needed; prints counts, not values',
    '  $ ecs-local vault import .env.production --prefix production/app/\n  $ ecs-local vault import config.json --as parameters --prefix /production/config/ --type String',
  ))
    .argument('<file>', 'a dotenv file, or a JSON object of strings')
    .addOption(new Option('--format <format>', 'the file format (default: json for a .json file, else dotenv)').choices(['dotenv', 'json'] as const))
    .option('--prefix <prefix>', 'put before every key to make the name', '')
    .addOption(new Option('--as <kind>', 'what to make').choices(['secrets', 'parameters'] as const).default('secrets'))
    .addOption(new Option('--type <type>', 'parameter type (default: unchanged, SecureString for a new parameter)').choices(['String', 'StringList', 'SecureString'] as const))
    .action(async (file, opts) => {
      const { vaultImport } = await import('../commands/vault-import.js');
      await vaultImport({ ...common(opts), file, format: opts.format, prefix: opts.prefix, as: opts.as, type: opts.type });
    });

  sub(
    'serve',
    'serve the vault as Secrets Manager and SSM Parameter Store (AWS JSON 1.1) for SDKs, the AWS CLI and `--endpoint`, until Ctrl-C',
    '  $ ecs-local vault serve\n  $ AWS_ENDPOINT_URL=http://127.0.0.1:4566 aws secretsmanager get-secret-value --secret-id production/database/app\n  $ ecs-local vault serve --port 0         # any free port; the URL is printed',
  )
    .option('--host <host>', 'the address to listen on; anything but loopback shares the secrets with the network', '127.0.0.1')
    .option('--port <port>', "the port (LocalStack's, so tools set up for LocalStack work unchanged; 0 = any free port)", parsePort, 4566)
    .option('--verify-signatures', "answer only requests SigV4-signed with this environment's AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (others get AWS's errors); off by default, as LocalStack")
    .action(async (opts) => {
      const { vaultServe } = await import('../commands/vault-serve.js');
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        await vaultServe({ ...common(opts), host: opts.host, port: opts.port, verifySignatures: opts.verifySignatures === true, signal: stop.signal });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
