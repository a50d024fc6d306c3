import { expect } from 'chai';
import { supervisorExecArgv } from '../../../src/commands/detach.js';

describe('commands/detach: the supervisor process', () => {
  it("keeps this process's loaders but not its debugger: a `node --inspect` run's supervisor must not take the same port", () => {
    expect(supervisorExecArgv(['--import', 'tsx', '--inspect=9229', '--enable-source-maps'])).to.deep.equal(['--import', 'tsx', '--enable-source-maps']);
    expect(supervisorExecArgv(['--inspect-brk', '--inspect-port', '9230', '--no-warnings'])).to.deep.equal(['--no-warnings']);
    expect(supervisorExecArgv([])).to.deep.equal([]);
  });
});
