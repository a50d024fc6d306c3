import { expect } from 'chai';
import { parseEnvFileEc2, parseEnvFileFargate, type EnvFileParseResult } from '../../../src/env/envfile.js';

const varsOf = (r: EnvFileParseResult): [string, string][] => {
  if (!r.ok) throw new Error(`unexpected error: ${r.error}`);
  return r.vars;
};
const warningsOf = (r: EnvFileParseResult): string[] => {
  if (!r.ok) throw new Error(`unexpected error: ${r.error}`);
  return r.warnings;
};

describe('env/envfile parseEnvFileEc2 (agent readEnvVarsFromFile)', () => {
  it('splits at the first "=" and keeps names and values exactly, quotes included', () => {
    const text = 'A=1\nB= spaced value \nC="quoted"\nD=a=b=c\n E =x\nexport F=1\nG=\'single\'\n';
    expect(varsOf(parseEnvFileEc2(text))).to.deep.equal([
      ['A', '1'],
      ['B', ' spaced value '],
      ['C', '"quoted"'],
      ['D', 'a=b=c'],
      [' E ', 'x'],
      ['export F', '1'],
      ['G', "'single'"],
    ]);
  });

  it('keeps empty values (agent >= 1.74.0)', () => {
    expect(varsOf(parseEnvFileEc2('EMPTY=\nX=1'))).to.deep.equal([
      ['EMPTY', ''],
      ['X', '1'],
    ]);
  });

  it('treats only a "#" in the first column as a comment', () => {
    const r = parseEnvFileEc2('#A=1\n  #B=2\n\t# comment without equals\n');
    expect(varsOf(r)).to.deep.equal([['  #B', '2']]);
    expect(warningsOf(r).join('\n')).to.contain('line 2').and.contain('"  #B"');
  });

  it('skips lines without "=" and lines with an empty name, with a warning for the latter', () => {
    const r = parseEnvFileEc2('JUSTANAME\n\n=value\nOK=1');
    expect(varsOf(r)).to.deep.equal([['OK', '1']]);
    expect(warningsOf(r)).to.have.length(2);
    expect(warningsOf(r)[1]).to.match(/^line 3: empty variable name/);
  });

  it('lets a later line overwrite an earlier one, keeping the first position', () => {
    expect(varsOf(parseEnvFileEc2('A=1\nB=2\nA=3'))).to.deep.equal([
      ['A', '3'],
      ['B', '2'],
    ]);
  });

  it('strips one "\\r" at the end of a line (CRLF files), including the last line, but no other', () => {
    expect(varsOf(parseEnvFileEc2('A=1\r\nB=2\r\r\nC=3\r'))).to.deep.equal([
      ['A', '1'],
      ['B', '2\r'],
      ['C', '3'],
    ]);
    expect(varsOf(parseEnvFileEc2('A=1\rB=2\n'))).to.deep.equal([['A', '1\rB=2']]);
  });

  it('keeps a UTF-8 byte order mark in the first name, as the agent does not remove it', () => {
    expect(varsOf(parseEnvFileEc2('\ufeffA=1'))).to.deep.equal([['\ufeffA', '1']]);
  });

  it('reads an empty file as no variables', () => {
    expect(parseEnvFileEc2('')).to.deep.equal({ ok: true, vars: [], warnings: [] });
    expect(parseEnvFileEc2('\n\n')).to.deep.equal({ ok: true, vars: [], warnings: [] });
  });

  describe('bufio.Scanner 64 KiB line limit', () => {
    it('accepts a line of 65535 bytes, with or without its newline', () => {
      const line = `A=${'x'.repeat(65533)}`;
      expect(varsOf(parseEnvFileEc2(`${line}\n`))[0]?.[1]).to.have.length(65533);
      expect(varsOf(parseEnvFileEc2(line))[0]?.[1]).to.have.length(65533);
    });

    it('fails the whole file on a line of 65536 bytes, counting a "\\r" and UTF-8 bytes', () => {
      const tooLong = { ok: false, error: 'bufio.Scanner: token too long', line: 2 };
      expect(parseEnvFileEc2(`A=1\nB=${'x'.repeat(65534)}\nC=3`)).to.deep.equal(tooLong);
      expect(parseEnvFileEc2(`A=1\nB=${'x'.repeat(65533)}\r\n`)).to.deep.equal(tooLong);
      // 'é' is two bytes in UTF-8.
      expect(parseEnvFileEc2(`A=1\nB=${'é'.repeat(32767)}`)).to.deep.equal(tooLong);
      expect(parseEnvFileEc2(`A=1\nB=${'é'.repeat(32766)}x`).ok).to.equal(true);
    });
  });
});

