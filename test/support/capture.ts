/** A Writable that keeps what was written, for tests that read a command's or a task's output. */
import { Writable } from 'node:stream';

export class Capture extends Writable {
  private chunks: string[] = [];
  private waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];

  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    if (this.waiters.length > 0) {
      const text = this.text;
      this.waiters = this.waiters.filter((w) => {
        const m = text.match(w.pattern);
        if (m) w.resolve(m);
        return !m;
      });
    }
    done();
  }

  get text(): string {
    return this.chunks.join('');
  }

  get lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }

  /** Resolves when the output so far matches `pattern` (an event to wait on instead of a timer). */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray> {
    const m = this.text.match(pattern);
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }
}
