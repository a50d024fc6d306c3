/**
 * This process's relay agent in the engine's endpoints container (shared-container.ts
 * `agentScript`), run over the Engine API with `exec`: its stream is the only channel, so it works
 * wherever the engine is. Requests arrive as lines, `ecs-local-q <id> <port> <source key> <base64
 * of the HTTP request>`; each is replayed to this process's own server for that task and port on
 * 127.0.0.1, and the answer goes back as `ecs-local-r <id> <base64 of the HTTP response>`.
 */
import { connect } from 'node:net';
import { PassThrough } from 'node:stream';
import type { ContainerEngine } from '../docker/container-engine.js';
import { AGENT_DONE, AGENT_LISTEN, AGENT_READY, AGENT_ROUTE, AGENT_UNROUTE, agentScript, peerKeys, RELAY_REQUEST, RELAY_RESPONSE } from './shared-container.js';

/** What a request to a port nothing serves gets. */
const BAD_GATEWAY = 'HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';

/** How long the agent may take to start, or to do what it is told. */
const AGENT_TIMEOUT_MS = 15_000;

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

export interface RelayRoute {
  /** Stops routing the address's connections here; resolves once the agent has (at once if it has ended). */
  close(): Promise<void>;
}

export class RelayAgent {
  private readonly stdin = new PassThrough();
  private readonly stdout = new PassThrough();
  private readonly hangUp = new AbortController();
  /** Source key -> (port on 169.254.170.2 -> port of this process's server). */
  private readonly routes = new Map<string, ReadonlyMap<number, number>>();
  private readonly waiting = new Map<string, () => void>();
  /** The ports this agent has seen listening (listeners outlive agents: the container keeps them). */
  private readonly listening = new Set<number>();
  private token = 0;
  private ended = false;
  private readonly ready: Promise<void>;
  /** Settles when the agent's exec ends. */
  readonly done: Promise<void>;

  constructor(engine: ContainerEngine, containerId: string) {
    let heard: () => void = () => undefined;
    let failed: (err: Error) => void = () => undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      heard = resolve;
      failed = reject;
    });
    // Settled once, whichever way; a listener so an unused failure is no unhandled rejection.
    this.ready.catch(() => undefined);
    let pending = '';
    this.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('latin1');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line.startsWith(`${AGENT_READY} `)) heard();
        else this.onLine(line);
      }
    });
    this.done = engine
      .execAttached(containerId, ['sh', '-c', agentScript()], { stdin: this.stdin, stdout: this.stdout, stderr: new PassThrough(), signal: this.hangUp.signal })
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.ended = true;
        failed(new Error('the relay agent in the endpoints container ended'));
        for (const resolve of this.waiting.values()) resolve();
        this.waiting.clear();
      });
  }

  /**
   * Makes sure 169.254.170.2 listens on each of `ports`: before a task's container starts, so that
   * its first call finds a listener (it may be routed only once it runs).
   */
  async listen(ports: Iterable<number>): Promise<void> {
    await this.timed(this.ready, 'start');
    for (const port of ports) {
      if (this.listening.has(port)) continue;
      await this.ask(`${AGENT_LISTEN} ${port}`, `listen on ${port}`);
      this.listening.add(port);
    }
  }

  /** Routes connections from `ip` on each port of `ports` (on 169.254.170.2) to this process's server on its port. */
  async route(ip: string, ports: ReadonlyMap<number, number>): Promise<RelayRoute> {
    await this.listen(ports.keys());
    const keys = peerKeys(ip);
    for (const key of keys) this.routes.set(key, ports);
    await this.ask(`${AGENT_ROUTE} ${keys.join(',')}`, `route ${ip}`);
    let closed = false;
    return {
      // Once: the address may be another task's by a second call (the holder went back to the pool).
      close: async () => {
        if (closed) return;
        closed = true;
        for (const key of keys) this.routes.delete(key);
        // Acknowledged, so that the address can serve another task (a pooled namespace) only after it.
        if (this.ended) return;
        await this.ask(`${AGENT_UNROUTE} ${keys.join(',')}`, `unroute ${ip}`);
      },
    };
  }

  get alive(): boolean {
    return !this.ended;
  }

  /**
   * Ends the agent (its stdin): it forgets its routes and exits. [INF] An engine that does not pass
   * the end of stdin on keeps the connection open: it is closed after a second, so that it never
   * keeps this process alive.
   */
  close(): void {
    this.stdin.end();
    setTimeout(() => this.hangUp.abort(), 1000).unref();
  }

  private send(line: string): void {
    if (!this.ended && !this.stdin.writableEnded) this.stdin.write(`${line}\n`);
  }

  /** Sends a control line with a token and waits for the agent's acknowledgement. */
  private async ask(line: string, what: string): Promise<void> {
    const token = String(++this.token);
    const acknowledged = new Promise<void>((resolve) => this.waiting.set(token, resolve));
    this.send(`${line} ${token}`);
    await this.timed(acknowledged, what);
    if (this.ended) throw new Error(`the relay agent in the endpoints container ended before it could ${what}`);
  }

  private async timed(p: Promise<void>, what: string): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        p,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`the relay agent in the endpoints container did not ${what} within ${AGENT_TIMEOUT_MS / 1000} s`)), AGENT_TIMEOUT_MS);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private onLine(line: string): void {
    const [tag, id, port, key, body] = line.split(' ');
    if (tag === AGENT_DONE && id !== undefined) {
      this.waiting.get(id)?.();
      this.waiting.delete(id);
      return;
    }
    if (tag !== RELAY_REQUEST || id === undefined || !/^\d+$/.test(id)) return;
    const hostPort = this.routes.get(key ?? '')?.get(Number(port));
    const answered = hostPort === undefined ? Promise.resolve(Buffer.from(BAD_GATEWAY)) : replay(hostPort, Buffer.from(body ?? '', 'base64'));
    void answered.then((response) => this.send(`${RELAY_RESPONSE} ${id} ${response.toString('base64')}`));
  }
}
