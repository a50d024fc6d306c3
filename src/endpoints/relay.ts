/**
 * The host side of a relaying forwarder (sidecar.ts `relayForwarderScript`): requests arrive as
 * lines on the forwarder's output, `ecs-local-q <id> <port> <base64 of the HTTP request>`, are
 * replayed to this process's own server for that port on 127.0.0.1, and each answer goes back on
 * the forwarder's stdin as `ecs-local-r <id> <base64 of the HTTP response>`. The Engine API's
 * attach stream is the only channel: it works wherever the engine is.
 */
import { connect } from 'node:net';
import type { AttachedContainer } from '../docker/container-engine.js';
import { RELAY_REQUEST, RELAY_RESPONSE } from './sidecar.js';

/** What a request to a port nothing serves gets. */
const BAD_GATEWAY = 'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

export interface Relay {
  /** Stops relaying (the forwarder's connections then get no answer). */
  close(): void;
}

/** Replays `request` to 127.0.0.1:`port` and resolves with everything the server sent back. */
function replay(port: number, request: Buffer): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('data', (c: Buffer) => chunks.push(c));
    // Written, not ended: a server half-closed by its client drops answers still being made. The
    // request says `Connection: close`, so the server closes once it has answered.
    socket.once('connect', () => socket.write(request));
    socket.once('close', () => resolve(chunks.length > 0 ? Buffer.concat(chunks) : Buffer.from(BAD_GATEWAY)));
    socket.once('error', () => undefined);
  });
}

/**
 * Serves the forwarder's requests while `attached` lasts: `ports` maps a port on 169.254.170.2 to
 * the port of this process's server that answers it.
 */
export function relayRequests(attached: AttachedContainer, ports: ReadonlyMap<number, number>): Relay {
  let pending = '';
  let closed = false;
  const onLine = (line: string): void => {
    const [tag, id, listenPort, body] = line.split(' ');
    if (tag !== RELAY_REQUEST || id === undefined || !/^\d+$/.test(id)) return;
    const hostPort = ports.get(Number(listenPort));
    const answered = hostPort === undefined ? Promise.resolve(Buffer.from(BAD_GATEWAY)) : replay(hostPort, Buffer.from(body ?? '', 'base64'));
    void answered.then((response) => {
      if (!closed) attached.write(`${RELAY_RESPONSE} ${id} ${response.toString('base64')}\n`);
    });
  };
  attached.output.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, nl));
      pending = pending.slice(nl + 1);
    }
  });
  return {
    close: () => {
      closed = true;
      attached.close();
    },
  };
}
