import { expect } from 'chai';
import { runCli } from '../../support/cli.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';

describe('log prefixes (Docker): the container name as compose, the awslogs stream behind a flag', function () {
  this.timeout(90_000);
  const awslogs = { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web', 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'ecs' } };

  const folder = useTaskFolder('prefix', {
    'td.json': {
      family: 'prefixes',
      networkMode: 'bridge',
      containerDefinitions: [{ name: 'web', image: BUSYBOX_IMAGE, memoryReservation: 64, command: ['echo', 'hello'], logConfiguration: awslogs }],
    },
  });

  it('prefixes with the short container name by default', async () => {
    const r = await runCli(['run', 'td.json', '--pull', 'never', '--quiet-warning', 'log-driver'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('web | hello\n');
  });

  it('--awslogs-prefix: the stream name ECS would use', async () => {
    const r = await runCli(['run', 'td.json', '--pull', 'never', '--awslogs-prefix', '--quiet-warning', 'log-driver'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^ecs\/web\/[0-9a-f]{32} \| hello\n$/);
  });
});
