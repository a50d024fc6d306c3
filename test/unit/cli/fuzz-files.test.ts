/**
 * Fuzz: real-shaped task definitions and vaults, mutated as a careless user, a broken generator or
 * a full disk would (deep nesting, truncation, a value of the wrong type, a huge string, stray
 * bytes), through the whole CLI (`check`, `vault list`, `vault get`). Whatever the file, ecs-local
 * answers with an exit code of its own (0, 2, 3) and, on failure, one `ecs-local: error:` line:
 * never exit 70, never a stack trace. Seeded (FUZZ_SEED=<n> explores others) and bounded, so it
 * runs in a few seconds; a failure prints the seed, the path and the mutation that reproduce it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import * as fc from 'fast-check';
import { runCli, type CliResult } from '../../support/cli.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261206;
const RUNS = 150;
/** Stand-ins for what is too big to show in a counterexample, expanded in the file's text. */
const BIG = /"__ecs_local_fuzz_(deep|huge)_(\d+)_(.*?)__"/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const read = (file: string): Json => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Json;
const TASK_DEFINITIONS: Json[] = [
  read('examples/seed/taskdef.json'),
  read('examples/seed/error-missing-json-key.json'),
  read('test/fixtures/taskdefs/all-fields.json'),
  read('test/fixtures/taskdefs/seed-my-app.describe.json'),
  read('test/fixtures/taskdefs/container-definitions/my-app.json'),
];
/** The seed vault, and one with every kind of entry the format has. */
const VAULTS: Json[] = [
  read('examples/seed/ecs-local.vault.json'),
  {
    region: 'us-east-1',
    accountId: '123456789012',
    secrets: {
      'app/db': { value: { username: 'app', password: '${DB_PASSWORD}' }, arnSuffix: 'abc123', description: 'db', tags: { team: 'a' } },
      'app/rotating': {
        versions: [
          { id: '11111111-1111-1111-1111-111111111111', stages: ['AWSPREVIOUS'], value: 'old', createdDate: '2024-01-01T00:00:00Z' },
          { id: '22222222-2222-2222-2222-222222222222', stages: ['AWSCURRENT'], value: 'new' },
        ],
      },
      gone: { value: 'x', deleted: true, deletedDate: '2024-02-01T00:00:00Z' },
      blob: { binary: 'AAEC' },
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:other-AbC123': { value: 'x' },
    },
    parameters: {
      '/app/config': { type: 'SecureString', value: 'v', version: 2, history: [{ version: 1, value: 'v0' }] },
      plain: 'shorthand',
      '/app/list': { type: 'StringList', value: 'a,b', labels: ['prod'], region: 'eu-west-1' },
    },
    environmentFiles: { 'arn:aws:s3:::bucket/app.env': './app.env' },
  },
];

/** Every path in a JSON value, the root included. */
function pathsOf(value: Json, at: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, [...at, i], out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...at, k], out);
  return out;
}

function setAt(root: Json, at: (string | number)[], value: Json | undefined): Json {
  if (at.length === 0) return value ?? null;
  const copy = structuredClone(root);
  let node: Json = copy;
  for (const seg of at.slice(0, -1)) node = (node as Record<string | number, Json>)[seg] as Json;
  const last = at[at.length - 1] as string | number;
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete (node as Record<string, Json>)[last];
  } else (node as Record<string | number, Json>)[last] = value;
  return copy;
}

/** What replaces the value at a path. */
const replacement: fc.Arbitrary<Json | undefined> = fc.oneof(
  // A type swap or an edge value.
  fc.constantFrom<Json | undefined>(null, true, false, 0, -1, 1.5e308, '', 'x', [], {}, [null], { '': null }, undefined),
  // Nesting: well within the limit, just inside it, just beyond it, far beyond it.
  fc.constantFrom(40, 500, 513, 5_000).map((depth) => `__ecs_local_fuzz_deep_${depth}___`),
  // A 1 MB string, plain or full of escapes, templates or characters outside ASCII.
  fc.constantFrom('x', 'q\\"', '${A}', '\u00e9\ud83d\ude00').map((unit) => `__ecs_local_fuzz_huge_1000000_${unit}__`),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
);