describe('env/envfile parseEnvFileFargate (Docker env-file rules)', () => {
  it('left-trims lines and names, keeps values verbatim (no unquoting, no right trim)', () => {
    const text = '  A=1\n\tB= two \nC="quoted"\nD=a=b\n\u00a0E=nbsp\n';
    expect(varsOf(parseEnvFileFargate(text))).to.deep.equal([
      ['A', '1'],
      ['B', ' two '],
      ['C', '"quoted"'],
      ['D', 'a=b'],
      ['E', 'nbsp'],
    ]);
  });

  it('skips blank lines and comments, even indented ones', () => {
    expect(varsOf(parseEnvFileFargate('# c\n   # indented=1\n\n  \t\nA=1'))).to.deep.equal([['A', '1']]);
  });

  it('drops empty values (containers-roadmap#1354), with a warning', () => {
    const r = parseEnvFileFargate('EMPTY=\nX=1\nSPACE= ');
    expect(varsOf(r)).to.deep.equal([
      ['X', '1'],
      ['SPACE', ' '],
    ]);
    expect(warningsOf(r)).to.deep.equal(['line 1: EMPTY= has an empty value: Fargate drops it (the variable is not set)']);
  });

  it('[INF] skips a name without "=" (Docker would read the host variable)', () => {
    const r = parseEnvFileFargate('HOME\nA=1');
    expect(varsOf(r)).to.deep.equal([['A', '1']]);
    expect(warningsOf(r)[0]).to.match(/^line 1: no '='/);
  });

  it('[INF] skips names with white space or no name, which Docker refuses, with a warning', () => {
    const r = parseEnvFileFargate('MY VAR=1\nB\t=2\n=3\nOK=4');
    expect(varsOf(r)).to.deep.equal([['OK', '4']]);
    expect(warningsOf(r).map((w) => w.slice(0, 7))).to.deep.equal(['line 1:', 'line 2:', 'line 3:']);
  });

  it('removes a byte order mark from the first line only', () => {
    expect(varsOf(parseEnvFileFargate('\ufeffA=1\n\ufeffB=2'))).to.deep.equal([
      ['A', '1'],
      ['\ufeffB', '2'],
    ]);
  });

  it('lets a later line overwrite an earlier one and strips CRLF', () => {
    expect(varsOf(parseEnvFileFargate('A=1\r\nB=2\r\nA=3\r\n'))).to.deep.equal([
      ['A', '3'],
      ['B', '2'],
    ]);
  });

  it('[INF] fails on a line over 64 KiB like the EC2 agent', () => {
    expect(parseEnvFileFargate(`A=${'x'.repeat(70000)}`)).to.deep.equal({
      ok: false,
      error: 'bufio.Scanner: token too long',
      line: 1,
    });
  });

  it('differs from EC2 on the same file', () => {
    const text = '  A=1\nB=\n # c=1\n';
    expect(varsOf(parseEnvFileEc2(text))).to.deep.equal([
      ['  A', '1'],
      ['B', ''],
      [' # c', '1'],
    ]);
    expect(varsOf(parseEnvFileFargate(text))).to.deep.equal([['A', '1']]);
  });
});
