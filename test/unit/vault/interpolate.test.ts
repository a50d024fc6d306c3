import { expect } from 'chai';
import { interpolate } from '../../../src/vault/interpolate.js';

const env: Record<string, string> = { USER: 'app', PASS: 'p@ss', EMPTY: '' };
const lookup = (name: string) => env[name];

describe('vault/interpolate', () => {
  it('fills ${VAR} anywhere in the string, several times', () => {
    expect(interpolate('postgres://${USER}:${PASS}@db/${USER}', lookup)).to.deep.equal({ ok: true, value: 'postgres://app:p@ss@db/app' });
  });

  it('leaves strings without references alone, including a lone $ and $$', () => {
    expect(interpolate('cost: $5 and $$ and $VAR and {x}', lookup)).to.deep.equal({ ok: true, value: 'cost: $5 and $$ and $VAR and {x}' });
  });

  it('writes $${ as a literal ${', () => {
    expect(interpolate('$${USER} is ${USER}', lookup)).to.deep.equal({ ok: true, value: '${USER} is app' });
  });

  it('accepts a variable set to the empty string', () => {
    expect(interpolate('[${EMPTY}]', lookup)).to.deep.equal({ ok: true, value: '[]' });
  });

  it('reports an unset variable by name', () => {
    expect(interpolate('x ${MISSING} y', lookup)).to.deep.equal({ ok: false, kind: 'unset', variable: 'MISSING' });
  });

  it('reports an unclosed or malformed reference', () => {
    expect(interpolate('abc ${USER', lookup)).to.include({ ok: false, kind: 'syntax' });
    expect(interpolate('${1X}', lookup)).to.include({ ok: false, kind: 'syntax' });
    expect(interpolate('${A B}', lookup)).to.include({ ok: false, kind: 'syntax' });
    expect(interpolate('${}', lookup)).to.include({ ok: false, kind: 'syntax' });
  });
});
