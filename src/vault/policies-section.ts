/**
 * The vault's `policies` section: role ARN → the IAM policies attached to it, each a policy
 * document as written in IAM (or the ARN of an AWS managed policy ecs-local knows). The calls a task
 * makes as its execution role are evaluated against them (src/iam).
 *
 * [INF] Policy text is taken literally: `${…}` is not filled from the environment here, as in IAM
 * it marks a policy variable (`${aws:username}`).
 */
import type { JsonPath, JsonValue } from '../json/parse.js';
import { readPolicyEntry, type DocumentReader } from '../iam/document.js';
import { parseRoleArn } from '../iam/principal.js';
import type { RolePolicies } from '../iam/types.js';
import type { Checker } from './check.js';

const EXAMPLE_ROLE = 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole';

/** Undefined when the vault has no `policies` section (IAM is then not simulated). */
export function readPolicies(c: Checker, section: JsonValue | undefined): RolePolicies[] | undefined {
  if (section === undefined) return undefined;
  const entries = c.object(section, ['policies'], `write "policies": { "${EXAMPLE_ROLE}": [ { "Version": "2012-10-17", "Statement": [ … ] } ] }`);
  const reader: DocumentReader = {
    fail: (path, problem, fix) => c.fail(path, problem, fix),
    where: (path) => {
      const o = c.origin(path);
      return `${o.file}:${o.line}:${o.column}: ${o.path}`;
    },
  };
  return Object.entries(entries).map(([roleArn, raw]) => {
    const at: JsonPath = ['policies', roleArn];
    if (!parseRoleArn(roleArn)) {
      c.fail(at, `"${roleArn}" is not an IAM role ARN`, `write the role's ARN as in executionRoleArn, e.g. ${EXAMPLE_ROLE}`);
    }
    const fix = 'write a list of policy documents (or managed policy ARNs) attached to the role';
    const list = c.array(raw, at, fix);
    return { roleArn, documents: list.map((entry, i) => readPolicyEntry(entry, [...at, i], reader)), where: reader.where(at) };
  });
}
