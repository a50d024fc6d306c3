import { expect } from 'chai';
import Dockerode from 'dockerode';
import type Docker from 'dockerode';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonMessage, DockerEngine, logLineTime, mapInspect } from '../../../src/docker/engine.js';
import { engineProfile } from '../../../src/docker/profile.js';
import { demuxBuffer, DockerStreamDemuxer } from '../../../src/docker/demux.js';
import { Label, labelFilter, objectLabels, taskLabels } from '../../../src/docker/labels.js';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('docker/engine daemonMessage', () => {
  it('prints a daemon refusal as the Docker Go client does', () => {
    const err = Object.assign(new Error('(HTTP code 404) unexpected - pull access denied for nope, repository does not exist '), {
      statusCode: 404,
      json: null,
    });
    expect(daemonMessage(err)).to.equal('Error response from daemon: pull access denied for nope, repository does not exist');
  });

  it('prefers the JSON message of non-stream calls', () => {
    const err = Object.assign(new Error('(HTTP code 409) unexpected - x '), { statusCode: 409, json: { message: 'Conflict. The container name is in use' } });
    expect(daemonMessage(err)).to.equal('Error response from daemon: Conflict. The container name is in use');
  });

  it('passes transport errors through unprefixed', () => {
    expect(daemonMessage(new Error('connect ECONNREFUSED /var/run/docker.sock'))).to.equal('connect ECONNREFUSED /var/run/docker.sock');
  });
});

describe('docker/engine mapInspect', () => {
  const info = {
    Id: 'abc',
    Name: '/ecs-local-web-12345678-app',
    Image: 'sha256:1',
    Config: { Image: 'busybox', Labels: { a: 'b' }, Tty: false },
    State: {
      Status: 'exited',
      Running: false,
      OOMKilled: true,
      ExitCode: 137,
      Error: '',
      StartedAt: '2026-01-01T00:00:00.5Z',
      FinishedAt: '0001-01-01T00:00:00Z',
      Health: { Status: 'unhealthy', FailingStreak: 3, Log: [] },
    },
    NetworkSettings: { Ports: { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '32768' }], '53/udp': null } },
  } as unknown as Docker.ContainerInspectInfo;

  it('maps state, health, times and published ports', () => {
    const d = mapInspect(info);
    expect(d.name).to.equal('ecs-local-web-12345678-app');
    expect(d.image).to.equal('busybox');
    expect(d.state).to.include({ status: 'exited', exitCode: 137, oomKilled: true, health: 'unhealthy' });
    expect(d.state.startedAt?.toISOString()).to.equal('2026-01-01T00:00:00.500Z');
    expect(d.state.finishedAt).to.equal(undefined); // Docker's zero time means "never"
    expect(d.ports).to.deep.equal([{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 32768 }]);
  });
});

describe('docker/demux', () => {
  it('splits stdout and stderr frames, even when a frame spans chunks', () => {
    const out: string[] = [];
    const err: string[] = [];
    const d = new DockerStreamDemuxer(
      (c) => out.push(c.toString()),
      (c) => err.push(c.toString()),
    );
    const data = Buffer.concat([frame(1, 'hello\n'), frame(2, 'oops\n'), frame(1, 'bye\n')]);
    for (let i = 0; i < data.length; i += 5) d.push(data.subarray(i, i + 5));
    expect(out.join('')).to.equal('hello\nbye\n');
    expect(err.join('')).to.equal('oops\n');
    expect(d.remainder).to.equal(0);
  });

  it('demuxes a whole buffer', () => {
    const { stdout, stderr } = demuxBuffer(Buffer.concat([frame(2, 'e'), frame(1, 'o')]));
    expect(stdout.toString()).to.equal('o');
    expect(stderr.toString()).to.equal('e');
  });
});

describe('docker/labels', () => {
  it('labels a task with managed, task id, family, revision and the owner pid', () => {
    const labels = taskLabels({ taskId: 't1', family: 'web', revision: 3 }, 4242);
    expect(labels).to.deep.equal({
      [Label.managed]: 'true',
      [Label.taskId]: 't1',
      [Label.family]: 'web',
      [Label.ownerPid]: '4242',
      [Label.revision]: '3',
    });
    expect(objectLabels(labels, 'container', 'app')).to.include({ [Label.role]: 'container', [Label.container]: 'app' });
    expect(labelFilter({ a: '1', b: '2' })).to.deep.equal(['a=1', 'b=2']);
  });
});

describe('docker/engine createContainer request', () => {
  it('sends the environment in the request body only, never in the URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-local-engine-'));
    const socket = join(dir, 'docker.sock');
    const seen: { url: string; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', body });
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ Id: 'c1', Warnings: [] }));
      });
    });
    await new Promise<void>((r) => server.listen(socket, r));
    try {
      const engine = new DockerEngine(new Dockerode({ socketPath: socket }), `unix://${socket}`, engineProfile({}, `unix://${socket}`));
      const id = await engine.createContainer({ name: 'app', platform: 'linux/amd64', Image: 'img', Env: ['DB_PASSWORD=hunter2'] });
      expect(id).to.equal('c1');
      expect(seen).to.have.length(1);
      expect(seen[0]?.url).to.equal('/containers/create?name=app&platform=linux%2Famd64');
      expect(JSON.parse(seen[0]?.body ?? '{}')).to.deep.equal({ Image: 'img', Env: ['DB_PASSWORD=hunter2'] });
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});


