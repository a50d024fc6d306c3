import { expect } from 'chai';
import { accountOfAccessKeyId } from '../../../src/endpoints/credential-sources.js';
import { runCli } from '../../support/cli.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';

describe('task keys for LocalStack (Docker): its calls land in the task definition account', function () {
  this.timeout(90_000);
  const folder = useTaskFolder('lskeys', {
    'td.json': {
      family: 'lskeys',
      networkMode: 'awsvpc',
      taskRoleArn: 'arn:aws:iam::210987654321:role/app-role',
      containerDefinitions: [{ name: 'app', image: BUSYBOX_IMAGE, memoryReservation: 64, command: ['sh', '-c', 'wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'] }],
    },
  });

  it('with a LocalStack runtime endpoint, the fake key is an LSIA key holding the account', async () => {
    // No secrets: nothing is asked of the endpoint by ecs-local itself; the task only gets its URL.
    const r = await runCli(['run', 'td.json', '--pull', 'never', '--no-log-prefix', '--endpoint', 'http://localhost:4566'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    const creds = JSON.parse(r.stdout.trim()) as { AccessKeyId: string };
    expect(creds.AccessKeyId).to.match(/^LSIA[A-Z2-7]{16}$/);
    expect(accountOfAccessKeyId(creds.AccessKeyId)).to.equal('210987654321');
  });
});
