/**
 * The shape of an IAM policy document as the vault's `policies` section holds it, in JSON Schema:
 * document.ts takes its fields, versions and patterns from here, and src/vault/schema.ts puts it in
 * schema/vault.schema.json. Messages stay in document.ts, which checks more than a schema can say
 * (a managed policy's ARN, Sids used twice, the AWS CLI's output pasted in).
 */

export const SID_PATTERN = '^[A-Za-z0-9]*$';
/** service:Action with * and ? wildcards, or "*". */
export const ACTION_PATTERN = '^(\\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$';
/** An ARN with wildcards, or "*". */
export const RESOURCE_PATTERN = '^(\\*|arn:.+)$';

/** Definitions for a schema's `$defs`: each `$ref` names a sibling. */
export const policyDefs = {
  policy: {
    oneOf: [
      {
        description: 'An AWS managed policy ecs-local knows, by ARN.',
        type: 'string',
        pattern: '^arn:aws[a-z-]*:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy$',
      },
      { $ref: '#/$defs/policyDocument' },
    ],
  },
  policyDocument: {
    description: 'An IAM identity-based policy document.',
    type: 'object',
    additionalProperties: false,
    required: ['Statement'],
    properties: {
      Version: { enum: ['2012-10-17', '2008-10-17'] },
      Id: { type: 'string' },
      Statement: {
        oneOf: [{ $ref: '#/$defs/policyStatement' }, { type: 'array', items: { $ref: '#/$defs/policyStatement' } }],
      },
    },
  },
  policyStatement: {
    type: 'object',
    additionalProperties: false,
    required: ['Effect'],
    properties: {
      Sid: { type: 'string', pattern: SID_PATTERN },
      Effect: { enum: ['Allow', 'Deny'] },
      Action: { $ref: '#/$defs/policyActions' },
      NotAction: { $ref: '#/$defs/policyActions' },
      Resource: { $ref: '#/$defs/policyResources' },
      NotResource: { $ref: '#/$defs/policyResources' },
      Condition: {
        description: 'Not evaluated by ecs-local (a warning says so).',
        type: 'object',
        additionalProperties: { type: 'object' },
      },
    },
    description: 'Exactly one of Action / NotAction, and exactly one of Resource / NotResource.',
    oneOf: [
      {
        required: ['Action'],
        not: { required: ['NotAction'] },
        oneOf: [
          { required: ['Resource'], not: { required: ['NotResource'] } },
          { required: ['NotResource'], not: { required: ['Resource'] } },
        ],
      },
      {
        required: ['NotAction'],
        not: { required: ['Action'] },
        oneOf: [
          { required: ['Resource'], not: { required: ['NotResource'] } },
          { required: ['NotResource'], not: { required: ['Resource'] } },
        ],
      },
    ],
  },
  policyActions: {
    description: 'service:Action, with * and ? wildcards (case-insensitive), or a list of them.',
    oneOf: [
      { type: 'string', pattern: ACTION_PATTERN },
      { type: 'array', items: { type: 'string', pattern: ACTION_PATTERN } },
    ],
  },
  policyResources: {
    description: 'An ARN, with * and ? wildcards (case-sensitive), or "*", or a list of them.',
    oneOf: [
      { type: 'string', pattern: RESOURCE_PATTERN },
      { type: 'array', items: { type: 'string', pattern: RESOURCE_PATTERN } },
    ],
  },
};
