import { expect } from 'chai';
import { isValidSsmParameterName, valueFromProblem } from '../../../src/taskdef/ssm-names.js';

const levels = (n: number) => Array.from({ length: n }, (_, i) => `/l${i}`).join('');

describe('taskdef/ssm-names', () => {
  describe('isValidSsmParameterName', () => {
    const valid = [
      'my_param',
      'my-param.v2',
      'MyParam',
      '/app/prod/db',
      '/a',
      'my-aws-param',
      'param-ssm',
      '/aws/reference/secretsmanager/prod/db-password',
      '/aws/reference/secretsmanager/name+with=chars@x.y!',
      levels(15),
      'x'.repeat(2048),
    ];
    for (const name of valid) {
      it(`accepts ${name.length > 60 ? `${name.slice(0, 20)}… (${name.length} chars)` : name}`, () => {
        expect(isValidSsmParameterName(name)).to.equal(true);
      });
    }

    const invalid: [string, string][] = [
      ['secret-name:key::', 'a colon (Secrets Manager suffix on a bare name)'],
      ['app/prod/db', 'a hierarchy without the leading /'],
      ['/app//db', 'an empty level'],
      ['/app/db/', 'a trailing /'],
      ['/', 'only a slash'],
      ['awsParam', 'the aws prefix'],
      ['AWS-param', 'the aws prefix in another case'],
      ['/aws/service/ami', 'the /aws prefix'],
      ['ssm-param', 'the ssm prefix'],
      ['/SSM/x', 'the /ssm prefix in another case'],
      ['/aws/reference/secretsmanager/', 'a reference without a secret name'],
      ['/aws/reference/secretsmanager/a:b', 'a colon in a referenced secret name'],
      ['my param', 'a space'],
      ['my$param', 'a character SSM does not allow'],
      [levels(16), 'more than 15 levels'],
      ['x'.repeat(2049), 'more than 2048 characters'],
      ['', 'nothing'],
    ];
    for (const [name, why] of invalid) {
      it(`refuses ${why}`, () => {
        expect(isValidSsmParameterName(name)).to.equal(false);
      });
    }
  });

  describe('valueFromProblem', () => {
    const cases: [string, string | undefined][] = [
      ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf', undefined],
      ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf:password::', undefined],
      ['arn:aws:secretsmanager:us-east-1:123456789012:secret:db:k1', undefined],
      ['arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:x', undefined],
      ['arn:aws:ssm:us-east-1:123456789012:parameter/my_param', undefined],
      ['arn:aws:ssm:us-east-1:123456789012:parameter/app/prod/db', undefined],
      ['arn:aws-cn:ssm:cn-north-1:123456789012:parameter/x', undefined],
      // [INF] registered by ECS, failed only at task start (HHS/simpler-grants-gov#4330).
      ['arn:aws:ssm:us-east-1:123456789012:parameter/api//new-relic-license-key', undefined],
      ['arn:aws:ssm:us-east-1::parameter/x', 'invalidSsmParameterArn'],
      ['arn:aws:ssm::123456789012:parameter/x', 'invalidSsmParameterArn'],
      ['arn:aws:ssm:us-east-1:12345:parameter/x', 'invalidSsmParameterArn'],
      ['arn:aws:ssm:us-east-1:123456789012:parameter/', 'invalidSsmParameterArn'],
      ['arn:aws:ssm:us-east-1:123456789012:parameter//', 'invalidSsmParameterArn'],
      ['arn:aws:ssm:us-east-1:123456789012:parameter/x:1', 'invalidSsmParameterArn'],
      ['arn:aws:ssm:us-east-1:123456789012:document/x', 'invalidSsmParameterArn'],
      ['arn::secretsmanager:us-east-1:123456789012:secret:x', 'invalidSsmParameterArn'],
      ['arn:aws:s3:::bucket/app.env', 'invalidSsmParameterArn'],
      ['arn:', 'invalidSsmParameterArn'],
      ['ARN:aws:ssm:us-east-1:123456789012:parameter/x', 'invalidSsmParameterName'],
      ['my-secret', undefined],
      ['prod/db', 'invalidSsmParameterName'],
      ['my-secret:password::', 'invalidSsmParameterName'],
    ];
    for (const [valueFrom, expected] of cases) {
      it(`${valueFrom} → ${expected ?? 'accepted'}`, () => {
        expect(valueFromProblem(valueFrom)).to.equal(expected);
      });
    }
  });
});
