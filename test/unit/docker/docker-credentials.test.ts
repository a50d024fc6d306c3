import { expect } from 'chai';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerConfigAuth, dockerConfigDir } from '../../../src/docker/docker-credentials.js';

/**
 * A real credential helper on the PATH: it answers for r.example.com (with the server address it
 * read on stdin as the user), says "not found" for absent.example.com, and fails for anything else.
 */
const HELPER = `#!/bin/sh
server=$(cat)
case "$server" in
  r.example.com|https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"%s","Secret":"s3cret-from-helper"}\\n' "$server" "$server" ;;
  absent.example.com) echo 'credentials not found in native keychain'; exit 1 ;;
  *) echo 'keychain is locked'; exit 3 ;;
esac
`;

describe('docker/docker-credentials', () => {
  let dir: string;
  let bin: string;
  let warnings: string[];

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-docker-config-'));
    bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'docker-credential-ecslocaltest'), HELPER);
    chmodSync(path.join(bin, 'docker-credential-ecslocaltest'), 0o755);
    warnings = [];
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function lookup(configJson: unknown): (image: string) => Promise<unknown> {
    writeFileSync(path.join(dir, 'config.json'), typeof configJson === 'string' ? configJson : JSON.stringify(configJson));
    const env = { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH ?? ''}` };
    return dockerConfigAuth({ env, warn: (l) => warnings.push(l) });
  }

  it('finds config.json in $DOCKER_CONFIG, else in ~/.docker', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/etc/docker-cfg' }, '/home/u')).to.equal('/etc/docker-cfg');
    expect(dockerConfigDir({}, '/home/u')).to.equal('/home/u/.docker');
    expect(dockerConfigDir({ DOCKER_CONFIG: '' }, '/home/u')).to.equal('/home/u/.docker');
  });

  it('asks the credsStore helper with the server address on stdin', async () => {
    const get = lookup({ credsStore: 'ecslocaltest' });
    expect(await get('r.example.com/app:1')).to.deep.equal({ username: 'r.example.com', password: 's3cret-from-helper', serveraddress: 'r.example.com' });
    expect(await get('busybox')).to.deep.equal({
      username: 'https://index.docker.io/v1/',
      password: 's3cret-from-helper',
      serveraddress: 'https://index.docker.io/v1/',
    });
    expect(warnings).to.deep.equal([]);
  });

  it('pulls without credentials, silently, when the helper has none for the registry', async () => {
    const get = lookup({ credHelpers: { 'absent.example.com': 'ecslocaltest' } });
    expect(await get('absent.example.com/app')).to.equal(undefined);
    expect(warnings).to.deep.equal([]);
  });

  it('warns, without any secret, when a helper fails or is missing, and pulls without credentials', async () => {
    const get = lookup({ credHelpers: { 'locked.example.com': 'ecslocaltest', 'gone.example.com': 'nosuchhelper' } });
    expect(await get('locked.example.com/app')).to.equal(undefined);
    expect(await get('gone.example.com/app')).to.equal(undefined);
    expect(warnings).to.deep.equal([
      'credential helper docker-credential-ecslocaltest failed for locked.example.com (exit status 3: keychain is locked); pulling locked.example.com/app without credentials',
      'credential helper docker-credential-nosuchhelper failed for gone.example.com (docker-credential-nosuchhelper is not on the PATH); pulling gone.example.com/app without credentials',
    ]);
  });

  it('reads `auths` from the file, once per run', async () => {
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ auths: { 'r.example.com': { auth: Buffer.from('u:p').toString('base64') } } }));
    let reads = 0;
    const get = dockerConfigAuth({
      env: { DOCKER_CONFIG: dir },
      warn: (l) => warnings.push(l),
      readConfig: async (file) => {
        reads += 1;
        const { readFile } = await import('node:fs/promises');
        return readFile(file, 'utf8');
      },
    });
    expect(await get('r.example.com/a')).to.deep.equal({ username: 'u', password: 'p', serveraddress: 'r.example.com' });
    expect(await get('r.example.com/b')).to.deep.equal({ username: 'u', password: 'p', serveraddress: 'r.example.com' });
    expect(reads).to.equal(1);
  });

  it('warns about a config.json it cannot use, and goes on without it', async () => {
    const get = lookup('{"auths": ');
    expect(await get('r.example.com/app')).to.equal(undefined);
    expect(warnings).to.have.length(1);
    expect(warnings[0]).to.match(new RegExp(`^cannot use ${path.join(dir, 'config.json').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+; pulling without its credentials$`));
  });

  it('gives nothing and says nothing without a config.json', async () => {
    const get = dockerConfigAuth({ env: { DOCKER_CONFIG: path.join(dir, 'none') }, warn: (l) => warnings.push(l) });
    expect(await get('r.example.com/app')).to.equal(undefined);
    expect(warnings).to.deep.equal([]);
  });
});
