import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { findVaultFile } from '../../../src/vault/find.js';

describe('vault/find', () => {
  const existing = (...files: string[]) => (f: string) => files.includes(f);

  it('uses --vault FILE, relative to the working directory, even if it does not exist', () => {
    expect(findVaultFile({ explicit: 'secrets/dev.json', taskDefinitionFile: 'td/task.json', cwd: '/work', exists: existing() })).to.equal(
      '/work/secrets/dev.json',
    );
    expect(findVaultFile({ explicit: '/abs/v.json', taskDefinitionFile: 'td/task.json', cwd: '/work', exists: existing() })).to.equal('/abs/v.json');
  });

  it('prefers ecs-local.vault.json beside the task definition', () => {
    const exists = existing('/work/td/ecs-local.vault.json', '/work/ecs-local.vault.json');
    expect(findVaultFile({ taskDefinitionFile: 'td/task.json', cwd: '/work', exists })).to.equal('/work/td/ecs-local.vault.json');
  });

  it('falls back to ecs-local.vault.json in the working directory', () => {
    const exists = existing('/work/ecs-local.vault.json');
    expect(findVaultFile({ taskDefinitionFile: '/elsewhere/task.json', cwd: '/work', exists })).to.equal('/work/ecs-local.vault.json');
  });

  it('finds nothing when there is no vault', () => {
    expect(findVaultFile({ taskDefinitionFile: 'task.json', cwd: '/work', exists: existing() })).to.equal(undefined);
  });

  it('checks the real file system by default (a folder of that name is not a vault)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-find-'));
    try {
      fs.mkdirSync(path.join(dir, 'td'));
      fs.mkdirSync(path.join(dir, 'td', 'ecs-local.vault.json'));
      fs.writeFileSync(path.join(dir, 'ecs-local.vault.json'), '{}');
      expect(findVaultFile({ taskDefinitionFile: 'td/task.json', cwd: dir })).to.equal(path.join(dir, 'ecs-local.vault.json'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
