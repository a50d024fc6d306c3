/**
 * Splits Docker's multiplexed attach/logs stream (containers without a TTY) into stdout and stderr.
 * Each frame is an 8-byte header — stream type (1 = stdout, 2 = stderr), three zero bytes, a
 * big-endian uint32 length — then the payload. Frames may arrive split across chunks.
 */
export class DockerStreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  constructor(
    private readonly onStdout: (chunk: Buffer) => void,
    private readonly onStderr: (chunk: Buffer) => void,
  ) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const type = this.pending[0];
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const payload = this.pending.subarray(8, 8 + size);
      this.pending = this.pending.subarray(8 + size);
      // Type 0 (stdin) never appears in logs; anything but stderr is shown as stdout.
      if (type === 2) this.onStderr(payload);
      else this.onStdout(payload);
    }
  }

  /** Bytes of an incomplete trailing frame (a truncated stream), if any. */
  get remainder(): number {
    return this.pending.length;
  }
}

/** Demultiplexes a whole buffer (non-follow logs). */
export function demuxBuffer(data: Buffer): { stdout: Buffer; stderr: Buffer } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const demuxer = new DockerStreamDemuxer(
    (c) => out.push(c),
    (c) => err.push(c),
  );
  demuxer.push(data);
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}
