/**
 * A minimal Docker Registry HTTP API v2 on 127.0.0.1 serving one image built here: a schema2
 * manifest, its config blob and one gzipped layer (the busybox root filesystem plus a file unique to
 * this registry, so the daemon really downloads it). Docker pulls from 127.0.0.0/8 over plain HTTP
 * without any insecure-registries setting. With `auth`, every request needs HTTP Basic credentials,
 * answered 401 with a Basic challenge otherwise, as a registry behind basic auth does.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { busyboxRootfs } from '../../src/docker/busybox-image.js';
import { writeTar } from '../../src/docker/tar.js';

const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';
const CONFIG_TYPE = 'application/vnd.docker.container.image.v1+json';
const LAYER_TYPE = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export interface TestRegistryOptions {
  /** Repository path, e.g. `ecs-local-test/pulled`. */
  repository: string;
  tag: string;
  /** Go's GOARCH of the engine that pulls (`amd64`, `arm64`). */
  architecture: string;
  auth?: { username: string; password: string };
}

export interface TestRegistry {
  /** `127.0.0.1:<port>`. */
  host: string;
  /** `127.0.0.1:<port>/<repository>:<tag>`. */
  image: string;
  /** `sha256:…` of the manifest. */
  digest: string;
  /** Every request as `<METHOD> <path>`, in order. */
  requests: string[];
  /** Requests turned away for missing or wrong credentials. */
  refused: number;
  close(): Promise<void>;
}

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: Buffer, head: boolean): void {
  res.writeHead(status, { ...headers, 'Content-Length': String(body.length), 'Docker-Distribution-API-Version': 'registry/2.0' });
  res.end(head ? undefined : body);
}

function error(res: ServerResponse, status: number, code: string, message: string, head: boolean, extra: Record<string, string> = {}): void {
  send(res, status, { 'Content-Type': 'application/json', ...extra }, Buffer.from(JSON.stringify({ errors: [{ code, message }] })), head);
}

export async function startTestRegistry(o: TestRegistryOptions): Promise<TestRegistry> {
  const tar = writeTar([
    ...busyboxRootfs('/bin/busybox'),
    { type: 'file', path: 'etc/ecs-local-registry', data: Buffer.from(`${randomBytes(16).toString('hex')}\n`) },
  ]);
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: o.architecture,
      os: 'linux',
      config: { Env: ['PATH=/bin'], Cmd: ['sh'] },
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
      history: [{ created_by: 'ecs-local test registry' }],
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: { mediaType: CONFIG_TYPE, size: config.length, digest: sha256(config) },
      layers: [{ mediaType: LAYER_TYPE, size: layer.length, digest: sha256(layer) }],
    }),
  );
  const digest = sha256(manifest);
  const blobs = new Map([
    [sha256(config), config],
    [sha256(layer), layer],
  ]);
  const expected = o.auth ? `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password}`).toString('base64')}` : undefined;
  const requests: string[] = [];
  let refused = 0;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://registry');
    requests.push(`${req.method} ${url.pathname}`);
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) return error(res, 405, 'UNSUPPORTED', 'the operation is unsupported', head);
    if (expected !== undefined && req.headers.authorization !== expected) {
      refused += 1;
      return error(res, 401, 'UNAUTHORIZED', 'authentication required', head, { 'WWW-Authenticate': 'Basic realm="ecs-local-test"' });
    }
    if (url.pathname === '/v2/') return send(res, 200, { 'Content-Type': 'application/json' }, Buffer.from('{}'), head);
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (m === null || m[1] !== o.repository) return error(res, 404, 'NAME_UNKNOWN', 'repository name not known to registry', head);
    const [, , kind, ref] = m;
    if (kind === 'manifests') {
      if (ref !== o.tag && ref !== digest) return error(res, 404, 'MANIFEST_UNKNOWN', 'manifest unknown', head);
      return send(res, 200, { 'Content-Type': MANIFEST_TYPE, 'Docker-Content-Digest': digest }, manifest, head);
    }
    const blob = blobs.get(ref ?? '');
    if (blob === undefined) return error(res, 404, 'BLOB_UNKNOWN', 'blob unknown to registry', head);
    send(res, 200, { 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': ref ?? '' }, blob, head);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  return {
    host,
    image: `${host}/${o.repository}:${o.tag}`,
    digest,
    requests,
    get refused() {
      return refused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
