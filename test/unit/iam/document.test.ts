/** Policy documents in the vault's `policies` section: read as IAM reads them, refused as IAM refuses them. */
import { expect } from 'chai';
import { thrown, vaultFrom, VAULT_FILE } from '../vault/helpers.js';

const ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';
const MANAGED = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy';
const ok = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const withPolicies = (policies: unknown) => vaultFrom({ policies });
const refusal = (policies: unknown) => {
  const err = thrown(() => withPolicies(policies));
  expect(err.errorName).to.equal('InputError');
  return err.message;
};

describe('iam/document: the vault\'s "policies" section', () => {
  it('reads documents as Terraform renders them: one statement or a list, strings or lists, and managed policies by ARN', () => {
    const vault = withPolicies({
      [ROLE]: [
        MANAGED,
        { Version: '2012-10-17', Statement: { Sid: 'One', Effect: 'Deny', NotAction: 'kms:*', NotResource: ['arn:aws:kms:*'] } },
        { Statement: [ok, { ...ok, Condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } }] },
      ],
    });
    const [role] = vault.store.data.policies ?? [];
    expect(role?.roleArn).to.equal(ROLE);
    const [managed, one, two] = role?.documents ?? [];
    expect(managed?.managedArn).to.equal(MANAGED);
    expect(managed?.statements[0]?.action).to.deep.equal([
      'ecr:GetAuthorizationToken',
      'ecr:BatchCheckLayerAvailability',
      'ecr:GetDownloadUrlForLayer',
      'ecr:BatchGetImage',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
    ]);
    expect(managed?.statements[0]?.resource).to.deep.equal(['*']);
    expect(one?.statements).to.deep.equal([
      { sid: 'One', effect: 'Deny', notAction: ['kms:*'], notResource: ['arn:aws:kms:*'], hasCondition: false, where: `${VAULT_FILE}:7:9: policies["${ROLE}"][1].Statement` },
    ]);
    expect(two?.statements.map((s) => s.hasCondition)).to.deep.equal([false, true]);
  });

  it('a vault without the section has no policies (IAM is not simulated); an empty list is a role with none', () => {
    expect(vaultFrom({}).store.data.policies).to.equal(undefined);
    expect(withPolicies({ [ROLE]: [] }).store.data.policies).to.deep.equal([{ roleArn: ROLE, documents: [], where: `${VAULT_FILE}:3:5: policies["${ROLE}"]` }]);
  });

  it('[INF] policy text is literal: ${…} is an IAM policy variable, not a vault variable', () => {
    const vault = withPolicies({ [ROLE]: [{ Statement: { ...ok, Resource: 'arn:aws:secretsmanager:*:*:secret:${aws:username}-*' } }] });
    expect(vault.store.data.policies?.[0]?.documents[0]?.statements[0]?.resource).to.deep.equal(['arn:aws:secretsmanager:*:*:secret:${aws:username}-*']);
  });

  it('a misspelt element: file:line:col, the path, and the fix in one line', () => {
    expect(refusal({ [ROLE]: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', action: 's3:*', Resource: '*' }] }] })).to.equal(
      `${VAULT_FILE}:9:13: policies["${ROLE}"][0].Statement[0].action: unknown element "action" (did you mean "Action"? IAM element names are case-sensitive)`,
    );
  });

  const refused: [string, unknown, RegExp][] = [
    ['a key that is not a role ARN', { 'arn:aws:iam::123456789012:user/me': [] }, /policies\["arn:aws:iam::123456789012:user\/me"\]: "arn:aws:iam::123456789012:user\/me" is not an IAM role ARN \(write the role's ARN as in executionRoleArn/],
    ['a role given one document, not a list', { [ROLE]: { Statement: ok } }, /\]: expected an array, found an object \(write a list of policy documents/],
    ['an unknown managed policy', { [ROLE]: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, /\[0\]: "arn:aws:iam::aws:policy\/AdministratorAccess" is not an AWS managed policy ecs-local knows \(write the policy document itself/],
    ['the AWS CLI output around the document', { [ROLE]: [{ PolicyDocument: { Statement: ok } }] }, /\[0\]\.PolicyDocument: this is the output of the AWS CLI, not a policy document \(write the value of "PolicyDocument" here\)/],
    ['no Statement', { [ROLE]: [{ Version: '2012-10-17' }] }, /\[0\]: the document has no "Statement"/],
    ['an empty Statement list', { [ROLE]: [{ Statement: [] }] }, /\[0\]\.Statement: the list of statements is empty/],
    ['an unknown Version', { [ROLE]: [{ Version: '2024-01-01', Statement: ok }] }, /\[0\]\.Version: "2024-01-01" is not a policy language version \(write "Version": "2012-10-17"\)/],
    ['a Principal', { [ROLE]: [{ Statement: { ...ok, Principal: '*' } }] }, /Statement\.Principal: an identity-based policy has no Principal/],
    ['an Effect in lower case', { [ROLE]: [{ Statement: { ...ok, Effect: 'allow' } }] }, /Statement\.Effect: "allow" is not an effect \(write "Allow" or "Deny", capitalised\)/],
    ['no Effect', { [ROLE]: [{ Statement: { Action: '*', Resource: '*' } }] }, /Statement: the statement has no "Effect"/],
    ['Action and NotAction', { [ROLE]: [{ Statement: { ...ok, NotAction: 'kms:*' } }] }, /Statement\.NotAction: "Action" and "NotAction" can't both be set/],
    ['no Resource', { [ROLE]: [{ Statement: { Effect: 'Allow', Action: '*' } }] }, /Statement: the statement has no "Resource" or "NotResource"/],
    ['an action without its service', { [ROLE]: [{ Statement: { ...ok, Action: ['kms:Decrypt', 'GetSecretValue'] } }] }, /Statement\.Action\[1\]: "GetSecretValue" is not an action/],
    ['a resource that is not an ARN', { [ROLE]: [{ Statement: { ...ok, Resource: 'production/db' } }] }, /Statement\.Resource: "production\/db" is not an ARN/],
    ['an empty Action list', { [ROLE]: [{ Statement: { ...ok, Action: [] } }] }, /Statement\.Action: the list is empty/],
    ['a number as Resource', { [ROLE]: [{ Statement: { ...ok, Resource: 5 } }] }, /Statement\.Resource: expected a string or a list, found 5/],
    ['a Sid IAM refuses', { [ROLE]: [{ Statement: { ...ok, Sid: 'read-secrets' } }] }, /Statement\.Sid: Sid "read-secrets" has characters IAM refuses/],
    ['a Sid used twice', { [ROLE]: [{ Statement: [{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }] }] }, /Statement\[1\]\.Sid: Sid "A" is used by another statement/],
    ['a Condition that is not operator → key → value', { [ROLE]: [{ Statement: { ...ok, Condition: { StringEquals: 'x' } } }] }, /Statement\.Condition\.StringEquals: expected an object, found "x"/],
  ];
  for (const [name, policies, pattern] of refused) {
    it(`refuses ${name}`, () => {
      const message = refusal(policies);
      expect(message).to.match(new RegExp(`^${VAULT_FILE.replace(/[.]/g, '\\.')}:\\d+:\\d+: policies`));
      expect(message).to.match(pattern);
    });
  }
});
