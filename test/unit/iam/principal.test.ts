import { expect } from 'chai';
import { assumedRoleArn, parseRoleArn } from '../../../src/iam/principal.js';

describe('iam/principal', () => {
  it('the session of a role is named assumed-role/<role name>/<session> in the role\'s account and partition', () => {
    expect(assumedRoleArn('arn:aws:iam::123456789012:role/ecsTaskExecutionRole', 'abc')).to.equal(
      'arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/abc',
    );
    expect(assumedRoleArn('arn:aws-cn:iam::210987654321:role/x', 's')).to.equal('arn:aws-cn:sts::210987654321:assumed-role/x/s');
  });

  it('a role path is not part of the assumed-role ARN', () => {
    expect(parseRoleArn('arn:aws:iam::123456789012:role/service-role/team/exec')).to.deep.equal({
      partition: 'aws',
      accountId: '123456789012',
      path: '/service-role/team/',
      name: 'exec',
    });
    expect(assumedRoleArn('arn:aws:iam::123456789012:role/service-role/team/exec', 't')).to.equal('arn:aws:sts::123456789012:assumed-role/exec/t');
  });

  it('refuses what is not a role ARN', () => {
    expect(parseRoleArn('arn:aws:iam::123456789012:user/me')).to.equal(undefined);
    expect(parseRoleArn('arn:aws:iam::12345:role/x')).to.equal(undefined);
    expect(parseRoleArn('ecsTaskExecutionRole')).to.equal(undefined);
  });
});
