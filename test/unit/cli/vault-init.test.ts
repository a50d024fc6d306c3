import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../support/cli.js';

const SM = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:';

/** A task reading every kind of reference: JSON keys, stages, version ids, other regions, SSM selectors, registry credentials, env files. */
const TASK = {
  family: 'billing',
  requiresCompatibilities: ['FARGATE'],
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
  containerDefinitions: [
    {
      name: 'api',
      image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/billing:2.3.1',
      repositoryCredentials: { credentialsParameter: `${SM}registry/dockerhub-Rg1234` },
      secrets: [
        { name: 'DB_PASSWORD', valueFrom: `${SM}billing/db-AbCdEf:password::` },
        { name: 'DB_USER', valueFrom: `${SM}billing/db-AbCdEf:username::` },
        { name: 'DB_PASSWORD_OLD', valueFrom: `${SM}billing/db-AbCdEf:password:AWSPREVIOUS:` },
        { name: 'PINNED', valueFrom: `${SM}billing/pinned:token::11111111-2222-3333-4444-555555555555` },
        { name: 'US_TOKEN', valueFrom: 'arn:aws:secretsmanager:us-east-1:111122223333:secret:shared/token-Us9876' },
        { name: 'FLAGS', valueFrom: '/billing/flags' },
        { name: 'FLAGS_V2', valueFrom: 'arn:aws:ssm:eu-west-1:111122223333:parameter/billing/flags-v2' },
      ],
      environmentFiles: [{ value: 'arn:aws:s3:::billing-config/api.env', type: 's3' }],
      logConfiguration: {
        logDriver: 'splunk',
        options: { 'splunk-url': 'https://splunk.example.com:8088' },
        secretOptions: [{ name: 'splunk-token', valueFrom: '/billing/splunk-token' }],
      },
    },
  ],
};

