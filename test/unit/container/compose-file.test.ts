import { expect } from 'chai';
import fc from 'fast-check';
import { parse } from 'yaml';
import { composeFile, ENDPOINTS_SERVICE, envFileLine, escapeInterpolation, interpolationSafe, PAUSE_SERVICE, projectName, type ComposeExport } from '../../../src/container/compose-file.js';
import type { EnvVar } from '../../../src/env/types.js';
import type { ResolvedTask } from '../../../src/secrets/types.js';
import type { ContainerDefinition, TaskDefinition } from '../../../src/taskdef/types.js';
import { thrownMessage } from '../../support/thrown.js';
import { context, resolved } from './fixtures.js';

const OPTS = { cwd: '/work/project', envFilePath: (c: string) => `./shop.${c}.env` };

/** A resolved task whose containers' environments carry where each value came from. */
function withEnv(td: TaskDefinition, env: Record<string, EnvVar[]>, launchType: 'FARGATE' | 'EC2' = 'FARGATE'): ResolvedTask {
  const task = resolved(td, { context: { launchType } });
  return { ...task, context: context({ launchType }), containers: task.containers.map((c) => ({ ...c, environment: env[c.name] ?? [] })) };
}

const plain = (name: string, value: string): EnvVar => ({ name, value, source: { kind: 'environment' } });
const secret = (name: string, value: string, valueFrom: string): EnvVar => ({ name, value, source: { kind: 'secret', valueFrom } });

/**
 * Shaped like a console export of a Fargate web service: an nginx front, the app with its
 * secrets, a one-shot migration the app waits for, and an X-Ray daemon sidecar.
 */
function fargateShop(): TaskDefinition {
  const logs = (prefix: string): ContainerDefinition['logConfiguration'] => ({
    logDriver: 'awslogs',
    options: { 'awslogs-group': '/ecs/shop', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': prefix },
    secretOptions: [],
  });
  return {
    family: 'Shop_Web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '1024',
    memory: '2048',
    executionRoleArn: 'arn:aws:iam::111122223333:role/ecsTaskExecutionRole',
    volumes: [{ name: 'static' }, { name: 'certs', host: { sourcePath: 'certs' } }],
    containerDefinitions: [
      {
        name: 'nginx',
        image: 'public.ecr.aws/nginx/nginx:1.27',
        cpu: 0,
        essential: true,
        portMappings: [{ name: 'nginx-80-tcp', containerPort: 80, hostPort: 80, protocol: 'tcp', appProtocol: 'http' }],
        environment: [],
        environmentFiles: [],
        mountPoints: [
          { sourceVolume: 'static', containerPath: '/usr/share/nginx/html', readOnly: true },
          { sourceVolume: 'certs', containerPath: '/etc/nginx/certs', readOnly: true },
        ],
        volumesFrom: [{ sourceContainer: 'app', readOnly: true }],
        dependsOn: [{ containerName: 'app', condition: 'HEALTHY' }],
        healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/health?a=1&b=2 || exit 1'], interval: 15, retries: 5 },
        logConfiguration: logs('nginx'),
      },
      {
        name: 'app',
        image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop:4.2.0',
        essential: true,
        portMappings: [{ containerPort: 8080 }, { containerPort: 80 }],
        environment: [{ name: 'PRICE_FORMAT', value: '$%.2f' }],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbCdEf:password::' }],
        dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }, { containerName: 'xray', condition: 'START' }],
        healthCheck: { command: ['CMD-SHELL', 'wget -qO- http://localhost:8080/health || exit 1'], startPeriod: 60 },
        mountPoints: [{ sourceVolume: 'static', containerPath: '/srv/static' }],
        ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }],
        linuxParameters: { initProcessEnabled: true, capabilities: { drop: ['NET_RAW'] } },
        stopTimeout: 120,
        logConfiguration: logs('app'),
      },
      {
        name: 'migrate',
        image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/shop:4.2.0',
        essential: false,
        command: ['bin/rails', 'db:migrate'],
        secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop/db-AbCdEf:password::' }],
      },
      { name: 'xray', image: 'public.ecr.aws/xray/aws-xray-daemon:3.3', essential: false, cpu: 32, memoryReservation: 256, portMappings: [{ containerPort: 2000, protocol: 'udp' }] },
    ],
  };
}

