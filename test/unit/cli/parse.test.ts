import { expect } from 'chai';
import { parseDays, parseLength, parseList, parsePort, parseRuntimeEndpoint, parseSeconds } from '../../../src/cli/parse.js';

describe('cli/parse: option values, checked once while the command line is parsed', () => {
  it('--runtime-endpoint takes vault, none or an http(s) URL, and refuses anything else with the choices', () => {
    expect(parseRuntimeEndpoint('vault')).to.deep.equal({ kind: 'vault' });
    expect(parseRuntimeEndpoint('none')).to.deep.equal({ kind: 'none' });
    expect(parseRuntimeEndpoint('http://localhost:4566')).to.deep.equal({ kind: 'url', url: 'http://localhost:4566/' });
    for (const bad of ['localhost:4566', 'ftp://x', 'http://x/?a=1', 'aws']) {
      expect(() => parseRuntimeEndpoint(bad)).to.throw(`--runtime-endpoint must be vault, none or an http(s) URL such as http://localhost:4566, got "${bad}"`);
    }
  });

  it('--timeout takes seconds above 0, fractions included', () => {
    expect(parseSeconds('0.5')).to.equal(0.5);
    for (const bad of ['0', '-1', 'five', 'Infinity']) {
      expect(() => parseSeconds(bad)).to.throw(`--timeout must be a number of seconds above 0, got "${bad}"`).with.property('exitCode', 2);
    }
  });

  it('--port takes 0 to 65535', () => {
    expect(parsePort('0')).to.equal(0);
    expect(parsePort('65535')).to.equal(65535);
    for (const bad of ['65536', '-1', '80a', '']) expect(() => parsePort(bad)).to.throw(`got "${bad}"`);
  });

  it('--recovery-window-in-days takes a whole number and leaves the range to DeleteSecret', () => {
    expect(parseDays('3')).to.equal(3);
    expect(parseDays('-7')).to.equal(-7);
    expect(() => parseDays('7.5')).to.throw('--recovery-window-in-days takes a whole number of days (7 to 30), got "7.5"');
  });

  it('--generate takes 1 to 4096', () => {
    expect(parseLength('4096')).to.equal(4096);
    for (const bad of ['0', '4097', '1e3']) expect(() => parseLength(bad)).to.throw(`--generate takes a length from 1 to 4096 characters, got "${bad}"`);
  });

  it('--version-stages is a comma-separated list, trimmed', () => {
    expect(parseList('AWSCURRENT, blue')).to.deep.equal(['AWSCURRENT', 'blue']);
  });
});