describe('ecs-local vault init', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-init-'));
    file = path.join(dir, 'billing.json');
    fs.writeFileSync(file, JSON.stringify(TASK, null, 2));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a template as check does: --var renders it, and check with the same --var passes on the vault', async () => {
    const template = path.join(dir, 'web.json.tpl');
    fs.writeFileSync(
      template,
      `[{"name": "web", "image": "\${repo}:1", "memory": \${memory}, "essential": true,
        "secrets": [{"name": "DB_PASSWORD", "valueFrom": "\${db_secret_arn}:password::"}]}]`,
    );
    const vars = ['--var', 'repo=111122223333.dkr.ecr.eu-west-1.amazonaws.com/web', '--var', 'memory=512', '--var', `db_secret_arn=${SM}web/db-AbCdEf`];
    const unrendered = await runCli(['vault', 'init', template], { cwd: dir });
    expect(unrendered.code).to.equal(2);
    expect(unrendered.stderr).to.match(/unrendered Terraform template .*placeholders \$\{repo\}, \$\{memory\}, \$\{db_secret_arn\}/);
    expect(fs.existsSync(path.join(dir, 'ecs-local.vault.json'))).to.equal(false);
    const init = await runCli(['vault', 'init', template, ...vars], { cwd: dir });
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stdout).to.match(/: 1 secret\(s\), 0 parameter\(s\), 0 environment file\(s\)/);
    // At the account and region of the ARN the template was given, not the assumed role's.
    const vault = JSON.parse(fs.readFileSync(path.join(dir, 'ecs-local.vault.json'), 'utf8'));
    expect([vault.region, vault.accountId, Object.keys(vault.secrets), vault.secrets['web/db'].arnSuffix]).to.deep.equal(['eu-west-1', '111122223333', ['web/db'], 'AbCdEf']);
    const check = await runCli(['check', template, ...vars], { cwd: dir });
    expect(check.code, check.stderr).to.equal(0);
    expect(check.stderr).to.include('still placeholders from vault init: DB_PASSWORD (web)');
  });

  it('writes a vault check passes on at once, naming the placeholders in a warning', async () => {
    const init = await runCli(['vault', 'init', file], { cwd: dir });
    expect(init.code, init.stderr).to.equal(0);
    // The command for each entry: a parameter's --parameter, another region's --region, the JSON keys to give.
    expect(init.stdout).to.equal(
      `wrote ${path.join(dir, 'ecs-local.vault.json')}: 4 secret(s), 3 parameter(s), 1 environment file(s), every value a placeholder; set the real values with:\n` +
        '  ecs-local vault put billing/db   # a JSON object with "password", "username"\n' +
        '  ecs-local vault put billing/pinned   # a JSON object with "token"\n' +
        '  ecs-local vault put shared/token --region us-east-1\n' +
        '  ecs-local vault put registry/dockerhub   # a JSON object with "username", "password"\n' +
        '  ecs-local vault put /billing/flags --parameter\n' +
        '  ecs-local vault put /billing/flags-v2 --parameter\n' +
        '  ecs-local vault put /billing/splunk-token --parameter\n' +
        `  edit ${path.join(dir, 'api.env')}   # an environment file: NAME=value lines\n`,
    );
    expect(fs.statSync(path.join(dir, 'ecs-local.vault.json')).mode & 0o777).to.equal(0o600);
    const check = await runCli(['check', file, '--json'], { cwd: dir });
    expect(check.code, check.stderr).to.equal(0);
    expect(check.stderr).to.include(
      'still placeholders from vault init: DB_PASSWORD (api), DB_PASSWORD_OLD (api), DB_USER (api), FLAGS (api), FLAGS_V2 (api), PINNED (api), US_TOKEN (api); set the real values with ' +
        'ecs-local vault put billing/db, ecs-local vault put /billing/flags --parameter, ecs-local vault put /billing/flags-v2 --parameter, ecs-local vault put billing/pinned, ecs-local vault put shared/token --region us-east-1',
    );
    const out = JSON.parse(check.stdout) as { region: string; calls: Record<string, number> };
    expect(out.region).to.equal('eu-west-1');
  });

  it('keeps the exact names, suffixes, keys, stages, ids and regions the task asks for', async () => {
    await runCli(['vault', 'init', file], { cwd: dir });
    const vault = JSON.parse(fs.readFileSync(path.join(dir, 'ecs-local.vault.json'), 'utf8')) as {
      region: string;
      accountId: string;
      secrets: Record<string, Record<string, unknown>>;
      parameters: Record<string, Record<string, unknown>>;
    };
    expect(vault.region).to.equal('eu-west-1');
    expect(vault.accountId).to.equal('111122223333');
    expect(Object.keys(vault.secrets)).to.have.members(['billing/db', 'billing/pinned', 'shared/token', 'registry/dockerhub']);
    const db = vault.secrets['billing/db']!;
    expect(db.arnSuffix).to.equal('AbCdEf');
    expect((db.versions as { stages: string[] }[]).map((v) => v.stages)).to.deep.equal([['AWSCURRENT'], ['AWSPREVIOUS']]);
    expect(Object.keys((db.versions as { value: object }[])[0]!.value)).to.deep.equal(['password', 'username']);
    expect((vault.secrets['billing/pinned']!.versions as { id: string }[]).map((v) => v.id)).to.include('11111111-2222-3333-4444-555555555555');
    expect(vault.secrets['shared/token']).to.deep.include({ arnSuffix: 'Us9876', region: 'us-east-1' });
    expect(Object.keys(vault.secrets['registry/dockerhub']!.value as object)).to.deep.equal(['username', 'password']);
    expect(Object.keys(vault.parameters)).to.have.members(['/billing/flags', '/billing/flags-v2', '/billing/splunk-token']);
  });

  it('beside a task definition in another folder, the commands name the vault, and each command sets its entry', async () => {
    const aws = path.join(dir, '.aws');
    fs.mkdirSync(aws);
    const gha = path.join(aws, 'task-definition.json');
    const td = { ...TASK, containerDefinitions: [{ name: 'api', image: 'nginx', secrets: [TASK.containerDefinitions[0]!.secrets[0]!, TASK.containerDefinitions[0]!.secrets[5]!] }] };
    fs.writeFileSync(gha, JSON.stringify(td));
    const init = await runCli(['vault', 'init', '.aws/task-definition.json'], { cwd: dir });
    expect(init.code, init.stderr).to.equal(0);
    const commands = init.stdout.split('\n').filter((l) => l.startsWith('  ecs-local vault put'));
    expect(commands).to.deep.equal([
      '  ecs-local vault put billing/db --vault .aws/ecs-local.vault.json   # a JSON object with "password"',
      '  ecs-local vault put /billing/flags --parameter --vault .aws/ecs-local.vault.json',
    ]);
    const warned = await runCli(['check', '.aws/task-definition.json'], { cwd: dir });
    expect(warned.stderr).to.include('set the real values with ecs-local vault put billing/db --vault .aws/ecs-local.vault.json, ecs-local vault put /billing/flags --parameter --vault .aws/ecs-local.vault.json\n');
    // Run as printed (the value on stdin), they leave no placeholder behind.
    const values = ['{"password": "real"}', 'flags-on'];
    for (const [i, line] of commands.entries()) {
      const args = line.replace(/#.*$/, '').trim().split(/\s+/).slice(1);
      const valueFile = path.join(dir, `value-${i}`);
      fs.writeFileSync(valueFile, values[i]!);
      const put = await runCli([...args, '--file', valueFile], { cwd: dir });
      expect(put.code, put.stderr).to.equal(0);
    }
    const clean = await runCli(['check', '.aws/task-definition.json'], { cwd: dir });
    expect(clean.code, clean.stderr).to.equal(0);
    expect(clean.stderr).not.to.include('still placeholders');
  });

  it("another account's secret gets the resource policy and customer-managed key AWS requires, so check passes; its command names it by ARN", async () => {
    const shared = 'arn:aws:secretsmanager:us-west-2:999988887777:secret:shared/api-AbC123';
    const td = { ...TASK, containerDefinitions: [{ name: 'api', image: 'nginx', secrets: [{ name: 'SHARED', valueFrom: shared }] }] };
    fs.writeFileSync(file, JSON.stringify(td));
    const init = await runCli(['vault', 'init', file], { cwd: dir });
    expect(init.code, init.stderr).to.equal(0);
    expect(init.stderr).to.include(
      'shared/api is in account 999988887777, the execution role in 111122223333: the starter vault gives it a resource policy allowing the role and a customer-managed KMS key (00000000-0000-4000-8000-0000000000ca), as AWS requires',
    );
    expect(init.stdout).to.include(`  ecs-local vault put ${shared}\n`);
    const check = await runCli(['check', file], { cwd: dir });
    expect(check.code, check.stderr).to.equal(0);
    expect(check.stderr).to.include(`set the real values with ecs-local vault put ${shared}\n`);
    const valueFile = path.join(dir, 'value');
    fs.writeFileSync(valueFile, 'real');
    expect((await runCli(['vault', 'put', shared, '--file', valueFile], { cwd: dir })).code).to.equal(0);
    const clean = await runCli(['check', file], { cwd: dir });
    expect(clean.code, clean.stderr).to.equal(0);
    expect(clean.stderr).not.to.include('still placeholders');
  });

  it('vault put of a parameter without --parameter says so', async () => {
    await runCli(['vault', 'init', file], { cwd: dir });
    const valueFile = path.join(dir, 'value');
    fs.writeFileSync(valueFile, 'x');
    const r = await runCli(['vault', 'put', '/billing/flags', '--file', valueFile], { cwd: dir });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.include(`/billing/flags is a parameter in ${path.join(dir, 'ecs-local.vault.json')}, not a secret: add --parameter (PutParameter)`);
  });

  it('never overwrites a vault', async () => {
    const existing = path.join(dir, 'ecs-local.vault.json');
    fs.writeFileSync(existing, '{"secrets": {"real": {"value": "keep me"}}}');
    const r = await runCli(['vault', 'init', file], { cwd: dir });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(`ecs-local: error: ${existing} exists and is not overwritten (edit it with ecs-local vault put, or name another file with --vault FILE)\n`);
    expect(fs.readFileSync(existing, 'utf8')).to.equal('{"secrets": {"real": {"value": "keep me"}}}');
  });
});