/** A change to the file's text after it is written: truncation or stray characters. */
const textChange = fc.option(
  fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({
      kind: fc.constant('splice' as const),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      remove: fc.nat(8),
      insert: fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', '\\', '\u0000', '\ufeff', 'null', '1e999', '"__proto__":1,'),
    }),
  ),
  { freq: 3 },
);

const mutation = fc.record({ pick: fc.nat(), value: replacement, text: textChange });
type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(doc: Json, m: Mutation): { text: string; where: string } {
  const paths = pathsOf(doc);
  const at = paths[m.pick % paths.length] ?? [];
  let text = JSON.stringify(setAt(doc, at, m.value), null, 2);
  text = text.replace(BIG, (_, kind: string, size: string, unit: string) =>
    kind === 'deep' ? '['.repeat(Number(size)) + ']'.repeat(Number(size)) : `"${unit.repeat(Math.ceil(Number(size) / unit.length))}"`,
  );
  if (m.text?.kind === 'truncate') text = text.slice(0, Math.floor(m.text.at * text.length));
  else if (m.text?.kind === 'splice') {
    const i = Math.floor(m.text.at * text.length);
    text = text.slice(0, i) + m.text.insert + text.slice(i + m.text.remove);
  }
  return { text, where: JSON.stringify(at) };
}

/** Exit codes a file can lead to: success, bad input, ECS would not start the task. */
const OWN_CODES = [0, 2, 3];

function expectOwnAnswer(r: CliResult, context: string): void {
  expect(r.stderr, context).not.to.include('internal error');
  expect(OWN_CODES, `${context}: exit ${r.code}\n${r.stderr.slice(0, 2000)}`).to.include(r.code);
  expect(r.stderr, context).not.to.match(/\n\s+at .*:\d+:\d+\)?\n/);
  if (r.code === 2) expect(r.stderr, `${context}\n${r.stderr.slice(0, 2000)}`).to.match(/^(ecs-local: error: |ClientException: )/m);
}

describe('fuzz: mutated task definitions and vaults through the CLI', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-fuzz-'));
    fs.writeFileSync(path.join(dir, 'app.env'), 'A=1\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const vaultFile = () => path.join(dir, 'ecs-local.vault.json');
  const taskFile = () => path.join(dir, 'taskdef.json');

  it(`answers ${RUNS} mutated task definitions with its own exit codes (seed ${SEED})`, async () => {
    fs.writeFileSync(vaultFile(), JSON.stringify(VAULTS[0]));
    await fc.assert(
      fc.asyncProperty(fc.nat(TASK_DEFINITIONS.length - 1), mutation, async (which, m) => {
        const { text, where } = mutate(TASK_DEFINITIONS[which] ?? null, m);
        fs.writeFileSync(taskFile(), text);
        const r = await runCli(['check', taskFile(), '--vault', vaultFile()], { cwd: dir });
        expectOwnAnswer(r, `task definition ${which}, at ${where}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it(`answers ${RUNS} mutated vaults with its own exit codes (seed ${SEED})`, async () => {
    fs.writeFileSync(taskFile(), JSON.stringify(TASK_DEFINITIONS[0]));
    await fc.assert(
      fc.asyncProperty(fc.nat(VAULTS.length - 1), mutation, fc.constantFrom('check', 'list', 'get'), async (which, m, command) => {
        const { text, where } = mutate(VAULTS[which] ?? null, m);
        fs.writeFileSync(vaultFile(), text);
        const args =
          command === 'check'
            ? ['check', taskFile(), '--vault', vaultFile()]
            : command === 'list'
              ? ['vault', 'list', '--vault', vaultFile()]
              : ['vault', 'get', 'production/database/app', '--vault', vaultFile()];
        const r = await runCli(args, { cwd: dir, env: { PATH: process.env.PATH, DB_PASSWORD: 'pw' } });
        expectOwnAnswer(r, `vault ${which}, ${command}, at ${where}`);
      }),
      { numRuns: RUNS, seed: SEED },
    );
  });
});
