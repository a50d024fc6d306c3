/**
 * `vault serve` on the wire: request bodies in the shapes the AWS CLI sends (its documented
 * examples), answers and error bodies byte for byte, without an SDK in between.
 */
import fs from 'node:fs';
import { expect } from 'chai';
import { serve, type Served } from './helpers.js';

const SIGNED_US_WEST_2 =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-west-2/secretsmanager/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0000';

interface RawReply {
  status: number;
  headers: Headers;
  text: string;
}

async function post(s: Served, target: string | undefined, body: string, authorization?: string): Promise<RawReply> {
  const headers: Record<string, string> = { 'Content-Type': 'application/x-amz-json-1.1' };
  if (target !== undefined) headers['X-Amz-Target'] = target;
  if (authorization !== undefined) headers.Authorization = authorization;
  const res = await fetch(s.server.url, { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

describe('serve: AWS JSON 1.1 on the wire', () => {
  let s: Served;
  beforeEach(async () => {
    s = await serve({
      secrets: {
        MyTestSecret: { value: '{"user":"diegor","password":"EXAMPLE-PASSWORD"}' },
        'arn:aws:secretsmanager:us-west-2:123456789012:secret:west': { value: 'from us-west-2' },
      },
      parameters: { MyStringParameter: 'Veni' },
    });
  });
  afterEach(() => s.stop());

  it('get-secret-value --secret-id MyTestSecret: the answer, its headers, epoch-second dates', async () => {
    const r = await post(s, 'secretsmanager.GetSecretValue', '{"SecretId": "MyTestSecret"}');
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('application/x-amz-json-1.1');
    expect(r.headers.get('x-amzn-requestid')).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const body = JSON.parse(r.text);
    expect(Object.keys(body)).to.deep.equal(['ARN', 'Name', 'VersionId', 'VersionStages', 'CreatedDate', 'SecretString']);
    expect(body.SecretString).to.equal('{"user":"diegor","password":"EXAMPLE-PASSWORD"}');
    expect(body.CreatedDate).to.be.a('number');
    expect(Math.abs(body.CreatedDate - Date.now() / 1000)).to.be.below(60);
  });

  it('create-secret --secret-binary: base64 in, base64 out (AWS-recorded "Zm9vdGVzdA==")', async () => {
    const token = 'EXAMPLE1-90ab-cdef-fedc-ba987SECRET1';
    const created = await post(s, 'secretsmanager.CreateSecret', JSON.stringify({ Name: 'bin', SecretBinary: 'Zm9vdGVzdA==', ClientRequestToken: token }));
    expect(created.status).to.equal(200);
    expect(JSON.parse(created.text)).to.deep.include({ Name: 'bin', VersionId: token });
    const got = JSON.parse((await post(s, 'secretsmanager.GetSecretValue', '{"SecretId":"bin"}')).text);
    expect(got.SecretBinary).to.equal('Zm9vdGVzdA==');
    expect(got).to.not.have.property('SecretString');
  });

  it('refuses raw writes without ClientRequestToken as AWS does (RotateSecret: InvalidParameterException)', async () => {
    const put = await post(s, 'secretsmanager.PutSecretValue', '{"SecretId":"MyTestSecret","SecretString":"thisisthesecret"}');
    expect(put.status).to.equal(400);
    expect(put.text).to.equal('{"__type":"InvalidRequestException","Message":"You must provide a ClientRequestToken value. We recommend a UUID-type value."}');
    expect(put.headers.get('x-amzn-errortype')).to.equal('InvalidRequestException');
    const create = await post(s, 'secretsmanager.CreateSecret', '{"Name":"x","SecretString":"thisisthesecret","Description":"My secret string"}');
    expect(create.text).to.equal('{"__type":"InvalidRequestException","Message":"You must provide a ClientRequestToken value. We recommend a UUID-type value."}');
    const rotate = await post(s, 'secretsmanager.RotateSecret', '{"SecretId":"does-not-exist"}');
    expect([rotate.status, rotate.text]).to.deep.equal([
      400,
      '{"__type":"InvalidParameterException","Message":"You must provide a ClientRequestToken value. We recommend a UUID-type value."}',
    ]);
  });

  it('error bodies: {"__type","Message"}; SSM ParameterNotFound with no message at all', async () => {
    const missing = await post(s, 'secretsmanager.DescribeSecret', '{"SecretId":"nope"}');
    expect([missing.status, missing.text]).to.deep.equal([400, `{"__type":"ResourceNotFoundException","Message":"Secrets Manager can't find the specified secret."}`]);
    const param = await post(s, 'AmazonSSM.GetParameter', '{"Name":"MyMissingParameter"}');
    expect([param.status, param.text, param.headers.get('x-amzn-errortype')]).to.deep.equal([400, '{"__type":"ParameterNotFound"}', 'ParameterNotFound']);
    const ok = JSON.parse((await post(s, 'AmazonSSM.GetParameter', '{"Name":"MyStringParameter"}')).text);
    expect(ok.Parameter).to.deep.include({ Name: 'MyStringParameter', Type: 'String', Value: 'Veni', Version: 1, DataType: 'text' });
    expect(ok.Parameter.LastModifiedDate).to.be.a('number');
  });

  it('a missing required member, a member of the wrong type, a body that is not JSON', async () => {
    const missing = await post(s, 'secretsmanager.GetSecretValue', '{}');
    expect(missing.text).to.equal(
      `{"__type":"ValidationException","Message":"1 validation error detected: Value null at 'secretId' failed to satisfy constraint: Member must not be null"}`,
    );
    const wrong = await post(s, 'AmazonSSM.GetParameters', '{"Names":"MyStringParameter"}');
    expect([wrong.status, wrong.text]).to.deep.equal([400, `{"__type":"SerializationException","Message":"Expected a list of strings for member 'Names'."}`]);
    const notJson = await post(s, 'secretsmanager.ListSecrets', '{nope');
    expect(notJson.text).to.equal('{"__type":"SerializationException","Message":"The request body is not valid JSON."}');
    const empty = await post(s, 'secretsmanager.ListSecrets', '');
    expect(JSON.parse(empty.text).SecretList).to.have.length(1);
  });

  it('an unknown X-Amz-Target is UnknownOperationException', async () => {
    const foreign = await post(s, 'DynamoDB_20120810.ListTables', '{}');
    expect([foreign.status, foreign.text]).to.deep.equal([400, '{"__type":"com.amazon.coral.service#UnknownOperationException"}']);
    expect(foreign.headers.get('x-amzn-errortype')).to.equal('UnknownOperationException');
    const none = await post(s, undefined, '{}');
    expect(none.text).to.equal('{"__type":"com.amazon.coral.service#UnknownOperationException"}');
    const notOurs = await post(s, 'secretsmanager.UpdateSecret', '{}');
    expect(notOurs.text).to.equal(
      '{"__type":"com.amazon.coral.service#UnknownOperationException","Message":"ecs-local vault serve does not implement secretsmanager.UpdateSecret."}',
    );
  });

  it('uses the region of the credential scope, else the vault default', async () => {
    const west = await post(s, 'secretsmanager.GetSecretValue', '{"SecretId":"west"}', SIGNED_US_WEST_2);
    expect(JSON.parse(west.text).SecretString).to.equal('from us-west-2');
    const unsigned = await post(s, 'secretsmanager.GetSecretValue', '{"SecretId":"west"}');
    expect(JSON.parse(unsigned.text).__type).to.equal('ResourceNotFoundException');
  });

  it('answers 500 with the reason when the vault file broke under it', async () => {
    fs.writeFileSync(s.file, '{ "secrets": { "MyTestSecret": { "value": 1, "vaule": 2 } } }');
    const r = await post(s, 'secretsmanager.PutSecretValue', '{"SecretId":"MyTestSecret","SecretString":"x","ClientRequestToken":"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1"}');
    expect(r.status).to.equal(500);
    const body = JSON.parse(r.text);
    expect(body.__type).to.equal('InternalServiceError');
    expect(body.Message).to.match(/^ecs-local vault serve failed: .*ecs-local\.vault\.json:1:\d+: secrets\.MyTestSecret\.vaule: unknown field "vaule" \(did you mean "value"\?\)$/);
    const ssm = await post(s, 'AmazonSSM.GetParameter', '{"Name":"MyStringParameter"}');
    expect([ssm.status, JSON.parse(ssm.text).__type]).to.deep.equal([500, 'InternalServerError']);
  });
});
