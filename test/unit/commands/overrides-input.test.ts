import { expect } from 'chai';
import { envFlag, splitCommand, withShortForms } from '../../../src/commands/overrides-input.js';

describe('commands/overrides-input: the short forms', () => {
  it('splits --command as a shell would, without expanding anything', () => {
    expect(splitCommand(`sh -c 'echo "$HOME" done'`)).to.deep.equal(['sh', '-c', 'echo "$HOME" done']);
    expect(splitCommand(`a "b c" d\\ e ""`)).to.deep.equal(['a', 'b c', 'd e', '']);
    expect(splitCommand('["npm", "run", "x y"]')).to.deep.equal(['npm', 'run', 'x y']);
    expect(() => splitCommand(`echo 'oops`)).to.throw("a ' quote is not closed");
    expect(() => splitCommand('  ')).to.throw('--command is empty');
  });

  it('reads -e NAME=VALUE, and -e NAME from this environment', () => {
    expect(envFlag('A=b=c', {})).to.deep.equal({ name: 'A', value: 'b=c' });
    expect(envFlag('HOME', { HOME: '/root' })).to.deep.equal({ name: 'HOME', value: '/root' });
    expect(() => envFlag('NOPE', {})).to.throw('-e NOPE: NOPE is not set here');
    expect(() => envFlag('=x', {})).to.throw('has no name');
  });

  it('puts the short forms over the --overrides entry of the same container', () => {
    const merged = withShortForms(
      { cpu: '512', containerOverrides: [{ name: 'web', command: ['a'], environment: [{ name: 'X', value: '1' }] }] },
      'web',
      { command: ['b'], environment: [{ name: 'Y', value: '2' }] },
    );
    expect(merged).to.deep.equal({
      cpu: '512',
      containerOverrides: [{ name: 'web', command: ['b'], environment: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] }],
    });
    expect(withShortForms({}, 'job', { command: ['c'] })).to.deep.equal({ containerOverrides: [{ name: 'job', command: ['c'] }] });
  });
});
