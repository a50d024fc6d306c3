import { expect } from 'chai';
import { mergeEnvironment } from '../../../src/env/precedence.js';

const base = { environment: [], injected: {}, secrets: [], envFiles: [], region: 'us-east-1' };
const asObject = (vars: ReturnType<typeof mergeEnvironment>) => Object.fromEntries(vars.map((v) => [v.name, [v.value, v.source.kind]]));

describe('environment precedence (secrets > injected > environment > environmentFiles > region)', () => {
  it('secrets beat injected variables, which beat environment', () => {
    const env = mergeEnvironment({
      ...base,
      environment: [{ name: 'A', value: 'env' }, { name: 'B', value: 'env' }, { name: 'C', value: 'env' }],
      injected: { B: 'ecs', C: 'ecs' },
      secrets: [{ name: 'C', value: 'secret', valueFrom: 'x' }],
    });
    expect(asObject(env)).to.deep.include({ A: ['env', 'environment'], B: ['ecs', 'injected'], C: ['secret', 'secret'] });
  });

  it('env files only fill names not yet set; the first file wins, the last line of a file wins', () => {
    const env = mergeEnvironment({
      ...base,
      environment: [{ name: 'A', value: 'env' }],
      envFiles: [
        { file: 'one', vars: [['A', 'file1'], ['B', 'first'], ['B', 'second']] },
        { file: 'two', vars: [['B', 'file2'], ['C', 'file2']] },
      ],
    });
    expect(asObject(env)).to.deep.include({ A: ['env', 'environment'], B: ['second', 'environmentFile'], C: ['file2', 'environmentFile'] });
  });

  it('sets AWS_REGION and AWS_DEFAULT_REGION only when neither is set (ApplyRegionToContainer)', () => {
    expect(asObject(mergeEnvironment(base))).to.deep.include({ AWS_REGION: ['us-east-1', 'region'], AWS_DEFAULT_REGION: ['us-east-1', 'region'] });
    const userSet = asObject(mergeEnvironment({ ...base, envFiles: [{ file: 'f', vars: [['AWS_DEFAULT_REGION', 'eu-west-1']] }] }));
    expect(userSet).to.not.have.property('AWS_REGION');
    expect(userSet).to.deep.include({ AWS_DEFAULT_REGION: ['eu-west-1', 'environmentFile'] });
  });

  it('returns variables sorted by name', () => {
    const env = mergeEnvironment({ ...base, environment: [{ name: 'Z', value: '1' }, { name: 'B', value: '2' }] });
    expect(env.map((v) => v.name)).to.deep.equal(['AWS_DEFAULT_REGION', 'AWS_REGION', 'B', 'Z']);
  });
});
