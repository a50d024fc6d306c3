import { expect } from 'chai';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DescribedTask } from '../../../src/container/task-state.js';
import { askSupervisor, listenForRequests } from '../../../src/runtime/supervisor-channel.js';
import { processAlive } from '../../../src/files/process-alive.js';
import { STOPPED_RETENTION_MS, TaskRecords, stateFolder, type TaskRecord } from '../../../src/runtime/task-records.js';

const ENGINE = 'unix:///var/run/docker.sock';

function described(lastStatus: DescribedTask['lastStatus'], stoppedAt?: Date): DescribedTask {
  return {
    clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/default',
    containers: [],
    createdAt: '2026-01-02T03:04:05+00:00',
    desiredStatus: lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
    healthStatus: 'UNKNOWN',
    lastStatus,
    launchType: 'FARGATE',
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [] },
    ...(stoppedAt ? { stoppedAt: stoppedAt.toISOString(), stopCode: 'EssentialContainerExited' as const, stoppedReason: 'Essential container in task exited' } : {}),
    taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/default/x',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1',
  };
}

describe('task records: what a `run -d` task leaves for ps -a, describe and wait', () => {
  let dir: string;
  let records: TaskRecords;
  const record = (taskId: string, task: DescribedTask): TaskRecord => ({
    taskId,
    family: 'web',
    revision: 1,
    engine: ENGINE,
    pid: process.pid,
    socket: records.socket(taskId),
    log: records.log(taskId),
    task,
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ecs-local-records-'));
    records = new TaskRecords({ XDG_STATE_HOME: dir }, ENGINE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives under $XDG_STATE_HOME/ecs-local, else ~/.local/state/ecs-local (a relative XDG_STATE_HOME is ignored, as the spec says)', () => {
    expect(stateFolder({ XDG_STATE_HOME: '/x/state', HOME: '/home/u' })).to.equal('/x/state/ecs-local');
    expect(stateFolder({ XDG_STATE_HOME: 'state', HOME: '/home/u' })).to.equal('/home/u/.local/state/ecs-local');
    expect(stateFolder({ HOME: '/home/u' })).to.equal('/home/u/.local/state/ecs-local');
  });

  it('keeps each engine apart: the same task id on two engines is two records', () => {
    const other = new TaskRecords({ XDG_STATE_HOME: dir }, 'tcp://10.0.0.2:2375');
    expect(other.folder).not.to.equal(records.folder);
    records.write(record('a1', described('RUNNING')));
    expect(other.read('a1')).to.equal(undefined);
    expect(records.read('a1')?.taskId).to.equal('a1');
  });

  it('writes a record readable by this user only, in a folder only this user enters', () => {
    records.write(record('a1', described('RUNNING')));
    expect(statSync(records.file('a1')).mode & 0o777).to.equal(0o600);
    expect(statSync(records.folder).mode & 0o777).to.equal(0o700);
  });

  it('drops a stopped task an hour after it stopped, with its log; keeps running ones and recent ones', () => {
    const now = Date.parse('2026-01-02T12:00:00Z');
    records.write(record('old', described('STOPPED', new Date(now - STOPPED_RETENTION_MS - 1000))));
    writeFileSync(records.log('old'), 'said\n');
    records.write(record('recent', described('STOPPED', new Date(now - 60_000))));
    records.write(record('running', described('RUNNING')));
    expect(records.list(now).map((r) => r.taskId).sort()).to.deep.equal(['recent', 'running']);
    expect(existsSync(records.file('old'))).to.equal(false);
    expect(existsSync(records.log('old'))).to.equal(false);
  });

  it('skips a file that is not a record', () => {
    records.write(record('good', described('RUNNING')));
    writeFileSync(path.join(records.folder, 'bad.json'), '{"taskId": 1}');
    writeFileSync(path.join(records.folder, 'torn.json'), '{"taskId": "torn", ');
    expect(records.list().map((r) => r.taskId)).to.deep.equal(['good']);
  });

  it('puts the socket in the temp folder when its path beside the record is too long for a Unix socket', () => {
    const deep = new TaskRecords({ XDG_STATE_HOME: path.join(dir, 'x'.repeat(80)) }, ENGINE);
    const socket = deep.socket('0123456789abcdef0123456789abcdef');
    expect(socket.startsWith(os.tmpdir())).to.equal(true);
    expect(Buffer.byteLength(socket)).to.be.at.most(100);
    expect(records.socket('a1')).to.equal(path.join(records.folder, 'a1.sock'));
  });

  it('tells a live process from a gone one, and never takes 0 (a process group) for one', () => {
    expect(processAlive(process.pid)).to.equal(true);
    expect(processAlive(0)).to.equal(false);
    expect(processAlive(-1)).to.equal(false);
  });

  it('the supervisor answers describe at once, and wait, stop and kill once the task has stopped; a gone one is undefined', async () => {
    records.write(record('a1', described('RUNNING')));
    let stopped: (r: TaskRecord) => void = () => undefined;
    const final = new Promise<TaskRecord>((resolve) => (stopped = resolve));
    const asked: [string | undefined, boolean][] = [];
    const socket = records.socket('a1');
    const channel = await listenForRequests(socket, {
      describe: () => record('a1', described('RUNNING')),
      stop: (reason, now) => asked.push([reason, now]),
      stopped: final,
    });
    expect(statSync(socket).mode & 0o077).to.equal(0);
    expect((await askSupervisor(socket, { op: 'describe' }))?.task.lastStatus).to.equal('RUNNING');
    const waiting = askSupervisor(socket, { op: 'wait' });
    const stopping = askSupervisor(socket, { op: 'stop', reason: 'deploying a fix' });
    const killing = askSupervisor(socket, { op: 'kill' });
    const last = { ...record('a1', described('STOPPED', new Date())), exitCode: 7 };
    stopped(last);
    for (const answer of await Promise.all([waiting, stopping, killing])) expect(answer).to.deep.equal(last);
    expect(asked).to.deep.include.members([
      ['deploying a fix', false],
      [undefined, true],
    ]);
    await channel.close();
    expect(existsSync(socket)).to.equal(false);
    expect(await askSupervisor(socket, { op: 'describe' })).to.equal(undefined);
  });
});
