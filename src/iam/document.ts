/**
 * Reading IAM policy documents as users have them (the JSON Terraform's jsonencode, CloudFormation or
 * `aws iam get-role-policy` gives), with IAM's own grammar: Version, Id, Statement (one object or a
 * list) of Sid, Effect, Action/NotAction and Resource/NotResource (a string or a list), Condition.
 * Whatever IAM would refuse to attach is refused here, through the caller's `fail` (the vault's
 * `file:line:col: path: problem (fix)`). Pure.
 */
import { formatPath, type JsonPath, type JsonValue } from '../json/parse.js';
import { didYouMean } from '../text/did-you-mean.js';
import { knownManagedPolicies, managedPolicyDocument } from './managed.js';
import { ACTION_PATTERN, policyDefs, RESOURCE_PATTERN, SID_PATTERN } from './policy-schema.js';
import type { PolicyDocument, Statement } from './types.js';

export interface DocumentReader {
  fail(path: JsonPath, problem: string, fix: string): never;
  /** `file:line:col: path` of a value, for later messages. */
  where(path: JsonPath): string;
}

type JsonObject = { [key: string]: JsonValue };

const DOCUMENT_FIELDS = Object.keys(policyDefs.policyDocument.properties);
const STATEMENT_FIELDS = Object.keys(policyDefs.policyStatement.properties);
const VERSIONS = policyDefs.policyDocument.properties.Version.enum;
const ACTION = new RegExp(ACTION_PATTERN);
const RESOURCE = new RegExp(RESOURCE_PATTERN);
const SID = new RegExp(SID_PATTERN);

/** One entry of a role's list: a policy document, or the ARN of an AWS managed policy. */
export function readPolicyEntry(value: JsonValue, path: JsonPath, r: DocumentReader): PolicyDocument {
  if (typeof value === 'string') {
    const doc = managedPolicyDocument(value);
    if (doc === undefined) {
      const known = knownManagedPolicies().join(', ');
      r.fail(path, `"${value}" is not an AWS managed policy ecs-local knows`, `write the policy document itself; the managed policies known by ARN are ${known}`);
    }
    return { ...readPolicyDocument(doc, [], managedReader(value)), managedArn: value };
  }
  return readPolicyDocument(value, path, r);
}

export function readPolicyDocument(value: JsonValue, path: JsonPath, r: DocumentReader): PolicyDocument {
  const doc = object(value, path, r, 'write a policy document: { "Version": "2012-10-17", "Statement": [ … ] }');
  if (doc.PolicyDocument !== undefined || doc.Document !== undefined) {
    const key = doc.PolicyDocument !== undefined ? 'PolicyDocument' : 'Document';
    r.fail([...path, key], `this is the output of the AWS CLI, not a policy document`, `write the value of "${key}" here`);
  }
  fields(doc, path, DOCUMENT_FIELDS, r);
  let version: string | undefined;
  if (doc.Version !== undefined) {
    version = string(doc.Version, [...path, 'Version'], r, 'write "Version": "2012-10-17"');
    if (!VERSIONS.includes(version)) r.fail([...path, 'Version'], `"${version}" is not a policy language version`, 'write "Version": "2012-10-17"');
  }
  if (doc.Id !== undefined) string(doc.Id, [...path, 'Id'], r, 'write the Id as a string, or remove it');
  if (doc.Statement === undefined) r.fail(path, 'the document has no "Statement"', 'add "Statement": [ { "Effect": "Allow", "Action": …, "Resource": … } ]');

  const statementPath = [...path, 'Statement'];
  const items: [JsonValue, JsonPath][] = Array.isArray(doc.Statement)
    ? doc.Statement.map((s, i) => [s, [...statementPath, i]])
    : [[doc.Statement, statementPath]];
  if (items.length === 0) r.fail(statementPath, 'the list of statements is empty', 'add at least one statement');
  const statements = items.map(([s, at]) => readStatement(s, at, r));

  const sids = new Map<string, number>();
  statements.forEach((s, i) => {
    if (s.sid === undefined || s.sid === '') return;
    if (sids.has(s.sid)) r.fail([...statementPath, i, 'Sid'], `Sid "${s.sid}" is used by another statement of this document`, 'give every statement its own Sid');
    sids.set(s.sid, i);
  });
  const out: PolicyDocument = { statements };
  if (version !== undefined) out.version = version;
  return out;
}

