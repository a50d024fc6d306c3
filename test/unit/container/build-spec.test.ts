import { expect } from 'chai';
import type { HostConfig } from '../../../src/docker/types.js';
import { buildTaskSpec, type BuildTaskSpecOptions } from '../../../src/container/build-spec.js';
import type { ContainerSpec, TaskSpec } from '../../../src/container/spec.js';
import type { ContainerDefinition, TaskDefinition } from '../../../src/taskdef/types.js';
import { containerDef, resolved, TASK_ARN, TASK_ID, taskDef, type ResolvedExtras } from './fixtures.js';

const OPTS: BuildTaskSpecOptions = { cwd: '/work/project' };
const MIB = 1024 * 1024;
const SEC = 1_000_000_000;

function build(td: TaskDefinition, extras: ResolvedExtras = {}, opts: Partial<BuildTaskSpecOptions> = {}): TaskSpec {
  return buildTaskSpec(resolved(td, extras), { ...OPTS, ...opts });
}

/** The one container of a task built from one container definition. */
function one(overrides: Partial<ContainerDefinition>, tdOverrides: Partial<TaskDefinition> = {}, extras: ResolvedExtras = {}): ContainerSpec {
  const spec = build(taskDef([containerDef(overrides)], tdOverrides), extras);
  const c = spec.containers[0];
  if (c === undefined) throw new Error('no container');
  return c;
}

function host(c: ContainerSpec): HostConfig {
  return c.create.HostConfig ?? {};
}

function warningsOf(overrides: Partial<ContainerDefinition>, tdOverrides: Partial<TaskDefinition> = {}): string[] {
  return build(taskDef([containerDef(overrides)], tdOverrides)).warnings;
}

