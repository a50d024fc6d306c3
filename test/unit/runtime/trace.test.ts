import { expect } from 'chai';
import { traceFrom } from '../../../src/runtime/trace.js';
import { Capture } from '../../support/capture.js';

describe('runtime/trace', () => {
  it('with ECS_LOCAL_TRACE set, prints each step with the time since the process started', () => {
    const err = new Capture();
    const trace = traceFrom({ ECS_LOCAL_TRACE: '1' }, err, () => 1234.56);
    trace('images: done');
    expect(err.text).to.equal('ecs-local trace: +1234.6ms images: done\n');
  });

  it('prints nothing when ECS_LOCAL_TRACE is unset, empty or 0', () => {
    const err = new Capture();
    for (const env of [{}, { ECS_LOCAL_TRACE: '' }, { ECS_LOCAL_TRACE: '0' }]) traceFrom(env, err)('step');
    expect(err.text).to.equal('');
  });
});