function readStatement(value: JsonValue, path: JsonPath, r: DocumentReader): Statement {
  const s = object(value, path, r, 'write a statement: { "Effect": "Allow", "Action": "…", "Resource": "…" }');
  for (const key of ['Principal', 'NotPrincipal']) {
    if (s[key] !== undefined) {
      r.fail([...path, key], `an identity-based policy has no ${key}`, `remove "${key}": the policy applies to the role it is attached to`);
    }
  }
  fields(s, path, STATEMENT_FIELDS, r);

  let sid: string | undefined;
  if (s.Sid !== undefined) {
    sid = string(s.Sid, [...path, 'Sid'], r, 'write the Sid as a string');
    if (!SID.test(sid)) r.fail([...path, 'Sid'], `Sid "${sid}" has characters IAM refuses`, 'use only letters and digits');
  }
  if (s.Effect === undefined) r.fail(path, 'the statement has no "Effect"', 'add "Effect": "Allow" or "Effect": "Deny"');
  const effect = string(s.Effect, [...path, 'Effect'], r, 'write "Allow" or "Deny"');
  if (effect !== 'Allow' && effect !== 'Deny') {
    r.fail([...path, 'Effect'], `"${effect}" is not an effect`, 'write "Allow" or "Deny", capitalised');
  }

  const actions = oneOf(s, path, r, 'Action', 'NotAction', 'add "Action": "secretsmanager:GetSecretValue" (or a list)');
  for (const [i, a] of actions.values.entries()) {
    if (!ACTION.test(a)) {
      r.fail([...path, actions.key, ...(actions.list ? [i] : [])], `"${a}" is not an action`, 'write service:Action, e.g. "secretsmanager:GetSecretValue", "ssm:Get*" or "*"');
    }
  }
  const resources = oneOf(s, path, r, 'Resource', 'NotResource', 'add "Resource": "<ARN>" (or a list, or "*")');
  for (const [i, res] of resources.values.entries()) {
    if (!RESOURCE.test(res)) {
      r.fail([...path, resources.key, ...(resources.list ? [i] : [])], `"${res}" is not an ARN`, 'write an ARN (wildcards * and ? allowed) or "*"');
    }
  }
  if (s.Condition !== undefined) readCondition(s.Condition, [...path, 'Condition'], r);

  const out: Statement = { effect, hasCondition: s.Condition !== undefined, where: r.where(path) };
  if (sid !== undefined) out.sid = sid;
  if (actions.key === 'Action') out.action = actions.values;
  else out.notAction = actions.values;
  if (resources.key === 'Resource') out.resource = resources.values;
  else out.notResource = resources.values;
  return out;
}

/** Exactly one of two list elements (Action/NotAction, Resource/NotResource): a string or a non-empty list. */
function oneOf(s: JsonObject, path: JsonPath, r: DocumentReader, key: string, notKey: string, fix: string) {
  if (s[key] !== undefined && s[notKey] !== undefined) {
    r.fail([...path, notKey], `"${key}" and "${notKey}" can't both be set`, `keep one of them`);
  }
  const which = s[notKey] !== undefined ? notKey : key;
  const value = s[which];
  if (value === undefined) r.fail(path, `the statement has no "${key}" or "${notKey}"`, fix);
  const at = [...path, which];
  const listFix = `write "${which}" as a string or a list of strings`;
  if (typeof value === 'string') return { key: which, list: false, values: [nonEmpty(value, at, r, listFix)] };
  if (!Array.isArray(value)) r.fail(at, `expected a string or a list, found ${describe(value)}`, listFix);
  if (value.length === 0) r.fail(at, 'the list is empty', fix);
  return { key: which, list: true, values: value.map((v, i) => nonEmpty(string(v, [...at, i], r, listFix), [...at, i], r, listFix)) };
}

/** `{ "<operator>": { "<key>": "<value>" | [ … ] } }`, checked for shape only: it is not evaluated. */
function readCondition(value: JsonValue, path: JsonPath, r: DocumentReader): void {
  const fix = 'write "Condition": { "StringEquals": { "aws:RequestedRegion": "us-east-1" } }';
  const c = object(value, path, r, fix);
  for (const [operator, block] of Object.entries(c)) {
    const b = object(block, [...path, operator], r, fix);
    for (const [key, v] of Object.entries(b)) {
      const values = Array.isArray(v) ? v : [v];
      values.forEach((item, i) => {
        if (item === null || typeof item === 'object') {
          r.fail(Array.isArray(v) ? [...path, operator, key, i] : [...path, operator, key], `expected a string, number or boolean, found ${describe(item)}`, fix);
        }
      });
    }
  }
}

function object(value: JsonValue | undefined, path: JsonPath, r: DocumentReader, fix: string): JsonObject {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    r.fail(path, `expected an object, found ${describe(value)}`, fix);
  }
  return value;
}

function string(value: JsonValue | undefined, path: JsonPath, r: DocumentReader, fix: string): string {
  if (typeof value !== 'string') r.fail(path, `expected a string, found ${describe(value)}`, fix);
  return value;
}

function nonEmpty(value: string, path: JsonPath, r: DocumentReader, fix: string): string {
  if (value === '') r.fail(path, 'the string is empty', fix);
  return value;
}

function fields(obj: JsonObject, path: JsonPath, allowed: readonly string[], r: DocumentReader): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const guess = didYouMean(key, allowed);
    const fix = guess ? `did you mean "${guess}"? IAM element names are case-sensitive` : `the elements allowed here are ${allowed.join(', ')}`;
    r.fail([...path, key], `unknown element "${key}"`, fix);
  }
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}

/** A managed policy's document is ours: a problem in it is a bug, not the user's. */
function managedReader(arn: string): DocumentReader {
  return {
    fail: (path, problem) => {
      throw new Error(`managed policy ${arn}: ${formatPath(path)}: ${problem}`);
    },
    where: (path) => `${arn} ${formatPath(path)}`,
  };
}
