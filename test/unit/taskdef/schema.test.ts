import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../../../src/json/parse.js';
import { taskDefinitionSpec } from '../../../src/taskdef/fields.js';
import type { TypeSpec } from '../../../src/taskdef/fields.js';
import { loadTaskDefinition } from '../../../src/taskdef/load.js';
import type { LoadedTaskDefinition } from '../../../src/taskdef/types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/taskdefs');

function loadText(text: string): LoadedTaskDefinition {
  return loadTaskDefinition('td.json', { readFile: () => text });
}

/** A one-container task definition with `extra` spliced into the container, on line 3. */
function withContainer(extra: string): string {
  return `{"family": "f", "containerDefinitions": [\n  {"name": "app", "image": "busybox",\n   ${extra}}\n]}`;
}

/** A task definition with `extra` spliced in at the top level, on line 2. */
function withTask(extra: string): string {
  return `{"family": "f", "containerDefinitions": [{"name": "app", "image": "busybox"}],\n ${extra}}`;
}

/** `line:col` of the `n`th occurrence of `needle`. */
function at(text: string, needle: string, n = 1): string {
  let index = -1;
  for (let k = 0; k < n; k++) index = text.indexOf(needle, index + 1);
  if (index < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, index).split('\n');
  return `${before.length}:${(before[before.length - 1] ?? '').length + 1}`;
}

