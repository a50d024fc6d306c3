import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectDocker } from '../../../src/docker/connect.js';
import { pingSignature, versionCacheFile } from '../../../src/docker/version-cache.js';

describe('docker/version-cache pingSignature', () => {
  it("names the engine by the ping's Server and API headers, not by its date or request id", () => {
    const a = pingSignature({ server: 'Libpod/4.3.1 (linux)', 'api-version': '1.41', 'libpod-api-version': '4.3.1', date: 'Sun, 06 Dec 2026 16:27:29 GMT', 'x-reference-id': '0xc000aab750' });
    const b = pingSignature({ server: 'Libpod/4.3.1 (linux)', 'api-version': '1.41', 'libpod-api-version': '4.3.1', date: 'Mon, 07 Dec 2026 09:00:00 GMT', 'x-reference-id': '0xc000000001' });
    expect(a).to.equal(b);
    expect(pingSignature({ server: 'Libpod/4.4.0 (linux)', 'api-version': '1.41', 'libpod-api-version': '4.4.0' })).to.not.equal(a);
    expect(pingSignature({ server: 'Docker/20.10.24+dfsg1 (linux)', 'api-version': '1.41', ostype: 'linux' })).to.not.equal(a);
  });

  it('gives nothing to key on for an answer without a Server header', () => {
    expect(pingSignature({ 'api-version': '1.41' })).to.equal(undefined);
  });
});

describe('docker/version-cache versionCacheFile', () => {
  it('is under XDG_CACHE_HOME when it is absolute, else ~/.cache', () => {
    expect(versionCacheFile({ XDG_CACHE_HOME: '/tmp/c' }, '/home/dev')).to.equal('/tmp/c/ecs-local/engines.json');
    expect(versionCacheFile({ XDG_CACHE_HOME: 'relative' }, '/home/dev')).to.equal('/home/dev/.cache/ecs-local/engines.json');
    expect(versionCacheFile({}, '/home/dev')).to.equal('/home/dev/.cache/ecs-local/engines.json');
  });
});

describe('docker/connect: the engine is asked /version once per version, not once per command', () => {
  let dir: string;
  let server: Server;
  let socket: string;
  let serverHeader: string;
  let versionCalls: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecs-local-version-cache-'));
    socket = join(dir, 'podman.sock');
    serverHeader = 'Libpod/4.3.1 (linux)';
    versionCalls = 0;
    // A Podman as its compat API answers: a ping with its name in the headers, a slow /version.
    server = createServer((req, res) => {
      if (req.url?.endsWith('/_ping') === true) {
        res.writeHead(200, { Server: serverHeader, 'Api-Version': '1.41', 'Libpod-Api-Version': serverHeader.slice(7, 12) });
        res.end('OK');
        return;
      }
      versionCalls++;
      res.writeHead(200, { 'Content-Type': 'application/json', Server: serverHeader });
      res.end(JSON.stringify({ Version: serverHeader.slice(7, 12), Os: 'linux', Arch: 'arm64', ApiVersion: '1.41', Components: [{ Name: 'Podman Engine' }] }));
    });
    await new Promise<void>((r) => server.listen(socket, r));
  });

  afterEach(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const connect = (versionCache?: string | false) => connectDocker({ DOCKER_HOST: `unix://${socket}`, XDG_CACHE_HOME: join(dir, 'cache') }, versionCache === undefined ? {} : { versionCache });

  it('keeps the answer in the cache folder and gives the next command the same engine without asking again', async () => {
    const first = await connect();
    const second = await connect();
    expect(versionCalls).to.equal(1);
    expect([second.profile.name, (await second.version()).arch]).to.deep.equal([first.profile.name, 'arm64']);
    expect(second.profile.name).to.equal('Podman 4.3.1');
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'cache', 'ecs-local', 'engines.json'), 'utf8')) as object)).to.deep.equal([`unix://${socket}`]);
  });

  it('asks again once the ping names another version (an upgraded engine)', async () => {
    await connect();
    serverHeader = 'Libpod/4.4.0 (linux)';
    const upgraded = await connect();
    expect(versionCalls).to.equal(2);
    expect(upgraded.profile.name).to.equal('Podman 4.4.0');
  });

  it('asks every time when told not to keep it, and over a damaged cache file', async () => {
    await connect(false);
    await connect(false);
    expect(versionCalls).to.equal(2);
    const file = join(dir, 'cache', 'ecs-local', 'engines.json');
    await connect(file);
    writeFileSync(file, '{ not json');
    await connect(file);
    expect(versionCalls).to.equal(4);
    await connect(file);
    expect(versionCalls).to.equal(4);
  });
});
