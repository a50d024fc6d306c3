import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTar } from '../../../src/docker/tar.js';

describe('docker/tar writeTar', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecs-local-tar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function extract(archive: Buffer): string {
    const file = join(dir, 'a.tar');
    writeFileSync(file, archive);
    const out = join(dir, 'out');
    execFileSync('mkdir', ['-p', out]);
    execFileSync('tar', ['-xf', file, '-C', out]);
    return out;
  }

  it('writes files, directories and symlinks that GNU tar extracts with their modes', () => {
    const out = extract(
      writeTar([
        { type: 'dir', path: 'bin' },
        { type: 'file', path: 'bin/tool', data: Buffer.from('#!/bin/sh\necho hi\n'), mode: 0o755 },
        { type: 'symlink', path: 'bin/alias', target: 'tool' },
        { type: 'dir', path: 'tmp', mode: 0o1777 },
      ]),
    );
    expect(readFileSync(join(out, 'bin/tool'), 'utf8')).to.equal('#!/bin/sh\necho hi\n');
    expect(statSync(join(out, 'bin/tool')).mode & 0o777).to.equal(0o755);
    expect(readlinkSync(join(out, 'bin/alias'))).to.equal('tool');
    expect(statSync(join(out, 'tmp')).isDirectory()).to.equal(true);
  });

  it('pads file data to 512-byte blocks and ends with two zero blocks', () => {
    const archive = writeTar([{ type: 'file', path: 'x', data: Buffer.alloc(513, 1) }]);
    // header + 2 data blocks + 2 end blocks
    expect(archive.length).to.equal(512 * 5);
    expect(archive.subarray(512 * 3).every((b) => b === 0)).to.equal(true);
  });

  it('stores paths longer than 100 bytes in the ustar prefix field', () => {
    const long = `${'d'.repeat(90)}/${'e'.repeat(90)}/file.txt`;
    const out = extract(writeTar([{ type: 'file', path: long, data: Buffer.from('deep') }]));
    expect(readFileSync(join(out, long), 'utf8')).to.equal('deep');
  });

  it('is byte-for-byte reproducible, so imported layers are identical across runs', () => {
    const entries = [{ type: 'file' as const, path: 'a', data: Buffer.from('1') }];
    expect(writeTar(entries).equals(writeTar(entries))).to.equal(true);
  });

  it('refuses a path that fits neither the name nor the prefix field', () => {
    expect(() => writeTar([{ type: 'file', path: 'x'.repeat(300), data: Buffer.alloc(0) }])).to.throw(/path too long/);
  });
});