function shop(): ComposeExport {
  return composeFile(
    withEnv(fargateShop(), {
      app: [secret('DB_PASSWORD', 'pa$$word', 'arn:…:password::'), plain('PRICE_FORMAT', '$%.2f'), { name: 'AWS_EXECUTION_ENV', value: 'AWS_ECS_FARGATE', source: { kind: 'injected', by: 'ecs' } }],
      migrate: [secret('DB_PASSWORD', 'pa$$word', 'arn:…:password::'), { name: 'FROM_S3', value: 'x', source: { kind: 'environmentFile', file: 'arn:aws:s3:::b/app.env' } }],
    }),
    OPTS,
  );
}

describe('composeFile: the task as a compose file', () => {
  it('awsvpc: every container joins one pause service, which publishes each port once (host = container port)', () => {
    const { file } = shop();
    expect(Object.keys(file.services)).to.deep.equal([PAUSE_SERVICE, 'nginx', 'app', 'migrate', 'xray']);
    const pause = file.services[PAUSE_SERVICE];
    expect(pause?.ports).to.deep.equal([
      { target: 80, published: '80', protocol: 'tcp' },
      { target: 8080, published: '8080', protocol: 'tcp' },
      { target: 2000, published: '2000', protocol: 'udp' },
    ]);
    expect(pause?.stop_signal).to.equal('SIGKILL');
    for (const name of ['nginx', 'app', 'migrate', 'xray']) {
      expect(file.services[name]?.network_mode, name).to.equal(`service:${PAUSE_SERVICE}`);
      expect(file.services[name]?.ports, name).to.equal(undefined);
      expect(file.services[name]?.depends_on?.[PAUSE_SERVICE], name).to.deep.equal({ condition: 'service_started' });
    }
    expect(file.name).to.equal('shop_web');
  });

  it('dependsOn: START, SUCCESS, HEALTHY map to compose conditions; COMPLETE is the closest, with a warning', () => {
    const { file } = shop();
    expect(file.services['nginx']?.depends_on?.['app']).to.deep.equal({ condition: 'service_healthy' });
    expect(file.services['app']?.depends_on).to.deep.include({
      migrate: { condition: 'service_completed_successfully' },
      xray: { condition: 'service_started' },
    });
    const td = fargateShop();
    const migrateDep = td.containerDefinitions[1]?.dependsOn?.[0];
    if (migrateDep) migrateDep.condition = 'COMPLETE';
    const out = composeFile(withEnv(td, {}), OPTS);
    expect(out.file.services['app']?.depends_on?.['migrate']).to.deep.equal({ condition: 'service_completed_successfully' });
    expect(out.warnings.join('\n')).to.include('containerDefinitions[1].dependsOn (container "app"): COMPLETE on "migrate" becomes service_completed_successfully');
  });

  it('a dependency cycle is refused as RegisterTaskDefinition refuses it', () => {
    const td = fargateShop();
    td.containerDefinitions[1]!.dependsOn = [{ containerName: 'nginx', condition: 'START' }];
    expect(thrownMessage(() => composeFile(withEnv(td, {}), OPTS))).to.equal('Container dependencies should not have a cycle: nginx -> app -> nginx');
  });

  it("healthCheck: the command as written, ECS's defaults filled in, in compose durations", () => {
    const { file } = shop();
    expect(file.services['nginx']?.healthcheck).to.deep.equal({
      test: ['CMD-SHELL', 'curl -f http://localhost/health?a=1&b=2 || exit 1'],
      interval: '15s',
      timeout: '5s',
      retries: 5,
      start_period: '0s',
    });
    expect(file.services['app']?.healthcheck).to.deep.include({ interval: '30s', retries: 3, start_period: '60s' });
  });

  it('secrets and environment-file values go to the env file only; the rest stays inline', () => {
    const out = shop();
    expect(out.file.services['app']?.environment).to.deep.equal(['PRICE_FORMAT=$%.2f', 'AWS_EXECUTION_ENV=AWS_ECS_FARGATE']);
    expect(out.file.services['app']?.env_file).to.deep.equal(['./shop.app.env']);
    expect(out.file.services['migrate']?.environment).to.equal(undefined);
    expect(out.envFiles.map((e) => [e.service, e.path, e.vars.map((v) => v.name)])).to.deep.equal([
      ['app', './shop.app.env', ['DB_PASSWORD']],
      ['migrate', './shop.migrate.env', ['DB_PASSWORD', 'FROM_S3']],
    ]);
    expect(JSON.stringify(out.file)).to.not.include('pa$$word');
    expect(out.file.services['xray']?.env_file).to.equal(undefined);
  });

  it('a secret name compose\'s env file parser refuses is named in a warning', () => {
    const td: TaskDefinition = { family: 'x', containerDefinitions: [{ name: 'a', image: 'a' }] };
    const out = composeFile(withEnv(td, { a: [secret('db password', 'v', 'arn:…'), secret('OK_1', 'v', 'arn:…')] }), OPTS);
    expect(out.warnings).to.deep.equal([
      'containerDefinitions[0].secrets (container "a"): db password: compose\'s env file parser accepts only letters, digits and _ . - [ ] in a name, so docker compose will refuse the env file',
    ]);
  });

  it('volumes: empty host → a project volume, sourcePath → a bind from the working directory, volumesFrom kept', () => {
    const { file } = shop();
    expect(file.volumes).to.deep.equal({ static: {} });
    expect(file.services['nginx']?.volumes).to.deep.equal([
      { type: 'volume', source: 'static', target: '/usr/share/nginx/html', read_only: true },
      { type: 'bind', source: '/work/project/certs', target: '/etc/nginx/certs', read_only: true },
    ]);
    expect(file.services['nginx']?.volumes_from).to.deep.equal(['app:ro']);
  });

  it('resources, stop timeout, ulimits and linuxParameters as `run` gives them to Docker', () => {
    const { file, warnings } = shop();
    const app = file.services['app'];
    expect(app).to.deep.include({ cpu_shares: 2, init: true, cap_drop: ['NET_RAW'], ulimits: { nofile: { soft: 65536, hard: 65536 } }, stop_grace_period: '120s' });
    // Each service is held to the task's 1 vCPU and 2048 MiB (its own memory, if any, stays), as `run` holds each container.
    expect(file.services['xray']).to.deep.include({ cpu_shares: 32, cpus: 1, mem_limit: '2048m', mem_reservation: '256m', memswap_limit: '2048m', stop_grace_period: '30s' });
    expect(app).to.deep.include({ cpus: 1 });
    expect(warnings).to.include(
      'cpu/memory: task-level limits are enforced per container locally: each container is held to 1 vCPU and 2048 MiB, but the 4 together may use more',
    );
    expect(warnings.join('\n')).to.include('"awslogs" is left out');
  });

  it('one container: the task-level cpu and memory become its limits', () => {
    const td: TaskDefinition = { family: 'api', networkMode: 'awsvpc', cpu: '0.25 vCPU', memory: '0.5 GB', containerDefinitions: [{ name: 'api', image: 'api:1' }] };
    const { file, warnings } = composeFile(withEnv(td, {}), OPTS);
    expect(file.services['api']).to.deep.include({ cpus: 0.25, mem_limit: '512m' });
    expect(warnings).to.deep.equal([]);
  });

  it('bridge (EC2): Docker\'s default bridge with links, dynamic and fixed host ports, hosts entries; no pause service', () => {
    const td: TaskDefinition = {
      family: 'legacy',
      networkMode: 'bridge',
      volumes: [{ name: 'shared-data', dockerVolumeConfiguration: { scope: 'shared', autoprovision: false, driver: 'local' } }, { name: 'scratch', dockerVolumeConfiguration: { scope: 'task', driver: 'local', labels: { team: 'a' } } }],
      containerDefinitions: [
        {
          name: 'web',
          image: 'nginx:1.27',
          memory: 256,
          links: ['api', 'cache:redis'],
          portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 443 }],
          extraHosts: [{ hostname: 'db.internal', ipAddress: '10.0.0.5' }],
          mountPoints: [{ sourceVolume: 'shared-data', containerPath: '/data' }, { sourceVolume: 'scratch', containerPath: '/tmp/scratch' }],
          linuxParameters: { maxSwap: 512, tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec'] }] },
        },
        { name: 'api', image: 'api:2', memory: 512 },
        { name: 'cache', image: 'redis:7', memory: 128, essential: false },
      ],
    };
    const { file } = composeFile(withEnv(td, {}, 'EC2'), OPTS);
    expect(Object.keys(file.services)).to.deep.equal(['web', 'api', 'cache']);
    const web = file.services['web'];
    expect(web).to.deep.include({
      network_mode: 'bridge',
      links: ['api:api', 'cache:redis'],
      ports: [{ target: 80, published: '8080', protocol: 'tcp' }, { target: 443, protocol: 'tcp' }],
      extra_hosts: ['db.internal:10.0.0.5'],
      mem_limit: '256m',
      memswap_limit: '768m',
      mem_swappiness: 60,
      tmpfs: ['/run:noexec,size=64m'],
    });
    expect(file.volumes).to.deep.equal({ 'shared-data': { name: 'shared-data', external: true }, scratch: { labels: { team: 'a' } } });
  });

  it('a mount point naming no volume fails with RegisterTaskDefinition\'s text', () => {
    const td: TaskDefinition = { family: 'x', containerDefinitions: [{ name: 'a', image: 'a', mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] }] };
    expect(thrownMessage(() => composeFile(withEnv(td, {}, 'EC2'), OPTS))).to.include("Unknown volume 'nope'.");
  });

  it('every `$` of the file is written `$$`, so compose passes the task definition\'s text unchanged', () => {
    expect(escapeInterpolation({ command: ['sh', '-c', 'echo ${HOME} $PATH $$'], n: 3, env: ['A=$x'] })).to.deep.equal({ command: ['sh', '-c', 'echo $${HOME} $$PATH $$$$'], n: 3, env: ['A=$$x'] });
  });

  describe('--endpoints: amazon-ecs-local-container-endpoints at 169.254.170.2, as ecs-cli ran it', () => {
    const withRole = (td: TaskDefinition): TaskDefinition => ({ ...td, taskRoleArn: 'arn:aws:iam::111122223333:role/shop-task' });

    it('awsvpc: the pause service joins its network; containers get the metadata and credentials variables', () => {
      const td = withRole(fargateShop());
      td.containerDefinitions[1]!.environment = [{ name: 'ECS_CONTAINER_METADATA_URI', value: 'mine' }];
      const out = composeFile(withEnv(td, { app: [plain('ECS_CONTAINER_METADATA_URI', 'mine'), secret('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', '/x', 'arn:…')] }), { ...OPTS, endpoints: true });
      const { file } = out;
      expect(file.networks).to.deep.equal({ 'ecs-local-endpoints': { ipam: { config: [{ subnet: '169.254.170.0/24', gateway: '169.254.170.1' }] } } });
      expect(file.services[PAUSE_SERVICE]?.networks).to.deep.equal(['ecs-local-endpoints']);
      expect(file.services[ENDPOINTS_SERVICE]).to.deep.include({ image: 'amazon/amazon-ecs-local-container-endpoints', networks: { 'ecs-local-endpoints': { ipv4_address: '169.254.170.2' } } });
      expect(file.services['nginx']?.environment).to.deep.equal([
        'ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/containers/shop_web-nginx-1',
        'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI=/creds',
      ]);
      // ECS's injected variable wins over `environment`; a secret of the same name wins over it.
      expect(file.services['app']?.environment).to.deep.equal(['ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/containers/shop_web-app-1']);
      expect(file.services['app']?.depends_on?.[ENDPOINTS_SERVICE]).to.deep.equal({ condition: 'service_started' });
      expect(file.services['app']?.network_mode).to.equal(`service:${PAUSE_SERVICE}`);
      // Only the endpoints service's ${HOME} and ${AWS_PROFILE} are left for compose to fill in.
      const safe = interpolationSafe(file);
      expect(safe.services[ENDPOINTS_SERVICE]?.volumes).to.include('${HOME}/.aws/:/home/.aws/:ro');
      expect(safe.services['app']?.environment).to.deep.equal(['ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/containers/shop_web-app-1']);
      expect(safe.services['nginx']?.healthcheck?.test).to.deep.equal(['CMD-SHELL', 'curl -f http://localhost/health?a=1&b=2 || exit 1']);
    });

    it('without a task role, no credentials variable', () => {
      const { file } = composeFile(withEnv(fargateShop(), {}), { ...OPTS, endpoints: true });
      expect(file.services['xray']?.environment).to.deep.equal(['ECS_CONTAINER_METADATA_URI=http://169.254.170.2/v3/containers/shop_web-xray-1']);
    });

    it('bridge: the containers join the endpoints network instead of Docker\'s bridge, with a warning; host: not applied', () => {
      const td: TaskDefinition = { family: 'b', networkMode: 'bridge', containerDefinitions: [{ name: 'web', image: 'nginx', links: ['api'] }, { name: 'api', image: 'api' }] };
      const out = composeFile(withEnv(td, {}, 'EC2'), { ...OPTS, endpoints: true });
      expect(out.file.services['web']).to.deep.include({ networks: ['ecs-local-endpoints'], links: ['api:api'] });
      expect(out.file.services['web']?.network_mode).to.equal(undefined);
      expect(out.warnings.join('\n')).to.include('with --endpoints the containers join the ecs-local-endpoints network');
      const host = composeFile(withEnv({ ...td, networkMode: 'host', containerDefinitions: [{ name: 'web', image: 'nginx' }] }, {}, 'EC2'), { ...OPTS, endpoints: true });
      expect(host.file.services[ENDPOINTS_SERVICE]).to.equal(undefined);
      expect(host.warnings).to.include('networkMode: --endpoints is not applied: 169.254.170.2 cannot be reached in host network mode');
    });
  });

  it('project names are what compose accepts', () => {
    expect(projectName('My.App_v2')).to.equal('my-app_v2');
    expect(projectName('--x')).to.equal('x');
  });
});

