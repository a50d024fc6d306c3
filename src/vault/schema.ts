/**
 * The vault's shape, written once: the section readers take their fields, patterns, enums and
 * limits from here, and `npm run build` writes it to schema/vault.schema.json for editors
 * (scripts/vault-schema.mjs; a unit test fails when that file is behind).
 *
 * Why the schema is generated from the code rather than the vault validated from the schema (ajv):
 * every refusal names the file, line, column and path and a fix of its own for that field, texts the
 * tests pin byte for byte, in the order the readers meet them. Validating with ajv would mean
 * attaching some sixty messages to schema nodes and mapping its keyword errors (and its order) back
 * to them, on top of the checks a schema cannot say (ARN keys, `${VAR}`, dates, labels on one version
 * only), which stay in the readers anyway. Keeping the readers as the one validator and giving them
 * their facts from here is the least code that keeps the texts exact.
 */
import { policyDefs } from '../iam/policy-schema.js';

export const REGION_PATTERN = '^[a-z]{2,4}(-[a-z]+)+-\\d{1,2}$';
export const ACCOUNT_ID_PATTERN = '^\\d{12}$';
/** AWS's secret ARN suffix: a hyphen goes before it in the ARN. */
export const ARN_SUFFIX_PATTERN = '^[A-Za-z0-9]{6}$';
/** Standard base64, padded. */
export const BASE64_PATTERN = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

