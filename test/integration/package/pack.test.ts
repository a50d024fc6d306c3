/**
 * The package as a user gets it: `npm pack`, installed from the tarball into an empty project, and
 * imported by name. Importing loads neither Docker's client nor the AWS SDK; the types check a
 * TypeScript consumer; and examples/integration-test runs against the installed package, so the
 * example cannot rot. Packs the current build (`npm run build`, which npm install runs).
 */
import { expect } from 'chai';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runOk, runProcess } from '../../../bench/spawn.js';
import { ensureBusyboxImage } from '../../../src/docker/busybox-image.js';
import { testEngine } from '../../support/docker.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const NPM_ENV = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

describe('the packed package, installed and imported as a user would', function () {
  this.timeout(300_000);
  let dir: string;
  let project: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-pack-'));
    await runOk('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', dir], { cwd: ROOT, env: NPM_ENV });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (tarball === undefined) throw new Error(`npm pack wrote no tarball in ${dir}`);
    project = path.join(dir, 'project');
    mkdirSync(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await runOk('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', path.join(dir, tarball)], { cwd: project, env: NPM_ENV });
    // Every resolved module, to see what importing the package loads.
    writeFileSync(path.join(project, 'hooks.mjs'), "import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(process.env.RESOLVED, r.url + '\\n'); return r; }\n");
    writeFileSync(path.join(project, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
    cpSync(path.join(ROOT, 'examples/seed'), path.join(project, 'seed'), { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs `code` as an ES module in the project; what it printed, and every module it resolved. */
  async function runModule(code: string): Promise<{ stdout: string; resolved: string[] }> {
    const log = path.join(project, `resolved-${Date.now()}.log`);
    writeFileSync(log, '');
    const r = await runOk(process.execPath, ['--import', './register.mjs', '--input-type=module', '-e', code], { cwd: project, env: { PATH: process.env.PATH, RESOLVED: log } });
    return { stdout: r.stdout, resolved: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
  }

  const heavy = (urls: string[]) => urls.filter((u) => /\/node_modules\/(dockerode|docker-modem|express|@aws-sdk\/client-|@smithy)\//.test(u));

  it('imports by name with the documented names, no output, and neither Docker nor the AWS SDK loaded', async () => {
    const { stdout, resolved } = await runModule("import * as lib from 'ecs-local'; console.log(Object.keys(lib).sort().join(' '));");
    expect(stdout).to.equal('EcsLocalError TaskFailedToStartError Vault checkTask isEcsLocalError startTask\n');
    expect(resolved.some((u) => u.includes('/node_modules/ecs-local/dist/api/index.js'))).to.equal(true);
    expect(heavy(resolved)).to.deep.equal([]);
  });

  it("checkTask gives ECS's verdict from the installed package, still without Docker or the SDK", async () => {
    const { stdout, resolved } = await runModule(
      "import { checkTask } from 'ecs-local'; const ok = await checkTask('seed/taskdef.json'); const bad = await checkTask('seed/error-resource-not-found.json', { logger: {} }); console.log(ok.status, bad.stoppedReason.includes('ResourceNotFoundException: Secrets Manager can\\'t find the specified secret.'));",
    );
    expect(stdout).to.equal('OK true\n');
    expect(heavy(resolved)).to.deep.equal([]);
  });

  it('startTask rejects with the exported TaskFailedToStartError when ECS would not start the task', async () => {
    const { stdout } = await runModule(
      "import { startTask, TaskFailedToStartError } from 'ecs-local'; try { await startTask('seed/error-resource-not-found.json', { logger: {} }); console.log('started'); } catch (e) { console.log(e instanceof TaskFailedToStartError, e.errorName, e.message.startsWith('ResourceInitializationError: ')); }",
    );
    expect(stdout).to.equal('true TaskFailedToStart true\n');
  });

  it('type-checks a TypeScript consumer against the published types', async () => {
    writeFileSync(
      path.join(project, 'consumer.ts'),
      [
        "import { checkTask, startTask, Vault, type CheckVerdict, type StartedTask } from 'ecs-local';",
        "const vault = Vault.inMemory({ region: 'us-east-1' });",
        "await vault.put('db', { password: 'x' });",
        "const verdict: CheckVerdict = await checkTask('seed/taskdef.json', { vault, logger: console });",
        "if ('status' in verdict) console.log(verdict.containers[0]?.environment.length); else console.log(verdict.stoppedReason.length);",
        'export async function web(): Promise<number> {',
        "  await using task: StartedTask = await startTask({ family: 'f', containerDefinitions: [] }, { engine: 'unix:///var/run/docker.sock', waitFor: 'HEALTHY' });",
        "  const described = await task.waitFor('RUNNING');",
        "  console.log(described.lastStatus, (await task.exec('app', ['true'])).exitCode, await task.logs('app'));",
        "  return task.hostPort('app', 8080);",
        '}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, lib: ['ES2023', 'ESNext.Disposable'], types: ['node'], typeRoots: [path.join(ROOT, 'node_modules/@types')], skipLibCheck: false },
        files: ['consumer.ts'],
      }),
    );
    const r = await runProcess(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project });
    expect(r.stdout + r.stderr).to.equal('');
    expect(r.code).to.equal(0);
  });

  it('runs examples/integration-test against the installed package', async () => {
    await ensureBusyboxImage(await testEngine(), 'ecs-local-example/busybox:latest', { pull: false });
    const example = path.join(project, 'example');
    cpSync(path.join(ROOT, 'examples/integration-test'), example, { recursive: true, filter: (f) => !f.includes('node_modules') });
    // As `npm install` in the example would give it: the package, and the test tools (ours).
    mkdirSync(path.join(example, 'node_modules'));
    symlinkSync(path.join(project, 'node_modules/ecs-local'), path.join(example, 'node_modules/ecs-local'));
    for (const tool of ['mocha', 'chai']) symlinkSync(path.join(ROOT, 'node_modules', tool), path.join(example, 'node_modules', tool));
    const r = await runProcess(process.execPath, [path.join(ROOT, 'node_modules/mocha/bin/mocha.js')], { cwd: example, env: { ...process.env } });
    expect(r.stdout, r.stderr).to.match(/2 passing/);
    expect(r.code, r.stdout + r.stderr).to.equal(0);
  });
});
