import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import { relayRequests } from '../../../src/endpoints/relay.js';

/** The forwarder's side of the attach stream: what it prints, and what ecs-local writes back. */
function forwarder(): { output: PassThrough; written: string[]; write(text: string): void; close(): void; next(): Promise<string> } {
  const written: string[] = [];
  let wake: (() => void) | undefined;
  return {
    output: new PassThrough(),
    written,
    write: (text) => {
      written.push(text);
      wake?.();
    },
    close: () => undefined,
    next: () => new Promise<string>((resolve) => {
      const check = (): void => (written.length > 0 ? resolve(written.shift() ?? '') : void (wake = check));
      check();
    }),
  };
}

/** The HTTP response inside a relay answer line. */
function responseOf(line: string): string {
  const [tag, id, body] = line.trimEnd().split(' ');
  expect([tag, id]).to.deep.equal(['ecs-local-r', '42']);
  return Buffer.from(body ?? '', 'base64').toString('utf8');
}

describe('endpoints/relay relayRequests', () => {
  let server: Server;
  let port: number;
  before(async () => {
    // Answers late, as a metadata answer that asks the engine first does.
    server = createServer((req, res) => setTimeout(() => res.end(`${req.method} ${req.url} ${req.headers['x-amz-target'] ?? ''}`), 20));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => server.close());

  it("replays a request line to the port's server and writes its whole answer back, split or not", async () => {
    const f = forwarder();
    relayRequests(f, new Map([[80, port]]));
    const request = Buffer.from('POST /x HTTP/1.1\r\nHost: 169.254.170.2\r\nX-Amz-Target: secretsmanager.GetSecretValue\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    const line = `ecs-local-q 42 80 ${request.toString('base64')}\n`;
    // As the attach stream may cut it.
    f.output.write(line.slice(0, 10));
    f.output.write(line.slice(10));
    const answer = responseOf(await f.next());
    expect(answer).to.match(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.endsWith('\r\n\r\nPOST /x secretsmanager.GetSecretValue')).to.equal(true);
  });

  it('answers 502 for a port nothing serves, and ignores lines that are not requests', async () => {
    const f = forwarder();
    relayRequests(f, new Map([[80, port]]));
    f.output.write('ecs-local: forwarding\nnoise\n');
    f.output.write(`ecs-local-q 42 4566 ${Buffer.from('GET / HTTP/1.1\r\n\r\n').toString('base64')}\n`);
    expect(responseOf(await f.next())).to.equal('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    expect(f.written).to.deep.equal([]);
  });
});
