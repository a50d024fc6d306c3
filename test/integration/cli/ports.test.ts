import { expect } from 'chai';
import { runCli } from '../../support/cli.js';
import { testEngine } from '../../support/docker.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';
import { waitFor } from '../../support/wait.js';

describe('published ports (Docker): printed at start, as an address that answers', function () {
  this.timeout(90_000);
  const folder = useTaskFolder('ports', {
    'td.json': {
      family: 'ports',
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'web',
          image: BUSYBOX_IMAGE,
          memoryReservation: 64,
          command: ['sh', '-c', 'mkdir -p /www && echo served > /www/index.html && exec httpd -f -p 8080 -h /www'],
          // No hostPort: a dynamic host port, as ECS gives in bridge mode.
          portMappings: [{ containerPort: 8080 }],
          stopTimeout: 2,
        },
      ],
    },
  });

  it('prints `web: http://localhost:<port> -> 8080`, and that address serves the container', async () => {
    const r = await runCli(['run', 'td.json', '--pull', 'never', '-d'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    const taskId = r.stdout.trim();
    try {
      // localhost for a local engine; the engine's host (DOCKER_HOST's) for a remote one.
      const m = /^ecs-local: web: http:\/\/([^:/]+):(\d+) -> 8080$/m.exec(r.stderr);
      expect(m, r.stderr).to.not.equal(null);
      expect(m?.[1]).to.equal((await testEngine()).profile.publishedHost);
      expect(Number(m?.[2])).to.be.greaterThan(0);
      const url = `http://${m?.[1] === 'localhost' ? '127.0.0.1' : m?.[1]}:${m?.[2]}/index.html`;
      let body = '';
      // The port is published once the container starts; httpd answers a moment later.
      await waitFor('httpd to answer', async () => {
        body = await fetch(url).then((res) => res.text(), () => '');
        return body !== '';
      });
      expect(body.trim()).to.equal('served');
    } finally {
      await runCli(['stop', taskId], { cwd: folder.dir });
    }
  });
});
