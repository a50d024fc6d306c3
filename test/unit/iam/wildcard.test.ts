import { expect } from 'chai';
import { globMatch, matchesAction, matchesResource } from '../../../src/iam/wildcard.js';

describe('iam/wildcard', () => {
  it('* matches any run of characters, none included, across / and :', () => {
    expect(globMatch('arn:aws:ssm:*:*:parameter/app/*', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/a/b')).to.equal(true);
    expect(globMatch('secret:db-*', 'secret:db-')).to.equal(true);
    expect(globMatch('*', '')).to.equal(true);
    expect(globMatch('a*b*c', 'axxbyyc')).to.equal(true);
    expect(globMatch('a*b*c', 'axxbyy')).to.equal(false);
  });

  it('? matches exactly one character: the -?????? suffix rule', () => {
    const pattern = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????';
    expect(globMatch(pattern, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC123')).to.equal(true);
    expect(globMatch(pattern, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db')).to.equal(false);
    expect(globMatch(pattern, 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC12')).to.equal(false);
  });

  it('actions ignore case, resources do not', () => {
    expect(matchesAction('SecretsManager:getsecret*', 'secretsmanager:GetSecretValue')).to.equal(true);
    expect(matchesResource('arn:aws:ssm:us-east-1:1:parameter/App', 'arn:aws:ssm:us-east-1:1:parameter/app')).to.equal(false);
  });

  it('stays fast on patterns that make naive backtracking explode', () => {
    const started = Date.now();
    expect(globMatch(`${'*a'.repeat(30)}b`, 'a'.repeat(5000))).to.equal(false);
    expect(Date.now() - started).to.be.below(500);
  });
});
