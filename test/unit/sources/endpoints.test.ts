import { expect } from 'chai';
import { hasEndpoints, resolveEndpoints } from '../../../src/sources/endpoints.js';

function inputError(fn: () => unknown): Error & { errorName?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { errorName?: string };
  }
  throw new Error('expected an InputError');
}

describe('sources/endpoints', () => {
  it('sends every service to --endpoint, normalised with a trailing slash', () => {
    const r = resolveEndpoints({ endpoint: 'http://localhost:4566', env: {} });
    const expected = { url: 'http://localhost:4566/', source: '--endpoint' };
    expect(r).to.deep.equal({ secretsManager: expected, ssm: expected, s3: expected });
    expect(hasEndpoints(r)).to.equal(true);
  });

  it('lets --endpoint beat the variables, without even reading them', () => {
    const env = { AWS_ENDPOINT_URL: 'http://global:1', AWS_ENDPOINT_URL_SSM: 'not a url' };
    const r = resolveEndpoints({ endpoint: 'https://emulator.example:8443/base', env });
    expect(r.ssm).to.deep.equal({ url: 'https://emulator.example:8443/base', source: '--endpoint' });
    expect(r.secretsManager?.url).to.equal('https://emulator.example:8443/base');
  });

  it('prefers the service-specific variable to AWS_ENDPOINT_URL', () => {
    const r = resolveEndpoints({
      env: { AWS_ENDPOINT_URL: 'http://global:4566', AWS_ENDPOINT_URL_SSM: 'http://ssm-only:4583' },
    });
    expect(r).to.deep.equal({
      secretsManager: { url: 'http://global:4566/', source: 'AWS_ENDPOINT_URL' },
      ssm: { url: 'http://ssm-only:4583/', source: 'AWS_ENDPOINT_URL_SSM' },
      s3: { url: 'http://global:4566/', source: 'AWS_ENDPOINT_URL' },
    });
  });

  it('routes only the services that have a variable; the rest stay on real AWS', () => {
    const r = resolveEndpoints({ env: { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://127.0.0.1:9000' } });
    expect(r).to.deep.equal({ secretsManager: { url: 'http://127.0.0.1:9000/', source: 'AWS_ENDPOINT_URL_SECRETS_MANAGER' } });
  });

  it('reads the SDK names only: AWS_ENDPOINT_URL_SECRETSMANAGER (no underscore) is not one', () => {
    const r = resolveEndpoints({ env: { AWS_ENDPOINT_URL_SECRETSMANAGER: 'http://127.0.0.1:9000' } });
    expect(r).to.deep.equal({});
    expect(hasEndpoints(r)).to.equal(false);
  });

  it('treats an empty variable as unset, as the SDK does', () => {
    const r = resolveEndpoints({ env: { AWS_ENDPOINT_URL: 'http://global:4566', AWS_ENDPOINT_URL_S3: '' } });
    expect(r.s3).to.deep.equal({ url: 'http://global:4566/', source: 'AWS_ENDPOINT_URL' });
    expect(resolveEndpoints({ env: { AWS_ENDPOINT_URL: '' } })).to.deep.equal({});
  });

  it('ignores the variables when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true, but not --endpoint', () => {
    const env = { AWS_ENDPOINT_URL: 'http://global:4566', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
    expect(resolveEndpoints({ env })).to.deep.equal({});
    expect(resolveEndpoints({ endpoint: 'http://flag:1', env }).ssm?.url).to.equal('http://flag:1/');
    const notIgnored = resolveEndpoints({ env: { ...env, AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'false' } });
    expect(notIgnored.ssm?.url).to.equal('http://global:4566/');
  });

  it('rejects an AWS_IGNORE_CONFIGURED_ENDPOINT_URLS that is neither "true" nor "false"', () => {
    const err = inputError(() => resolveEndpoints({ env: { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'yes' } }));
    expect(err.errorName).to.equal('InputError');
    expect(err.message).to.equal(
      'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS="yes" is not valid: set it to "true" or "false" (the AWS SDKs accept nothing else), or unset it',
    );
  });

  describe('bad URLs', () => {
    const cases: Array<[string, string]> = [
      ['localhost:4566', 'it has no http:// or https:// scheme'],
      ['4566', 'it is not an absolute URL'],
      ['ftp://localhost:4566', 'the scheme must be http or https, not ftp'],
      ['http://localhost:4566/?region=us-east-1', 'an endpoint URL takes no query string or fragment'],
    ];
    for (const [value, why] of cases) {
      it(`--endpoint ${value}: ${why}`, () => {
        const err = inputError(() => resolveEndpoints({ endpoint: value, env: {} }));
        expect(err.errorName).to.equal('InputError');
        expect(err.message).to.equal(
          `--endpoint ${JSON.stringify(value)} is not a valid endpoint URL: ${why}; pass a full URL such as --endpoint http://localhost:4566`,
        );
      });
    }

    it('names the variable and how to fix or drop it', () => {
      const err = inputError(() => resolveEndpoints({ env: { AWS_ENDPOINT_URL_SSM: 'localhost:4566' } }));
      expect(err.errorName).to.equal('InputError');
      expect(err.message).to.equal(
        'AWS_ENDPOINT_URL_SSM "localhost:4566" is not a valid endpoint URL: it has no http:// or https:// scheme; set AWS_ENDPOINT_URL_SSM to a full URL such as http://localhost:4566, unset it, or set AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true',
      );
    });

    it('does not complain about a global variable that every service overrides', () => {
      const r = resolveEndpoints({
        env: {
          AWS_ENDPOINT_URL: 'bad',
          AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://a:1',
          AWS_ENDPOINT_URL_SSM: 'http://b:2',
          AWS_ENDPOINT_URL_S3: 'http://c:3',
        },
      });
      expect(Object.values(r).map((e) => e.url)).to.deep.equal(['http://a:1/', 'http://b:2/', 'http://c:3/']);
    });
  });
});
