import { expect } from 'chai';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { runTask } from '../../../src/runtime/task-runner.js';
import { Capture } from '../../support/capture.js';
import { useDockerSuite } from '../../support/docker.js';
import { container, testTask } from '../../support/task.js';

describe('runtime (Docker): bridge tasks with links', function () {
  this.timeout(60_000);
  let engine: ContainerEngine;
  useDockerSuite((e) => (engine = e));

  it('lets a container reach the one it links to by the alias, also where the engine has no links (Podman)', async () => {
    const spec = testTask(
      [
        container({
          name: 'api',
          essential: false,
          stopTimeout: 1,
          command: ['sh', '-c', 'echo api-ok > /www/index.html; exec httpd -f -p 8080 -h /www'],
        }),
        container({
          name: 'web',
          links: ['api:backend'],
          command: ['sh', '-c', 'for i in $(seq 50); do wget -q -O - http://backend:8080/ && exit 0; sleep 0.1; done; exit 1'],
        }),
      ],
      { networkMode: 'bridge', family: 'links' },
    );
    const out = new Capture();
    const err = new Capture();
    const result = await runTask(spec, { engine, out, err, options: { pull: 'never', logMode: 'prefixed', colour: false } });
    expect(result.exitCode, err.text).to.equal(0);
    expect(out.lines).to.include('web | api-ok');
  });
});
