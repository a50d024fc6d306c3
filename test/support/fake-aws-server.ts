/**
 * A real HTTP server on 127.0.0.1 that speaks just enough AWS for the SDK backends' tests: AWS JSON 1.1
 * (`POST /`, routed on `X-Amz-Target`) and path-style S3 GetObject (`GET /<bucket>/<key>`). Each test
 * gives the replies as a table and reads back what the client sent.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';

export interface FakeReply {
  /** Default 200. */
  status?: number;
  /** An object is sent as JSON (`application/x-amz-json-1.1`); a string is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (timeout tests). */
  hang?: true;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** `X-Amz-Target`, or `GET <path>` for a GET. */
  route: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  body: unknown;
  /** The client's port: the same one for two requests means one kept-alive connection. */
  remotePort: number | undefined;
}

/** Keyed by `X-Amz-Target` (e.g. `secretsmanager.GetSecretValue`) or `GET /<bucket>/<key>`. */
export type FakeRoutes = Record<string, FakeReply | ((req: RecordedRequest) => FakeReply)>;

export interface FakeAwsServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startFakeAwsServer(routes: FakeRoutes): Promise<FakeAwsServer> {
  const requests: RecordedRequest[] = [];
  const app = express();
  app.use(express.raw({ type: () => true, limit: '1mb' }));
  app.use((req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const target = req.get('x-amz-target');
    const recorded: RecordedRequest = {
      method: req.method,
      path: req.originalUrl,
      route: req.method === 'POST' && target !== undefined ? target : `${req.method} ${req.originalUrl}`,
      headers: { ...req.headers },
      rawBody,
      body: parseJson(rawBody),
      remotePort: req.socket.remotePort,
    };
    requests.push(recorded);
    const route = routes[recorded.route];
    const reply = typeof route === 'function' ? route(recorded) : (route ?? awsError('UnknownOperationException', undefined, 'no-route'));
    if (reply.hang) return;
    res.status(reply.status ?? 200);
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.set(k, v);
    if (typeof reply.body === 'string') {
      res.send(reply.body);
    } else {
      res.set('Content-Type', 'application/x-amz-json-1.1').send(JSON.stringify(reply.body ?? {}));
    }
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JSON 1.1 error as AWS sends it: `{"__type","Message"}`, status 400, `x-amzn-RequestId`. */
export function awsError(code: string, message: string | undefined, requestId: string, status = 400): FakeReply {
  return {
    status,
    headers: { 'x-amzn-RequestId': requestId },
    body: message === undefined ? { __type: code } : { __type: code, Message: message },
  };
}

/** A JSON 1.1 success reply with a request id. */
export function awsOk(body: unknown, requestId = 'ok-request-id'): FakeReply {
  return { headers: { 'x-amzn-RequestId': requestId }, body };
}

/** An S3 REST-XML error document, as S3 (and LocalStack) sends it. */
export function s3Error(code: string, message: string, requestId: string, hostId: string, status = 404): FakeReply {
  return {
    status,
    headers: { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId, 'x-amz-id-2': hostId },
    body:
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${xml(code)}</Code><Message>${xml(message)}</Message><RequestId>${xml(requestId)}</RequestId><HostId>${xml(hostId)}</HostId></Error>`,
  };
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
