/**
 * A large, valid task definition and the vault that answers it, for `check-large`: 10 containers of
 * 100 secrets each, mixing every kind of valueFrom the agent handles differently. Pure and
 * deterministic, so that runs compare the same work.
 */
import type { ContainerDefinition, Secret, TaskDefinition } from '../src/taskdef/types.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const SM_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:`;
const SSM_ARN = `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter`;

/** JSON values whose `%v` rendering differs from their JSON text (numbers, bools, null, objects). */
const JSON_SECRET_VALUE = {
  host: 'db.internal',
  port: 5432,
  ratio: 0.000012,
  big: 1e21,
  huge: 1.2345678901234567e19,
  enabled: true,
  disabled: false,
  nothing: null,
  nested: { user: 'app', roles: ['r', 'w'], limit: 10 },
  list: ['a', 2, false, null],
};
const JSON_KEYS = Object.keys(JSON_SECRET_VALUE);

/** The mix of one container's 100 secrets. */
const MIX = {
  wholeSecret: 20,
  jsonKey: 30,
  jsonKeyWithStage: 5,
  ssmName: 15,
  ssmPlainName: 5,
  ssmArn: 15,
  shared: 10,
} as const;

export interface LargeTask {
  taskDefinition: TaskDefinition;
  vault: Record<string, unknown>;
  secretCount: number;
}

export function largeTask(containers = 10): LargeTask {
  const secrets: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = {};
  const suffix = (n: number) => `Bn${n.toString(36).padStart(4, '0')}`;
  let serial = 0;
  const secret = (name: string, value: unknown) => {
    const s = suffix(serial++);
    secrets[name] = { arnSuffix: s, value };
    return `${SM_ARN}${name}-${s}`;
  };

  // Shared by every container: the agent fetches each unique valueFrom once.
  const sharedJson = secret('bench/shared/db', JSON_SECRET_VALUE);
  const sharedWhole = secret('bench/shared/token', 'shared-token-value');
  parameters['/bench/shared/flags'] = { type: 'StringList', value: 'a,b,c' };
  const shared = [
    ...JSON_KEYS.slice(0, 6).map((k) => `${sharedJson}:${k}::`),
    sharedWhole,
    '/bench/shared/flags',
    `${SSM_ARN}/bench/shared/flags`,
    sharedJson,
  ];

  const containerDefinitions: ContainerDefinition[] = [];
  for (let c = 0; c < containers; c++) {
    const valueFroms: string[] = [];
    for (let i = 0; i < MIX.wholeSecret; i++) valueFroms.push(secret(`bench/c${c}/whole${i}`, `value-${c}-${i}-${'x'.repeat(i)}`));
    const jsonSecrets = Array.from({ length: Math.ceil(MIX.jsonKey / JSON_KEYS.length) }, (_, i) => secret(`bench/c${c}/json${i}`, JSON_SECRET_VALUE));
    for (let i = 0; i < MIX.jsonKey; i++) {
      valueFroms.push(`${jsonSecrets[Math.floor(i / JSON_KEYS.length)]}:${JSON_KEYS[i % JSON_KEYS.length]}::`);
    }
    for (let i = 0; i < MIX.jsonKeyWithStage; i++) valueFroms.push(`${jsonSecrets[0]}:${JSON_KEYS[i]}:AWSCURRENT:`);
    for (let i = 0; i < MIX.ssmName; i++) {
      const name = `/bench/c${c}/param${i}`;
      parameters[name] = i % 3 === 0 ? `plain-${c}-${i}` : { type: 'SecureString', value: `secure-${c}-${i}` };
      valueFroms.push(name);
    }
    for (let i = 0; i < MIX.ssmPlainName; i++) {
      const name = `bench-c${c}-plain${i}`;
      parameters[name] = `plain-name-${c}-${i}`;
      valueFroms.push(name);
    }
    for (let i = 0; i < MIX.ssmArn; i++) {
      const name = `/bench/c${c}/arn${i}`;
      parameters[name] = { type: 'SecureString', value: `by-arn-${c}-${i}` };
      valueFroms.push(`${SSM_ARN}${name}`);
    }
    valueFroms.push(...shared);

    const secretList: Secret[] = valueFroms.map((valueFrom, i) => ({ name: `SECRET_${String(i).padStart(3, '0')}`, valueFrom }));
    containerDefinitions.push({
      name: `c${c}`,
      image: 'ecs-local-bench/busybox:latest',
      essential: c === 0,
      environment: [{ name: 'PLAIN', value: `container-${c}` }],
      secrets: secretList,
    });
  }

  return {
    taskDefinition: {
      family: 'bench-large',
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: '1024',
      memory: '2048',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
      containerDefinitions,
    },
    vault: { region: REGION, accountId: ACCOUNT, secrets, parameters },
    secretCount: containerDefinitions.reduce((n, c) => n + (c.secrets?.length ?? 0), 0),
  };
}
