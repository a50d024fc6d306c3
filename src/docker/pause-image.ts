/**
 * The per-task "pause" container owns the network namespace every container of an awsvpc task joins,
 * as the ECS agent does. No image can be pulled for it, so ecs-local carries the executable itself: a
 * hand-assembled static ELF that blocks forever, imported through the Engine API as a one-file image.
 */
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { ContainerEngine } from './container-engine.js';
import { writeTar } from './tar.js';

export type PauseArch = 'x86_64' | 'aarch64';

/**
 * x86_64, at the entry point:
 *   loop: mov eax, 34      ; B8 22 00 00 00   (34 = __NR_pause)
 *         syscall          ; 0F 05
 *         jmp loop         ; EB F7            (rel8 -9: back over these 9 bytes)
 */
const X86_64_CODE = [0xb8, 0x22, 0x00, 0x00, 0x00, 0x0f, 0x05, 0xeb, 0xf7];

/**
 * aarch64, at the entry point (pause(2) does not exist there; ppoll with no fds and no timeout blocks):
 *   loop: mov x0, #0       ; D2800000   (fds = NULL)
 *         mov x1, #0       ; D2800001   (nfds = 0)
 *         mov x2, #0       ; D2800002   (timeout = NULL: forever)
 *         mov x3, #0       ; D2800003   (sigmask = NULL)
 *         mov x8, #73      ; D2800928   (73 = __NR_ppoll)
 *         svc #0           ; D4000001
 *         b loop           ; 17FFFFFA   (-6 instructions)
 */
const AARCH64_CODE = wordsLE([0xd2800000, 0xd2800001, 0xd2800002, 0xd2800003, 0xd2800928, 0xd4000001, 0x17fffffa]);

const MACHINE: Record<PauseArch, number> = { x86_64: 62, aarch64: 183 };
const CODE: Record<PauseArch, readonly number[]> = { x86_64: X86_64_CODE, aarch64: AARCH64_CODE };

const LOAD_ADDRESS = 0x400000n;
const EHDR_SIZE = 64;
const PHDR_SIZE = 56;

/**
 * A complete ELF64 executable: the ELF header, one PT_LOAD program header mapping the whole file
 * read+execute at 0x400000, then the code. No sections, no libc, no dynamic linker.
 */
export function pauseExecutable(arch: PauseArch): Buffer {
  const code = Buffer.from(CODE[arch]);
  const codeOffset = EHDR_SIZE + PHDR_SIZE;
  const size = codeOffset + code.length;
  const elf = Buffer.alloc(size);
  // e_ident: magic, ELFCLASS64, ELFDATA2LSB, EV_CURRENT, ELFOSABI_SYSV, padding.
  elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0], 0);
  elf.writeUInt16LE(2, 16); // e_type = ET_EXEC
  elf.writeUInt16LE(MACHINE[arch], 18); // e_machine
  elf.writeUInt32LE(1, 20); // e_version
  elf.writeBigUInt64LE(LOAD_ADDRESS + BigInt(codeOffset), 24); // e_entry
  elf.writeBigUInt64LE(BigInt(EHDR_SIZE), 32); // e_phoff
  elf.writeBigUInt64LE(0n, 40); // e_shoff: no section headers
  elf.writeUInt32LE(0, 48); // e_flags
  elf.writeUInt16LE(EHDR_SIZE, 52); // e_ehsize
  elf.writeUInt16LE(PHDR_SIZE, 54); // e_phentsize
  elf.writeUInt16LE(1, 56); // e_phnum
  elf.writeUInt16LE(64, 58); // e_shentsize
  elf.writeUInt16LE(0, 60); // e_shnum
  elf.writeUInt16LE(0, 62); // e_shstrndx
  const ph = EHDR_SIZE;
  elf.writeUInt32LE(1, ph); // p_type = PT_LOAD
  elf.writeUInt32LE(5, ph + 4); // p_flags = PF_R | PF_X
  elf.writeBigUInt64LE(0n, ph + 8); // p_offset
  elf.writeBigUInt64LE(LOAD_ADDRESS, ph + 16); // p_vaddr
  elf.writeBigUInt64LE(LOAD_ADDRESS, ph + 24); // p_paddr
  elf.writeBigUInt64LE(BigInt(size), ph + 32); // p_filesz
  elf.writeBigUInt64LE(BigInt(size), ph + 40); // p_memsz
  elf.writeBigUInt64LE(0x1000n, ph + 48); // p_align
  code.copy(elf, codeOffset);
  return elf;
}

/** Maps Docker's `version().Arch` (Go's GOARCH) to the executable to embed. */
export function pauseArchFor(dockerArch: string): PauseArch {
  switch (dockerArch) {
    case 'amd64':
    case 'x86_64':
      return 'x86_64';
    case 'arm64':
    case 'aarch64':
      return 'aarch64';
    default:
      throw new UsageError(
        `The Docker engine runs on ${dockerArch}; ecs-local's pause container exists for amd64 and arm64 only, so awsvpc tasks cannot run here. Use networkMode bridge or host.`,
      );
  }
}

/** The image reference: the tag is a hash of the executable, so a changed binary gets a new image. */
export function pauseImageRef(arch: PauseArch): string {
  const hash = createHash('sha256').update(pauseExecutable(arch)).digest('hex').slice(0, 12);
  return `ecs-local/pause:${hash}`;
}

/** The root filesystem of the pause image: `/pause`, executable. */
export function pauseRootfs(arch: PauseArch): Buffer {
  return writeTar([{ type: 'file', path: 'pause', data: pauseExecutable(arch), mode: 0o755 }]);
}

/** Makes sure the engine has the pause image for its architecture, importing it if missing. */
export async function ensurePauseImage(engine: ContainerEngine): Promise<string> {
  const arch = pauseArchFor((await engine.version()).arch);
  const ref = pauseImageRef(arch);
  if (!(await engine.imageExists(ref))) {
    await engine.importImage(pauseRootfs(arch), ref, ['ENTRYPOINT ["/pause"]']);
  }
  return ref;
}

function wordsLE(words: readonly number[]): number[] {
  const bytes = Buffer.alloc(words.length * 4);
  words.forEach((w, i) => bytes.writeUInt32LE(w, i * 4));
  return [...bytes];
}
