/**
 * No input to the forms front end crashes: the real-shaped files, mutated (placeholders of every
 * kind dropped anywhere, cuts, intrinsic functions with wrong arguments), either load or fail with
 * one of ecs-local's own errors (a message for the user, an exit code), never anything else.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEcsLocalError } from '../../../../src/errors.js';
import { loadTaskDefinitionText } from '../../../../src/taskdef/load.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/taskdefs/real-shaped');
const files = [
  'gha-task-definition.json',
  'terraform/container-definitions.json.tpl',
  'terraform/show-plan.json',
  'ecspresso/ecs-task-def.json',
  'cloudformation/fargate-service.yaml',
  'cloudformation/web-and-worker.json',
  'cdk.out/WebStack.template.json',
  'ci/task-definition.yaml',
].map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), 'utf8') }));

const SNIPPETS = [
  '${x}', '${', '}', '$${', '%{ for a in b }', '{{', '}}', '{{ must_env `A` }}', '{{ env `B` }}', '{{ tfstate `c` }}', '{{resolve:ssm:/p}}',
  '${AWS::Region}', '${!Lit}', '<IMAGE1_NAME>', '__V__', 'REPLACED_BY_CI', '[AccountID]', '"', '\\', '\n', ': ', '- ', '!Ref', '!GetAtt A.B', '!Sub',
  '{"Ref": 1}', '{"Fn::Join": 3}', '{"Fn::Select": [9, []]}', '{"Fn::If": ["Nope", 1]}', '{"Fn::GetAtt": []}', '{"Fn::Sub": [1, 2]}', 'null', '[]', '{}',
];

function load(text: string, vars: Map<string, string>): void {
  try {
    loadTaskDefinitionText(text, 'fuzz.json', { forms: { vars, env: { A: 'a' }, warn: () => {} } });
  } catch (err) {
    if (!isEcsLocalError(err)) throw err;
    // One line for the user, never a stack.
    expect(err.message).to.not.match(/\n\s+at /);
  }
}

describe('taskdef/forms fuzz: mutated real-shaped files never crash', () => {
  it('placeholders, cuts and broken intrinsics anywhere give a result or an ecs-local error', () => {
    const mutation = fc.record({
      file: fc.integer({ min: 0, max: files.length - 1 }),
      edits: fc.array(
        fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.integer({ min: 0, max: 40 }), insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 8 })) }),
        { minLength: 1, maxLength: 4 },
      ),
      vars: fc.dictionary(fc.constantFrom('x', 'A', 'B', 'c', 'AWS::Region', 'EnvironmentName', 'IMAGE1_NAME'), fc.string({ maxLength: 6 })),
    });
    fc.assert(
      fc.property(mutation, ({ file, edits, vars }) => {
        let text = (files[file] as { text: string }).text;
        for (const e of edits) {
          const at = Math.floor(e.at * text.length);
          text = text.slice(0, at) + e.insert + text.slice(at + e.cut);
        }
        load(text, new Map(Object.entries(vars)));
      }),
      { numRuns: 250, seed: 8 },
    );
  });
});
