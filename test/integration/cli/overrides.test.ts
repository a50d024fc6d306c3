import { expect } from 'chai';
import { runCli } from '../../support/cli.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';

describe('overrides (Docker): ecs-local run --command -e --env-file --overrides', function () {
  this.timeout(90_000);
  const folder = useTaskFolder('overrides', {
    'td.json': {
      family: 'ovrun',
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'app',
          image: BUSYBOX_IMAGE,
          memoryReservation: 64,
          command: ['sh', '-c', 'echo definition; exit 9'],
          environment: [{ name: 'GREETING', value: 'from the definition' }],
        },
      ],
    },
    'local.env': 'FROM_FILE=file value\n',
  });

  it('the overridden command and environment reach the container, and --json shows the overrides', async () => {
    const r = await runCli(
      [
        'run',
        'td.json',
        '--pull',
        'never',
        '--json',
        '--command',
        `sh -c 'test "$GREETING|$FROM_FILE|$EXTRA" = "from the flag|file value|json" && exit 4; exit 5'`,
        '-e',
        'GREETING=from the flag',
        '--env-file',
        'local.env',
        '--overrides',
        '{"containerOverrides":[{"name":"app","environment":[{"name":"EXTRA","value":"json"}]}]}',
      ],
      { cwd: folder.dir },
    );
    // 4: the overridden command ran (the definition's exits 9) and saw every overridden value (else 5).
    expect(r.code, r.stderr).to.equal(4);
    const task = (JSON.parse(r.stdout) as { tasks: { overrides: unknown; containers: { exitCode?: number }[] }[] }).tasks[0];
    expect(task?.containers[0]?.exitCode).to.equal(4);
    expect(task?.overrides).to.deep.equal({
      containerOverrides: [
        {
          name: 'app',
          command: ['sh', '-c', 'test "$GREETING|$FROM_FILE|$EXTRA" = "from the flag|file value|json" && exit 4; exit 5'],
          environment: [
            { name: 'EXTRA', value: 'json' },
            { name: 'FROM_FILE', value: 'file value' },
            { name: 'GREETING', value: 'from the flag' },
          ],
        },
      ],
      inferenceAcceleratorOverrides: [],
    });
  });

  it('prints what the overridden command printed, with the overridden values', async () => {
    const r = await runCli(['run', 'td.json', '--pull', 'never', '--no-log-prefix', '--command', 'sh -c "echo $GREETING"', '-e', 'GREETING=hello override'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout.trim()).to.equal('hello override');
  });
});