function messageOf(text: string): string {
  try {
    loadText(text);
  } catch (err) {
    expect((err as { errorName?: string }).errorName).to.equal('InputError');
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('taskdef/schema', () => {
  describe('wrong JSON types', () => {
    const cases: [string, string, string, string][] = [
      // [what is spliced into the container, needle for the position, path, expected … (hint)]
      ['"cpu": "256"', '"cpu"', 'containerDefinitions[0].cpu', 'expected integer, got string (write 256 without quotes)'],
      ['"memory": 0.5', '"memory"', 'containerDefinitions[0].memory', 'expected integer, got number (use a whole number without quotes)'],
      ['"essential": "true"', '"essential"', 'containerDefinitions[0].essential', 'expected boolean, got string (write true without quotes)'],
      ['"privileged": 1', '"privileged"', 'containerDefinitions[0].privileged', 'expected boolean, got number (use true or false)'],
      [
        '"environment": {"name": "A", "value": "1"}',
        '"environment"',
        'containerDefinitions[0].environment',
        'expected array, got object (wrap the KeyValuePair object in [ ])',
      ],
      [
        '"environment": [{"name": "DB_PORT", "value": 5432}]',
        '"value"',
        'containerDefinitions[0].environment[0].value',
        'expected string, got number (quote it: "5432")',
      ],
      [
        '"command": "npm run start"',
        '"command"',
        'containerDefinitions[0].command',
        'expected array, got string (use a JSON array of strings, e.g. ["npm","run","start"])',
      ],
      ['"links": 3', '"links"', 'containerDefinitions[0].links', 'expected array, got number (use a JSON array [...])'],
      [
        '"logConfiguration": [{"logDriver": "awslogs"}]',
        '"logConfiguration"',
        'containerDefinitions[0].logConfiguration',
        'expected object, got array (remove the [ ]: LogConfiguration is a single object)',
      ],
      [
        '"healthCheck": "curl localhost"',
        '"healthCheck"',
        'containerDefinitions[0].healthCheck',
        'expected object, got string (use a JSON object {...} (HealthCheck))',
      ],
      [
        '"dockerLabels": [{"name": "team", "value": "core"}]',
        '"dockerLabels"',
        'containerDefinitions[0].dockerLabels',
        'expected object, got array (use one object of "key": "value" pairs, not a list of name/value objects)',
      ],
      [
        '"dockerLabels": {"com.example.port": 8080}',
        '"com.example.port"',
        'containerDefinitions[0].dockerLabels["com.example.port"]',
        'expected string, got number (quote it: "8080")',
      ],
      [
        '"secrets": [{"name": "A", "valueFrom": ["x"]}]',
        '"valueFrom"',
        'containerDefinitions[0].secrets[0].valueFrom',
        'expected string, got array (use a string)',
      ],
      ['"secrets": ["A"]', '"A"', 'containerDefinitions[0].secrets[0]', 'expected object, got string (use a JSON object {...} (Secret))'],
      [
        '"linuxParameters": {"capabilities": {"add": "SYS_PTRACE"}}',
        '"add"',
        'containerDefinitions[0].linuxParameters.capabilities.add',
        'expected array, got string (use a JSON array of strings, e.g. ["SYS_PTRACE"])',
      ],
      [
        '"ulimits": [{"name": "nofile", "softLimit": "1024", "hardLimit": 2048}]',
        '"softLimit"',
        'containerDefinitions[0].ulimits[0].softLimit',
        'expected integer, got string (write 1024 without quotes)',
      ],
      [
        '"portMappings": [{"containerPort": "8080"}]',
        '"containerPort"',
        'containerDefinitions[0].portMappings[0].containerPort',
        'expected integer, got string (write 8080 without quotes)',
      ],
      [
        '"restartPolicy": {"enabled": "yes"}',
        '"enabled"',
        'containerDefinitions[0].restartPolicy.enabled',
        'expected boolean, got string (use true or false)',
      ],
    ];
    for (const [extra, needle, where, expected] of cases) {
      it(`${extra} → ${expected}`, () => {
        const text = withContainer(extra);
        expect(messageOf(text)).to.equal(`td.json:${at(text, needle)}: ${where}: ${expected}`);
      });
    }

    it('checks task-level fields and volumes', () => {
      let text = withTask('"volumes": [{"name": "efs", "efsVolumeConfiguration": {"fileSystemId": 7}}]');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '"fileSystemId"')}: volumes[0].efsVolumeConfiguration.fileSystemId: expected string, got number (quote it: "7")`,
      );
      text = withTask('"ephemeralStorage": {"sizeInGiB": "30"}');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '"sizeInGiB"')}: ephemeralStorage.sizeInGiB: expected integer, got string (write 30 without quotes)`,
      );
      text = withTask('"requiresCompatibilities": "FARGATE"');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '"requiresCompatibilities"')}: requiresCompatibilities: expected array, got string (use a JSON array of strings, e.g. ["FARGATE"])`,
      );
    });

    it('reports the exact place for a hand-written file', () => {
      const text = '{\n  "family": "f",\n  "containerDefinitions": [\n    {\n      "name": "app",\n      "image": "busybox",\n      "cpu": "256"\n    }\n  ]\n}\n';
      expect(messageOf(text)).to.equal('td.json:7:7: containerDefinitions[0].cpu: expected integer, got string (write 256 without quotes)');
    });
  });

  it('keeps a label named __proto__ as a label', () => {
    const loaded = loadText(withContainer('"dockerLabels": {"__proto__": "x", "a": "b"}'));
    const labels = loaded.taskDefinition.containerDefinitions[0]?.dockerLabels ?? {};
    expect(Object.keys(labels)).to.deep.equal(['__proto__', 'a']);
    expect(Object.getPrototypeOf(labels)).to.equal(Object.prototype);
  });

  describe('task-level cpu and memory', () => {
    it('are strings in the API: numbers are read as strings, with a warning', () => {
      const text = withTask('"cpu": 256, "memory": 512');
      const loaded = loadText(text);
      expect(loaded.taskDefinition.cpu).to.equal('256');
      expect(loaded.taskDefinition.memory).to.equal('512');
      expect(loaded.warnings).to.deep.equal([
        `td.json:${at(text, '"cpu"')}: cpu: a number where the ECS API takes a string; read as "256" (write "256")`,
        `td.json:${at(text, '"memory"')}: memory: a number where the ECS API takes a string; read as "512" (write "512")`,
      ]);
    });

    it('accept strings silently, and refuse other types', () => {
      expect(loadText(withTask('"cpu": "1 vCPU", "memory": "2 GB"')).warnings).to.deep.equal([]);
      const text = withTask('"memory": true');
      expect(messageOf(text)).to.equal(`td.json:${at(text, '"memory"')}: memory: expected string, got boolean (quote it: "true")`);
    });

    it('are integers inside a container', () => {
      const loaded = loadText(withContainer('"cpu": 256, "memory": 512'));
      expect(loaded.taskDefinition.containerDefinitions[0]).to.include({ cpu: 256, memory: 512 });
      expect(loaded.warnings).to.deep.equal([]);
    });
  });

  describe('unknown fields', () => {
    function refusalOf(text: string): { message: string; hint?: string } {
      try {
        loadText(text);
      } catch (err) {
        expect((err as { errorName?: string }).errorName).to.equal('ParamValidation');
        return { message: (err as Error).message, hint: (err as { hint?: string }).hint };
      }
      throw new Error('loaded');
    }

    it("are refused in the AWS CLI's words, every one, with a did-you-mean per field as hints", () => {
      const text = withContainer(
        '"enviroment": [], "secret": [], "Essential": true,\n   "secrets": [{"name": "A", "valueFrom": "/a/b", "valuefrom": "/a/b"}]',
      );
      const { message, hint } = refusalOf(text);
      const container = Object.keys(taskDefinitionSpec.fields.containerDefinitions.type.items.fields).join(', ');
      expect(message.split('\n')).to.deep.equal([
        'Parameter validation failed:',
        `Unknown parameter in containerDefinitions[0]: "enviroment", must be one of: ${container}`,
        `Unknown parameter in containerDefinitions[0]: "secret", must be one of: ${container}`,
        `Unknown parameter in containerDefinitions[0]: "Essential", must be one of: ${container}`,
        'Unknown parameter in containerDefinitions[0].secrets[0]: "valuefrom", must be one of: name, valueFrom',
      ]);
      expect(hint?.split('\n')).to.deep.equal([
        `td.json:${at(text, '"enviroment"')}: containerDefinitions[0].enviroment: did you mean "environment"?`,
        `td.json:${at(text, '"secret"')}: containerDefinitions[0].secret: did you mean "secrets"?`,
        `td.json:${at(text, '"Essential"')}: containerDefinitions[0].Essential: did you mean "essential"?`,
        `td.json:${at(text, '"valuefrom"')}: containerDefinitions[0].secrets[0].valuefrom: did you mean "valueFrom"?`,
      ]);
    });

    it('at the top level say "input", and list the register fields only', () => {
      const text = withTask('"deploymentStrategy": "blue-green"');
      const { message, hint } = refusalOf(text);
      expect(message).to.equal(
        'Parameter validation failed:\nUnknown parameter in input: "deploymentStrategy", must be one of: family, taskRoleArn, executionRoleArn, networkMode, containerDefinitions, volumes, placementConstraints, requiresCompatibilities, cpu, memory, tags, pidMode, ipcMode, proxyConfiguration, inferenceAccelerators, ephemeralStorage, runtimePlatform, enableFaultInjection, trustedExecutionConfiguration',
      );
      expect(hint).to.equal(`td.json:${at(text, '"deploymentStrategy"')}: deploymentStrategy: not a field of this object in the ECS API`);
    });

    it('suggest the field that holds the name: logConfiguration.secrets is secretOptions', () => {
      const text = withContainer('"logConfiguration": {"logDriver": "splunk", "secrets": []}');
      expect(refusalOf(text).hint).to.match(/logConfiguration\.secrets: did you mean "secretOptions"\?$/);
    });

    it('[INF] are dropped with a warning in a bare containerDefinitions array, as Terraform drops them', () => {
      const text = '[{"name": "app", "image": "busybox", "secret": []}]';
      const loaded = loadText(text);
      expect(loaded.warnings).to.deep.equal([
        `td.json:${at(text, '"secret"')}: containerDefinitions[0].secret: unknown field, dropped as Terraform drops it (did you mean "secrets"?)`,
      ]);
      expect(loaded.taskDefinition.containerDefinitions[0]).to.deep.equal({ name: 'app', image: 'busybox' });
    });

    it('turn a missing required field into a pointed hint', () => {
      let text = withContainer('"secrets": [{"name": "A", "valuefrom": "/a/b"}]');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '{"name": "A"')}: containerDefinitions[0].secrets[0]: missing required field "valueFrom" (found "valuefrom": field names are case-sensitive, write "valueFrom")`,
      );
      text = withContainer('"dependsOn": [{"containerNme": "db", "condition": "START"}]');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '{"containerNme"')}: containerDefinitions[0].dependsOn[0]: missing required field "containerName" (found "containerNme": did you mean "containerName"?)`,
      );
    });

    it('include read-only describe-task-definition fields, which are accepted silently', () => {
      const text = withTask(
        '"taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/f:3", "revision": 3, "status": "ACTIVE",\n' +
          ' "requiresAttributes": [{"name": "ecs.capability.secrets.asm.environment-variables"}], "compatibilities": ["EC2", "FARGATE"],\n' +
          ' "registeredAt": "2024-05-02T10:15:30.123000+00:00", "registeredBy": "arn:aws:sts::123456789012:assumed-role/x/y",\n' +
          ' "deregisteredAt": 1714644930.123, "deleteRequestedAt": "2024-06-01T00:00:00Z"',
      );
      const loaded = loadText(text);
      expect(loaded.warnings).to.deep.equal([]);
      expect(Object.keys(loaded.taskDefinition).sort()).to.deep.equal(['containerDefinitions', 'family', 'revision', 'taskDefinitionArn']);
    });
  });

  describe('required fields', () => {
    it('family, container name and image', () => {
      let text = '{"containerDefinitions": [{"name": "app", "image": "busybox"}]}';
      expect(messageOf(text)).to.equal('td.json:1:1: (top level): missing required field "family" (add "family": "my-app")');
      text = withContainer('"essential": true').replace('"name": "app", ', '');
      expect(messageOf(text)).to.equal('td.json:2:3: containerDefinitions[0]: missing required field "name" (add "name": "app")');
      text = withContainer('"essential": true').replace('"image": "busybox",', '');
      expect(messageOf(text)).to.equal(
        'td.json:2:3: containerDefinitions[0]: missing required field "image" (add "image": "<repository>:<tag>")',
      );
    });

    it('containerDefinitions must be an array', () => {
      const text = '{"family": "f",\n "containerDefinitions": {"name": "app", "image": "busybox"}}';
      expect(messageOf(text)).to.equal(
        'td.json:2:2: containerDefinitions: expected array, got object (wrap the ContainerDefinition object in [ ])',
      );
    });

    it('nested objects have theirs (API model)', () => {
      const text = withContainer('"logConfiguration": {"options": {}}');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '"logConfiguration"')}: containerDefinitions[0].logConfiguration: missing required field "logDriver" (add "logDriver": "awslogs")`,
      );
    });

    it('a null counts as missing', () => {
      const text = withContainer('"secrets": [{"name": "A", "valueFrom": null}]');
      expect(messageOf(text)).to.match(/secrets\[0\]: missing required field "valueFrom"/);
    });
  });

  describe('values the model leaves optional', () => {
    it('[INF] a null field reads as absent, with a warning', () => {
      const text = withContainer('"startTimeout": null');
      const loaded = loadText(text);
      expect(loaded.taskDefinition.containerDefinitions[0]).not.to.have.property('startTimeout');
      expect(loaded.warnings).to.deep.equal([
        `td.json:${at(text, '"startTimeout"')}: containerDefinitions[0].startTimeout: null, treated as absent`,
      ]);
    });

    it('[INF] many nulls (a console export) are one warning line', () => {
      const text = withContainer('"startTimeout": null, "user": null, "hostname": null, "links": null, "cpu": null');
      expect(loadText(text).warnings).to.deep.equal([
        'td.json: 5 fields are null, treated as absent (containerDefinitions[0].startTimeout, containerDefinitions[0].user, containerDefinitions[0].hostname and 2 more)',
      ]);
    });

    it('[INF] an environment entry without a value reads as ""', () => {
      const loaded = loadText(withContainer('"environment": [{"name": "EMPTY"}]'));
      expect(loaded.taskDefinition.containerDefinitions[0]?.environment).to.deep.equal([{ name: 'EMPTY', value: '' }]);
    });

    it('an environment entry without a name is left for checkRegistration', () => {
      const loaded = loadText(withContainer('"environment": [{"value": "x"}]'));
      expect(loaded.taskDefinition.containerDefinitions[0]?.environment).to.deep.equal([{ value: 'x' }]);
    });
  });

  describe('enumerations', () => {
    it('refuse an unknown value ecs-local acts on, with a suggestion', () => {
      let text = withContainer('"dependsOn": [{"containerName": "db", "condition": "healthy"}]');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '"condition"')}: containerDefinitions[0].dependsOn[0].condition: expected one of "START", "COMPLETE", "SUCCESS", "HEALTHY", got "healthy" (did you mean "HEALTHY"?)`,
      );
      text = withTask('"networkMode": "vpc"');
      expect(messageOf(text)).to.equal(
        `td.json:${at(text, '"networkMode"')}: networkMode: expected one of "bridge", "host", "awsvpc", "none", got "vpc" (values are case-sensitive)`,
      );
    });

    it('only warn about other unknown values, which are passed on', () => {
      const text = withContainer('"logConfiguration": {"logDriver": "local"}');
      const loaded = loadText(text);
      expect(loaded.taskDefinition.containerDefinitions[0]?.logConfiguration?.logDriver).to.equal('local');
      expect(loaded.warnings).to.deep.equal([
        `td.json:${at(text, '"logDriver"')}: containerDefinitions[0].logConfiguration.logDriver: unknown value "local", passed on as is (the ECS API model lists "json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens")`,
      ]);
    });

    it('suggest the right case for a non-strict enum', () => {
      const text = withTask('"requiresCompatibilities": ["fargate"]');
      expect(loadText(text).warnings).to.deep.equal([
        `td.json:${at(text, '"fargate"')}: requiresCompatibilities[0]: unknown value "fargate", passed on as is (did you mean "FARGATE"?)`,
      ]);
    });
  });

  describe('the ECS API model', () => {
    it('knows every field in a task definition using all of them, and keeps each one', () => {
      const file = path.join(fixtures, 'all-fields.json');
      const loaded = loadTaskDefinition(file);
      expect(loaded.warnings).to.deep.equal([]);
      expect(loaded.taskDefinition).to.deep.equal(JSON.parse(fs.readFileSync(file, 'utf8')));
    });

    it('is fully exercised by that task definition (no field of the model is missing from it)', () => {
      const value = JSON.parse(fs.readFileSync(path.join(fixtures, 'all-fields.json'), 'utf8')) as JsonValue;
      const missing: string[] = [];
      const walk = (spec: TypeSpec, values: JsonValue[], where: string): void => {
        if (spec.kind === 'array') {
          walk(spec.items, values.flatMap((v) => (Array.isArray(v) ? v : [])), `${where}[]`);
        } else if (spec.kind === 'object') {
          const objects = values.filter((v): v is { [k: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v));
          for (const [key, field] of Object.entries(spec.fields)) {
            const present = objects.map((o) => o[key]).filter((v): v is JsonValue => v !== undefined);
            if (present.length === 0 && !(where === '' && (key === 'revision' || key === 'taskDefinitionArn'))) {
              missing.push(`${where}.${key}`);
            }
            walk(field.type, present, `${where}.${key}`);
          }
        }
      };
      walk(taskDefinitionSpec, [value], '');
      expect(missing).to.deep.equal([]);
    });
  });
});
