import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { LogPrinter } from '../../../src/runtime/logs.js';
import { Capture } from '../../support/capture.js';

const sources = [
  { container: 'app', label: 'app' },
  { container: 'sidecar', label: 'logs/sidecar/0123' },
];

describe('runtime/logs LogPrinter', () => {
  it('prefixes lines like docker compose, padded to the longest label', () => {
    const p = new LogPrinter(new Capture(), { mode: 'prefixed', colour: false, sources });
    expect(p.format(sources[0]!, 'stdout', 'hello')).to.equal('app               | hello\n');
    expect(p.format(sources[1]!, 'stderr', 'x')).to.equal('logs/sidecar/0123 | x\n');
  });

  it('colours the prefix per container only when asked', () => {
    const p = new LogPrinter(new Capture(), { mode: 'prefixed', colour: true, sources });
    expect(p.format(sources[0]!, 'stdout', 'a')).to.equal('\x1b[36mapp               |\x1b[39m a\n');
    expect(p.format(sources[1]!, 'stdout', 'a').startsWith('\x1b[33m')).to.equal(true);
  });

  it('prints bare lines without a prefix, and JSON objects with --json-logs', () => {
    expect(new LogPrinter(new Capture(), { mode: 'plain', colour: true, sources }).format(sources[0]!, 'stdout', 'a')).to.equal('a\n');
    const json = new LogPrinter(new Capture(), { mode: 'json', colour: true, sources, now: () => new Date(0) });
    expect(JSON.parse(json.format(sources[0]!, 'stderr', 'boom'))).to.deep.equal({
      container: 'app',
      stream: 'stderr',
      line: 'boom',
      time: '1970-01-01T00:00:00.000Z',
    });
  });

  it('splits chunks into whole lines, keeps multi-byte characters split across chunks, and flushes a last partial line', async () => {
    const sink = new Capture();
    const p = new LogPrinter(sink, { mode: 'plain', colour: false, sources });
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const done = p.follow(sources[0]!, stdout, stderr);
    const euro = Buffer.from('€');
    stdout.write(Buffer.concat([Buffer.from('one\ntw'), euro.subarray(0, 1)]));
    stdout.write(Buffer.concat([euro.subarray(1), Buffer.from('o\r\nthr')]));
    stdout.end('ee');
    stderr.end();
    await done;
    expect(sink.text).to.equal('one\ntw€o\nthree\n');
  });
});