/**
 * The quoted values of compose's env files, as compose-go's dotenv parser reads them
 * (dotenv/parser.go extractVarValue, expandEscapes, then `$$` → `$`): the oracle for envFileLine.
 */
function composeReads(line: string): { name: string; value: string } {
  const eq = line.indexOf('=');
  const name = line.slice(0, eq);
  const src = line.slice(eq + 1);
  const quote = src[0];
  if (quote !== "'" && quote !== '"') throw new Error(`unquoted: ${line}`);
  let escape = false;
  let chars = '';
  for (let i = 1; i < src.length; i++) {
    const ch = src[i] as string;
    if (ch !== quote) {
      if (!escape && ch === '\\') {
        escape = true;
        continue;
      }
      if (escape) {
        escape = false;
        chars += '\\';
      }
      chars += ch;
      continue;
    }
    if (escape) {
      escape = false;
      chars += ch;
      continue;
    }
    if (src.slice(i + 1) !== '\n') throw new Error(`text after the closing quote: ${JSON.stringify(line)}`);
    if (quote === "'") return { name, value: chars };
    const unescaped = chars.replace(/\\([abcfnrtv$"\\])/g, (_, c: string) => (c === '$' ? '$$' : ({ n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' } as Record<string, string>)[c] ?? `\\${c}`));
    if (/\$(?!\$)/.test(unescaped.replace(/\$\$/g, ''))) throw new Error(`interpolated: ${JSON.stringify(line)}`);
    return { name, value: unescaped.replace(/\$\$/g, '$') };
  }
  throw new Error(`unterminated: ${JSON.stringify(line)}`);
}

describe('envFileLine: a compose env file line that reads back as the exact value', () => {
  const cases: [string, string][] = [
    ['plain', "NAME='plain'\n"],
    ['$HOME and ${X}', "NAME='$HOME and ${X}'\n"],
    ["it's", "NAME='it\\'s'\n"],
    ['ends with \\', 'NAME="ends with \\\\"\n'],
    ['two\nlines', 'NAME="two\\nlines"\n'],
    ['{"a":"$b"}', `NAME='{"a":"$b"}'\n`],
  ];
  for (const [value, line] of cases) {
    it(JSON.stringify(value), () => {
      expect(envFileLine('NAME', value)).to.equal(line);
      expect(composeReads(line)).to.deep.equal({ name: 'NAME', value });
    });
  }

  it('any value reads back unchanged (property)', () => {
    const chars = fc.constantFrom('a', ' ', '$', '{', '}', "'", '"', '\\', '\n', '\r', '#', '=', 'é');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }).map((a) => a.join('')), (value) => {
        expect(composeReads(envFileLine('K', value)).value).to.equal(value);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('the compose file as YAML', () => {
  it('parses back to the same document, with every value that YAML 1.1 would read as a number or boolean quoted', async () => {
    const { stringify } = await import('yaml');
    const doc = escapeInterpolation(shop().file);
    const text = stringify(doc, { version: '1.1', lineWidth: 0 });
    expect(parse(text)).to.deep.equal(doc);
    expect(parse(text, { version: '1.1' })).to.deep.equal(doc);
  });
});
