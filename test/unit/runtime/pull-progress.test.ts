import { expect } from 'chai';
import { humanSize, progressBar, PullProgressRenderer, type PullEvent } from '../../../src/runtime/pull-progress.js';

/**
 * What a terminal shows after the text: lines, `\r`, cursor up/down (`ESC[nA`, `ESC[nB`) and clear
 * line (`ESC[2K`). Anything else in an escape sequence fails the test.
 */
function screen(text: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\x1b') {
      const m = /^.\[(\d*)([ABK])/.exec(text.slice(i));
      if (m === null) throw new Error(`unexpected escape at ${i}: ${JSON.stringify(text.slice(i, i + 8))}`);
      const n = Number(m[1] === '' ? 1 : m[1]);
      if (m[2] === 'A') row = Math.max(0, row - n);
      else if (m[2] === 'B') row += n;
      else if (n === 2) lines[row] = '';
      else throw new Error(`unexpected erase ${m[0]}`);
      while (lines.length <= row) lines.push('');
      i += m[0].length - 1;
    } else if (ch === '\n') {
      row += 1;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (ch === '\r') {
      col = 0;
    } else {
      const line = (lines[row] ?? '').padEnd(col, ' ');
      lines[row] = line.slice(0, col) + ch + line.slice(col + 1);
      col += 1;
    }
  }
  return lines;
}

/** A real pull stream of a one-layer image, as Docker 20.10 sent it. */
const PULL: PullEvent[] = [
  { status: 'Pulling from ecs-local-test/pulled', id: 't1' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'b28024a790ab' },
  { status: 'Pulling fs layer', progressDetail: {}, id: '0c1a2b3c4d5e' },
  { status: 'Downloading', progressDetail: { current: 36581, total: 1056099 }, id: 'b28024a790ab' },
  { status: 'Downloading', progressDetail: { current: 528049, total: 1056099 }, id: 'b28024a790ab' },
  { status: 'Already exists', progressDetail: {}, id: '0c1a2b3c4d5e' },
  { status: 'Download complete', progressDetail: {}, id: 'b28024a790ab' },
  { status: 'Extracting', progressDetail: { current: 32768, total: 1056099 }, id: 'b28024a790ab' },
  { status: 'Extracting', progressDetail: { current: 1056099, total: 1056099 }, id: 'b28024a790ab' },
  { status: 'Pull complete', progressDetail: {}, id: 'b28024a790ab' },
  { status: 'Digest: sha256:9b89e8f255c30f7739144dcc1bd9065c46e7e3d3dd04868ef3fbeab09b98c46e' },
  { status: 'Status: Downloaded newer image for 127.0.0.1:37279/ecs-local-test/pulled:t1' },
];

function render(events: PullEvent[], tty: boolean, columns?: number): string {
  const r = new PullProgressRenderer({ tty, columns });
  return events.map((e) => r.update(e)).join('');
}

describe('runtime/pull-progress', () => {
  it('prints sizes as Docker does: decimal units, four significant digits', () => {
    expect(humanSize(0)).to.equal('0B');
    expect(humanSize(999)).to.equal('999B');
    expect(humanSize(36581)).to.equal('36.58kB');
    expect(humanSize(1056099)).to.equal('1.056MB');
    expect(humanSize(2_500_000_000)).to.equal('2.5GB');
  });

  it('draws a bar of done and remaining bytes, or the bytes alone without a total', () => {
    expect(progressBar(0, 1000, 11)).to.equal(`[>${' '.repeat(10)}] 0B/1kB`);
    expect(progressBar(500, 1000, 11)).to.equal('[=====>     ] 500B/1kB');
    expect(progressBar(1000, 1000, 11)).to.equal('[==========>] 1kB/1kB');
    expect(progressBar(1234, undefined)).to.equal('1.234kB');
    expect(progressBar(undefined, undefined)).to.equal('');
    expect(progressBar(500, 1000, 2)).to.equal('500B/1kB');
  });

  it('on a terminal, keeps one line per layer and redraws it in place', () => {
    const lines = screen(render(PULL, true, 100));
    expect(lines).to.deep.equal([
      '  t1: Pulling from ecs-local-test/pulled',
      '  b28024a790ab: Pull complete',
      '  0c1a2b3c4d5e: Already exists',
      '  Digest: sha256:9b89e8f255c30f7739144dcc1bd9065c46e7e3d3dd04868ef3fbeab09b98c46e',
      '  Status: Downloaded newer image for 127.0.0.1:37279/ecs-local-test/pulled:t1',
      '',
    ]);
  });

  it('on a terminal, shows the bytes and a bar while a layer downloads', () => {
    const lines = screen(render(PULL.slice(0, 5), true, 100));
    expect(lines[1]).to.equal(`  b28024a790ab: Downloading [${'='.repeat(24)}>${' '.repeat(25)}] 528kB/1.056MB`);
    expect(lines[2]).to.equal('  0c1a2b3c4d5e: Pulling fs layer');
    expect(lines).to.have.length(4);
  });

  it('on a narrow terminal, shortens the bar and never lets a layer line wrap', () => {
    const rows = screen(render(PULL.slice(0, 5), true, 60));
    for (const line of rows) expect(line.length).to.be.at.most(59);
    expect(rows[1]).to.match(/^ {2}b28024a790ab: Downloading \[=+>\s*\] 528kB\/1\.056MB$/);
    // Lines about the whole image are never redrawn: they are kept whole.
    expect(screen(render(PULL, true, 60))[3]).to.equal(`  ${PULL[10]?.status ?? ''}`);
  });

  it('without a terminal, writes one plain line per change of a layer status, no escapes', () => {
    const text = render(PULL, false);
    expect(text).to.not.include('\x1b');
    expect(text.split('\n')).to.deep.equal([
      '  t1: Pulling from ecs-local-test/pulled',
      '  b28024a790ab: Pulling fs layer',
      '  0c1a2b3c4d5e: Pulling fs layer',
      '  b28024a790ab: Downloading 1.056MB',
      '  0c1a2b3c4d5e: Already exists',
      '  b28024a790ab: Download complete',
      '  b28024a790ab: Extracting',
      '  b28024a790ab: Pull complete',
      '  Digest: sha256:9b89e8f255c30f7739144dcc1bd9065c46e7e3d3dd04868ef3fbeab09b98c46e',
      '  Status: Downloaded newer image for 127.0.0.1:37279/ecs-local-test/pulled:t1',
      '',
    ]);
  });

  it('after a line about the whole image, starts new rows instead of redrawing old ones', () => {
    const r = new PullProgressRenderer({ tty: true, columns: 100 });
    const text = [
      r.update({ status: 'Pulling fs layer', id: 'aaa' }),
      r.update({ status: 'Digest: sha256:1' }),
      r.update({ status: 'Pull complete', id: 'aaa' }),
    ].join('');
    expect(screen(text)).to.deep.equal(['  aaa: Pulling fs layer', '  Digest: sha256:1', '  aaa: Pull complete', '']);
  });
});
