/**
 * What the ECS control plane and agent make of a `valueFrom`: which provider, which region, and what
 * is sent to the service. The control plane decides provider and region (the agent trusts them); the
 * agent parses the Secrets Manager suffix. Pure.
 */
import { EcsAgent } from '../messages.js';
import { parseArn } from '../aws/arn.js';

export type Provider = 'asm' | 'ssm';

/** A Secrets Manager reference as `getASMParametersFromInput` splits it. */
export interface AsmReference {
  provider: 'asm';
  valueFrom: string;
  region: string;
  /** Parsed request, or the agent's error text (before the "trying to retrieve…" wrapper). */
  parsed: { ok: true; secretId: string; jsonKey: string; versionStage?: string; versionId?: string } | { ok: false; error: string };
}

export interface SsmReference {
  provider: 'ssm';
  valueFrom: string;
  region: string;
  /** The parameter name sent in GetParameters.Names. */
  name: string;
}

export type SecretReference = AsmReference | SsmReference;

const SECRETS_MANAGER_ARN = /^arn:[^:]*:secretsmanager:/;
const SSM_PARAMETER_ARN = /^arn:[^:]*:ssm:([^:]*):[^:]*:parameter\/(.*)$/s;

/**
 * R1: a Secrets Manager ARN goes to Secrets Manager; anything else is an SSM parameter, including a
 * bare Secrets Manager *name* (aws-cdk#10519). Region: the ARN's, else the task's.
 */
export function classifyValueFrom(valueFrom: string, taskRegion: string): SecretReference {
  if (SECRETS_MANAGER_ARN.test(valueFrom)) {
    return { provider: 'asm', valueFrom, region: asmRegion(valueFrom, taskRegion), parsed: parseAsmValueFrom(valueFrom) };
  }
  const ssmArn = SSM_PARAMETER_ARN.exec(valueFrom);
  if (ssmArn) {
    const [, region = '', rest = ''] = ssmArn;
    return { provider: 'ssm', valueFrom, region: region || taskRegion, name: ssmNameFromArnResource(rest) };
  }
  return { provider: 'ssm', valueFrom, region: taskRegion, name: valueFrom };
}

/** [INF] an ARN with an empty region field is looked up in the task's region. */
function asmRegion(valueFrom: string, taskRegion: string): string {
  const parsed = parseArn(valueFrom);
  return parsed.ok && parsed.arn.region !== '' ? parsed.arn.region : taskRegion;
}

/**
 * R11 [INF]: the control plane sends names, not ARNs, to the agent (the agent looks values up by the
 * name SSM returns). `parameter/a/b` is `/a/b`; `parameter/a` is `a`, as AWS's own ARNs drop the leading
 * slash of hierarchical names only.
 */
export function ssmNameFromArnResource(rest: string): string {
  return rest.includes('/') ? `/${rest}` : rest;
}

/**
 * R2/R3, agent/taskresource/asmsecret/asmsecret.go getASMParametersFromInput: the ARN resource split
 * on ":" must have 2 parts (whole secret; SecretId = valueFrom unchanged) or 5 parts
 * (`secret:<id>:<json-key>:<version-stage>:<version-id>`; SecretId rebuilt without the suffix; empty
 * fields are unset). Nothing defaults to AWSCURRENT here: Secrets Manager applies its own default.
 */
export function parseAsmValueFrom(valueFrom: string): AsmReference['parsed'] {
  const arn = parseArn(valueFrom);
  if (!arn.ok) return { ok: false, error: arn.error };
  const parts = arn.arn.resource.split(':');
  if (parts.length === 2) return { ok: true, secretId: valueFrom, jsonKey: '' };
  if (parts.length !== 5) return { ok: false, error: EcsAgent.asmInvalidArn };
  const { partition, service, region, accountId } = arn.arn;
  const [kind = '', id = '', jsonKey = '', versionStage = '', versionId = ''] = parts;
  return {
    ok: true,
    secretId: `arn:${partition}:${service}:${region}:${accountId}:${kind}:${id}`,
    jsonKey,
    ...(versionStage !== '' ? { versionStage } : {}),
    ...(versionId !== '' ? { versionId } : {}),
  };
}
