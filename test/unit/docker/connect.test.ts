import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker, resolveDockerEndpoint, unreachableMessage } from '../../../src/docker/connect.js';

const HOME = '/home/dev';

/** A fake file system: path → contents. */
function files(entries: Record<string, string>): (path: string) => Buffer | undefined {
  return (path) => (path in entries ? Buffer.from(entries[path] ?? '') : undefined);
}

function contextMeta(name: string, host: string, configDir = join(HOME, '.docker')): Record<string, string> {
  const id = createHash('sha256').update(name).digest('hex');
  return {
    [join(configDir, 'contexts', 'meta', id, 'meta.json')]: JSON.stringify({ Name: name, Endpoints: { docker: { Host: host } } }),
  };
}

describe('docker/connect resolveDockerEndpoint', () => {
  it('uses /var/run/docker.sock when nothing is configured', () => {
    const e = resolveDockerEndpoint({}, { home: HOME, readFile: files({}) });
    expect(e.host).to.equal('unix:///var/run/docker.sock');
    expect(e.options.socketPath).to.equal('/var/run/docker.sock');
    expect(e.options.host).to.equal(undefined);
  });

  it('honours DOCKER_HOST unix:// and tcp:// (plain http on 2375 by default)', () => {
    const unix = resolveDockerEndpoint({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, { home: HOME, readFile: files({}) });
    expect(unix.options.socketPath).to.equal('/run/user/1000/docker.sock');
    const tcp = resolveDockerEndpoint({ DOCKER_HOST: 'tcp://build-host' }, { home: HOME, readFile: files({}) });
    expect(tcp.options).to.include({ host: 'build-host', port: '2375', protocol: 'http', socketPath: undefined });
  });

  it('uses TLS with the certificates of DOCKER_CERT_PATH when DOCKER_TLS_VERIFY is set', () => {
    const certs = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };
    const e = resolveDockerEndpoint(
      { DOCKER_HOST: 'tcp://10.0.0.5', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' },
      { home: HOME, readFile: files(certs) },
    );
    expect(e.options).to.include({ host: '10.0.0.5', port: '2376', protocol: 'https' });
    expect(String(e.options.ca)).to.equal('CA');
    expect(String(e.options.key)).to.equal('KEY');
  });

  it('refuses DOCKER_TLS_VERIFY without the certificates, naming DOCKER_CERT_PATH', () => {
    expect(() =>
      resolveDockerEndpoint({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' }, { home: HOME, readFile: files({}) }),
    ).to.throw(/DOCKER_CERT_PATH/);
  });

  it('connects over ssh:// with the user and the ssh agent', () => {
    const e = resolveDockerEndpoint({ DOCKER_HOST: 'ssh://deploy@box:2222', SSH_AUTH_SOCK: '/tmp/agent' }, { home: HOME, readFile: files({}) });
    expect(e.options).to.include({ protocol: 'ssh', host: 'box', port: '2222', username: 'deploy' });
    expect((e.options as { sshOptions?: { agent?: string } }).sshOptions?.agent).to.equal('/tmp/agent');
  });

  it("follows the config's currentContext to the context's endpoint", () => {
    const fs = {
      [join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'colima' }),
      ...contextMeta('colima', 'unix:///home/dev/.colima/default/docker.sock'),
    };
    const e = resolveDockerEndpoint({}, { home: HOME, readFile: files(fs) });
    expect(e.options.socketPath).to.equal('/home/dev/.colima/default/docker.sock');
    expect(e.source).to.equal('context "colima"');
  });

  it('lets DOCKER_CONTEXT override the config, and DOCKER_HOST override both (docker CLI precedence)', () => {
    const fs = {
      [join(HOME, '.docker', 'config.json')]: JSON.stringify({ currentContext: 'colima' }),
      ...contextMeta('colima', 'unix:///colima.sock'),
      ...contextMeta('remote', 'tcp://remote:2375'),
    };
    const byContext = resolveDockerEndpoint({ DOCKER_CONTEXT: 'remote' }, { home: HOME, readFile: files(fs) });
    expect(byContext.options.host).to.equal('remote');
    const byHost = resolveDockerEndpoint({ DOCKER_CONTEXT: 'remote', DOCKER_HOST: 'unix:///x.sock' }, { home: HOME, readFile: files(fs) });
    expect(byHost.options.socketPath).to.equal('/x.sock');
  });

  it('reads the CLI config from DOCKER_CONFIG when set', () => {
    const fs = {
      '/cfg/config.json': JSON.stringify({ currentContext: 'ci' }),
      ...contextMeta('ci', 'unix:///ci.sock', '/cfg'),
    };
    expect(resolveDockerEndpoint({ DOCKER_CONFIG: '/cfg' }, { home: HOME, readFile: files(fs) }).options.socketPath).to.equal('/ci.sock');
  });

  it('treats the context "default" as no context', () => {
    const e = resolveDockerEndpoint({ DOCKER_CONTEXT: 'default' }, { home: HOME, readFile: files({}) });
    expect(e.host).to.equal('unix:///var/run/docker.sock');
  });

  it('names a missing context and how to pick one', () => {
    expect(() => resolveDockerEndpoint({ DOCKER_CONTEXT: 'gone' }, { home: HOME, readFile: files({}) }))
      .to.throw(/Docker context "gone" \(DOCKER_CONTEXT\) does not exist.*docker context ls/)
      .with.property('exitCode', 4);
  });

  it('refuses an unknown scheme in DOCKER_HOST with the accepted forms', () => {
    expect(() => resolveDockerEndpoint({ DOCKER_HOST: 'fd://' }, { home: HOME, readFile: files({}) })).to.throw(
      /"fd:\/\/" \(DOCKER_HOST\): expected unix:\/\/.*tcp:\/\/.*ssh:\/\//,
    );
  });
});

describe('docker/connect unreachableMessage', () => {
  const endpoint = resolveDockerEndpoint({}, { home: HOME, readFile: files({}) });
  const cases: [string, RegExp][] = [
    ['ENOENT', /the socket does not exist\. Start Docker, or set DOCKER_HOST/],
    ['EACCES', /permission denied on the socket\. Add your user to the docker group/],
    ['ECONNREFUSED', /connection refused\. Start Docker/],
  ];
  for (const [code, expected] of cases) {
    it(`explains ${code} on one line naming the endpoint`, () => {
      const message = unreachableMessage(endpoint, Object.assign(new Error('x'), { code }));
      expect(message).to.match(/^Cannot connect to the Docker engine at unix:\/\/\/var\/run\/docker\.sock: /);
      expect(message).to.match(expected);
      expect(message).to.not.include('\n');
    });
  }
});

describe('docker/connect connectDocker', () => {
  it('fails with DockerUnavailableError (exit 4) when nothing listens on the socket', async () => {
    const err = await connectDocker({ DOCKER_HOST: 'unix:///nonexistent/ecs-local-test.sock' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.have.property('errorName', 'DockerUnavailable');
    expect(err).to.have.property('exitCode', 4);
    expect((err as Error).message).to.equal(
      'Cannot connect to the Docker engine at unix:///nonexistent/ecs-local-test.sock (from DOCKER_HOST): the socket does not exist. Start Docker, or set DOCKER_HOST to a running engine.',
    );
  });
});

describe('docker/connect connectDocker: a socket nobody configured gives way to the next', () => {
  /** A user runtime folder: a dead docker.sock (a plain file: connection refused), a live podman.sock. */
  async function withRuntimeDir(body: (dir: string, podmanSock: string) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-local-runtime-'));
    writeFileSync(join(dir, 'docker.sock'), '');
    mkdirSync(join(dir, 'podman'));
    const podmanSock = join(dir, 'podman', 'podman.sock');
    const server = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ Version: '4.3.1', Os: 'linux', Arch: 'amd64', Components: [{ Name: 'Podman Engine' }] }));
    });
    await new Promise<void>((r) => server.listen(podmanSock, r));
    try {
      await body(dir, podmanSock);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  // This machine's own /var/run/docker.sock is left out: the test sees only its folder's sockets.
  const exists = (p: string) => p !== '/var/run/docker.sock' && existsSync(p);

  it("a found socket that refuses: the user's next engine answers", async () => {
    await withRuntimeDir(async (dir, podmanSock) => {
      const engine = await connectDocker({ XDG_RUNTIME_DIR: dir }, { home: HOME, readFile: files({}), exists });
      expect([engine.endpoint, engine.profile.name, engine.profile.rootless]).to.deep.equal([`unix://${podmanSock}`, 'Podman 4.3.1', false]);
    });
  });

  it('a configured socket is kept, refusing or not: its own error', async () => {
    await withRuntimeDir(async (dir) => {
      const err = await connectDocker({ XDG_RUNTIME_DIR: dir, DOCKER_HOST: `unix://${dir}/docker.sock` }, { home: HOME, readFile: files({}), exists }).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(err?.message).to.equal(`Cannot connect to the Docker engine at unix://${dir}/docker.sock (from DOCKER_HOST): connection refused. Start Docker, or set DOCKER_HOST to a running engine.`);
    });
  });
});

describe('docker/connect engine discovery beyond the docker CLI', () => {
  const none = files({});
  const present = (...paths: string[]) => (p: string) => paths.includes(p);

  it('takes CONTAINER_HOST (Podman) after DOCKER_HOST, before any context', () => {
    const e = resolveDockerEndpoint({ CONTAINER_HOST: 'unix:///run/podman/podman.sock', DOCKER_CONTEXT: 'x' }, { home: HOME, readFile: none });
    expect([e.host, e.source]).to.deep.equal(['unix:///run/podman/podman.sock', 'CONTAINER_HOST']);
    const both = resolveDockerEndpoint({ DOCKER_HOST: 'tcp://a:2375', CONTAINER_HOST: 'unix:///run/podman/podman.sock' }, { home: HOME, readFile: none });
    expect(both.source).to.equal('DOCKER_HOST');
    // Podman's ssh:// URL ends in the socket's path on the remote host; the ssh connection is to the host.
    const ssh = resolveDockerEndpoint({ CONTAINER_HOST: 'ssh://core@vm:2222/run/user/1000/podman/podman.sock' }, { home: HOME, readFile: none });
    expect(ssh.options).to.include({ protocol: 'ssh', host: 'vm', port: '2222', username: 'core' });
  });

  it('without configuration, finds rootless Docker, Desktop, then rootless and rootful Podman sockets', () => {
    const find = (...paths: string[]) =>
      resolveDockerEndpoint({ XDG_RUNTIME_DIR: '/run/user/1000' }, { home: HOME, readFile: none, exists: present(...paths), uid: 1000 }).host;
    expect(find('/run/user/1000/docker.sock', '/run/podman/podman.sock')).to.equal('unix:///run/user/1000/docker.sock');
    expect(find(`${HOME}/.docker/run/docker.sock`)).to.equal(`unix://${HOME}/.docker/run/docker.sock`);
    expect(find('/run/user/1000/podman/podman.sock', '/run/podman/podman.sock')).to.equal('unix:///run/user/1000/podman/podman.sock');
    expect(find('/run/podman/podman.sock')).to.equal('unix:///run/podman/podman.sock');
    expect(find('/var/run/docker.sock', '/run/podman/podman.sock')).to.equal('unix:///var/run/docker.sock');
  });

  it('falls back to /run/user/<uid> without XDG_RUNTIME_DIR, and to the default socket when nothing exists', () => {
    const e = resolveDockerEndpoint({}, { home: HOME, readFile: none, exists: present('/run/user/501/podman/podman.sock'), uid: 501 });
    expect(e.host).to.equal('unix:///run/user/501/podman/podman.sock');
    const nothing = resolveDockerEndpoint({}, { home: HOME, readFile: none, exists: () => false });
    expect([nothing.host, nothing.source]).to.deep.equal(['unix:///var/run/docker.sock', 'default']);
  });
});
