/**
 * Fuzz: 10,000 random and mutated valueFroms through the parser and the whole resolution path
 * (registration rules, then resolveTask against a real vault). Whatever a user writes, ecs-local
 * answers as ECS would: the task resolves, registration refuses it (ClientException), or the task
 * stops with a well-formed stoppedReason. Nothing else may escape. Inputs come from a seeded PRNG;
 * FUZZ_SEED=<n> explores other inputs, and a failure names the seed and case that reproduce it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { isEcsLocalError } from '../../../src/errors.js';
import { resolveTask } from '../../../src/secrets/resolve.js';
import type { ResolvedTask, TaskContext } from '../../../src/secrets/types.js';
import { classifyValueFrom, parseAsmValueFrom } from '../../../src/secrets/value-from.js';
import type { SecretSources } from '../../../src/aws/ports.js';
import { createVaultSources } from '../../../src/sources/vault-source.js';
import { checkRegistration } from '../../../src/taskdef/register-rules.js';
import type { LaunchType, Secret, TaskDefinition } from '../../../src/taskdef/types.js';
import { loadVault } from '../../../src/vault/load.js';
import { FUZZ_VAULT, REGISTRABLE_VALUE_FROMS, fuzzValueFroms, seededRng } from './fuzz-inputs.js';

const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20240501;
const CASES = 10_000;
const TASK_REGION = 'us-east-1';
const FARGATE_PREFIX = 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ';
const MAX_REASON_BYTES = 1024;
/** Go's unicode.IsSpace, which Task.SetTerminalReason (strings.Fields) splits on. */
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u;
const SM_ARN = /^arn:[^:]*:secretsmanager:/;

interface FuzzCase {
  index: number;
  fuzzed: string;
  td: TaskDefinition;
}

type Outcome =
  | { kind: 'resolved'; task: ResolvedTask }
  | { kind: 'refused'; message: string }
  | { kind: 'stopped'; reason: string }
  | { kind: 'escaped'; error: string };

/** One fuzzed secret, sometimes with a real one beside it or as a log driver secret, to mix failures. */
function buildCases(): FuzzCase[] {
  const r = seededRng(SEED);
  const valueFroms = fuzzValueFroms(r, CASES);
  return valueFroms.map((fuzzed, index) => {
    const secrets: Secret[] = [{ name: 'FUZZED', valueFrom: fuzzed }];
    if (r.chance(0.3)) secrets.push({ name: 'REAL', valueFrom: r.pick(REGISTRABLE_VALUE_FROMS) });
    if (r.chance(0.15)) secrets.push({ name: 'OTHER', valueFrom: r.pick(valueFroms) });
    const asLogSecret = r.chance(0.1);
    const td: TaskDefinition = {
      family: 'fuzz',
      executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      containerDefinitions: [
        {
          name: 'app',
          image: 'busybox',
          memoryReservation: 64,
          essential: true,
          ...(asLogSecret
            ? { logConfiguration: { logDriver: 'splunk', options: { 'splunk-url': 'https://splunk.local' }, secretOptions: secrets } }
            : { secrets }),
        },
      ],
    };
    return { index, fuzzed, td };
  });
}

async function outcomeOf(td: TaskDefinition, context: TaskContext, sources: SecretSources): Promise<Outcome> {
  try {
    checkRegistration(td);
    return { kind: 'resolved', task: await resolveTask(td, context, sources) };
  } catch (err) {
    if (isEcsLocalError(err) && err.errorName === 'ClientException') return { kind: 'refused', message: err.message };
    if (isEcsLocalError(err) && err.errorName === 'TaskFailedToStart') return { kind: 'stopped', reason: err.message };
    const e = err instanceof Error ? err : new Error(String(err));
    return { kind: 'escaped', error: `${e.name}: ${e.message.slice(0, 300)} ${e.stack?.split('\n')[1]?.trim() ?? ''}` };
  }
}

/**
 * ECS keeps the first 1024 bytes of a reason; each byte of a rune the cut splits prints as one
 * U+FFFD (1 to 3 of them, each standing for one byte).
 */
function withinReasonLimit(reason: string): boolean {
  const tail = /\uFFFD{1,3}$/u.exec(reason)?.[0].length ?? 0;
  return Buffer.byteLength(reason.slice(0, reason.length - tail)) + tail <= MAX_REASON_BYTES;
}

function wasCut(reason: string): boolean {
  return Buffer.byteLength(reason) >= MAX_REASON_BYTES - 3;
}

/** What is wrong with a stoppedReason, if anything. */
function reasonProblems(reason: string, launchType: LaunchType): string[] {
  const problems: string[] = [];
  if (!withinReasonLimit(reason)) problems.push(`longer than ${MAX_REASON_BYTES} bytes (${Buffer.byteLength(reason)})`);
  if (launchType === 'FARGATE') {
    if (!reason.startsWith(FARGATE_PREFIX)) problems.push('does not start with the Fargate prefix');
    return problems;
  }
  if (reason === '') problems.push('is empty');
  if (GO_SPACE.test(reason.charAt(0))) problems.push('starts with white space');
  // The byte cut may end the reason on a space, as ECS's own `reason[:1024]` does.
  if (GO_SPACE.test(reason.slice(-1)) && Buffer.byteLength(reason) !== MAX_REASON_BYTES) problems.push('ends with white space');
  if (new RegExp(`${GO_SPACE.source}{2}`, 'u').test(reason)) problems.push('has a run of white space');
  return problems;
}

