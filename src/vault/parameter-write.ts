/**
 * SSM PutParameter and DeleteParameter over the vault's data, with Parameter Store's checks in
 * moto's order (its texts are AWS's where AWS's are known). Each checks before it changes. Pure.
 */
import { Ssm } from '../messages.js';
import type { DeleteParameterInput, PutParameterInput, PutParameterOutput } from './api-types.js';
import { partitionOf } from './arn.js';
import { parameterNameProblem } from './names.js';
import type { OpContext } from './op-context.js';
import { find } from './parameters.js';
import type { ParameterRecord, ParameterType, ParameterVersionRecord } from './types.js';

const TYPES: readonly string[] = ['String', 'StringList', 'SecureString'];
const MAX_VERSIONS = 100;

export function putParameter(ctx: OpContext, input: PutParameterInput): PutParameterOutput {
  const name = input.Name;
  const overwrite = input.Overwrite === true;
  if (input.Value === undefined || input.Value === '') throw ctx.error('ValidationException', Ssm.emptyValue());
  if (overwrite && input.Tags !== undefined && input.Tags.length > 0) throw ctx.error('ValidationException', Ssm.tagsWithOverwrite());
  checkName(ctx, name);

  const existing = find(ctx.data, ctx.region, ctx.accountId, name);
  const previous = existing?.versions[existing.versions.length - 1];
  if (input.Type === undefined && !previous) throw ctx.error('ValidationException', Ssm.typeRequired());
  if (input.Type !== undefined && !TYPES.includes(input.Type)) throw ctx.error('ValidationException', Ssm.invalidType(input.Type));
  // [INF] Only "text": aws:ec2:image needs EC2 to check the AMI, which the vault cannot do.
  if (input.DataType !== undefined && input.DataType !== 'text') throw ctx.error('ValidationException', Ssm.unsupportedDataType(input.DataType));
  if (existing && !overwrite) throw ctx.error('ParameterAlreadyExists', Ssm.parameterAlreadyExists());
  const oldest = existing?.versions[0];
  if (existing && oldest && existing.versions.length >= MAX_VERSIONS && oldest.labels.length > 0) {
    throw ctx.error('ParameterMaxVersionLimitExceeded', Ssm.maxVersionLimit(name, oldest.version));
  }

  const type = (input.Type ?? previous?.type ?? 'String') as ParameterType;
  const version: ParameterVersionRecord = {
    version: (previous?.version ?? 0) + 1,
    type,
    value: input.Value,
    labels: [],
    lastModifiedDate: ctx.now,
  };
  // [INF] A key only means something for a SecureString; for other types it is not kept. An
  // overwrite without KeyId or Description keeps the previous version's (moto).
  const kmsKeyId = input.KeyId ?? (previous?.type === 'SecureString' ? previous.kmsKeyId : undefined);
  if (type === 'SecureString' && kmsKeyId !== undefined) version.kmsKeyId = kmsKeyId;
  const description = input.Description ?? previous?.description;
  if (description !== undefined) version.description = description;

  if (existing) {
    // Beyond 100 versions the oldest goes (it has no label: checked above).
    if (existing.versions.length >= MAX_VERSIONS) existing.versions.shift();
    existing.versions.push(version);
    existing.changed = true;
  } else {
    const record: ParameterRecord = {
      name,
      region: ctx.region,
      accountId: ctx.accountId,
      partition: partitionOf(ctx.region),
      versions: [version],
      origin: { file: '(created through the API)', line: 0, column: 0, path: `parameters[${JSON.stringify(name)}]` },
      changed: true,
    };
    ctx.data.parameters.push(record);
  }
  return { Version: version.version, Tier: 'Standard' };
}

export function deleteParameter(ctx: OpContext, input: DeleteParameterInput): Record<string, never> {
  const record = input.Name.startsWith('arn:') ? undefined : find(ctx.data, ctx.region, ctx.accountId, input.Name);
  // The same bare ParameterNotFound as GetParameter.
  if (!record) throw ctx.error('ParameterNotFound', '');
  ctx.data.parameters.splice(ctx.data.parameters.indexOf(record), 1);
  return {};
}

/** moto's order: the reserved prefixes first (a path under /aws is AccessDenied), then the name rules. */
function checkName(ctx: OpContext, name: string): void {
  const bare = name.toLowerCase().replace(/^\/+/, '');
  if (bare.startsWith('aws') || bare.startsWith('ssm')) {
    const isPath = (name.match(/\//g) ?? []).length > 1;
    if (name.toLowerCase().startsWith('/aws') && isPath) throw ctx.error('AccessDeniedException', Ssm.reservedAwsPath(name));
    throw ctx.error('ValidationException', isPath ? Ssm.invalidParameterName() : Ssm.reservedPrefix());
  }
  if (parameterNameProblem(name)) throw ctx.error('ValidationException', Ssm.invalidParameterName());
}
