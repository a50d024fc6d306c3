import { expect } from 'chai';
import { runCli } from '../../support/cli.js';

describe('ecs-local down: safe by default on a shared engine', () => {
  it('removes nothing without --family, --task or --all, and says which to give (exit 2)', async () => {
    // An engine nobody answers on: the refusal comes before any connection.
    const r = await runCli(['down'], { env: { PATH: process.env.PATH, DOCKER_HOST: 'tcp://127.0.0.1:9' } });
    expect(r.code).to.equal(2);
    expect(r.stderr).to.equal(
      "ecs-local: error: say what to remove: --family NAME (the family of your task definition), --task ID, or --all (every task ecs-local started on this engine, anyone's)\n",
    );
  });

  it('--help examples are safe to paste: each names a family or a task', async () => {
    const r = await runCli(['down', '--help']);
    expect(r.code).to.equal(0);
    const examples = r.stdout.split('\n').filter((l) => l.trim().startsWith('$ ecs-local down'));
    expect(examples).to.have.length.greaterThan(0);
    for (const e of examples) expect(e).to.match(/--family \S+|--task \S+/);
  });
});
