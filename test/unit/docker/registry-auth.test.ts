import { expect } from 'chai';
import {
  authSource,
  convertToHostname,
  DOCKER_HUB_INDEX,
  parseDockerConfig,
  parseHelperAnswer,
  registryHost,
  type DockerConfig,
} from '../../../src/docker/registry-auth.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

function config(source: unknown): DockerConfig {
  const parsed = parseDockerConfig(JSON.stringify(source));
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
}

describe('docker/registry-auth', () => {
  describe('registryHost', () => {
    it('finds the registry the way Docker normalises references', () => {
      expect(registryHost('busybox')).to.equal('docker.io');
      expect(registryHost('library/busybox:1.36')).to.equal('docker.io');
      expect(registryHost('bitnami/redis@sha256:abc')).to.equal('docker.io');
      expect(registryHost('docker.io/library/busybox')).to.equal('docker.io');
      expect(registryHost('index.docker.io/library/busybox')).to.equal('docker.io');
      expect(registryHost('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1')).to.equal('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
      expect(registryHost('127.0.0.1:5000/team/app')).to.equal('127.0.0.1:5000');
      expect(registryHost('localhost/app')).to.equal('localhost');
      expect(registryHost('Registry/app')).to.equal('Registry');
    });
  });

  it('matches config keys written as URLs by their host', () => {
    expect(convertToHostname('https://index.docker.io/v1/')).to.equal('index.docker.io');
    expect(convertToHostname('http://127.0.0.1:5000')).to.equal('127.0.0.1:5000');
    expect(convertToHostname('registry.example.com/v2/')).to.equal('registry.example.com');
  });

  describe('parseDockerConfig', () => {
    it('decodes `auth` (user:password, the password may hold colons) and keeps identity tokens', () => {
      const c = config({
        auths: {
          'registry.example.com': { auth: b64('robot:pa:ss\0') },
          'other.example.com': { username: 'u', password: 'p' },
          'token.example.com': { auth: b64('<token>:'), identitytoken: 'refresh-token' },
        },
      });
      expect(c.auths['registry.example.com']).to.deep.equal({ username: 'robot', password: 'pa:ss' });
      expect(c.auths['other.example.com']).to.deep.equal({ username: 'u', password: 'p' });
      expect(c.auths['token.example.com']).to.deep.equal({ username: '<token>', password: '', identitytoken: 'refresh-token' });
    });

    it('refuses the file for an `auth` without a colon, and text that is not a JSON object', () => {
      const bad = parseDockerConfig(JSON.stringify({ auths: { 'r.example.com': { auth: b64('no-colon') } } }));
      expect(bad).to.deep.equal({ ok: false, error: 'the auth of "r.example.com" is not base64 of user:password' });
      expect(parseDockerConfig('[]')).to.deep.equal({ ok: false, error: 'not a JSON object' });
      expect(parseDockerConfig('{').ok).to.equal(false);
    });
  });

  describe('authSource', () => {
    it('uses the `auths` entry of the image registry, with its server address', () => {
      const c = config({ auths: { 'http://127.0.0.1:5000': { auth: b64('u:p') } } });
      expect(authSource(c, '127.0.0.1:5000/app:1')).to.deep.equal({
        kind: 'config',
        credentials: { username: 'u', password: 'p', serveraddress: '127.0.0.1:5000' },
      });
      expect(authSource(c, '127.0.0.1:5001/app:1')).to.deep.equal({ kind: 'none' });
    });

    it('finds Docker Hub credentials under the index URL, index.docker.io or docker.io', () => {
      const hub = { kind: 'config', credentials: { username: 'u', password: 'p', serveraddress: DOCKER_HUB_INDEX } };
      for (const key of [DOCKER_HUB_INDEX, 'index.docker.io', 'docker.io', 'https://registry-1.docker.io']) {
        expect(authSource(config({ auths: { [key]: { auth: b64('u:p') } } }), 'busybox'), key).to.deep.equal(hub);
      }
      // The CLI's own key wins over an alias.
      const both = config({ auths: { 'docker.io': { auth: b64('old:x') }, [DOCKER_HUB_INDEX]: { auth: b64('u:p') } } });
      expect(authSource(both, 'library/busybox')).to.deep.equal(hub);
    });

    it('asks the registry credHelper, else credsStore, and then ignores `auths`', () => {
      const c = config({
        auths: { 'r.example.com': { auth: b64('u:p') }, 'ecr.example.com': {} },
        credHelpers: { 'ecr.example.com': 'ecr-login' },
        credsStore: 'desktop',
      });
      expect(authSource(c, 'ecr.example.com/app')).to.deep.equal({ kind: 'helper', helper: 'ecr-login', serverAddress: 'ecr.example.com' });
      expect(authSource(c, 'r.example.com/app')).to.deep.equal({ kind: 'helper', helper: 'desktop', serverAddress: 'r.example.com' });
      expect(authSource(c, 'busybox')).to.deep.equal({ kind: 'helper', helper: 'desktop', serverAddress: DOCKER_HUB_INDEX });
    });

    it('gives no credentials for an empty entry (what Docker Desktop leaves in `auths`)', () => {
      expect(authSource(config({ auths: { 'r.example.com': {} } }), 'r.example.com/app')).to.deep.equal({ kind: 'none' });
    });
  });

  describe('parseHelperAnswer', () => {
    it('reads a user and secret, or an identity token for the user <token>', () => {
      expect(parseHelperAnswer(0, '{"ServerURL":"r.example.com","Username":"AWS","Secret":"s3cret"}\n', 'r.example.com')).to.deep.equal({
        kind: 'credentials',
        credentials: { username: 'AWS', password: 's3cret', serveraddress: 'r.example.com' },
      });
      expect(parseHelperAnswer(0, '{"Username":"<token>","Secret":"refresh"}', 'r.example.com')).to.deep.equal({
        kind: 'credentials',
        credentials: { identitytoken: 'refresh', serveraddress: 'r.example.com' },
      });
    });

    it('treats "credentials not found" as no credentials, other failures as errors that never quote a secret', () => {
      expect(parseHelperAnswer(1, 'credentials not found in native keychain\n', 'r')).to.deep.equal({ kind: 'not-found' });
      expect(parseHelperAnswer(1, 'error getting credentials: keychain locked\n', 'r')).to.deep.equal({
        kind: 'error',
        error: 'exit status 1: error getting credentials: keychain locked',
      });
      const garbled = parseHelperAnswer(0, '{"Username":"u","Secret":"s3cret"', 'r');
      expect(garbled).to.deep.equal({ kind: 'error', error: 'its answer is not JSON' });
    });
  });
});
