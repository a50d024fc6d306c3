import { expect } from 'chai';
import { customerKey, parameterResource, secretNameResource } from '../../../src/iam/resources.js';

describe('iam/resources', () => {
  it('SSM: the parameter ARN without the leading slash, whatever form was asked for', () => {
    const r = (name: string) => parameterResource('aws', 'us-east-1', '123456789012', name);
    expect(r('/production/config/value')).to.equal('arn:aws:ssm:us-east-1:123456789012:parameter/production/config/value');
    expect(r('plain')).to.equal('arn:aws:ssm:us-east-1:123456789012:parameter/plain');
    expect(r('arn:aws:ssm:eu-west-1:210987654321:parameter/x/y')).to.equal('arn:aws:ssm:eu-west-1:210987654321:parameter/x/y');
  });

  it('[INF] SSM: a :version or :label selector is not part of the resource', () => {
    expect(parameterResource('aws', 'us-east-1', '123456789012', '/a/b:3')).to.equal('arn:aws:ssm:us-east-1:123456789012:parameter/a/b');
    expect(parameterResource('aws', 'us-east-1', '123456789012', 'arn:aws:ssm:us-east-1:123456789012:parameter/a/b:prod')).to.equal(
      'arn:aws:ssm:us-east-1:123456789012:parameter/a/b',
    );
  });

  it('[INF] a secret name no secret has is authorized as its partial ARN', () => {
    expect(secretNameResource('aws', 'us-east-1', '123456789012', 'nope')).to.equal('arn:aws:secretsmanager:us-east-1:123456789012:secret:nope');
  });

  it('KMS: a key id becomes the key ARN in the entry\'s region and account; the AWS managed keys need nothing', () => {
    expect(customerKey('1234abcd-12ab-34cd-56ef-1234567890ab', 'aws', 'eu-west-1', '123456789012')).to.deep.equal({
      arn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      alias: false,
    });
    expect(customerKey('arn:aws:kms:us-east-1:210987654321:key/k', 'aws', 'eu-west-1', '123456789012')).to.deep.equal({
      arn: 'arn:aws:kms:us-east-1:210987654321:key/k',
      alias: false,
    });
    expect(customerKey('alias/app', 'aws', 'us-east-1', '123456789012')).to.deep.equal({ arn: 'arn:aws:kms:us-east-1:123456789012:alias/app', alias: true });
    for (const managed of [undefined, 'alias/aws/secretsmanager', 'alias/aws/ssm', 'arn:aws:kms:us-east-1:123456789012:alias/aws/ssm']) {
      expect(customerKey(managed, 'aws', 'us-east-1', '123456789012'), String(managed)).to.equal(undefined);
    }
  });
});
