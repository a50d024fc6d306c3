import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { arch, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pauseArchFor, pauseExecutable, pauseImageRef, pauseRootfs } from '../../../src/docker/pause-image.js';
import { waitFor } from '../../support/wait.js';

function readProc(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

describe('docker/pause-image', () => {
  it('builds an ELF64 little-endian executable with the machine of each architecture', () => {
    for (const [a, machine] of [['x86_64', 62], ['aarch64', 183]] as const) {
      const elf = pauseExecutable(a);
      expect([...elf.subarray(0, 4)]).to.deep.equal([0x7f, 0x45, 0x4c, 0x46]);
      expect(elf[4]).to.equal(2); // ELFCLASS64
      expect(elf[5]).to.equal(1); // little-endian
      expect(elf.readUInt16LE(16)).to.equal(2); // ET_EXEC
      expect(elf.readUInt16LE(18)).to.equal(machine);
      // The entry point is the first byte after the headers, inside the single PT_LOAD segment.
      expect(elf.readBigUInt64LE(24)).to.equal(0x400000n + 120n);
      expect(elf.readUInt32LE(64)).to.equal(1); // PT_LOAD
      expect(elf.readBigUInt64LE(64 + 32)).to.equal(BigInt(elf.length)); // p_filesz
    }
  });

  it('encodes the aarch64 loop as mov x0-x3 #0, mov x8 #73, svc #0, b -24', () => {
    const code = pauseExecutable('aarch64').subarray(120);
    const words = Array.from({ length: code.length / 4 }, (_, i) => code.readUInt32LE(i * 4));
    expect(words).to.deep.equal([0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa]);
  });

  it('tags the image with a hash of the executable, different per architecture', () => {
    expect(pauseImageRef('x86_64')).to.match(/^ecs-local\/pause:[0-9a-f]{12}$/);
    expect(pauseImageRef('x86_64')).to.not.equal(pauseImageRef('aarch64'));
  });

  it('puts /pause in the root filesystem with mode 0755', () => {
    const tar = pauseRootfs('x86_64');
    expect(tar.subarray(0, 5).toString()).to.equal('pause');
    expect(tar.subarray(100, 107).toString()).to.equal('0000755');
  });

  it("maps Docker's architecture names and refuses others with the way out", () => {
    expect(pauseArchFor('amd64')).to.equal('x86_64');
    expect(pauseArchFor('arm64')).to.equal('aarch64');
    expect(() => pauseArchFor('s390x')).to.throw(/s390x.*bridge or host/);
  });

  (arch() === 'x64' ? it : it.skip)('runs on this x86_64 host and blocks until killed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ecs-local-pause-'));
    try {
      const file = join(dir, 'pause');
      writeFileSync(file, pauseExecutable('x86_64'));
      chmodSync(file, 0o755);
      const child = spawn(file, { stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
      let gone = false;
      void exited.then(() => (gone = true));
      // Blocked means inside pause(2): /proc/<pid>/syscall starts with its number (34) while it waits.
      await waitFor('the pause process to block in pause(2)', () => gone || readProc(`/proc/${child.pid}/syscall`).startsWith('34 '), 5000);
      expect(gone, 'exited instead of blocking').to.equal(false);
      child.kill('SIGTERM');
      expect(await exited).to.equal('SIGTERM');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
