import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTaskDefinition } from '../../../src/taskdef/load.js';
import { checkRegistration } from '../../../src/taskdef/register-rules.js';
import type { LoadedTaskDefinition } from '../../../src/taskdef/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/taskdefs');
const seedFile = path.join(fixtures, 'seed-my-app.json');
const describeFile = path.join(fixtures, 'seed-my-app.describe.json');
const containersFile = path.join(fixtures, 'container-definitions/my-app.json');

/** Loads `text` as if it were the file `file`. */
function loadText(text: string, file = 'td.json'): LoadedTaskDefinition {
  return loadTaskDefinition(file, { readFile: () => text });
}

/** `line:col` of the `n`th occurrence of `needle` in `text`, counted independently of the parser. */
function at(text: string, needle: string, n = 1): string {
  let index = -1;
  for (let k = 0; k < n; k++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, index).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

function errorOf(fn: () => unknown): Error & { errorName?: string } {
  try {
    fn();
  } catch (err) {
    return err as Error & { errorName?: string };
  }
  throw new Error('expected an error');
}

describe('taskdef/load', () => {
  describe('the seed article task definition', () => {
    it('loads as a bare task definition with no warnings and passes registration', () => {
      const loaded = loadTaskDefinition(seedFile);
      expect(loaded.shape).to.equal('task-definition');
      expect(loaded.warnings).to.deep.equal([]);
      expect(loaded.taskDefinition.family).to.equal('my-app');
      expect(loaded.taskDefinition.cpu).to.equal('512');
      expect(loaded.taskDefinition.containerDefinitions[0]?.secrets?.[2]).to.deep.equal({
        name: 'API_KEY',
        valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:production/third-party-api-def456',
      });
      expect(() => checkRegistration(loaded.taskDefinition)).not.to.throw();
    });

    it('loads as describe-task-definition output with no warnings, read-only fields dropped', () => {
      const loaded = loadTaskDefinition(describeFile);
      const bare = loadTaskDefinition(seedFile).taskDefinition;
      expect(loaded.shape).to.equal('describe-task-definition');
      expect(loaded.warnings).to.deep.equal([]);
      const td = loaded.taskDefinition as unknown as Record<string, unknown>;
      for (const dropped of ['status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']) {
        expect(td, dropped).not.to.have.property(dropped);
      }
      expect(loaded.taskDefinition.revision).to.equal(1);
      expect(loaded.taskDefinition.taskDefinitionArn).to.equal('arn:aws:ecs:us-east-1:123456789012:task-definition/my-app:1');
      expect(loaded.taskDefinition.containerDefinitions[0]?.secrets).to.deep.equal(bare.containerDefinitions[0]?.secrets);
      expect(loaded.taskDefinition.executionRoleArn).to.equal(bare.executionRoleArn);
      expect(() => checkRegistration(loaded.taskDefinition)).not.to.throw();
    });

    it("loads as a containerDefinitions array with no warnings, the family taken from the file's name", () => {
      const loaded = loadTaskDefinition(containersFile);
      const bare = loadTaskDefinition(seedFile).taskDefinition;
      expect(loaded.shape).to.equal('container-definitions');
      expect(loaded.warnings).to.deep.equal([]);
      expect(loaded.taskDefinition).to.deep.equal({ family: 'my-app', containerDefinitions: bare.containerDefinitions });
    });

    it('has no execution role in the container array shape, so ECS would refuse its secrets', () => {
      const loaded = loadTaskDefinition(containersFile);
      const err = errorOf(() => checkRegistration(loaded.taskDefinition));
      expect(err.errorName).to.equal('ClientException');
      expect(err.message).to.equal(
        "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
      );
    });
  });

  describe('locate', () => {
    it('finds a path inside a bare task definition', () => {
      const text = fs.readFileSync(seedFile, 'utf8');
      const loaded = loadTaskDefinition(seedFile);
      expect(loaded.locate('containerDefinitions[0].secrets[1].valueFrom')).to.equal(`${seedFile}:${at(text, '"valueFrom"', 2)}`);
    });

    it('offsets paths into "taskDefinition" for describe output', () => {
      const text = fs.readFileSync(describeFile, 'utf8');
      const loaded = loadTaskDefinition(describeFile);
      expect(loaded.locate('containerDefinitions[0].secrets[1].name')).to.equal(
        `${describeFile}:${at(text, '"name": "DB_USERNAME"')}`,
      );
      expect(loaded.locate('family')).to.equal(`${describeFile}:${at(text, '"family"')}`);
    });

    it('offsets paths into the array for the container array shape', () => {
      const text = fs.readFileSync(containersFile, 'utf8');
      const loaded = loadTaskDefinition(containersFile);
      expect(loaded.locate('containerDefinitions[0].image')).to.equal(`${containersFile}:${at(text, '"image"')}`);
      expect(loaded.locate('family')).to.equal(`${containersFile}:1:1`);
    });

    it('falls back to the nearest enclosing value for a path that is absent', () => {
      const text = '{\n  "family": "f",\n  "containerDefinitions": [\n    {"name": "a", "image": "b"}\n  ]\n}\n';
      const loaded = loadText(text);
      expect(loaded.locate('containerDefinitions[0].secrets[0].name')).to.equal('td.json:4:5');
      expect(loaded.locate('(top level)')).to.equal('td.json:1:1');
      expect(loaded.locate('not a path[')).to.equal('td.json:1:1');
    });

    it('understands quoted keys as formatPath writes them', () => {
      const text = '{"family": "f", "containerDefinitions": [{"name": "a", "image": "b",\n "dockerLabels": {"com.example.x": "1"}}]}';
      const loaded = loadText(text);
      expect(loaded.locate('containerDefinitions[0].dockerLabels["com.example.x"]')).to.equal('td.json:2:19');
    });
  });

  describe('describe-task-definition output', () => {
    it('moves the tags beside "taskDefinition" into the task definition', () => {
      const text =
        '{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a", "image": "b"}]},\n' +
        ' "tags": [{"key": "team", "value": "core"}]}';
      const loaded = loadText(text);
      expect(loaded.taskDefinition.tags).to.deep.equal([{ key: 'team', value: 'core' }]);
      expect(loaded.warnings).to.deep.equal([]);
      expect(loaded.locate('tags[0]')).to.equal('td.json:2:11');
    });

    it('[INF] prefers the tags beside "taskDefinition" over tags inside it, with a warning', () => {
      const both =
        '{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a", "image": "b"}], "tags": [{"key": "old"}]},\n' +
        ' "tags": [{"key": "new"}]}';
      const loaded = loadText(both);
      expect(loaded.taskDefinition.tags).to.deep.equal([{ key: 'new' }]);
      expect(loaded.warnings).to.deep.equal([
        'td.json:2:2: tags: given both inside and beside "taskDefinition"; the ones beside it are used',
      ]);
      // An empty list beside it (what the CLI prints for an untagged definition) hides nothing.
      const empty = both.replace('[{"key": "new"}]', '[]');
      expect(loadText(empty).taskDefinition.tags).to.deep.equal([{ key: 'old' }]);
      expect(loadText(empty).warnings).to.deep.equal([]);
    });

    it('reports a bad tag beside "taskDefinition" where it is', () => {
      const text = '{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a", "image": "b"}]},\n "tags": [{"key": 1}]}';
      expect(errorOf(() => loadText(text)).message).to.equal(
        'td.json:2:12: tags[0].key: expected string, got number (quote it: "1")',
      );
    });

    it('warns about fields that describe-task-definition does not print', () => {
      const text =
        '{"taskDefinition": {"family": "f", "containerDefinitions": [{"name": "a", "image": "b"}]},\n' +
        ' "ResponseMetadata": {}, "taskDefinitions": []}';
      expect(loadText(text).warnings).to.deep.equal([
        'td.json:2:2: ResponseMetadata: unknown field, ignored (not part of describe-task-definition output)',
        'td.json:2:26: taskDefinitions: unknown field, ignored (did you mean "taskDefinition"?)',
      ]);
    });

    it('says what it expected when "taskDefinition" is not an object', () => {
      expect(errorOf(() => loadText('{\n  "taskDefinition": "my-app:3"\n}')).message).to.equal(
        'td.json:2:3: taskDefinition: expected object, got string (describe-task-definition output holds the task definition object here)',
      );
    });

    it('reports type errors with paths relative to the task definition', () => {
      const text = '{"taskDefinition": {"family": "f",\n "containerDefinitions": [{"name": "a", "image": "b", "essential": "true"}]}}';
      expect(errorOf(() => loadText(text)).message).to.equal(
        'td.json:2:55: containerDefinitions[0].essential: expected boolean, got string (write true without quotes)',
      );
    });
  });

  describe('container definitions array', () => {
    it('turns a file name into a valid family', () => {
      const loaded = loadText('[{"name": "a", "image": "b"}]', '/tmp/defs/my.app v2.json');
      expect(loaded.taskDefinition.family).to.equal('my-app-v2');
    });

    it('reports errors with containerDefinitions paths', () => {
      expect(errorOf(() => loadText('[\n  {"name": "a"}\n]')).message).to.equal(
        'td.json:2:3: containerDefinitions[0]: missing required field "image" (add "image": "<repository>:<tag>")',
      );
    });
  });

  describe('files that are not task definitions', () => {
    it('names the three accepted shapes', () => {
      expect(errorOf(() => loadText('{"family": "my-app", "containers": []}')).message).to.equal(
        'td.json:1:1: not a task definition: expected an object with "containerDefinitions" (register-task-definition --cli-input-json), ' +
          'the output of "aws ecs describe-task-definition" ({"taskDefinition": {...}}), or a containerDefinitions array ' +
          `(Terraform's container_definitions); found an object with "family", "containers"`,
      );
    });

    it('points at a near miss such as CloudFormation casing', () => {
      const err = errorOf(() => loadText('{"Family": "x", "ContainerDefinitions": []}'));
      expect(err.errorName).to.equal('InputError');
      expect(err.message).to.match(/; found an object with "Family", "ContainerDefinitions" \(did you mean "containerDefinitions"\?\)$/);
    });

    it('says what it found for a scalar, and where', () => {
      expect(errorOf(() => loadText('\n  "my-app"')).message).to.match(/^td\.json:2:3: not a task definition: .*; found a JSON string$/);
    });

    it('reports bad JSON with file:line:col from the parser', () => {
      const err = errorOf(() => loadText('{\n  "family": "f",\n}'));
      expect(err.errorName).to.equal('InputError');
      expect(err.message).to.equal('td.json:3:1: invalid JSON: trailing comma before }');
    });
  });

  describe('duplicate keys', () => {
    it('warns with the place and a path relative to the task definition', () => {
      const text = '{"taskDefinition": {"family": "f",\n "containerDefinitions": [{"name": "a", "image": "b", "image": "c"}]}}';
      const loaded = loadText(text);
      expect(loaded.warnings).to.deep.equal([
        `td.json:${at(text, '"image"', 2)}: containerDefinitions[0].image: duplicate key, the last value is used`,
      ]);
      expect(loaded.taskDefinition.containerDefinitions[0]?.image).to.equal('c');
    });
  });

  describe('reading the file', () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-taskdef-'));
    });
    afterEach(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('reads a real file', () => {
      const file = path.join(dir, 'td.json');
      fs.writeFileSync(file, '{"family": "f", "containerDefinitions": [{"name": "a", "image": "b"}]}');
      expect(loadTaskDefinition(file).taskDefinition.family).to.equal('f');
    });

    it('names a missing file and the fix', () => {
      const file = path.join(dir, 'missing.json');
      const err = errorOf(() => loadTaskDefinition(file));
      expect(err.errorName).to.equal('InputError');
      expect(err.message).to.equal(
        `${file}: cannot read the task definition file: no such file (check the path; it is relative to the current directory)`,
      );
    });

    it('names a directory given as the file', () => {
      const err = errorOf(() => loadTaskDefinition(dir));
      expect(err.message).to.equal(
        `${dir}: cannot read the task definition file: it is a directory (give the path of the JSON file inside it)`,
      );
    });

    it('explains a file it may not read', () => {
      const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      const err = errorOf(() =>
        loadTaskDefinition('secret.json', {
          readFile: () => {
            throw denied;
          },
        }),
      );
      expect(err.message).to.equal('secret.json: cannot read the task definition file: permission denied (make the file readable, e.g. chmod u+r)');
    });
  });
});