export const vaultSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/ecs-local/ecs-local/schema/vault.schema.json',
  $comment: 'Generated from src/vault/schema.ts by npm run build: edit that file, not this one.',
  title: 'ecs-local vault',
  description: 'Local stand-in for AWS Secrets Manager, SSM Parameter Store and S3 environment files, read by ecs-local (ecs-local.vault.json). String values may contain ${VAR}, filled from the environment or from a .env file beside the vault; write $${ for a literal ${.',
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { description: 'Path or URL of this schema, for editors.', type: 'string' },
    region: { description: 'Region of entries that name none. Default us-east-1.', $ref: '#/$defs/region' },
    accountId: {
      description: 'Account of entries that name none, and the account the task runs in. Default 123456789012.',
      $ref: '#/$defs/accountId',
    },
    secrets: {
      description: 'Secrets Manager secrets. Key: the secret name, or its ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>[-XXXXXX]) to set region, account and suffix.',
      type: 'object',
      additionalProperties: { $ref: '#/$defs/secret' },
    },
    parameters: {
      description: 'SSM parameters. Key: the parameter name ("name" or "/path/name"), or its ARN (arn:aws:ssm:<region>:<account>:parameter/<name>). A string value is a String parameter.',
      type: 'object',
      additionalProperties: {
        oneOf: [
          { type: 'string', minLength: 1, description: 'A String parameter with this value.' },
          { $ref: '#/$defs/parameter' },
        ],
      },
    },
    environmentFiles: {
      description: 'S3 objects named in environmentFiles of the task definition. Key: the object ARN (arn:aws:s3:::bucket/key); value: the local file, relative to the vault file.',
      type: 'object',
      propertyNames: { pattern: '^arn:aws[a-z-]*:s3:::[^/]+/.+$' },
      additionalProperties: { type: 'string', minLength: 1 },
    },
    policies: {
      description: 'IAM policies of the task execution role, so that calls it may not make fail with AccessDeniedException as on AWS. Key: the role ARN as in executionRoleArn; value: the policies attached to it, each a policy document as IAM shows it, or the ARN of arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy. Without this section every call is allowed; a role not listed here may make no call. Condition blocks are not evaluated; policy text is taken literally (no ${VAR}).',
      type: 'object',
      propertyNames: { pattern: '^arn:aws[a-z-]*:iam::\\d{12}:role/([\\x21-\\x7e]+/)?[\\w+=,.@-]{1,64}$' },
      additionalProperties: { type: 'array', items: { $ref: '#/$defs/policy' } },
    },
  },
  $defs: {
    region: { type: 'string', pattern: REGION_PATTERN },
    accountId: { type: 'string', pattern: ACCOUNT_ID_PATTERN },
    secretValue: {
      description: 'The SecretString. A string is stored as is; an object, array, number or boolean as its compact JSON text.',
      type: ['string', 'object', 'array', 'number', 'boolean'],
    },
    binary: {
      description: 'The SecretBinary, in base64.',
      type: 'string',
      // Base64 once `${VAR}` is filled in; before, any text with a `${`.
      pattern: `${BASE64_PATTERN}|\\$\\{`,
    },
    secret: {
      description: 'A secret: "value" or "binary" for one version labelled AWSCURRENT, or "versions". With none of them, the secret has no value (GetSecretValue fails as on AWS).',
      type: 'object',
      additionalProperties: false,
      properties: {
        value: { $ref: '#/$defs/secretValue' },
        binary: { $ref: '#/$defs/binary' },
        versions: {
          description: 'Every version of the secret. Exactly one carries AWSCURRENT; a label is on at most one version.',
          type: 'array',
          items: { $ref: '#/$defs/secretVersion' },
        },
        arnSuffix: {
          description: 'The 6 characters after the name in the ARN. Default: derived from the name, stable.',
          type: 'string',
          pattern: ARN_SUFFIX_PATTERN,
        },
        region: { description: 'Region of this secret (default: the vault\'s).', $ref: '#/$defs/region' },
        accountId: { description: 'Account of this secret (default: the vault\'s).', $ref: '#/$defs/accountId' },
        deleted: {
          description: 'Scheduled for deletion: GetSecretValue fails with InvalidRequestException.',
          type: 'boolean',
        },
        deletedDate: { description: 'ISO 8601 date the deletion was scheduled (with "deleted": true).', type: 'string' },
        kmsKeyId: {
          description: 'KMS key id, alias or ARN. A caller from another account needs a customer-managed key (not aws/secretsmanager).',
          type: 'string',
        },
        resourcePolicy: {
          description: 'The secret\'s resource-based policy (as PutResourcePolicy takes it). A caller from another account needs an Allow here as well as in its own IAM policies.',
          type: 'object',
        },
        description: { description: 'The secret\'s description.', type: 'string' },
        tags: { description: 'Tags, as { "key": "value" }.', type: 'object', additionalProperties: { type: 'string' } },
        rotationLambdaArn: {
          description: 'The rotation Lambda function configured for the secret (shown by DescribeSecret).',
          type: 'string',
        },
        createdDate: { description: 'ISO 8601 date the secret was created.', type: 'string' },
        lastChangedDate: { description: 'ISO 8601 date of the last change (written by vault serve).', type: 'string' },
      },
      not: {
        anyOf: [
          { required: ['value', 'binary'] },
          { required: ['value', 'versions'] },
          { required: ['binary', 'versions'] },
        ],
      },
    },
    secretVersion: {
      type: 'object',
      additionalProperties: false,
      required: ['id'],
      properties: {
        id: {
          description: 'The VersionId (32 to 64 characters, usually a UUID).',
          type: 'string',
          minLength: 32,
          maxLength: 64,
        },
        stages: {
          description: 'Staging labels, e.g. ["AWSCURRENT"], ["AWSPREVIOUS"], ["AWSPENDING"]. Empty: a deprecated version.',
          type: 'array',
          maxItems: 20,
          items: { type: 'string', minLength: 1, maxLength: 256 },
        },
        value: { $ref: '#/$defs/secretValue' },
        binary: { $ref: '#/$defs/binary' },
        createdDate: { description: 'ISO 8601 date of the version (default: when the vault is loaded).', type: 'string' },
      },
      oneOf: [{ required: ['value'] }, { required: ['binary'] }],
    },
    parameter: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'value'],
      properties: {
        type: { enum: ['String', 'StringList', 'SecureString'] },
        value: { description: 'The value; a StringList is comma-separated.', type: 'string', minLength: 1 },
        version: { description: 'The parameter\'s version number (default 1).', type: 'integer', minimum: 1 },
        labels: {
          description: 'Labels on this version, usable as name:<label>.',
          type: 'array',
          maxItems: 10,
          items: { type: 'string', pattern: '^(?![0-9])(?![aA][wW][sS])(?![sS][sS][mM])[A-Za-z0-9_.-]{1,100}$' },
        },
        region: { description: 'Region of this parameter (default: the vault\'s).', $ref: '#/$defs/region' },
        accountId: { description: 'Account of this parameter (default: the vault\'s).', $ref: '#/$defs/accountId' },
        kmsKeyId: { description: 'KMS key of a SecureString (informational).', type: 'string' },
        description: { description: 'The parameter\'s description.', type: 'string' },
        lastModifiedDate: {
          description: 'ISO 8601 date of this version (default: when the vault is loaded).',
          type: 'string',
        },
        history: {
          description: 'Older versions, oldest first, each numbered below the next (reachable as name:<version> or name:<label>).',
          type: 'array',
          items: { $ref: '#/$defs/parameterVersion' },
        },
      },
    },
    parameterVersion: {
      type: 'object',
      additionalProperties: false,
      required: ['version', 'value'],
      properties: {
        version: { type: 'integer', minimum: 1 },
        type: { description: 'Default: the parameter\'s type.', enum: ['String', 'StringList', 'SecureString'] },
        value: { type: 'string', minLength: 1 },
        labels: {
          type: 'array',
          maxItems: 10,
          items: { type: 'string', pattern: '^(?![0-9])(?![aA][wW][sS])(?![sS][sS][mM])[A-Za-z0-9_.-]{1,100}$' },
        },
        kmsKeyId: { type: 'string' },
        description: { type: 'string' },
        lastModifiedDate: { type: 'string' },
      },
    },
    ...policyDefs,
  },
};

/** The definitions the readers look up. */
export const vaultDefs = vaultSchema.$defs;

/** schema/vault.schema.json as the build writes it. */
export function vaultSchemaText(): string {
  return `${JSON.stringify(vaultSchema, null, 2)}\n`;
}
