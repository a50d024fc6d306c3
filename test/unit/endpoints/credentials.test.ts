import { expect } from 'chai';
import { credentialsBody, credentialsReply, type RoleCredentials } from '../../../src/endpoints/credentials.js';
import { goMarshal } from '../../../src/endpoints/go-marshal.js';

const creds: RoleCredentials = {
  roleArn: 'arn:aws:iam::123456789012:role/app',
  accessKeyId: 'ASIAECSLOCALFAKE0001',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date('2026-01-01T12:34:56.789Z'),
};

describe('endpoints/credentials', () => {
  it("writes the agent's key order and an Expiration without fractional seconds", () => {
    expect(credentialsBody(creds)).to.equal(
      '{"RoleArn":"arn:aws:iam::123456789012:role/app","AccessKeyId":"ASIAECSLOCALFAKE0001","SecretAccessKey":"secret","Token":"token","Expiration":"2026-01-01T12:34:56Z"}',
    );
  });

  it('answers 200 with the credentials of a known id', () => {
    expect(credentialsReply(2, { kind: 'found', credentials: creds })).to.deep.equal({ status: 200, body: credentialsBody(creds) });
  });

  it('answers an empty id, an unknown id and missing credentials with the agent errors of each route version', () => {
    expect(credentialsReply(2, 'no-id')).to.deep.equal({
      status: 400,
      body: '{"code":"NoIdInRequest","message":"CredentialsV2Request: No Credential ID in the request"}',
    });
    expect(credentialsReply(2, { kind: 'unknown' })).to.deep.equal({
      status: 400,
      body: '{"code":"InvalidIdInRequest","message":"CredentialsV2Request: Credentials not found"}',
    });
    expect(credentialsReply(2, { kind: 'uninitialized' })).to.deep.equal({
      status: 503,
      body: '{"code":"CredentialsUninitialized","message":"CredentialsV2Request: Credentials uninitialized for ID"}',
    });
    expect(credentialsReply(1, { kind: 'unknown' }).body).to.equal(
      '{"code":"InvalidIdInRequest","message":"CredentialsV1Request: Credentials not found"}',
    );
  });
});

describe('endpoints/go-marshal', () => {
  it("escapes <, > and & as Go's encoding/json does and sorts map keys byte-wise", () => {
    expect(goMarshal('a<b>&c')).to.equal('"a\\u003cb\\u003e\\u0026c"');
    expect(goMarshal(new Map([['b', '1'], ['a', '2'], ['10', '3'], ['9', '4']]))).to.equal('{"10":"3","9":"4","a":"2","b":"1"}');
  });

  it('keeps struct fields in their order and drops undefined ones', () => {
    expect(goMarshal({ Z: 1, A: [true, null], B: undefined })).to.equal('{"Z":1,"A":[true,null]}');
  });
});
