import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { runCli } from '../../support/cli.js';
import { testEngine, testEngineName } from '../../support/docker.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { useTaskFolder } from '../../support/task-folder.js';

/** The container's memory limit as its cgroup holds it (v2, else v1). */
const SHOW_MEMORY = 'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes';

describe("engine warnings (ecs-local run): what the engine will not do, in the engine's name, once", function () {
  this.timeout(90_000);
  const folder = useTaskFolder('engine-warnings', {
    'limited.json': {
      family: 'limited',
      networkMode: 'bridge',
      cpu: '256',
      memory: '64',
      containerDefinitions: [
        { name: 'app', image: BUSYBOX_IMAGE, command: ['sh', '-c', SHOW_MEMORY] },
        { name: 'sidecar', image: BUSYBOX_IMAGE, essential: false, command: ['sh', '-c', SHOW_MEMORY] },
      ],
    },
  });

  it('a task with memory and cpu limits: one warning exactly where the engine does not enforce them', async () => {
    const engine = await testEngine();
    const r = await runCli(['run', 'limited.json', '--pull', 'never', '--launch-type', 'EC2'], { cwd: folder.dir });
    expect(r.code, r.stderr).to.equal(0);
    const limits = [...r.stdout.matchAll(/^(?:app|sidecar) +\| (\S+)$/gm)].map((m) => m[1]);
    expect(limits, r.stdout).to.have.length(2);
    const enforced = limits.every((l) => l === String(64 * 1024 * 1024));
    const said = r.stderr.split('\n').filter((l) => l.startsWith(`ecs-local: warning: ${engine.profile.name}: `));
    // Rootless engines on a cgroup v1 host (this machine's) cannot apply limits: the case to see.
    const rootlessOnV1 = (testEngineName() === 'rootless' || testEngineName() === 'rootless-docker') && !existsSync('/sys/fs/cgroup/cgroup.controllers');
    expect(enforced, r.stdout).to.equal(!rootlessOnV1);
    if (enforced) {
      expect(said, r.stderr).to.deep.equal([]);
    } else if (engine.profile.kind === 'podman') {
      // [OBS] Podman 4.3 drops them from the container and says so only on its own (libpod) API.
      expect(said, r.stderr).to.deep.equal([
        `ecs-local: warning: ${engine.profile.name}: dropped the container's memory and cpu limits: they are not enforced (a rootless engine on cgroup v1 cannot apply them)`,
      ]);
    } else {
      expect(said, r.stderr).to.deep.equal([
        `ecs-local: warning: ${engine.profile.name}: runs containers without cgroups (cgroup driver "none"): the task's memory and cpu limits are not enforced (a rootless engine on cgroup v1 cannot apply them)`,
      ]);
    }
  });
});
