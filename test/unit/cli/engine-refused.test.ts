/**
 * A request the engine refuses, where ecs-local has no answer of its own for it, is the engine's
 * message on one line and exit 5, not an internal error with a stack: the engine here is a real
 * HTTP server speaking the Engine API, reached through dockerode as any engine is.
 */
import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runCli } from '../../support/cli.js';

describe('cli: an engine that refuses a request', () => {
  let server: Server;
  let host: string;
  before(async () => {
    server = createServer((req, res) => {
      const json = (status: number, body: unknown): void => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (/^\/(v[\d.]+\/)?version/.test(req.url ?? '')) return json(200, { Version: '28.0.0', ApiVersion: '1.48', Os: 'linux', Arch: 'amd64' });
      json(500, { message: 'write /var/lib/docker/containers: no space left on device' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    host = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("prints the engine's message on one line and exits 5", async () => {
    const r = await runCli(['ps'], { env: { PATH: process.env.PATH, DOCKER_HOST: host } });
    expect(r.stderr).to.match(/^ecs-local: error: the container engine refused: .*no space left on device\n$/);
    expect(r.code).to.equal(5);
  });
});
