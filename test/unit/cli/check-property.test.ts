/**
 * Property: every well-typed task definition gets an answer of ecs-local's own from `check` (0, 2
 * or 3), never exit 70 or a stack trace. fuzz-files.test.ts mutates bytes and JSON types, which the
 * reader refuses early; here the task definitions are generated from the one description of the
 * shape (fields.ts), so they pass the schema and reach everything after it: RegisterTaskDefinition's
 * rules, the region finder, the image parser, the resolution plan and the vault lookups. Values are
 * drawn from what users write (ARNs of every shape, image references valid and not, placeholders).
 * Seeded (PROPERTY_SEED=<n> explores others); a failure prints the task definition that reproduces it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import * as fc from 'fast-check';
import { taskDefinitionSpec, type TypeSpec } from '../../../src/taskdef/fields.js';
import { runCli } from '../../support/cli.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SEED = process.env.PROPERTY_SEED !== undefined ? Number(process.env.PROPERTY_SEED) : 20261206;
const RUNS = 120;

const ACCOUNT = '123456789012';
/** Strings users put in the fields ecs-local acts on, good and bad. */
const interesting: Record<string, string[]> = {
  image: [
    'busybox',
    'nginx:1.25',
    `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/app:latest`,
    '${account_id}.dkr.ecr.${region}.amazonaws.com/app:latest',
    'app:{{ must_env `TAG` }}',
    'MyOrg/App:latest',
    'app:1.0:extra',
    `app@sha256:${'a'.repeat(64)}`,
    'a'.repeat(64),
    '',
    'localhost:5000/app#x',
  ],
  valueFrom: [
    `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:production/database/app-abc123:password::`,
    `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:production/database/app-abc123:password`,
    `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:missing`,
    'arn:aws:secretsmanager:us-east-1::secret:x',
    `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/production/config/value`,
    'arn:aws:ssm:us-east-1::parameter/x',
    '/production/config/value',
    'secret-name:key::',
    'arn:',
    'arn:aws',
    '${db_secret_arn}',
  ],
  executionRoleArn: [`arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`, 'arn:aws:iam::${AWS::AccountId}:role/x', 'not-an-arn', ''],
  taskRoleArn: [`arn:aws:iam::${ACCOUNT}:role/app`, ''],
  taskDefinitionArn: [`arn:aws:ecs:eu-central-1:${ACCOUNT}:task-definition/f:3`, 'arn:aws:ecs:${Region}::task-definition/f', 'x'],
  credentialsParameter: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:registry-AbCdEf`, 'registry', ''],
  family: ['app', 'web-api', 'batch_job', 'FUND-%API_ENV%'],
  name: ['app', 'sidecar', 'DB_PASSWORD', 'API_KEY', 'PORT', 'splunk-token', '', ' '],
  containerName: ['app', 'sidecar', 'nope'],
  sourceVolume: ['data', 'nope'],
  value: ['arn:aws:s3:::bucket/app.env', 'arn:aws:s3:::bucket/app.txt', 'x', ''],
  'awslogs-region': ['eu-west-1', '${AWS::Region}', ''],
  type: ['s3', 'S3'],
};

/** Container fields ecs-local acts on before the engine; the others are generated only when required. */
const ACTED_ON = new Set([
  'essential', 'secrets', 'environment', 'environmentFiles', 'portMappings', 'logConfiguration', 'repositoryCredentials',
  'dependsOn', 'mountPoints', 'options', 'secretOptions', 'containerPort', 'hostPort', 'value', 'command', 'healthCheck',
]);
/** Fields that are mostly right in real files: the interesting values, rarely anything else. */
const MOSTLY_VALID = new Set(['family', 'name', 'executionRoleArn', 'image', 'type', 'valueFrom', 'value', 'containerName']);
/** Optional in the model, but present in nearly every real file. */
const USUALLY_PRESENT = new Set(['executionRoleArn', 'name']);
/**
 * Present nine times in ten: a container's soft limit, which a task without `memory` needs to
 * register (left out, the container is refused; the task-level `memory` is generated as any field).
 */
const MOSTLY_PRESENT = new Set(['memoryReservation']);

const text = (field: string | undefined): fc.Arbitrary<string> => {
  const known = field !== undefined ? interesting[field] : undefined;
  const any = fc.string({ maxLength: 12 });
  if (known === undefined) return any;
  const first = known[0] ?? '';
  if (field === 'name') {
    // Names must be unique and not blank to get past registration: rarely anything else.
    const valid = known.filter((n) => n.trim() !== '');
    return fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...valid).chain((n) => fc.nat(99).map((i) => (i < 90 ? `${n}_${i}` : n))) }, { weight: 1, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: any });
  }
  if (field !== undefined && MOSTLY_VALID.has(field)) {
    return fc.oneof({ weight: 30, arbitrary: fc.constant(first) }, { weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: any });
  }
  return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: any });
};

const ABSENT = Symbol('absent');

/** An arbitrary value of the type `spec` describes: well-typed, so the schema lets it through. */
function arbitraryOf(spec: TypeSpec, field: string | undefined, depth: number): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'string':
      if (spec.enum !== undefined) {
        // Strict enums are refused by the schema when unknown: stay inside them there.
        const values = fc.constantFrom(...spec.enum);
        return spec.strict === true ? values : fc.oneof({ weight: 5, arbitrary: values }, { weight: 1, arbitrary: text(field) });
      }
      return text(field);
    case 'taskSize':
      return fc.constantFrom('256', '512', '1 vCPU', '');
    case 'integer':
      return fc.oneof(fc.constantFrom(0, 80, 8080, 5601), fc.integer({ min: -2, max: 70000 }));
    case 'boolean':
      // Mostly essential: a task with no essential container stops at registration.
      return field === 'essential' ? fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) : fc.boolean();
    case 'stringMap':
      return fc.dictionary(fc.constantFrom('awslogs-group', 'awslogs-region', 'splunk-url', 'splunk-token', 'k'), text('awslogs-region'), { maxKeys: 3 });
    case 'array':
      if (depth > 4) return fc.constant([]);
      return fc.array(arbitraryOf(spec.items, field, depth + 1), field === 'containerDefinitions' ? { minLength: 1, maxLength: 3 } : { maxLength: 2 });
    case 'object': {
      const entries = Object.entries(spec.fields);
      // Deep optional objects are left out more often than not, to keep documents small.
      const keep = entries.filter(([key, f]) => f.required === true || USUALLY_PRESENT.has(key) || MOSTLY_PRESENT.has(key) || depth === 0 || (depth < 5 && ACTED_ON.has(key)));
      // An optional field is present one time in three: real files set a few fields, not all.
      const shape = Object.fromEntries(
        keep.map(([key, f]) => {
          const value = arbitraryOf(f.type, key, depth + 1);
          const always = f.required === true || USUALLY_PRESENT.has(key);
          if (MOSTLY_PRESENT.has(key)) return [key, fc.oneof({ weight: 1, arbitrary: fc.constant(ABSENT) }, { weight: 9, arbitrary: value })];
          return [key, always ? value : fc.oneof({ weight: 2, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: value })];
        }),
      );
      return fc.record(shape).map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== ABSENT)));
    }
  }
}

describe('ecs-local check: a property over task definitions generated from fields.ts', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-property-'));
    fs.copyFileSync(path.join(ROOT, 'examples/seed/ecs-local.vault.json'), path.join(dir, 'ecs-local.vault.json'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`answers ${RUNS} generated task definitions with its own exit codes, Fargate and EC2 (seed ${SEED})`, async () => {
    const file = path.join(dir, 'taskdef.json');
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(arbitraryOf(taskDefinitionSpec, undefined, 0), fc.constantFrom('FARGATE', 'EC2'), async (td, launchType) => {
        fs.writeFileSync(file, JSON.stringify(td, null, 2));
        const r = await runCli(['check', file, '--launch-type', launchType], { cwd: dir });
        seen.add(r.code);
        expect([0, 2, 3], r.stderr).to.include(r.code);
        expect(r.stderr).not.to.include('internal error');
        expect(r.stderr).not.to.match(/\n\s+at /);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    // The generator reaches past the schema: some tasks start, some are refused, some fail to start.
    expect([...seen].sort()).to.deep.equal([0, 2, 3]);
  });

  it(`vault init then check: never exit 70, and check passes on every vault init wrote (seed ${SEED})`, async () => {
    let n = 0;
    let written = 0;
    await fc.assert(
      fc.asyncProperty(arbitraryOf(taskDefinitionSpec, undefined, 0), async (td) => {
        const own = path.join(dir, `init-${n++}`);
        fs.mkdirSync(own);
        const file = path.join(own, 'taskdef.json');
        fs.writeFileSync(file, JSON.stringify(td, null, 2));
        const init = await runCli(['vault', 'init', file], { cwd: own });
        expect([0, 2], init.stderr).to.include(init.code);
        expect(init.stderr).not.to.include('internal error');
        if (init.code !== 0) return;
        written++;
        const r = await runCli(['check', file], { cwd: own });
        // A starter vault answers every lookup; what can still stop the task is not the vault's
        // (a malformed valueFrom, an image Docker cannot parse), and never with exit 70.
        expect([0, 3], r.stderr).to.include(r.code);
        // An ARN without its account (`…::secret:x`) names no secret anywhere, a starter vault included.
        const unfindable = /::(secret|parameter)/.test(JSON.stringify(td));
        if (r.code === 3 && !unfindable) expect(r.stderr).not.to.match(/ResourceNotFoundException|ParameterNotFound|invalid ssm parameters|invalid parameters:/);
      }),
      { numRuns: 60, seed: SEED },
    );
    expect(written).to.be.greaterThan(10);
  });
});
