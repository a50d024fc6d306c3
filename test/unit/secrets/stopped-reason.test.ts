import { expect } from 'chai';
import { AwsServiceError, ServiceUnreachableError } from '../../../src/aws/ports.js';
import { goTitle, setTerminalReason, stoppedReason } from '../../../src/secrets/stopped-reason.js';
import type { ResourceFailure } from '../../../src/secrets/failures.js';

const FARGATE = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';
const RID = '1b2c3d4e-0000-4000-8000-000000000000';

const asmFetch = (secretId: string, error: AwsServiceError | ServiceUnreachableError): ResourceFailure => ({
  resource: 'asmsecret',
  failures: [{ kind: 'fetch', secretId, fault: error instanceof AwsServiceError ? { kind: 'aws', error } : { kind: 'unreachable', error } }],
});

describe('stoppedReason: EC2 agent flavour (golden texts from the reference)', () => {
  it('ResourceNotFoundException gets the agent explanation and the aws-sdk-go-v2 error', () => {
    const id = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf';
    const f = asmFetch(id, new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400, RID));
    expect(stoppedReason(f, 'EC2')).to.equal(
      `ResourceNotFoundException: The task can't retrieve the secret with ARN '${id}' from AWS Secrets Manager. Check whether the secret exists in the specified Region: operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ${RID}, ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
    );
  });

  it('other Secrets Manager errors print the SDK error twice, unmodeled ones as "api error"', () => {
    const id = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:db';
    const msg = `User: arn:aws:sts::111122223333:assumed-role/exec/abc is not authorized to perform: secretsmanager:GetSecretValue on resource: ${id} because no identity-based policy allows the secretsmanager:GetSecretValue action`;
    const sdk = `operation error Secrets Manager: GetSecretValue, https response error StatusCode: 400, RequestID: ${RID}, api error AccessDeniedException: ${msg}`;
    expect(stoppedReason(asmFetch(id, new AwsServiceError('AccessDeniedException', msg, 400, RID)), 'EC2')).to.equal(`Secret ${id}: ${sdk}: ${sdk}`);
  });

  it('json key and JSON errors are title-cased on the first word only', () => {
    expect(stoppedReason({ resource: 'asmsecret', failures: [{ kind: 'extract', error: 'retrieved secret from Secrets Manager did not contain json key password' }] }, 'EC2')).to.equal(
      'Retrieved secret from Secrets Manager did not contain json key password',
    );
    expect(stoppedReason({ resource: 'asmsecret', failures: [{ kind: 'extract', error: "invalid character 'h' looking for beginning of value" }] }, 'EC2')).to.equal(
      "Invalid character 'h' looking for beginning of value",
    );
  });

  it('a bad Secrets Manager ARN names the valueFrom (ufo docs example)', () => {
    const v = 'arn:aws:secretsmanager:us-west-2:111111111111:secret:mysecret:k1';
    const f: ResourceFailure = {
      resource: 'asmsecret',
      failures: [{ kind: 'bad-value-from', valueFrom: v, detail: 'an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.' }],
    };
    expect(stoppedReason(f, 'EC2')).to.equal(
      `Trying to retrieve secret with value ${v} resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.`,
    );
  });

  it('several failed secrets are joined with ";" in plan order', () => {
    const f: ResourceFailure = {
      resource: 'asmsecret',
      failures: [
        { kind: 'extract', error: 'retrieved secret from Secrets Manager did not contain json key a' },
        { kind: 'extract', error: 'unexpected end of JSON input' },
      ],
    };
    expect(stoppedReason(f, 'EC2')).to.equal('Retrieved secret from Secrets Manager did not contain json key a;unexpected end of JSON input');
  });

  it('SSM invalid parameters name the region and join names with ","', () => {
    const f: ResourceFailure = { resource: 'ssmsecret', region: 'us-east-1', failure: { kind: 'invalid-parameters', names: ['/app/missing', 'other'] } };
    expect(stoppedReason(f, 'EC2')).to.equal('Fetching secret data from SSM Parameter Store in us-east-1: invalid parameters: /app/missing,other');
  });

  it('SSM AccessDeniedException is unmodeled for GetParameters', () => {
    const msg = 'User: u is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:1:parameter/x because no identity-based policy allows the ssm:GetParameters action';
    const f: ResourceFailure = { resource: 'ssmsecret', region: 'us-east-1', failure: { kind: 'fetch', fault: { kind: 'aws', error: new AwsServiceError('AccessDeniedException', msg, 400, RID) } } };
    expect(stoppedReason(f, 'EC2')).to.equal(
      `Fetching secret data from SSM Parameter Store in us-east-1: operation error SSM: GetParameters, https response error StatusCode: 400, RequestID: ${RID}, api error AccessDeniedException: ${msg}`,
    );
  });

  it('collapses white space and keeps the reason within 1024 bytes', () => {
    expect(setTerminalReason('  fetching\n\tsecret   data ')).to.equal('Fetching secret data');
    const long = setTerminalReason('x'.repeat(2000));
    expect(Buffer.byteLength(long)).to.equal(1024);
  });

  it('strings.Title upper-cases every letter after a separator inside the first word', () => {
    expect(goTitle('arn:aws:x')).to.equal('Arn:Aws:X');
    expect(goTitle('json:')).to.equal('Json:');
    expect(goTitle('ResourceNotFoundException:')).to.equal('ResourceNotFoundException:');
    expect(goTitle('snake_case')).to.equal('Snake_case');
    expect(goTitle('a1b')).to.equal('A1b');
  });
});

describe('stoppedReason: Fargate flavour (golden texts from real stoppedReasons)', () => {
  it('missing json key (public READMEs)', () => {
    const f: ResourceFailure = { resource: 'asmsecret', failures: [{ kind: 'extract', error: 'retrieved secret from Secrets Manager did not contain json key MY_SECRET' }] };
    expect(stoppedReason(f, 'FARGATE')).to.equal(
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key MY_SECRET`,
    );
  });

  it('a secret that is not JSON (valheim-ecs-fargate-cdk#9)', () => {
    const f: ResourceFailure = { resource: 'asmsecret', failures: [{ kind: 'extract', error: "invalid character '\\'' looking for beginning of value" }] };
    expect(stoppedReason(f, 'FARGATE')).to.equal(
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): invalid character '\\'' looking for beginning of value`,
    );
  });

  it('invalid ssm parameters (simpler-grants-gov#4330)', () => {
    const f: ResourceFailure = { resource: 'ssmsecret', region: 'us-east-1', failure: { kind: 'invalid-parameters', names: ['/api//new-relic-license-key'] } };
    expect(stoppedReason(f, 'FARGATE')).to.equal(
      `${FARGATE}unable to retrieve secrets from ssm: service call has been retried 1 time(s): invalid ssm parameters: /api//new-relic-license-key`,
    );
  });

  it('a timeout is retried 5 times and points at the network (releem-agent#195)', () => {
    const id = 'arn:aws:secretsmanager:us-west-2:111111111111:secret:DBPasswordSecret-AbCdEf';
    const f = asmFetch(id, new ServiceUnreachableError('timeout', 'https://secretsmanager.us-west-2.amazonaws.com/', 'context deadline exceeded'));
    expect(stoppedReason(f, 'FARGATE')).to.equal(
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 5 time(s): failed to fetch secret ${id} from secrets manager: RequestCanceled: request context canceled caused by: context deadline exceeded. Please check your task network configuration.`,
    );
  });

  it('AccessDeniedException on a partial ARN (aws-cdk#18555) and stage not found (public code)', () => {
    const partial = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:test-secret';
    const msg = `User: arn:aws:sts::111122223333:assumed-role/exec/0123 is not authorized to perform: secretsmanager:GetSecretValue on resource: ${partial} because no identity-based policy allows the secretsmanager:GetSecretValue action`;
    expect(stoppedReason(asmFetch(partial, new AwsServiceError('AccessDeniedException', msg, 400, RID)), 'FARGATE')).to.equal(
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ${partial} from secrets manager: AccessDeniedException: ${msg} status code: 400, request id: ${RID}`,
    );
    const full = 'arn:aws:secretsmanager:us-east-1:111122223333:secret:church-cms/dev/database-url-LB1bMG';
    const stage = "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT";
    expect(stoppedReason(asmFetch(full, new AwsServiceError('ResourceNotFoundException', stage, 400, RID)), 'FARGATE')).to.equal(
      `${FARGATE}unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret ${full} from secrets manager: ResourceNotFoundException: ${stage} status code: 400, request id: ${RID}`,
    );
  });

  it('[INF] reports only the first of several failed secrets', () => {
    const f: ResourceFailure = {
      resource: 'asmsecret',
      failures: [
        { kind: 'extract', error: 'retrieved secret from Secrets Manager did not contain json key a' },
        { kind: 'extract', error: 'retrieved secret from Secrets Manager did not contain json key b' },
      ],
    };
    expect(stoppedReason(f, 'FARGATE')).to.match(/json key a$/);
  });

  it('registry auth failures use the registry-auth wording', () => {
    const f: ResourceFailure = {
      resource: 'asmauth',
      container: 'app',
      secretId: 'dockerhub',
      failure: { kind: 'fetch', fault: { kind: 'aws', error: new AwsServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400, RID) } },
    };
    expect(stoppedReason(f, 'FARGATE')).to.equal(
      `${FARGATE}unable to get registry auth from asm: service call has been retried 1 time(s): asm fetching secret from the service for dockerhub: ResourceNotFoundException: Secrets Manager can't find the specified secret. status code: 400, request id: ${RID}`,
    );
  });
});

describe('stoppedReason: the 1024-byte limit', () => {
  it('cuts on bytes and replaces each byte of a split character with U+FFFD, as Go does', () => {
    const reason = 'a'.repeat(1022) + '€'; // € is 3 bytes: 2 of them fit
    expect(setTerminalReason(reason)).to.equal('A' + 'a'.repeat(1021) + '\uFFFD\uFFFD');
    const exact = 'a'.repeat(1021) + '€';
    expect(setTerminalReason(exact)).to.equal('A' + 'a'.repeat(1020) + '€');
  });
});
