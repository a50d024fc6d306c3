/**
 * The region and account a task definition names for itself, and where it names them: a task
 * definition copied from a deployment carries its region in `taskDefinitionArn`, `awslogs-region`,
 * ECR image hosts and secret ARNs, and its account in role ARNs too. Pure.
 *
 * [INF] Which place wins when several name one: the task definition's own ARN (it says where the task
 * definition is registered), then `awslogs-region` (logs go to the task's region in nearly every
 * setup), then ECR hosts, then secret and parameter ARNs (ECS fetches cross-region secrets by ARN, so
 * they say least about the task's own region). Account: the task definition ARN, the execution role,
 * the task role, ECR hosts, then secret ARNs.
 */
import { parseArn } from '../aws/arn.js';
import { ecrRegistry } from '../aws/ecr.js';
import type { TaskDefinition } from './types.js';

export interface Named {
  value: string;
  /** Where in the task definition, e.g. `containerDefinitions[0].logConfiguration.options.awslogs-region`. */
  path: string;
}

export interface Placement {
  region?: Named;
  accountId?: Named;
}

/** A region name as AWS spells them (`eu-west-1`, `us-gov-east-1`, `cn-north-1`); not a placeholder. */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

export function placementOf(td: TaskDefinition): Placement {
  const regions: Named[] = [];
  const accounts: Named[] = [];
  const arn = (text: string | undefined, path: string): void => {
    if (text === undefined) return;
    const parsed = parseArn(text);
    if (!parsed.ok) return;
    if (REGION.test(parsed.arn.region)) regions.push({ value: parsed.arn.region, path });
    if (ACCOUNT.test(parsed.arn.accountId)) accounts.push({ value: parsed.arn.accountId, path });
  };

  arn(td.taskDefinitionArn, 'taskDefinitionArn');
  arn(td.executionRoleArn, 'executionRoleArn');
  arn(td.taskRoleArn, 'taskRoleArn');
  td.containerDefinitions.forEach((c, i) => {
    const logRegion = c.logConfiguration?.options?.['awslogs-region'];
    if (c.logConfiguration?.logDriver === 'awslogs' && logRegion !== undefined && REGION.test(logRegion)) {
      regions.push({ value: logRegion, path: `containerDefinitions[${i}].logConfiguration.options.awslogs-region` });
    }
  });
  td.containerDefinitions.forEach((c, i) => {
    const ecr = ecrRegistry(c.image);
    if (ecr === undefined) return;
    regions.push({ value: ecr.region, path: `containerDefinitions[${i}].image` });
    accounts.push({ value: ecr.accountId, path: `containerDefinitions[${i}].image` });
  });
  td.containerDefinitions.forEach((c, i) => {
    (c.secrets ?? []).forEach((s, j) => arn(s.valueFrom, `containerDefinitions[${i}].secrets[${j}].valueFrom`));
    (c.logConfiguration?.secretOptions ?? []).forEach((s, j) =>
      arn(s.valueFrom, `containerDefinitions[${i}].logConfiguration.secretOptions[${j}].valueFrom`),
    );
    arn(c.repositoryCredentials?.credentialsParameter, `containerDefinitions[${i}].repositoryCredentials.credentialsParameter`);
  });
  // Pushed in the order of preference above (role ARNs carry no region).
  return {
    ...(regions[0] ? { region: regions[0] } : {}),
    ...(accounts[0] ? { accountId: accounts[0] } : {}),
  };
}
