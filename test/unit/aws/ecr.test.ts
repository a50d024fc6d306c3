import { expect } from 'chai';
import { ecrRegistry } from '../../../src/aws/ecr.js';

describe('aws/ecr', () => {
  it('reads account and region from an ECR registry host or an image on it', () => {
    expect(ecrRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com')).to.deep.equal({ accountId: '123456789012', region: 'eu-west-1' });
    expect(ecrRegistry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1')).to.deep.equal({ accountId: '123456789012', region: 'eu-west-1' });
    expect(ecrRegistry('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app')).to.deep.equal({ accountId: '123456789012', region: 'cn-north-1' });
    expect(ecrRegistry('123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com/app')).to.deep.equal({ accountId: '123456789012', region: 'us-gov-west-1' });
    expect(ecrRegistry('docker.io')).to.equal(undefined);
    expect(ecrRegistry('public.ecr.aws/nginx/nginx')).to.equal(undefined);
    expect(ecrRegistry('${account}.dkr.ecr.${region}.amazonaws.com/app')).to.equal(undefined);
  });
});