function outcomeProblems(outcome: Outcome, td: TaskDefinition, launchType: LaunchType): string[] {
  switch (outcome.kind) {
    case 'escaped':
      return [`an exception escaped: ${outcome.error}`];
    case 'refused':
      return outcome.message.trim() === '' ? ['ClientException with an empty message'] : [];
    case 'stopped':
      return reasonProblems(outcome.reason, launchType).map((p) => `stoppedReason ${p}: ${JSON.stringify(outcome.reason.slice(0, 200))}`);
    case 'resolved': {
      // Every container secret is in the environment, from its valueFrom.
      const env = outcome.task.containers[0]?.environment ?? [];
      return (td.containerDefinitions[0]?.secrets ?? [])
        .filter((s) => !env.some((v) => v.name === s.name && v.source.kind === 'secret'))
        .map((s) => `resolved, but ${s.name} is not in the environment`);
    }
  }
}

function describeCase(c: FuzzCase): string {
  const secrets = c.td.containerDefinitions[0]?.secrets ?? c.td.containerDefinitions[0]?.logConfiguration?.secretOptions ?? [];
  return `seed ${SEED} case ${c.index}: ${secrets.map((s) => `${s.name}=${JSON.stringify(s.valueFrom.slice(0, 160))}${s.valueFrom.length > 160 ? `(+${s.valueFrom.length - 160} chars)` : ''}`).join(' ')}`;
}

describe(`secrets fuzz: ${CASES} valueFroms (seed ${SEED})`, function () {
  this.timeout(60_000);
  let dir: string;
  let sources: SecretSources;
  let cases: FuzzCase[];

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-local-fuzz-'));
    const file = path.join(dir, 'ecs-local.vault.json');
    fs.writeFileSync(file, JSON.stringify(FUZZ_VAULT, null, 2));
    sources = createVaultSources(loadVault(file, { env: {}, requestId: () => '00000000-0000-4000-8000-000000000000' }));
    cases = buildCases();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('classifyValueFrom and parseAsmValueFrom never throw and agree on every valueFrom', () => {
    const failures: string[] = [];
    for (const c of cases) {
      const v = c.fuzzed;
      try {
        const ref = classifyValueFrom(v, TASK_REGION);
        const problems: string[] = [];
        if (ref.valueFrom !== v) problems.push('valueFrom changed');
        if (ref.region === '') problems.push('empty region');
        if ((ref.provider === 'asm') !== SM_ARN.test(v)) problems.push(`provider ${ref.provider}`);
        if (ref.provider === 'ssm' && !v.startsWith('arn:') && ref.name !== v) problems.push(`SSM name ${JSON.stringify(ref.name)}`);
        const parsed = SM_ARN.test(v) ? parseAsmValueFrom(v) : undefined;
        if (ref.provider === 'asm' && parsed) {
          if (JSON.stringify(ref.parsed) !== JSON.stringify(parsed)) problems.push('classifyValueFrom and parseAsmValueFrom disagree');
          if (parsed.ok) {
            // Whole secret: sent as written. Five parts: the fields rebuild the valueFrom exactly.
            const rebuilt = [parsed.secretId, parsed.jsonKey, parsed.versionStage ?? '', parsed.versionId ?? ''].join(':');
            if (parsed.secretId !== v && rebuilt !== v) problems.push(`SecretId ${JSON.stringify(parsed.secretId)} does not rebuild the valueFrom`);
          } else if (parsed.error.trim() === '' || parsed.error.includes('\n')) {
            problems.push(`error text ${JSON.stringify(parsed.error)}`);
          }
        }
        failures.push(...problems.map((p) => `${describeCase(c)}: ${p}`));
      } catch (err) {
        failures.push(`${describeCase(c)}: threw ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    expect(failures.slice(0, 20), `${failures.length} failure(s)`).to.deep.equal([]);
  });

  for (const launchType of ['FARGATE', 'EC2'] as const) {
    const well = launchType === 'FARGATE' ? 'a Fargate stoppedReason' : 'a well-formed EC2 stoppedReason';
    it(`${launchType}: every task resolves, is refused at registration, or stops with ${well}`, async () => {
      const context: TaskContext = { taskId: '0123456789abcdef0123456789abcdef', region: TASK_REGION, accountId: '123456789012', launchType, cluster: 'default' };
      const failures: string[] = [];
      const seen = { resolved: 0, refused: 0, stopped: 0, cut: 0, escaped: 0 };
      for (const c of cases) {
        const outcome = await outcomeOf(c.td, context, sources);
        seen[outcome.kind]++;
        if (outcome.kind === 'stopped' && wasCut(outcome.reason)) seen.cut++;
        failures.push(...outcomeProblems(outcome, c.td, launchType).map((p) => `${describeCase(c)}: ${p}`));
      }
      expect(failures.slice(0, 20), `${failures.length} failure(s)`).to.deep.equal([]);
      // The inputs reach every outcome, including reasons cut at ECS's length limit.
      expect(seen.resolved, 'resolved').to.be.greaterThan(CASES / 50);
      expect(seen.refused, 'refused at registration').to.be.greaterThan(CASES / 50);
      expect(seen.stopped, 'stopped').to.be.greaterThan(CASES / 50);
      expect(seen.cut, 'stoppedReasons cut at 1024 bytes').to.be.greaterThan(0);
    });
  }
});
