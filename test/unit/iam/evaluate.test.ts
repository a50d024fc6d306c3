import { expect } from 'chai';
import { evaluate } from '../../../src/iam/evaluate.js';
import type { PolicyDocument, Statement } from '../../../src/iam/types.js';

const S = (s: Partial<Statement> & Pick<Statement, 'effect'>): Statement => ({ hasCondition: false, where: 'test', ...s });
const docs = (...statements: Statement[]): PolicyDocument[] => [{ version: '2012-10-17', statements }];
const GET = { action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbC123' };

describe('iam/evaluate', () => {
  it('no statement applies: implicit deny', () => {
    expect(evaluate(docs(S({ effect: 'Allow', action: ['ssm:GetParameters'], resource: ['*'] })), GET).decision).to.equal('implicit-deny');
    expect(evaluate([], GET).decision).to.equal('implicit-deny');
  });

  it('an Allow that matches allows', () => {
    expect(evaluate(docs(S({ effect: 'Allow', action: ['secretsmanager:*'], resource: ['*'] })), GET).decision).to.equal('allow');
  });

  it('an explicit Deny wins, whatever the order and the document', () => {
    const deny = S({ effect: 'Deny', action: ['*'], resource: ['arn:aws:secretsmanager:*:*:secret:db-*'] });
    const allowAll = S({ effect: 'Allow', action: ['*'], resource: ['*'] });
    expect(evaluate(docs(deny, allowAll), GET).decision).to.equal('explicit-deny');
    expect(evaluate([...docs(allowAll), ...docs(deny)], GET).decision).to.equal('explicit-deny');
  });

  it('NotAction applies to every other action; NotResource to every other resource', () => {
    const notSsm = S({ effect: 'Allow', notAction: ['ssm:*'], resource: ['*'] });
    expect(evaluate(docs(notSsm), GET).decision).to.equal('allow');
    expect(evaluate(docs(notSsm), { action: 'ssm:GetParameters', resource: 'arn:aws:ssm:us-east-1:1:parameter/x' }).decision).to.equal('implicit-deny');
    const denyOthers = S({ effect: 'Deny', action: ['*'], notResource: ['arn:aws:secretsmanager:*:*:secret:other-*'] });
    expect(evaluate(docs(S({ effect: 'Allow', action: ['*'], resource: ['*'] }), denyOthers), GET).decision).to.equal('explicit-deny');
  });

  it('[INF] a Condition is ignored, and reported when the decision rests on it', () => {
    const conditional = S({ effect: 'Allow', action: ['*'], resource: ['*'], hasCondition: true, where: 'here' });
    const r = evaluate(docs(conditional), GET);
    expect(r.decision).to.equal('allow');
    expect(r.ignoredConditions.map((s) => s.where)).to.deep.equal(['here']);
    // An unconditional Allow decides alike: nothing rests on the Condition.
    const plain = S({ effect: 'Allow', action: ['secretsmanager:GetSecretValue'], resource: ['*'] });
    expect(evaluate(docs(conditional, plain), GET).ignoredConditions).to.deep.equal([]);
    // A conditional Deny decides (and is reported) even against an unconditional Allow.
    const conditionalDeny = S({ effect: 'Deny', action: ['*'], resource: ['*'], hasCondition: true, where: 'deny' });
    const d = evaluate(docs(plain, conditionalDeny), GET);
    expect([d.decision, d.ignoredConditions.map((s) => s.where)]).to.deep.equal(['explicit-deny', ['deny']]);
  });
});
