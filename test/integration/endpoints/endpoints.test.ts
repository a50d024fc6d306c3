import { expect } from 'chai';
import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import type { ContainerEngine } from '../../../src/docker/container-engine.js';
import { Label } from '../../../src/docker/labels.js';
import { ENDPOINTS_NETWORK } from '../../../src/endpoints/shared-container.js';
import { useDockerSuite } from '../../support/docker.js';
import { endpointTask, lineAfter } from '../../support/endpoint-task.js';
import { BUSYBOX_IMAGE } from '../../support/images.js';
import { container } from '../../support/task.js';
import { randomPort, waitFor } from '../../support/wait.js';

const ROLE = 'arn:aws:iam::123456789012:role/app-role';

/** Whether something accepts TCP connections at address:port. */
function listening(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A raw HTTP/1.0 GET from inside a task, so error bodies are printed too (busybox wget hides them). */
const rawGet = (path: string): string => `printf 'GET ${path} HTTP/1.0\\r\\n\\r\\n' | nc 169.254.170.2 80`;

describe('endpoints (Docker): credentials and task metadata inside the task', function () {
  this.timeout(90_000);
  let engine: ContainerEngine;
  useDockerSuite((e) => (engine = e));

  it('serves an awsvpc task its own metadata and its role credentials from the first instruction, next to an app on port 80', async () => {
    const task = await endpointTask(
      engine,
      [
        container({ name: 'web', essential: false, stopTimeout: 1, command: ['sh', '-c', 'echo page > /www/index.html; exec httpd -f -p 80 -h /www'] }),
        container({
          name: 'app',
          dependsOn: [{ containerName: 'web', condition: 'START' }],
          command: [
            'sh',
            '-c',
            [
              // First thing: the credentials, as an SDK reading them at start-up would.
              'echo "CREDS $(wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)"',
              'echo "META $(wget -qO- $ECS_CONTAINER_METADATA_URI_V4)"',
              'echo "TASK $(wget -qO- $ECS_CONTAINER_METADATA_URI_V4/task)"',
              'echo "V3 $(wget -qO- $ECS_CONTAINER_METADATA_URI)"',
              'for i in $(seq 50); do p=$(wget -qO- http://127.0.0.1:80/) && break; sleep 0.1; done; echo "WEB $p"',
            ].join('; '),
          ],
        }),
      ],
      { taskRoleArn: ROLE },
    );
    const { address, port } = task.endpoints;
    const result = await task.run();

    expect(result.exitCode, task.err.text).to.equal(0);
    const app = result.containers.find((c) => c.name === 'app');
    const creds = lineAfter(task.out, 'CREDS ');
    expect(creds).to.match(
      /^\{"RoleArn":"arn:aws:iam::123456789012:role\/app-role","AccessKeyId":"ASIAECSLOCAL[A-Z2-7]{8}","SecretAccessKey":"[^"]+","Token":"[^"]+","Expiration":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\}$/,
    );
    const expiration = Date.parse((JSON.parse(creds) as { Expiration: string }).Expiration);
    expect(expiration - Date.now()).to.be.greaterThan(3600_000);

    const meta = JSON.parse(lineAfter(task.out, 'META ')) as Record<string, unknown>;
    expect(meta.Name).to.equal('app');
    expect(meta.DockerId).to.equal(app?.dockerId);
    expect(meta.KnownStatus).to.equal('RUNNING');
    expect(meta.DockerName).to.equal(task.spec.containers.find((c) => c.name === 'app')?.dockerName);
    expect(Object.keys(meta).at(-1)).to.equal('Networks');

    const taskMeta = JSON.parse(lineAfter(task.out, 'TASK ')) as { TaskARN: string; Family: string; Containers: { Name: string }[] };
    expect(taskMeta.TaskARN).to.equal(`arn:aws:ecs:us-east-1:123456789012:task/default/${task.spec.taskId}`);
    expect(taskMeta.Containers.map((c) => c.Name).sort()).to.deep.equal(['app', 'web']);
    expect((JSON.parse(lineAfter(task.out, 'V3 ')) as { Name: string }).Name).to.equal('app');
    expect(lineAfter(task.out, 'WEB ')).to.equal('page');

    // The task's forwarder, route helpers and port are gone with it.
    expect(await engine.listContainers({ [Label.taskId]: task.spec.taskId })).to.deep.equal([]);
    expect(await listening(address, port)).to.equal(false);
  });

  it("keeps the task's endpoint from other containers: 169.254.170.2 answers only the task's own address, the host side no container", async () => {
    const task = await endpointTask(
      engine,
      [
        container({
          name: 'app',
          command: ['sh', '-c', 'echo "CREDS $(wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)"; sleep 30'],
          stopTimeout: 1,
        }),
      ],
      { taskRoleArn: ROLE },
    );
    const running = task.run();
    let probe: string | undefined;
    try {
      await waitFor('the task to read its credentials', () => task.out.text.includes('CREDS {'));
      const uri = task.plan.ids.get('app')?.credentialsId ?? '';
      expect(uri).to.not.equal('');
      // A plain container that joined the endpoints network too, as an attacker's would, knowing the
      // task's credentials id: 169.254.170.2 closes its connections unanswered, and the task's port
      // on the host side (tried at its bridge's gateway) is not open to it.
      const hostSide = `gw=$(ip route | awk '/^default/ {print $3}'); nc -w 2 "$gw" ${task.endpoints.port} </dev/null && echo "open host"`;
      probe = await engine.createContainer({
        Image: BUSYBOX_IMAGE,
        Cmd: ['sh', '-c', `wget -T 5 -qO- http://169.254.170.2/v2/credentials/${uri} && echo "answered"; ${hostSide}; echo done`],
        HostConfig: { NetworkMode: engine.profile.defaultNetwork },
      });
      await engine.connectNetwork(ENDPOINTS_NETWORK, probe);
      await engine.start(probe);
      await engine.wait(probe);
      const logs = await engine.logs(probe, false);
      let text = '';
      for await (const c of logs.stdout) text += String(c);
      expect(text).to.equal('done\n');
    } finally {
      if (probe !== undefined) await engine.remove(probe, { force: true });
      await engine.stop(task.spec.containers[0]?.dockerName ?? '', 1).catch(() => undefined);
      await running;
    }
  });

  it('gives a bridge task metadata and no credentials variable when it has no task role', async () => {
    const task = await endpointTask(
      engine,
      [
        container({
          name: 'app',
          portMappings: [{ containerPort: 80 }],
          command: [
            'sh',
            '-c',
            [
              'echo "CREDVAR ${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-unset}"',
              '(httpd -f -p 80 -h /www &)',
              'echo "META $(wget -qO- $ECS_CONTAINER_METADATA_URI_V4)"',
              'echo "STATS $(wget -qO- $ECS_CONTAINER_METADATA_URI_V4/stats)"',
              'echo "TASKSTATS $(wget -qO- $ECS_CONTAINER_METADATA_URI_V4/task/stats)"',
            ].join('; '),
          ],
        }),
      ],
      { networkMode: 'bridge', family: 'epbridge' },
    );
    const result = await task.run();
    expect(result.exitCode, task.err.text).to.equal(0);
    expect(lineAfter(task.out, 'CREDVAR ')).to.equal('unset');
    const meta = JSON.parse(lineAfter(task.out, 'META ')) as { Name: string; DockerId: string; Ports: { ContainerPort: number; HostPort: number }[]; Networks: { NetworkMode: string }[] };
    expect(meta.Name).to.equal('app');
    expect(meta.DockerId).to.equal(result.containers[0]?.dockerId);
    // The endpoints network is ecs-local's plumbing, not the task's.
    expect(meta.Networks.map((n) => n.NetworkMode)).to.deep.equal(['bridge']);
    // A dynamic host port, published by the container itself.
    expect(meta.Ports[0]?.ContainerPort).to.equal(80);
    expect(meta.Ports[0]?.HostPort).to.be.greaterThan(0);
    // Docker's own stats of the container, and the task's keyed by Docker id.
    expect(JSON.parse(lineAfter(task.out, 'STATS '))).to.include.keys('read', 'cpu_stats', 'memory_stats');
    expect(Object.keys(JSON.parse(lineAfter(task.out, 'TASKSTATS ')) as object)).to.deep.equal([meta.DockerId]);
  });

  it('serves an awsvpc task that shares its process namespace (pidMode task) from the first instruction, the pause binary as its PID 1', async () => {
    const task = await endpointTask(
      engine,
      [
        container({
          name: 'app',
          command: ['sh', '-c', 'echo "CREDS $(wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)"; echo "PID1 $(cat /proc/1/cmdline)"'],
        }),
      ],
      { taskRoleArn: ROLE, pidMode: 'task', family: 'eppid' },
    );
    const result = await task.run();
    expect(result.exitCode, task.err.text).to.equal(0);
    expect(lineAfter(task.out, 'CREDS ')).to.match(/^\{"RoleArn":"arn:aws:iam::123456789012:role\/app-role","AccessKeyId":"ASIA/);
    expect(lineAfter(task.out, 'PID1 ').replace(/\0/g, '')).to.equal('/pause');
  });

  it("answers a one-container task's first instruction on a port 169.254.170.2 never listened on before", async () => {
    // A port new to the engine's endpoints container, relayed to a server of this process.
    const server = createServer((_req, res) => res.end('relayed-ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const listenPort = randomPort();
    try {
      const task = await endpointTask(engine, [container({ name: 'app', command: ['sh', '-c', `echo "FIRST $(wget -qO- http://169.254.170.2:${listenPort}/)"`] })], {
        extraForwards: [{ listenPort, hostPort: (server.address() as AddressInfo).port }],
      });
      const result = await task.run();
      expect(result.exitCode, task.err.text).to.equal(0);
      expect(lineAfter(task.out, 'FIRST ')).to.equal('relayed-ok');
    } finally {
      server.close();
    }
  });

  it("keeps two tasks running at once from reading each other's credentials and metadata", async () => {
    const a = await endpointTask(
      engine,
      [
        container({
          name: 'app',
          command: ['sh', '-c', 'echo "CREDS $(wget -qO- http://169.254.170.2$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI)"; sleep 30'],
          stopTimeout: 1,
        }),
      ],
      { taskRoleArn: ROLE, family: 'epa' },
    );
    const aIds = a.plan.ids.get('app');
    const aRun = a.run();
    try {
      await waitFor('task A to read its credentials', () => a.out.lines.some((l) => l.startsWith('CREDS {')), 30_000);
      const b = await endpointTask(
        engine,
        [
          container({
            name: 'app',
            command: [
              'sh',
              '-c',
              [`echo "THEIRS $(${rawGet(`/v2/credentials/${aIds?.credentialsId}`)} | tail -n 1)"`, `echo "THEIRMETA $(${rawGet(`/v4/${aIds?.endpointId}`)} | head -n 1)"`].join(
                '; ',
              ),
            ],
          }),
        ],
        { taskRoleArn: ROLE, family: 'epb' },
      );
      const result = await b.run();
      expect(result.exitCode, b.err.text).to.equal(0);
      expect(lineAfter(b.out, 'THEIRS ')).to.equal('{"code":"InvalidIdInRequest","message":"CredentialsV2Request: Credentials not found"}');
      expect(lineAfter(b.out, 'THEIRMETA ').trim()).to.equal('HTTP/1.1 404 Not Found');
    } finally {
      // Task A waits for nothing more: stopping its essential container ends it.
      await engine
        .listContainers({ [Label.taskId]: a.spec.taskId, [Label.role]: 'container' })
        .then((list) => Promise.all(list.map((c) => engine.stop(c.id, 1))));
      await aRun;
    }
  });
});
