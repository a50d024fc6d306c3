/**
 * The AWS CLI lists a shape's members in the model's order ("must be one of: …"); fields.ts keeps
 * that order so ecs-local's list is the CLI's. The model here is @aws-sdk/client-ecs's, as installed.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { KEPT_READ_ONLY, containerDefinition, secret, taskDefinitionSpec, volume } from '../../../src/taskdef/fields.js';
import type { ObjectSpec } from '../../../src/taskdef/fields.js';

const require = createRequire(import.meta.url);
const models = path.join(path.dirname(require.resolve('@aws-sdk/client-ecs/package.json')), 'dist-types/models');
const declarations = fs
  .readdirSync(models)
  .filter((f) => f.startsWith('models_'))
  .map((f) => fs.readFileSync(path.join(models, f), 'utf8'))
  .join('\n');

function sdkMembers(name: string): string[] {
  const start = declarations.indexOf(`export interface ${name} {`);
  expect(start, name).to.be.greaterThan(-1);
  const body = declarations.slice(start, declarations.indexOf('\n}', start));
  return [...body.matchAll(/^ {4}(\w+)\??:/gm)].map((m) => m[1] ?? '');
}

const ours = (spec: ObjectSpec) => Object.keys(spec.fields).filter((k) => !KEPT_READ_ONLY.includes(k));

describe('taskdef/fields: the SDK model order', () => {
  const logConfiguration = containerDefinition.fields.logConfiguration.type;
  const portMapping = containerDefinition.fields.portMappings.type.items;
  const cases: [string, ObjectSpec][] = [
    ['RegisterTaskDefinitionRequest', taskDefinitionSpec],
    ['ContainerDefinition', containerDefinition],
    ['LogConfiguration', logConfiguration],
    ['PortMapping', portMapping],
    ['Volume', volume],
    ['Secret', secret],
  ];
  for (const [name, spec] of cases) {
    it(`${name} lists its fields as the model does`, () => {
      expect(ours(spec)).to.deep.equal(sdkMembers(name));
    });
  }
});