describe('ecs-local vault put --create with a full ARN, and near-miss hints', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-near-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const put = async (id: string, value: string, create = true) => {
    const r = await runCli(['vault', 'put', ...(create ? ['--create'] : []), id, '--file', writeValue(value)], { cwd: dir });
    expect(r.code, r.stderr).to.equal(0);
    return r;
  };
  const writeValue = (value: string) => {
    const f = path.join(dir, `value-${Math.random().toString(36).slice(2)}`);
    fs.writeFileSync(f, value);
    return f;
  };
  const task = (valueFrom: string) => {
    const file = path.join(dir, 'td.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ family: 'f', executionRoleArn: 'arn:aws:iam::111122223333:role/exec', memory: '512', containerDefinitions: [{ name: 'app', image: 'busybox', secrets: [{ name: 'DB', valueFrom }] }] }),
    );
    return file;
  };
  const hints = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('ecs-local: hint: '));

  it('keeps the suffix and account of the ARN, so the task finds the secret there', async () => {
    const arn = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf';
    const r = await put(arn, 's3cret');
    expect(r.stdout).to.include(`  ${arn}: AWSCURRENT `);
    const check = await runCli(['check', task(arn)], { cwd: dir });
    expect(check.code, check.stderr).to.equal(0);
  });

  it('names the same name under another suffix, in another region, and a JSON key in other case, after ECS text', async () => {
    await put('arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf', '{"password": "x"}');

    let r = await runCli(['check', task('arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-XyZ123')], { cwd: dir });
    expect(r.code).to.equal(3);
    expect(r.stderr).to.match(/^ResourceNotFoundException: The task can't retrieve the secret with ARN 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-XyZ123' .*can't find the specified secret\.$/m);
    expect(hints(r.stderr)).to.deep.equal([
      'ecs-local: hint: arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-XyZ123: the vault holds db as arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf (suffix AbCdEf, the task asks for XyZ123); set "arnSuffix": "XyZ123" on it, or create it at the task\'s ARN with ecs-local vault put --create <that ARN>',
    ]);

    r = await runCli(['check', task('arn:aws:secretsmanager:us-west-2:111122223333:secret:db')], { cwd: dir });
    expect(hints(r.stderr)).to.deep.equal([
      'ecs-local: hint: arn:aws:secretsmanager:us-west-2:111122223333:secret:db: the vault holds db in region eu-west-1 (arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf), the task reads it in region us-west-2',
    ]);

    r = await runCli(['check', task('arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf:Password::'), '--json'], { cwd: dir });
    expect(r.code).to.equal(3);
    expect(JSON.parse(r.stdout).stoppedReason).to.match(/did not contain json key Password$/);
    expect(hints(r.stderr)).to.deep.equal([
      'ecs-local: hint: arn:aws:secretsmanager:eu-west-1:111122223333:secret:db-AbCdEf:Password::: the secret has the JSON key "password", not "Password" (JSON keys are case-sensitive)',
    ]);
  });
});