describe('buildTaskSpec', () => {
  describe('process and image', () => {
    const cases: [string, Partial<ContainerDefinition>, (c: ContainerSpec) => unknown, unknown][] = [
      ['image → Image', { image: 'nginx:1.27' }, (c) => c.create.Image, 'nginx:1.27'],
      ['entryPoint → Entrypoint', { entryPoint: ['/bin/sh', '-c'] }, (c) => c.create.Entrypoint, ['/bin/sh', '-c']],
      ['command → Cmd', { command: ['echo', 'hi'] }, (c) => c.create.Cmd, ['echo', 'hi']],
      ['workingDirectory → WorkingDir', { workingDirectory: '/srv' }, (c) => c.create.WorkingDir, '/srv'],
      ['user → User', { user: '1000:1000' }, (c) => c.create.User, '1000:1000'],
      ['interactive → OpenStdin', { interactive: true }, (c) => c.create.OpenStdin, true],
      ['pseudoTerminal → Tty', { pseudoTerminal: true }, (c) => c.create.Tty, true],
      ['disableNetworking → NetworkDisabled', { disableNetworking: true }, (c) => c.create.NetworkDisabled, true],
      ['privileged → Privileged', { privileged: true }, (c) => host(c).Privileged, true],
      ['readonlyRootFilesystem → ReadonlyRootfs', { readonlyRootFilesystem: true }, (c) => host(c).ReadonlyRootfs, true],
      ['memory MiB → Memory bytes', { memory: 256 }, (c) => host(c).Memory, 256 * MIB],
      ['memoryReservation MiB → bytes', { memoryReservation: 128 }, (c) => host(c).MemoryReservation, 128 * MIB],
      ['cpu → CpuShares', { cpu: 512 }, (c) => host(c).CpuShares, 512],
      ['cpu absent → 2 shares (agent minimum)', {}, (c) => host(c).CpuShares, 2],
      ['cpu 0 → 2 shares', { cpu: 0 }, (c) => host(c).CpuShares, 2],
      ['cpu 1 → 2 shares', { cpu: 1 }, (c) => host(c).CpuShares, 2],
      ['essential defaults to true', {}, (c) => c.essential, true],
      ['essential false kept', { essential: false }, (c) => c.essential, false],
      ['stopTimeout defaults to 30', {}, (c) => c.stopTimeoutSeconds, 30],
      ['stopTimeout also set on Docker', { stopTimeout: 45 }, (c) => c.create.StopTimeout, 45],
      ['startTimeout defaults to 180 [INF]', {}, (c) => c.startTimeoutSeconds, 180],
      ['startTimeout kept', { startTimeout: 20 }, (c) => c.startTimeoutSeconds, 20],
      [
        'systemControls → Sysctls',
        { systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }] },
        (c) => host(c).Sysctls,
        { 'net.core.somaxconn': '1024' },
      ],
      [
        'ulimits → Ulimits',
        { ulimits: [{ name: 'nofile', softLimit: 1024, hardLimit: 4096 }] },
        (c) => host(c).Ulimits,
        [{ Name: 'nofile', Soft: 1024, Hard: 4096 }],
      ],
      [
        'dockerSecurityOptions → SecurityOpt',
        { dockerSecurityOptions: ['no-new-privileges'] },
        (c) => host(c).SecurityOpt,
        ['no-new-privileges'],
      ],
    ];
    for (const [title, overrides, pick, expected] of cases) {
      it(title, () => {
        expect(pick(one(overrides))).to.deep.equal(expected);
      });
    }

    it('gives the container a deterministic, sanitised Docker name', () => {
      const c = one({ name: 'web app/1' });
      expect(c.dockerName).to.equal(`ecs-local-demo-${TASK_ID.slice(0, 8)}-web-app-1`);
      expect(c.create.name).to.equal(c.dockerName);
    });
  });

  describe('environment', () => {
    it('passes the resolved environment as NAME=value in the request body', () => {
      const c = one({}, {}, { env: { app: { A: '1', SECRET: 'p@ss=word' } } });
      expect(c.create.Env).to.deep.equal(['A=1', 'SECRET=p@ss=word']);
    });

    it('never puts values in Cmd or Entrypoint', () => {
      const c = one({ command: ['run'] }, {}, { env: { app: { TOKEN: 'tok-123' } } });
      expect(JSON.stringify([c.create.Cmd, c.create.Entrypoint])).not.to.contain('tok-123');
    });

    it('carries registry credentials from repositoryCredentials', () => {
      const c = one({}, {}, { registryAuth: { app: { username: 'u', password: 'p' } } });
      expect(c.registryAuth).to.deep.equal({ username: 'u', password: 'p' });
    });
  });

  describe('labels', () => {
    it('sets ECS labels, ecs-local labels, and dockerLabels under them', () => {
      const c = one({ dockerLabels: { team: 'core', 'com.amazonaws.ecs.cluster': 'spoofed' } });
      expect(c.create.Labels).to.deep.include({
        team: 'core',
        'com.amazonaws.ecs.cluster': 'default',
        'com.amazonaws.ecs.task-arn': TASK_ARN,
        'com.amazonaws.ecs.task-definition-family': 'demo',
        'com.amazonaws.ecs.task-definition-version': '1',
        'com.amazonaws.ecs.container-name': 'app',
        'ecs-local.managed': 'true',
        'ecs-local.task-id': TASK_ID,
        'ecs-local.family': 'demo',
        'ecs-local.container': 'app',
      });
    });

    it('uses the revision given, else the file revision', () => {
      const td = taskDef([containerDef()], { revision: 7 });
      expect(build(td).revision).to.equal(7);
      expect(build(td, {}, { revision: 9 }).containers[0]?.create.Labels?.['com.amazonaws.ecs.task-definition-version']).to.equal('9');
    });
  });

  describe('health check', () => {
    it('sets ECS defaults explicitly, in nanoseconds', () => {
      const c = one({ healthCheck: { command: ['CMD-SHELL', 'test -f /ok || exit 1'] } });
      expect(c.create.Healthcheck).to.deep.equal({
        Test: ['CMD-SHELL', 'test -f /ok || exit 1'],
        Interval: 30 * SEC,
        Timeout: 5 * SEC,
        Retries: 3,
        StartPeriod: 0,
      });
      expect(c.hasHealthCheck).to.equal(true);
    });

    it('keeps given values', () => {
      const c = one({ healthCheck: { command: ['CMD', 'true'], interval: 5, timeout: 2, retries: 1, startPeriod: 10 } });
      expect(c.create.Healthcheck).to.deep.equal({ Test: ['CMD', 'true'], Interval: 5 * SEC, Timeout: 2 * SEC, Retries: 1, StartPeriod: 10 * SEC });
    });

    it('leaves Healthcheck unset without a healthCheck, so HEALTHY dependencies can tell', () => {
      const c = one({});
      expect(c.create.Healthcheck).to.equal(undefined);
      expect(c.hasHealthCheck).to.equal(false);
    });
  });

  describe('linuxParameters', () => {
    it('maps capabilities, init, shared memory, tmpfs and devices', () => {
      const c = one({
        linuxParameters: {
          capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] },
          initProcessEnabled: true,
          sharedMemorySize: 64,
          tmpfs: [{ containerPath: '/run', size: 32, mountOptions: ['noexec', 'nosuid'] }],
          devices: [
            { hostPath: '/dev/fuse' },
            { hostPath: '/dev/snd', containerPath: '/dev/audio', permissions: ['read', 'write'] },
          ],
        },
      });
      expect(host(c)).to.deep.include({
        CapAdd: ['SYS_PTRACE'],
        CapDrop: ['NET_RAW'],
        Init: true,
        ShmSize: 64 * MIB,
        Tmpfs: { '/run': 'noexec,nosuid,size=32m' },
        Devices: [
          { PathOnHost: '/dev/fuse', PathInContainer: '/dev/fuse', CgroupPermissions: 'rwm' },
          { PathOnHost: '/dev/snd', PathInContainer: '/dev/audio', CgroupPermissions: 'rw' },
        ],
      });
    });

    it('maps maxSwap to memory + swap, with swappiness 60 by default', () => {
      const c = one({ memory: 100, linuxParameters: { maxSwap: 50 } });
      expect(host(c).MemorySwap).to.equal(150 * MIB);
      expect(host(c).MemorySwappiness).to.equal(60);
    });

    it('warns instead of setting swap without a memory limit', () => {
      const warnings = warningsOf({ linuxParameters: { maxSwap: 50 } });
      expect(warnings).to.deep.equal([
        'containerDefinitions[0].linuxParameters.maxSwap (container "app"): not applied: Docker needs the container-level "memory" to limit swap',
      ]);
    });
  });

  describe('network mode', () => {
    it('defaults to bridge on EC2 and awsvpc on Fargate', () => {
      expect(build(taskDef()).networkMode).to.equal('bridge');
      expect(build(taskDef(), { context: { launchType: 'FARGATE' } }).networkMode).to.equal('awsvpc');
    });

    it('sets hostname, DNS, extra hosts and links in bridge mode', () => {
      const spec = build(
        taskDef([
          containerDef({ name: 'db' }),
          containerDef({
            hostname: 'web',
            dnsServers: ['10.0.0.2'],
            dnsSearchDomains: ['corp.local'],
            extraHosts: [{ hostname: 'api', ipAddress: '10.1.1.1' }],
            links: ['db:database', 'db'],
          }),
        ]),
      );
      const c = spec.containers[1];
      if (c === undefined) throw new Error('missing');
      const db = `ecs-local-demo-${TASK_ID.slice(0, 8)}-db`;
      expect(c.create.Hostname).to.equal('web');
      expect(host(c)).to.deep.include({
        Dns: ['10.0.0.2'],
        DnsSearch: ['corp.local'],
        ExtraHosts: ['api:10.1.1.1'],
        Links: [`${db}:database`, `${db}:db`],
      });
      expect(spec.warnings).to.deep.equal([]);
    });

    it('does not apply hostname, DNS, extra hosts or links in awsvpc, one warning each', () => {
      const spec = build(
        taskDef(
          [containerDef({ hostname: 'web', dnsServers: ['10.0.0.2'], extraHosts: [{ hostname: 'a', ipAddress: '1.1.1.1' }], links: ['x'] })],
          { networkMode: 'awsvpc' },
        ),
      );
      const c = spec.containers[0];
      expect(c?.create.Hostname).to.equal(undefined);
      expect(host(c as ContainerSpec).Dns).to.equal(undefined);
      expect(spec.warnings).to.deep.equal([
        'containerDefinitions[0].hostname (container "app"): not applied: ECS does not support hostname in awsvpc network mode',
        'containerDefinitions[0].dnsServers (container "app"): not applied: ECS does not support it in awsvpc network mode',
        'containerDefinitions[0].extraHosts (container "app"): not applied: ECS does not support it in awsvpc network mode',
        'containerDefinitions[0].links (container "app"): not applied: links need the bridge network mode (the task uses awsvpc)',
      ]);
    });

    it('maps pidMode/ipcMode host onto every container and reports task mode for the runtime', () => {
      const hostMode = build(taskDef([containerDef()], { pidMode: 'host', ipcMode: 'host' }));
      expect(host(hostMode.containers[0] as ContainerSpec)).to.deep.include({ PidMode: 'host', IpcMode: 'host' });
      const taskMode = build(taskDef([containerDef()], { pidMode: 'task', ipcMode: 'task' }));
      expect([taskMode.pidMode, taskMode.ipcMode]).to.deep.equal(['task', 'task']);
      expect(host(taskMode.containers[0] as ContainerSpec).PidMode).to.equal(undefined);
    });
  });

  describe('ports', () => {
    it('bridge without hostPort → dynamic host port', () => {
      const c = one({ portMappings: [{ containerPort: 80 }] });
      expect(c.create.ExposedPorts).to.deep.equal({ '80/tcp': {} });
      expect(host(c).PortBindings).to.deep.equal({ '80/tcp': [{ HostPort: '' }] });
      expect(c.ports).to.deep.equal([{ containerPort: 80, protocol: 'tcp' }]);
    });

    it('bridge with hostPort and udp', () => {
      const c = one({ portMappings: [{ containerPort: 53, hostPort: 5353, protocol: 'udp' }] });
      expect(host(c).PortBindings).to.deep.equal({ '53/udp': [{ HostPort: '5353' }] });
    });

    it('bridge containerPortRange → one dynamic binding per port', () => {
      const c = one({ portMappings: [{ containerPortRange: '8000-8002' }] });
      expect(Object.keys(c.create.ExposedPorts ?? {})).to.deep.equal(['8000/tcp', '8001/tcp', '8002/tcp']);
      expect(host(c).PortBindings?.['8001/tcp']).to.deep.equal([{ HostPort: '' }]);
    });

    it('host mode → host port is the container port and nothing is published', () => {
      const c = one({ portMappings: [{ containerPort: 8080 }] }, { networkMode: 'host' });
      expect(c.ports).to.deep.equal([{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }]);
      expect(host(c).PortBindings).to.equal(undefined);
    });

    it('awsvpc → ports go to the shared namespace with hostPort = containerPort', () => {
      const spec = build(
        taskDef(
          [
            containerDef({ name: 'web', portMappings: [{ containerPort: 80 }] }),
            containerDef({ name: 'admin', portMappings: [{ containerPortRange: '9000-9001' }] }),
          ],
          { networkMode: 'awsvpc' },
        ),
      );
      expect(spec.containers[0]?.create.ExposedPorts).to.equal(undefined);
      expect(host(spec.containers[0] as ContainerSpec).PortBindings).to.equal(undefined);
      expect(spec.networkNamespace).to.deep.equal({
        ExposedPorts: { '80/tcp': {}, '9000/tcp': {}, '9001/tcp': {} },
        PortBindings: { '80/tcp': [{ HostPort: '80' }], '9000/tcp': [{ HostPort: '9000' }], '9001/tcp': [{ HostPort: '9001' }] },
      });
    });

    it('network mode none → nothing published, one warning', () => {
      const spec = build(taskDef([containerDef({ portMappings: [{ containerPort: 80 }] })], { networkMode: 'none' }));
      expect(spec.containers[0]?.ports).to.deep.equal([]);
      expect(spec.warnings).to.deep.equal([
        'containerDefinitions[0].portMappings (container "app"): not published: the task uses network mode "none"',
      ]);
    });
  });

  describe('volumes', () => {
    const volumeTask = (volumes: TaskDefinition['volumes'], readOnly = false): TaskSpec =>
      build(taskDef([containerDef({ mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly }] })], { volumes }));

    it('host.sourcePath → bind mount, read-only when asked', () => {
      const spec = volumeTask([{ name: 'data', host: { sourcePath: '/srv/data' } }], true);
      expect(host(spec.containers[0] as ContainerSpec).Binds).to.deep.equal(['/srv/data:/data:ro']);
      expect(spec.volumes).to.deep.equal([]);
    });

    it('a relative sourcePath is taken from the working directory [INF]', () => {
      const spec = volumeTask([{ name: 'data', host: { sourcePath: 'fixtures' } }]);
      expect(host(spec.containers[0] as ContainerSpec).Binds).to.deep.equal(['/work/project/fixtures:/data']);
    });

    it('an empty host → an empty task-scoped Docker volume', () => {
      const spec = volumeTask([{ name: 'data', host: {} }]);
      const name = `ecs-local-${TASK_ID}-data`;
      expect(host(spec.containers[0] as ContainerSpec).Binds).to.deep.equal([`${name}:/data`]);
      expect(spec.volumes).to.have.length(1);
      expect(spec.volumes[0]).to.include({ dockerName: name, scope: 'task', driver: 'local' });
      expect(spec.volumes[0]?.labels).to.deep.include({ 'ecs-local.task-id': TASK_ID, 'ecs-local.role': 'volume' });
    });

    it('dockerVolumeConfiguration scope task → task volume with driver, options and labels', () => {
      const spec = volumeTask([
        { name: 'data', dockerVolumeConfiguration: { scope: 'task', driver: 'local', driverOpts: { type: 'tmpfs' }, labels: { a: 'b' } } },
      ]);
      expect(spec.volumes[0]).to.deep.include({ dockerName: `ecs-local-${TASK_ID}-data`, scope: 'task', driverOpts: { type: 'tmpfs' } });
      expect(spec.volumes[0]?.labels).to.deep.include({ a: 'b', 'ecs-local.managed': 'true' });
    });

    it('dockerVolumeConfiguration scope shared → the named volume, autoprovision as given', () => {
      const spec = volumeTask([{ name: 'data', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } }]);
      expect(spec.volumes[0]).to.deep.include({ dockerName: 'data', scope: 'shared', autoprovision: true, labels: {} });
      expect(host(spec.containers[0] as ContainerSpec).Binds).to.deep.equal(['data:/data']);
    });

    it('EFS → a persistent local stand-in volume, with a warning', () => {
      const spec = volumeTask([{ name: 'data', efsVolumeConfiguration: { fileSystemId: 'fs-1234' } }]);
      expect(host(spec.containers[0] as ContainerSpec).Binds).to.deep.equal(['ecs-local-efs-fs-1234:/data']);
      expect(spec.volumes[0]).to.deep.include({ scope: 'shared', autoprovision: true });
      expect(spec.warnings).to.deep.equal([
        'volumes[0].efsVolumeConfiguration: EFS file system fs-1234 is not reachable locally; using the local Docker volume "ecs-local-efs-fs-1234", kept between runs',
      ]);
    });

    it('a mount point naming no volume is ECS\'s ClientException', () => {
      expect(() => volumeTask([{ name: 'other', host: {} }]))
        .to.throw("Unknown volume 'data'.")
        .with.property('errorName', 'ClientException');
    });

    it('volumesFrom → VolumesFrom with the other container\'s Docker name', () => {
      const spec = build(
        taskDef([containerDef({ name: 'src' }), containerDef({ name: 'app', volumesFrom: [{ sourceContainer: 'src', readOnly: true }] })]),
      );
      expect(host(spec.containers[1] as ContainerSpec).VolumesFrom).to.deep.equal([`ecs-local-demo-${TASK_ID.slice(0, 8)}-src:ro`]);
    });
  });

  describe('logging', () => {
    it('awslogs → json-file locally, with the ECS stream name and one warning', () => {
      const spec = build(
        taskDef([
          containerDef({
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/demo', 'awslogs-stream-prefix': 'ecs' } },
          }),
        ]),
      );
      const c = spec.containers[0] as ContainerSpec;
      expect(host(c).LogConfig).to.deep.equal({ Type: 'json-file', Config: {} });
      expect(c.logDriver).to.equal('awslogs');
      expect(c.logStream).to.equal(`ecs/app/${TASK_ID}`);
      expect(spec.warnings).to.deep.equal([
        'containerDefinitions[0].logConfiguration.logDriver (container "app"): "awslogs" is not used locally; logs go to Docker\'s json-file driver and ecs-local prints them',
      ]);
    });

    it('json-file keeps its options, resolved ones first', () => {
      const c = one(
        { logConfiguration: { logDriver: 'json-file', options: { 'max-size': '1m' } } },
        {},
        { logOptions: { app: { 'max-size': '5m' } } },
      );
      expect(host(c).LogConfig).to.deep.equal({ Type: 'json-file', Config: { 'max-size': '5m' } });
    });

    it('no logConfiguration → the daemon default, no stream', () => {
      const c = one({});
      expect(host(c).LogConfig).to.equal(undefined);
      expect(c.logStream).to.equal(undefined);
    });
  });

  describe('restart and timeouts', () => {
    it('restartPolicy is left to the runtime with ECS defaults; Docker keeps "no" [INF]', () => {
      const c = one({ restartPolicy: { enabled: true, ignoredExitCodes: [0] } });
      expect(c.restartPolicy).to.deep.equal({ ignoredExitCodes: [0], restartAttemptPeriodSeconds: 300 });
      expect(host(c).RestartPolicy).to.equal(undefined);
      expect(one({ restartPolicy: { enabled: false } }).restartPolicy).to.equal(undefined);
    });

    it('caps stopTimeout at 120 on Fargate, with a warning', () => {
      const spec = build(taskDef([containerDef({ stopTimeout: 300 })]), { context: { launchType: 'FARGATE' } });
      expect(spec.containers[0]?.stopTimeoutSeconds).to.equal(120);
      expect(spec.warnings).to.deep.equal([
        'containerDefinitions[0].stopTimeout (container "app"): 300 s is over Fargate\'s maximum; using 120 s',
      ]);
      expect(build(taskDef([containerDef({ stopTimeout: 300 })])).containers[0]?.stopTimeoutSeconds).to.equal(300);
    });
  });

  describe('platform', () => {
    it('asks for the task architecture and warns when it differs from the host', () => {
      const spec = build(taskDef([containerDef()], { runtimePlatform: { cpuArchitecture: 'ARM64' } }), {}, { hostPlatform: 'linux/amd64' });
      expect(spec.containers[0]?.create.platform).to.equal('linux/arm64');
      expect(spec.warnings).to.deep.equal([
        'runtimePlatform.cpuArchitecture: ARM64 differs from this engine (linux/amd64); images are pulled and run as linux/arm64, which only an engine that emulates it runs (binfmt/QEMU; else "exec format error"); --platform linux/amd64 runs them natively',
      ]);
    });

    it('--platform overrides runtimePlatform, without a warning, for the x86 task on an arm64 engine too', () => {
      const spec = build(taskDef([containerDef()], { runtimePlatform: { cpuArchitecture: 'X86_64' } }), {}, { hostPlatform: 'arm64', platform: 'arm64' });
      expect(spec.containers[0]?.create.platform).to.equal('linux/arm64');
      expect(spec.warnings).to.deep.equal([]);
      const reverse = build(taskDef([containerDef()], { runtimePlatform: { cpuArchitecture: 'X86_64' } }), {}, { hostPlatform: 'arm64' });
      expect(reverse.containers[0]?.create.platform).to.equal('linux/amd64');
      expect(reverse.warnings[0]).to.include('X86_64 differs from this engine (linux/arm64)');
    });

    it('no warning when the host matches (Node arch spelling)', () => {
      const spec = build(taskDef([containerDef()], { runtimePlatform: { cpuArchitecture: 'X86_64' } }), {}, { hostPlatform: 'x64' });
      expect(spec.containers[0]?.create.platform).to.equal('linux/amd64');
      expect(spec.warnings).to.deep.equal([]);
    });
  });

  describe('fields not applied', () => {
    const cases: [string, Partial<ContainerDefinition>, string][] = [
      [
        'resourceRequirements',
        { resourceRequirements: [{ type: 'GPU', value: '1' }] },
        'containerDefinitions[0].resourceRequirements (container "app"): not applied locally (GPU); the container runs without them',
      ],
      [
        'firelensConfiguration',
        { firelensConfiguration: { type: 'fluentbit' } },
        'containerDefinitions[0].firelensConfiguration (container "app"): not applied locally; no FireLens log routing is set up',
      ],
      [
        'credentialSpecs',
        { credentialSpecs: ['credentialspecdomainless:arn:aws:s3:::b/k'] },
        'containerDefinitions[0].credentialSpecs (container "app"): not applied locally (Active Directory credentials)',
      ],
      [
        'dockerSecurityOptions credentialspec',
        { dockerSecurityOptions: ['credentialspec:file://x.json'] },
        'containerDefinitions[0].dockerSecurityOptions (container "app"): credentialspec entries are not applied locally',
      ],
    ];
    for (const [title, overrides, warning] of cases) {
      it(`${title} → one warning line`, () => {
        expect(warningsOf(overrides)).to.deep.equal([warning]);
      });
    }

    const taskCases: [string, Partial<TaskDefinition>, string][] = [
      ['proxyConfiguration', { proxyConfiguration: { type: 'APPMESH', containerName: 'envoy' } }, 'proxyConfiguration: not applied locally; no App Mesh proxy is configured'],
      ['placementConstraints', { placementConstraints: [{ type: 'memberOf' }] }, 'placementConstraints: ignored locally: the task runs on this Docker host'],
      ['inferenceAccelerators', { inferenceAccelerators: [{ deviceName: 'd1', deviceType: 'eia2.medium' }] }, 'inferenceAccelerators: not applied locally'],
      ['ephemeralStorage', { ephemeralStorage: { sizeInGiB: 50 } }, 'ephemeralStorage: not applied locally; containers use Docker storage'],
    ];
    for (const [title, overrides, warning] of taskCases) {
      it(`${title} → one warning line`, () => {
        expect(warningsOf({}, overrides)).to.deep.equal([warning]);
      });
    }

    it('a plain busybox task has no warnings', () => {
      expect(warningsOf({})).to.deep.equal([]);
    });
  });

  describe('registration checks', () => {
    it('rejects a dependency on an essential container with SUCCESS', () => {
      const td = taskDef([containerDef({ name: 'init' }), containerDef({ dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })]);
      expect(() => build(td)).to.throw('A dependency container with SUCCESS or COMPLETE condition cannot be an essential container');
    });
  });
});
