/**
 * Renders a failed task resource as the stoppedReason ECS reports, in two flavours:
 * - EC2: the agent's raw resource error after Task.SetTerminalReason (agent/api/task/task.go), with
 *   aws-sdk-go-v2 error texts, truncated to 1024 bytes.
 * - FARGATE: the `ResourceInitializationError: unable to pull secrets or registry auth: …` family,
 *   with aws-sdk-go v1 style service errors and retry counts (reconstructed from real messages).
 */
import type { LaunchType } from '../taskdef/types.js';
import { EcsAgent, Fargate, GoSdkV2, S3 } from '../messages.js';
import type { AsmSecretFailure, EnvFileFailure, ResourceFailure, ServiceFault, SsmFailure } from './failures.js';

type Api = { serviceId: 'Secrets Manager' | 'SSM' | 'S3'; operation: 'GetSecretValue' | 'GetParameters' | 'GetObject' };
const GET_SECRET_VALUE: Api = { serviceId: 'Secrets Manager', operation: 'GetSecretValue' };
const GET_PARAMETERS: Api = { serviceId: 'SSM', operation: 'GetParameters' };
const GET_OBJECT: Api = { serviceId: 'S3', operation: 'GetObject' };

export function stoppedReason(failure: ResourceFailure, launchType: LaunchType): string {
  return launchType === 'EC2' ? setTerminalReason(ec2Reason(failure)) : truncateReason(fargateReason(failure));
}

// ---------------------------------------------------------------- EC2 (agent 1.105.1)

function ec2Reason(f: ResourceFailure): string {
  switch (f.resource) {
    case 'asmsecret':
      return f.failures.map(ec2AsmSecret).join(EcsAgent.asmJoin);
    case 'ssmsecret':
      return EcsAgent.ssmFetchFailed(f.region, ec2Ssm(f.failure));
    case 'asmauth':
      return f.failure.kind === 'fetch'
        ? EcsAgent.asmAuthFetchFailed(f.secretId, goSdkV2Error(GET_SECRET_VALUE, f.failure.fault))
        : f.failure.error;
    case 'envfile':
      return f.failures.map(ec2EnvFile).join(EcsAgent.asmJoin);
  }
}

function ec2AsmSecret(f: AsmSecretFailure): string {
  switch (f.kind) {
    case 'bad-value-from':
      return EcsAgent.asmBadValueFrom(f.valueFrom, f.detail);
    case 'extract':
      return f.error;
    case 'fetch': {
      const sdk = goSdkV2Error(GET_SECRET_VALUE, f.fault);
      // agent/asm/asm.go augmentErrMsg: only ResourceNotFoundException gets the explanatory text.
      return f.fault.kind === 'aws' && f.fault.error.code === 'ResourceNotFoundException'
        ? EcsAgent.asmResourceNotFound(f.secretId, sdk)
        : EcsAgent.asmFetchFailed(f.secretId, sdk);
    }
  }
}

function ec2Ssm(f: SsmFailure): string {
  return f.kind === 'invalid-parameters' ? EcsAgent.ssmInvalidParameters(f.names) : goSdkV2Error(GET_PARAMETERS, f.fault);
}

function ec2EnvFile(f: EnvFileFailure): string {
  switch (f.kind) {
    case 'bad-arn':
      return EcsAgent.envFileBadArn(f.arn);
    case 'download':
      return EcsAgent.envFileDownloadFailed(f.key, f.bucket, goSdkV2Error(GET_OBJECT, f.fault));
    case 'parse':
      return f.error;
  }
}

/** The text of an aws-sdk-go-v2 operation error (smithy-go OperationError and friends). */
export function goSdkV2Error(api: Api, fault: ServiceFault): string {
  if (fault.kind === 'unreachable') {
    const e = fault.error;
    return GoSdkV2.operationError(api.serviceId, api.operation, e.reason === 'timeout' ? GoSdkV2.timeout : GoSdkV2.connectionFailed(e.url, e.detail));
  }
  const e = fault.error;
  const modeled = (GoSdkV2.modeledErrors[`${api.serviceId}:${api.operation}`] ?? []).includes(e.code);
  const inner = modeled ? GoSdkV2.modeledError(e.code, e.message) : GoSdkV2.apiError(e.code, e.message);
  const response =
    api.serviceId === 'S3'
      ? S3.goSdkV2ResponseError(e.statusCode, e.requestId, e.hostId ?? '', inner)
      : GoSdkV2.responseError(e.statusCode, e.requestId, inner);
  return GoSdkV2.operationError(api.serviceId, api.operation, response);
}

/**
 * Task.SetTerminalReason: split on Unicode white space (strings.Fields), title-case the first word
 * only (strings.Title), join with single spaces; then the 1024-byte limit of the ECS client.
 */
export function setTerminalReason(reason: string): string {
  const words = reason.split(GO_SPACE).filter((w) => w !== '');
  if (words.length === 0) return '';
  words[0] = goTitle(words[0] ?? '');
  return truncateReason(words.join(' '));
}

// unicode.IsSpace: '\t' '\n' '\v' '\f' '\r' ' ' U+0085 U+00A0 and the Unicode Zs/Zl/Zp spaces.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/u;

/** strings.Title: upper-case each letter that follows a separator (Go's isSeparator). */
export function goTitle(word: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of word) {
    out += isGoSeparator(prev) ? toTitle(ch) : ch;
    prev = ch;
  }
  return out;
}

function isGoSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp <= 0x7f) return !/[0-9A-Za-z_]/.test(ch);
  if (/[\p{L}\p{Nd}]/u.test(ch)) return false;
  return GO_SPACE.test(ch);
}

function toTitle(ch: string): string {
  const up = ch.toUpperCase();
  // unicode.ToTitle maps one rune to one rune; JS may expand (ß → SS), Go keeps such runes.
  return [...up].length === 1 ? up : ch;
}

/**
 * ecs_client.go: `reason[:1024]` on the bytes. A rune cut in two is then invalid UTF-8, which Go's
 * JSON encoding (the API response) replaces byte by byte with U+FFFD.
 */
export function truncateReason(reason: string): string {
  const bytes = Buffer.from(reason, 'utf8');
  if (bytes.length <= EcsAgent.maxReasonBytes) return reason;
  const cut = bytes.subarray(0, EcsAgent.maxReasonBytes);
  // Count the bytes of an incomplete trailing sequence: continuation bytes after a lead byte whose
  // sequence does not fit.
  let start = cut.length;
  while (start > 0 && ((cut[start - 1] ?? 0) & 0xc0) === 0x80) start--;
  const lead = start > 0 ? (cut[start - 1] ?? 0) : 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  const dangling = lead >= 0xc0 && cut.length - (start - 1) < need ? cut.length - (start - 1) : 0;
  return cut.subarray(0, cut.length - dangling).toString('utf8') + '\uFFFD'.repeat(dangling);
}

// ---------------------------------------------------------------- Fargate

function fargateReason(f: ResourceFailure): string {
  switch (f.resource) {
    case 'asmsecret': {
      // [INF] Fargate's text for several failed secrets is not known; it reports the first in plan order.
      const first = f.failures[0];
      if (first === undefined) return Fargate.secretsPrefix;
      const { text, network } = fargateAsmSecret(first);
      return Fargate.secretsPrefix + Fargate.asm(network ? Fargate.retriesNetwork : Fargate.retriesFinal, text) + (network ? Fargate.networkSuffix : '');
    }
    case 'ssmsecret': {
      const network = f.failure.kind === 'fetch' && isRetried(f.failure.fault);
      const inner = f.failure.kind === 'invalid-parameters' ? Fargate.invalidSsmParameters(f.failure.names) : sdkV1Error(f.failure.fault);
      return Fargate.secretsPrefix + Fargate.ssm(network ? Fargate.retriesNetwork : Fargate.retriesFinal, inner) + (network ? Fargate.networkSuffix : '');
    }
    case 'asmauth': {
      const network = f.failure.kind === 'fetch' && isRetried(f.failure.fault);
      // [INF] Fargate wraps the agent's asmauth texts the way it wraps the other providers.
      const inner = f.failure.kind === 'fetch' ? EcsAgent.asmAuthFetchFailed(f.secretId, sdkV1Error(f.failure.fault)) : f.failure.error;
      return Fargate.secretsPrefix + Fargate.registryAuth(network ? Fargate.retriesNetwork : Fargate.retriesFinal, inner) + (network ? Fargate.networkSuffix : '');
    }
    case 'envfile': {
      const first = f.failures[0];
      if (first === undefined) return Fargate.envFiles('');
      // [INF] the first failed file of the container, with the S3 error in aws-sdk-go v1 form.
      switch (first.kind) {
        case 'bad-arn':
          return Fargate.envFiles(EcsAgent.envFileBadArn(first.arn));
        case 'parse':
          return Fargate.envFiles(first.error);
        case 'download':
          return Fargate.envFiles(s3SdkV1Error(first.fault)) + (first.fault.kind === 'unreachable' ? Fargate.networkSuffix : '');
      }
    }
  }
}

function fargateAsmSecret(f: AsmSecretFailure): { text: string; network: boolean } {
  switch (f.kind) {
    case 'bad-value-from':
      // [INF] Fargate's text for a 3- or 4-part ARN is unknown; the agent's text is used.
      return { text: EcsAgent.asmBadValueFrom(f.valueFrom, f.detail), network: false };
    case 'extract':
      return { text: f.error, network: false };
    case 'fetch':
      return { text: Fargate.fetchSecret(f.secretId, sdkV1Error(f.fault)), network: isRetried(f.fault) };
  }
}

/**
 * [INF] Fargate reports "retried 5 time(s)" with the network hint only when no answer came back
 * (every observed 5-retry message is a timeout); any answer from the service, 4xx or 5xx, is
 * reported as "retried 1 time(s)".
 */
function isRetried(fault: ServiceFault): boolean {
  return fault.kind === 'unreachable';
}

function sdkV1Error(fault: ServiceFault): string {
  if (fault.kind === 'unreachable') {
    return fault.error.reason === 'timeout' ? Fargate.timeout : Fargate.connectionFailed(fault.error.url, fault.error.detail);
  }
  const e = fault.error;
  return Fargate.sdkV1Error(e.code, e.message, e.statusCode, e.requestId);
}

function s3SdkV1Error(fault: ServiceFault): string {
  if (fault.kind === 'unreachable') return sdkV1Error(fault);
  const e = fault.error;
  return S3.sdkV1Error(e.code, e.message, e.statusCode, e.requestId, e.hostId ?? '');
}
