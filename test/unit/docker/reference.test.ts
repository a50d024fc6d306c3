import { expect } from 'chai';
import { familiarName, parseImageReference, repositoryAndTag, splitDockerDomain } from '../../../src/docker/reference.js';

const HEX64 = 'a'.repeat(64);

function error(ref: string): string | undefined {
  const r = parseImageReference(ref);
  return r.ok ? undefined : r.error;
}

describe('docker/reference', () => {
  it('accepts what Docker accepts, normalised as Docker does', () => {
    const cases: [string, { domain: string; path: string; tag?: string; digest?: string; repository: string }][] = [
      ['busybox', { domain: 'docker.io', path: 'library/busybox', repository: 'busybox' }],
      ['busybox:1.36', { domain: 'docker.io', path: 'library/busybox', tag: '1.36', repository: 'busybox' }],
      ['index.docker.io/bitnami/redis:7', { domain: 'docker.io', path: 'bitnami/redis', tag: '7', repository: 'index.docker.io/bitnami/redis' }],
      ['localhost:5000/team/app:v1.2_3', { domain: 'localhost:5000', path: 'team/app', tag: 'v1.2_3', repository: 'localhost:5000/team/app' }],
      ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest', { domain: '123456789012.dkr.ecr.eu-west-1.amazonaws.com', path: 'app', tag: 'latest', repository: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app' }],
      [`app:1@sha256:${HEX64}`, { domain: 'docker.io', path: 'library/app', tag: '1', digest: `sha256:${HEX64}`, repository: 'app' }],
      ['[::1]:5000/app', { domain: '[::1]:5000', path: 'app', repository: '[::1]:5000/app' }],
      ['a__b/c--d.e', { domain: 'docker.io', path: 'a__b/c--d.e', repository: 'a__b/c--d.e' }],
    ];
    for (const [ref, want] of cases) expect(parseImageReference(ref), ref).to.deep.equal({ ok: true, reference: want });
  });

  it("refuses what Docker refuses, in Docker's words", () => {
    expect(error('app:1.0:extra')).to.equal('invalid reference format');
    expect(error('app:')).to.equal('invalid reference format');
    expect(error(':latest')).to.equal('invalid reference format');
    expect(error('a//b')).to.equal('invalid reference format');
    expect(error('-app')).to.equal('invalid reference format');
    expect(error('app:-tag')).to.equal('invalid reference format');
    expect(error(`app:${'t'.repeat(129)}`)).to.equal('invalid reference format');
    expect(error('app@sha256:abc')).to.equal('invalid reference format');
    expect(error('')).to.equal('repository name must have at least one component');
    expect(error('ghcr.io/Org/app:1')).to.equal('invalid reference format: repository name (Org/app) must be lowercase');
    // A capitalised first component is a registry to Docker; the rest must be lower case.
    expect(error('MyOrg/App:latest')).to.equal('invalid reference format: repository name (App) must be lowercase');
    expect(error('myorg/App')).to.equal('invalid reference format: repository name (myorg/App) must be lowercase');
    expect(error(HEX64)).to.equal(`invalid repository name (${HEX64}), cannot specify 64-byte hexadecimal strings`);
    expect(error(`r/${'a'.repeat(300)}`)).to.equal('repository name must not be more than 255 characters');
  });

  it('splits the registry as docker login and pull do', () => {
    expect(splitDockerDomain('busybox')).to.deep.equal({ domain: 'docker.io', remainder: 'library/busybox' });
    expect(splitDockerDomain('team/app')).to.deep.equal({ domain: 'docker.io', remainder: 'team/app' });
    expect(splitDockerDomain('localhost/app')).to.deep.equal({ domain: 'localhost', remainder: 'app' });
    expect(splitDockerDomain('Registry/app')).to.deep.equal({ domain: 'Registry', remainder: 'app' });
  });

  it('gives repository and tag for docker tag and import, latest by default', () => {
    expect(repositoryAndTag('localhost:5000/app')).to.deep.equal({ repository: 'localhost:5000/app', tag: 'latest' });
    expect(repositoryAndTag('localhost:5000/app:v1')).to.deep.equal({ repository: 'localhost:5000/app', tag: 'v1' });
    expect(repositoryAndTag('ecs-local/busybox:offline')).to.deep.equal({ repository: 'ecs-local/busybox', tag: 'offline' });
  });

  it('shows images by the short names docker ps uses, whatever the engine reports (Podman qualifies them)', () => {
    expect(familiarName('docker.io/library/busybox:latest')).to.equal('busybox:latest');
    expect(familiarName('docker.io/ecs-local-test/busybox:latest')).to.equal('ecs-local-test/busybox:latest');
    expect(familiarName('ecs-local-test/busybox:latest')).to.equal('ecs-local-test/busybox:latest');
    expect(familiarName('docker.io/library/a/b:1')).to.equal('library/a/b:1');
    expect(familiarName('localhost:5000/app:v1')).to.equal('localhost:5000/app:v1');
    expect(familiarName('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:' + 'a'.repeat(64))).to.equal('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:' + 'a'.repeat(64));
  });
});
