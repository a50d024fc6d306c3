import { expect } from 'chai';
import { classifyValueFrom, parseAsmValueFrom } from '../../../src/secrets/value-from.js';
import { parseArn } from '../../../src/aws/arn.js';

const BAD_FORMAT = 'an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.';
const ARN = 'arn:aws:secretsmanager:us-west-2:111122223333:secret:name-AbCdEf';

describe('valueFrom classification (control plane, R1/R11)', () => {
  const cases: [string, string, { provider: string; region: string; name?: string }][] = [
    [ARN, 'us-east-1', { provider: 'asm', region: 'us-west-2' }],
    ['arn:aws-cn:secretsmanager:cn-north-1:1:secret:x', 'us-east-1', { provider: 'asm', region: 'cn-north-1' }],
    ['my-secret', 'eu-west-1', { provider: 'ssm', region: 'eu-west-1', name: 'my-secret' }],
    ['prod/db', 'eu-west-1', { provider: 'ssm', region: 'eu-west-1', name: 'prod/db' }],
    ['/app/prod/db', 'eu-west-1', { provider: 'ssm', region: 'eu-west-1', name: '/app/prod/db' }],
    ['arn:aws:ssm:ap-south-1:1:parameter/my_param', 'us-east-1', { provider: 'ssm', region: 'ap-south-1', name: 'my_param' }],
    ['arn:aws:ssm:ap-south-1:1:parameter/app/prod/db', 'us-east-1', { provider: 'ssm', region: 'ap-south-1', name: '/app/prod/db' }],
    ['arn:aws:ssm:us-east-1:1:parameter/api//new-relic-license-key', 'us-east-1', { provider: 'ssm', region: 'us-east-1', name: '/api//new-relic-license-key' }],
    ['/aws/reference/secretsmanager/prod-db', 'us-east-2', { provider: 'ssm', region: 'us-east-2', name: '/aws/reference/secretsmanager/prod-db' }],
  ];
  for (const [valueFrom, taskRegion, want] of cases) {
    it(`${valueFrom} -> ${want.provider} in ${want.region}`, () => {
      const ref = classifyValueFrom(valueFrom, taskRegion);
      expect(ref.provider).to.equal(want.provider);
      expect(ref.region).to.equal(want.region);
      if (want.name !== undefined && ref.provider === 'ssm') expect(ref.name).to.equal(want.name);
    });
  }
});

describe('Secrets Manager valueFrom parsing (agent getASMParametersFromInput, R2/R3)', () => {
  it('2 parts: the whole valueFrom is the SecretId, no key, no version', () => {
    expect(parseAsmValueFrom(ARN)).to.deep.equal({ ok: true, secretId: ARN, jsonKey: '' });
    const partial = 'arn:aws:secretsmanager:us-west-2:111122223333:secret:name';
    expect(parseAsmValueFrom(partial)).to.deep.equal({ ok: true, secretId: partial, jsonKey: '' });
  });
  it('5 parts: SecretId rebuilt without the suffix; empty fields are unset', () => {
    expect(parseAsmValueFrom(`${ARN}:password::`)).to.deep.equal({ ok: true, secretId: ARN, jsonKey: 'password' });
    expect(parseAsmValueFrom(`${ARN}::AWSPREVIOUS:`)).to.deep.equal({ ok: true, secretId: ARN, jsonKey: '', versionStage: 'AWSPREVIOUS' });
    expect(parseAsmValueFrom(`${ARN}:::uuid-1`)).to.deep.equal({ ok: true, secretId: ARN, jsonKey: '', versionId: 'uuid-1' });
    expect(parseAsmValueFrom(`${ARN}:k:AWSPENDING:uuid-2`)).to.deep.equal({ ok: true, secretId: ARN, jsonKey: 'k', versionStage: 'AWSPENDING', versionId: 'uuid-2' });
    expect(parseAsmValueFrom(`${ARN}:::`)).to.deep.equal({ ok: true, secretId: ARN, jsonKey: '' });
  });
  it('3, 4 and 6+ parts are the invalid-ARN error; short ARNs are arn.Parse errors', () => {
    expect(parseAsmValueFrom(`${ARN}:key`)).to.deep.equal({ ok: false, error: BAD_FORMAT });
    expect(parseAsmValueFrom(`${ARN}:key:`)).to.deep.equal({ ok: false, error: BAD_FORMAT });
    expect(parseAsmValueFrom(`${ARN}:a:b:c:d`)).to.deep.equal({ ok: false, error: BAD_FORMAT });
    expect(parseAsmValueFrom('arn:aws:secretsmanager:us-east-1')).to.deep.equal({ ok: false, error: 'arn: not enough sections' });
  });
  it('arn.Parse keeps empty fields and puts everything after the fifth colon in the resource', () => {
    expect(parseArn('arn:::::')).to.deep.equal({ ok: true, arn: { partition: '', service: '', region: '', accountId: '', resource: '' } });
    expect(parseArn('arn:aws:s3:::b/k:x')).to.deep.include({ ok: true });
    expect(parseArn('ARN:aws:x:y:z:w')).to.deep.equal({ ok: false, error: 'arn: invalid prefix' });
  });
});
