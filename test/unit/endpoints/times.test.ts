import { expect } from 'chai';
import { dockerTime, goTime, rfc3339Seconds } from '../../../src/endpoints/times.js';

describe('endpoints/times', () => {
  it('writes credentials expirations to the second, with Z', () => {
    expect(rfc3339Seconds(new Date('2026-03-10T16:28:13.999Z'))).to.equal('2026-03-10T16:28:13Z');
  });

  it("writes Go's RFC3339Nano: no trailing zeros, no fraction on a whole second", () => {
    expect(goTime(new Date('2026-03-10T16:28:13.500Z'))).to.equal('2026-03-10T16:28:13.5Z');
    expect(goTime(new Date('2026-03-10T16:28:13.000Z'))).to.equal('2026-03-10T16:28:13Z');
    expect(goTime(new Date('2026-03-10T16:28:13.123Z'))).to.equal('2026-03-10T16:28:13.123Z');
  });

  it("treats Docker's zero time as never", () => {
    expect(dockerTime('0001-01-01T00:00:00Z')).to.equal(undefined);
    expect(dockerTime('2026-03-10T16:28:13.959846606Z')).to.equal('2026-03-10T16:28:13.959846606Z');
  });
});