describe('docker/engine create-time warnings', () => {
  /**
   * A real HTTP server speaking the Engine API on a unix socket: create answers `warnings` of each
   * call in turn, inspect shows `kept` as the container's HostConfig, `/info` the cgroup driver.
   */
  async function withEngine(
    answers: { warnings?: string[][]; kept?: Record<string, number>; cgroupDriver?: string; inspectFails?: boolean; docker?: boolean },
    body: (engine: DockerEngine, lines: string[], seen: string[]) => Promise<void>,
  ): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-local-engine-'));
    const socket = join(dir, 'docker.sock');
    const seen: string[] = [];
    let creates = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        const path = (req.url ?? '').replace(/^\/v[\d.]+/, '');
        seen.push(`${req.method ?? ''} ${path.split('?')[0] ?? ''}`);
        const json = (status: number, doc: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(doc));
        };
        if (path.startsWith('/containers/create')) json(201, { Id: `c${++creates}`, Warnings: answers.warnings?.[creates - 1] ?? [] });
        else if (/^\/containers\/c\d+\/json/.test(path)) json(answers.inspectFails === true ? 404 : 200, answers.inspectFails === true ? { message: 'No such container' } : { Id: 'c', HostConfig: answers.kept ?? {} });
        else if (path.startsWith('/info')) json(200, { CgroupDriver: answers.cgroupDriver ?? 'cgroupfs' });
        else json(404, { message: 'page not found' });
      });
    });
    await new Promise<void>((r) => server.listen(socket, r));
    try {
      const version = answers.docker === true ? { Version: '20.10.24+dfsg1', Components: [{ Name: 'Engine' }] } : { Version: '4.3.1', Components: [{ Name: 'Podman Engine' }] };
      const where = answers.docker === true ? 'unix:///run/user/1002/docker.sock' : 'unix:///run/user/1001/podman/podman.sock';
      const engine = new DockerEngine(new Dockerode({ socketPath: socket }), `unix://${socket}`, engineProfile(version, where));
      const lines: string[] = [];
      engine.onWarning((line) => lines.push(line));
      await body(engine, lines, seen);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const limited = { Image: 'img', HostConfig: { Memory: 64 * 1024 * 1024, CpuQuota: 25_000, CpuPeriod: 100_000 } };

  it("hands on each distinct Warnings text of create once, after the engine's name", async () => {
    const swap = 'Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap.';
    await withEngine({ warnings: [[swap], [swap, 'another one'], []] }, async (engine, lines) => {
      for (const name of ['a', 'b', 'c']) await engine.createContainer({ name, Image: 'img' });
      expect(lines).to.deep.equal([`Podman 4.3.1: ${swap}`, 'Podman 4.3.1: another one']);
    });
  });

  it('says once when the engine dropped the limits a container asked for', async () => {
    await withEngine({ kept: { Memory: 0, CpuQuota: 0 } }, async (engine, lines, seen) => {
      await engine.createContainer({ name: 'app', ...limited });
      await engine.createContainer({ name: 'sidecar', ...limited });
      expect(lines).to.deep.equal(["Podman 4.3.1: dropped the container's memory and cpu limits: they are not enforced (a rootless engine on cgroup v1 cannot apply them)"]);
      // Looked at once, at the first container with limits; Podman's slow /info is not asked.
      expect(seen.filter((s) => s.startsWith('GET'))).to.deep.equal(['GET /containers/c1/json']);
    });
  });

  it('says once when rootless Docker runs containers without cgroups, though it kept the limits', async () => {
    await withEngine({ kept: limited.HostConfig, cgroupDriver: 'none', docker: true }, async (engine, lines) => {
      await engine.createContainer({ name: 'app', ...limited });
      await engine.createContainer({ name: 'sidecar', ...limited });
      expect(lines).to.deep.equal([`Docker 20.10.24+dfsg1: runs containers without cgroups (cgroup driver "none"): the task's memory and cpu limits are not enforced (a rootless engine on cgroup v1 cannot apply them)`]);
    });
  });

  it('says nothing when the limits are kept, asks nothing when none are asked for, and a failed look fails nothing', async () => {
    await withEngine({ kept: limited.HostConfig }, async (engine, lines, seen) => {
      await engine.createContainer({ name: 'plain', Image: 'img' });
      expect(seen).to.deep.equal(['POST /containers/create']);
      await engine.createContainer({ name: 'app', ...limited });
      expect(lines).to.deep.equal([]);
    });
    await withEngine({ inspectFails: true, cgroupDriver: 'none', docker: true }, async (engine, lines) => {
      expect(await engine.createContainer({ name: 'app', ...limited })).to.equal('c1');
      expect(lines).to.deep.equal([]);
    });
  });
});

describe('docker/engine logLineTime', () => {
  it("reads a timestamped line's time to the microsecond, Docker's and Podman's forms", () => {
    expect(logLineTime('2026-12-06T16:27:29.123456789Z first')).to.equal(Date.parse('2026-12-06T16:27:29Z') / 1000 + 0.123456);
    expect(logLineTime('2026-12-06T17:27:29.5+01:00 first')).to.equal(Date.parse('2026-12-06T16:27:29Z') / 1000 + 0.5);
    expect(logLineTime('2026-12-06T16:27:29Z ')).to.equal(Date.parse('2026-12-06T16:27:29Z') / 1000);
  });

  it('gives nothing for a line without one', () => {
    expect(logLineTime('first')).to.equal(undefined);
    expect(logLineTime('')).to.equal(undefined);
  });
});
