/**
 * Every message ecs-local reproduces from ECS or AWS, in one place, grouped by who produces it and
 * with the source of each text. Tags as in the reference notes: [SRC] read in the ECS agent source
 * (amazon-ecs-agent 1.105.1), [DOC] AWS documentation, [OBS] seen verbatim in real stoppedReasons or
 * AWS-recorded responses, [INF] our choice where no source settles it (each is tested and listed in
 * README "Differences from ECS").
 *
 * Only templates live here; the decisions (which message, which flavour) live with the logic.
 */

/** RegisterTaskDefinition's ClientException texts (control plane, HTTP 400). */
export const RegisterTaskDefinition = {
  /** [OBS] fabfuel/ecs-deploy#87 */
  executionRoleRequired: () =>
    "When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.",
  /** [OBS] CircleCI-Public/aws-ecs-orb#190. [INF] several names are joined with ", ". */
  duplicateSecretNames: (names: readonly string[]) =>
    `Duplicate secret names found: ${names.join(', ')}. Each secret name must be unique.`,
  /** [OBS] dagster-io/dagster#11622 */
  secretSharesEnvironmentName: (name: string) =>
    `The secret name must be unique and not shared with any new or existing environment variables set on the container, such as '${name}'.`,
  /** [OBS] a non-ARN valueFrom that is not a valid SSM parameter name, e.g. `name:key::`. */
  invalidSsmParameterName: (secretName: string) =>
    `The Systems Manager parameter name specified for secret ${secretName} is invalid.`,
  /** [OBS] prefix only ("The Systems Manager parameter ARN spec…", hashicorp/terraform#22926); [INF] the rest. */
  invalidSsmParameterArn: (secretName: string) =>
    `The Systems Manager parameter ARN specified for secret ${secretName} is invalid.`,
  /** [OBS] virtual-kubelet/virtual-kubelet#193, aws/aws-cdk#1279: a FARGATE task with awslogs and no execution role. */
  fargateAwslogsNeedsExecutionRole: () =>
    'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
  /** [OBS] hashicorp/terraform-provider-aws#3051, jenkinsci/amazon-ecs-plugin#53: a private ECR image. */
  fargateEcrNeedsExecutionRole: () => 'Fargate requires task definition to have execution role ARN to support ECR images.',
  /**
   * [OBS] pulumi/pulumi-awsx#188 (`ClientException: The 'memory' setting for container 'blah' is
   * greater than for the task.`, status code 400). RunTask words an override's the other way
   * (RunTask.containerMemoryAboveTask).
   */
  containerMemoryAboveTask: (container: string) => `The 'memory' setting for container '${container}' is greater than for the task.`,
  /**
   * [OBS] sil-org/ecs-deploy#59, cuttlesoft/ecs-deploy.py#17, aws/aws-cli#4453 (`An error occurred
   * (ClientException) when calling the RegisterTaskDefinition operation: Invalid setting for container
   * 'my-container'. At least one of 'memory' or 'memoryReservation' must be specified.`): no task-level
   * `memory` and a container with neither limit. [DOC] ContainerDefinition.memoryReservation.
   */
  containerMemoryRequired: (container: string) =>
    `Invalid setting for container '${container}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
  /** [OBS] Terraform apply logs of RegisterTaskDefinition (status code 400) quoted in public repositories. */
  fargateCpuRequired: () => "Fargate requires that 'cpu' be defined at the task level.",
  /** [OBS] as fargateCpuRequired. */
  fargateMemoryRequired: () => "Fargate requires that 'memory' be defined at the task level.",
  /**
   * [OBS] a Terraform apply log (RegisterTaskDefinition, StatusCode 400, `ClientException: No Fargate
   * configuration exists for given values: 1024 CPU, 1024 memory. See the Amazon ECS documentation
   * for the valid values.`); convox's docs quote the same with 4096/4096. [INF] the values in CPU
   * units and MiB whatever form the task definition used ("1 vCPU", "2 GB").
   */
  noFargateConfiguration: (cpu: number, memory: number) =>
    `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`,
  /** [OBS] pulumi/pulumi-awsx#935, aws/amazon-ecs-cli#1014. */
  awsvpcPortsMustMatch: () => 'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
  /**
   * [OBS] hashicorp/terraform-provider-aws#8596 (`Log driver splunk requires options: splunk-token`, no
   * final period). [INF] several missing options joined with ", ".
   */
  logDriverRequiresOptions: (driver: string, options: readonly string[]) =>
    `Log driver ${driver} requires options: ${options.join(', ')}`,
  /** [OBS] thnery/terraform-aws-template#2 */
  environmentNameBlank: () => 'Environment variable name cannot be null or blank.',
  /** [OBS] awsdocs/aws-cloudformation-user-guide#454: an empty containerDefinitions list. */
  containerDefinitionsRequired: () => 'Container list cannot be empty.',
  /** [OBS] hashicorp/terraform#2888, awsdocs/aws-cloudformation-user-guide#612. */
  containerNameRequired: () => 'Container.name should not be null or empty.',
  /**
   * [OBS] hashicorp/terraform-provider-aws#5950 (a requiresAttributes entry named
   * `ecs.capability.execution-role-awslogs` pasted into container_definitions), cds-snc/notification-terraform#328
   * (a name with a space), ansible/ansible#22860.
   */
  containerNameInvalidCharacters: () => 'Container.name contains invalid characters.',
  /** [OBS] aws/amazon-ecs-cli#37 and #542 (`weird_dir@letssee.cats`), aws/aws-cli#6774. */
  familyInvalidCharacters: () => 'Family contains invalid characters.',
  /** [OBS] convox/praxis#121 (`ClientException: Container.image should not be null or empty.`). */
  containerImageRequired: () => 'Container.image should not be null or empty.',
  /**
   * [OBS] Shippable/support#3094 (2016), OctopusDeploy/Issues#10026 (2026, Amazon.ECS.Model.ClientException);
   * ansible/ansible#22860 has the same form for Container.name.
   */
  containerImageInvalidCharacters: () => 'Container.image contains invalid characters.',
  /** [OBS] eagletmt/hako#68; cfn-lint quotes the same text. Every container has `essential: false`. */
  noEssentialContainer: () => "Task definition doesn't have any essential container.",
  /**
   * environmentFiles: at most 10 per container, `type` "s3", a `.env` value [DOC API_EnvironmentFile].
   * [INF] wording, modelled on the observed "Invalid setting for container '<name>'. …" texts
   * (cuttlesoft/ecs-deploy.py#17).
   */
  environmentFilesTooMany: (container: string, count: number) =>
    `Invalid setting for container '${container}'. The number of environment files (${count}) cannot exceed 10.`,
  environmentFileTypeInvalid: (container: string, type: string) =>
    `Invalid setting for container '${container}'. Environment file type '${type}' is not supported; the only supported type is 's3'.`,
  environmentFileExtensionInvalid: (container: string, value: string) =>
    `Invalid setting for container '${container}'. Environment file '${value}' must have the '.env' file extension.`,
  /** [INF] wording; the requirement is [DOC] (API_Secret: name and valueFrom are required). */
  secretFieldRequired: (field: 'name' | 'valueFrom') => `Secret ${field} cannot be null or blank.`,
  /** [OBS] ansible/ansible#35777, wellcomecollection/platform#677: a mountPoint naming no task volume. */
  unknownVolume: (volume: string) => `Unknown volume '${volume}'.`,
  /** [OBS] dagster-io/dagster#6926, eagletmt/hako#99. The stray " + " is in ECS's own text. */
  dependsOnUnknownContainer: (container: string) =>
    `Cannot depend on container + '${container}' because it does not exist`,
  /** [OBS] boto/boto3#2436 (compose-x/ecs_composex#302 shows it behind a CloudFormation prefix). */
  dependencyOnEssential: () => 'A dependency container with SUCCESS or COMPLETE condition cannot be an essential container',
  /** [OBS] Shippable/support#4194 */
  linksCycle: () => 'Container links should not have a cycle',
  /** [INF] wording modelled on `linksCycle`; the cycle is listed as `a -> b -> a`. */
  dependsOnCycle: (cycle: readonly string[]) => `Container dependencies should not have a cycle: ${cycle.join(' -> ')}`,
} as const;

/** Secrets Manager service errors: code and Message exactly as AWS returns them (HTTP 400). */
export const SecretsManager = {
  /** [OBS] AWS-recorded (LocalStack snapshot). */
  resourceNotFound: () => "Secrets Manager can't find the specified secret.",
  /** [OBS] AWS-recorded. */
  stageNotFound: (stage: string) => `Secrets Manager can't find the specified secret value for staging label: ${stage}`,
  /** [OBS] AWS-recorded. */
  versionIdNotFound: (versionId: string) =>
    `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`,
  /** [OBS] AWS-recorded; InvalidRequestException, not InvalidParameterException. */
  stageVersionMismatch: () => 'You provided a VersionStage that is not associated to the provided VersionId.',
  /** [OBS] external-secrets#415, AWS-recorded for Tag/UntagResource. */
  markedForDeletion: () => "You can't perform this operation on the secret because it was marked for deletion.",
  /** [OBS] AWS-recorded (test_invalid_secret_name). */
  invalidName: () =>
    'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
  /** [OBS] field reports. */
  kmsAccessDenied: () => 'Access to KMS is not allowed',
  /** [OBS] AWS-recorded for CreateSecret on an existing name. */
  alreadyExists: (name: string) => `The operation failed because the secret ${name} already exists.`,
  /** [OBS] AWS-recorded. */
  scheduledForDeletionCreate: () =>
    "You can't create this secret because a secret with this name is already scheduled for deletion.",
  /** [OBS] AWS-recorded (test_no_client_request_token): a raw request without a token. */
  clientRequestTokenRequired: () => 'You must provide a ClientRequestToken value. We recommend a UUID-type value.',
  /** [DOC] moto/LocalStack text, InvalidRequestException: PutSecretValue with neither value. */
  valueRequired: () => 'You must provide either SecretString or SecretBinary.',
  /** [OBS] as AWS-mimicking emulators reproduce it, InvalidParameterException. */
  bothValues: () => "You can't specify both a binary secret value and a string secret value in the same secret.",
  /** [DOC] moto text, ResourceExistsException: a ClientRequestToken reused with other data. */
  clientRequestTokenInUse: (token: string, arn: string) =>
    `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${arn}.`,
  /**
   * [DOC] moto text for AWSCURRENT (also quoted in terraform-provider-aws#19943), InvalidParameterException.
   * [INF] the same text, label substituted, for any other label.
   */
  removeFromVersionIdRequired: (stage: string, versionId: string) =>
    `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${versionId}, so you must explicitly reference that version in RemoveFromVersionId.`,
  /** [DOC] moto text, InvalidParameterException: UpdateSecretVersionStage naming an unknown version. */
  notAValidVersion: (versionId: string) => `Not a valid version: ${versionId}`,
  /** [DOC] moto text, InvalidParameterException: RemoveFromVersionId does not hold the label. */
  stageNotInVersion: (stage: string, versionId: string) => `Version stage ${stage} not found in version ${versionId}`,
  /** [INF] InvalidParameterException: removing AWSCURRENT without moving it would leave no current version. */
  cannotRemoveCurrent: (versionId: string) =>
    `You can't remove the staging label AWSCURRENT from version ${versionId} without moving it: specify MoveToVersionId.`,
  /** [DOC] moto text, InvalidParameterException. */
  recoveryWindowRange: () => 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).',
  /** [DOC] moto text, InvalidParameterException. */
  forceDeleteWithRecoveryWindow: () =>
    "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
  /** [DOC] LocalStack/moto text, InvalidRequestException: DeleteSecret (no force) on a scheduled secret. */
  alreadyMarkedDeleted: () => "You tried to perform the operation on a secret that's currently marked deleted.",
  /** [OBS] AWS-recorded: RotateSecret with no Lambda configured or given. */
  noRotationLambda: () => 'No Lambda rotation function ARN is associated with this secret.',
  /** [OBS] AWS-recorded, AccessDeniedException: the rotation Lambda cannot be invoked. */
  cannotInvokeLambda: () =>
    'Secrets Manager cannot invoke the specified Lambda function. Ensure that the function policy grants access to the principal secretsmanager.amazonaws.com.',
  /** [DOC] moto/LocalStack text, InvalidRequestException: AWSPENDING sits on a non-current version. */
  rotationInProgress: () => 'Previous rotation request is still in progress.',
  /** [DOC] moto text, InvalidParameterException. */
  rotationDaysRange: () => 'RotationRules.AutomaticallyAfterDays must be within 1-1000.',
  /** [DOC] moto text (AWS's validation format), ValidationException: a ListSecrets filter key. */
  invalidFilterKey: (key: string, index: number) =>
    `1 validation error detected: Value '${key}' at 'filters.${index}.member.key' failed to satisfy constraint: Member must satisfy enum value set: [all, name, tag-key, description, tag-value]`,
  /** [DOC] moto text, InvalidParameterException: a ListSecrets filter without a Key. */
  filterKeyMissing: () => 'Invalid filter key',
  /** [DOC] moto text, InvalidParameterException: a ListSecrets filter without Values. */
  filterValuesMissing: (key: string) => `Invalid filter values for key: ${key}`,
  /** [DOC] moto text, InvalidParameterException. */
  batchIdsOrFilters: () => "Either 'SecretIdList' or 'Filters' must be provided, but not both.",
  /** [DOC] moto text, InvalidParameterException. */
  batchMaxResultsNeedsFilters: () =>
    "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.",
  /** [INF] InvalidNextTokenException (a modeled Secrets Manager error) for a token we did not issue. */
  invalidNextToken: () => 'The NextToken value is invalid.',
} as const;

/** IAM's AccessDeniedException text, as Secrets Manager and SSM return it. [OBS] aws-cdk#18555, #3529. */
export const Iam = {
  accessDenied: (principalArn: string, action: string, resource: string) =>
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
  explicitDeny: (principalArn: string, action: string, resource: string) =>
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in an identity-based policy`,
  /**
   * A caller from another account whose request no resource-based policy allows. [DOC] IAM User
   * Guide, "Access denied error messages" (`… because no resource-based policy allows the <action>
   * action`); [INF] with `on resource:` as in the identity-based form above.
   */
  noResourcePolicy: (principalArn: string, action: string, resource: string) =>
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} because no resource-based policy allows the ${action} action`,
  /** [DOC] same page: an explicit Deny in the resource-based policy. */
  resourceExplicitDeny: (principalArn: string, action: string, resource: string) =>
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource} with an explicit deny in a resource-based policy`,
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`; ECS uses the task id as session. [OBS] */
  assumedRoleArn: (partition: string, account: string, roleName: string, session: string) =>
    `arn:${partition}:sts::${account}:assumed-role/${roleName}/${session}`,
} as const;

/** SSM Parameter Store service errors. */
export const Ssm = {
  /** [OBS] AWS-recorded (test_hierarchical_parameter), ValidationException. */
  invalidParameterName: () =>
    'Parameter name: can\'t be prefixed with "ssm" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_',
  /** [DOC] moto text, AWS-like. */
  parameterVersionNotFound: (version: string, name: string) =>
    `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`,
  /**
   * AccessDeniedException from GetParameters when KMS refuses to decrypt a SecureString: SSM passes on
   * KMS's error as the Java SDK prints it. [OBS] the IAM text and suffix, terraform-provider-aws#42849
   * (2025; older answers said "The ciphertext refers to a customer master key that does not exist, …",
   * aws/aws-cdk#4498). [INF] the identity-based wording, as our keys' policies delegate to IAM.
   */
  kmsAccessDenied: (iamMessage: string, kmsRequestId: string) =>
    `${iamMessage} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; Request ID: ${kmsRequestId}; Proxy: null)`,
  /** [OBS] moto/LocalStack; ValidationException for /aws/reference without decryption. */
  referenceNeedsDecryption: () => 'WithDecryption flag must be True for retrieving a Secret Manager secret.',
  /**
   * [DOC] moto text in AWS's validation-message format (the list printed as Java prints one);
   * ValidationException for GetParameters with more than 10 names.
   */
  tooManyNames: (names: readonly string[]) =>
    `1 validation error detected: Value '[${names.join(', ')}]' at 'names' failed to satisfy constraint: Member must have length less than or equal to 10.`,
  /** [INF] The same format for an empty Names list (minimum length 1 in the API model). */
  noNames: () =>
    "1 validation error detected: Value '[]' at 'names' failed to satisfy constraint: Member must have length greater than or equal to 1.",
  /** [DOC] moto text (AWS-like), ParameterAlreadyExists: PutParameter on an existing name without Overwrite. */
  parameterAlreadyExists: () =>
    'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
  /** [DOC] moto text, ValidationException: PutParameter creating a parameter without Type. */
  typeRequired: () => 'A parameter type is required when you create a parameter.',
  /** [DOC] moto text (AWS's validation format), ValidationException. */
  invalidType: (type: string) =>
    `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
  /** [DOC] moto text (AWS's validation format), ValidationException: an empty Value. */
  emptyValue: () =>
    "1 validation error detected: Value '' at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1.",
  /** [DOC] moto text, ValidationException. */
  tagsWithOverwrite: () =>
    "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
  /** [DOC] moto text, ValidationException: a top-level name starting with aws or ssm. */
  reservedPrefix: () => 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).',
  /** [DOC] moto text, AccessDeniedException: a path under /aws/. */
  reservedAwsPath: (name: string) => `No access to reserved parameter name: ${name}.`,
  /** [DOC] moto text, ValidationException. [INF] also for the valid non-text data types, which need AWS. */
  unsupportedDataType: (dataType: string) =>
    `The following data type is not supported: ${dataType} (Data type names are all lowercase.)`,
  /** [DOC] moto text, ParameterMaxVersionLimitExceeded: 100 versions and the oldest is labelled. */
  maxVersionLimit: (name: string, version: number) =>
    `You attempted to create a new version of ${name} by calling the PutParameter API with the overwrite flag. Version ${version}, the oldest version, can't be deleted because it has a label associated with it. Move the label to another version of the parameter, and try again.`,
  /** [DOC] moto text; an AWS-validated test matches `Secret .*<name>.* not found.` ParameterNotFound. */
  referenceNotFound: (name: string) =>
    `An error occurred (ParameterNotFound) when referencing Secrets Manager: Secret ${name} not found.`,
  /** [DOC] moto text, InvalidFilterKey: GetParametersByPath takes no Name, Path or Tier filter. */
  invalidFilterKeyByPath: (key: string) =>
    `The following filter key is not valid: ${key}. Valid filter keys include: [Type, KeyId].`,
  /** [DOC] moto text, InvalidFilterOption. */
  invalidFilterOption: (option: string) =>
    `The following filter option is not valid: ${option}. Valid options include: [BeginsWith, Equals].`,
  /** [INF] InvalidNextToken (a modeled SSM error) for a token we did not issue. */
  invalidNextToken: () => 'The specified token is not valid.',
} as const;

/**
 * The AWS JSON 1.1 protocol's own answers (Coral), the same for every service. [DOC] the validation
 * format is the one AWS services print (see Ssm.tooManyNames); [OBS] UnknownOperationException's
 * type as DynamoDB-compatible emulators reproduce it (no message).
 */
export const AwsJson = {
  /** ValidationException for one member that breaks a constraint of the API model. */
  validation: (value: string, member: string, constraint: string) =>
    `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: ${constraint}`,
  /** ValidationException for a required member that is missing. */
  missing: (member: string) =>
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  unknownOperationType: 'com.amazon.coral.service#UnknownOperationException',
  /** [INF] SerializationException: a member of the wrong JSON type. */
  wrongType: (member: string, expected: string) => `Expected ${expected} for member '${member}'.`,
  /** [INF] SerializationException: a body that is not JSON. */
  notJson: () => 'The request body is not valid JSON.',
  /** [INF] SerializationException: a body that is not a JSON object. */
  notAnObject: () => 'The request body must be a JSON object.',
  /** [INF] InternalServiceError / InternalServerError (HTTP 500) when the vault itself failed. */
  internalFailure: (detail: string) => `ecs-local vault serve failed: ${detail}`,
  /** [INF] The message added to UnknownOperationException for an operation AWS has and the vault does not. */
  notImplemented: (target: string) => `ecs-local vault serve does not implement ${target}.`,
} as const;

/**
 * Texts of the EC2 ECS agent (1.105.1) before `SetTerminalReason`. [SRC] unless tagged.
 * Files: agent/taskresource/asmsecret/asmsecret.go, agent/asm/asm.go, agent/taskresource/ssmsecret/ssmsecret.go,
 * agent/ssm/ssm.go, agent/taskresource/asmauth/asmauth.go, agent/taskresource/envFiles/envfile.go.
 */
export const EcsAgent = {
  asmInvalidArn: 'an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.',
  /** aws-sdk-go-v2 aws/arn Parse errors. */
  arnInvalidPrefix: 'arn: invalid prefix',
  arnNotEnoughSections: 'arn: not enough sections',
  asmBadValueFrom: (valueFrom: string, detail: string) =>
    `trying to retrieve secret with value ${valueFrom} resulted in error: ${detail}`,
  /** `augmentErrMsg` for ResourceNotFoundException (agent >= 1.84.0). */
  asmResourceNotFound: (secretId: string, sdkError: string) =>
    `ResourceNotFoundException: The task can't retrieve the secret with ARN '${secretId}' from AWS Secrets Manager. Check whether the secret exists in the specified Region: ${sdkError}`,
  /** Any other GetSecretValue error: the SDK error appears twice (augmentErrMsg, then errors.Wrap). */
  asmFetchFailed: (secretId: string, sdkError: string) => `secret ${secretId}: ${sdkError}: ${sdkError}`,
  asmJsonKeyMissing: (key: string) => `retrieved secret from Secrets Manager did not contain json key ${key}`,
  /** Errors of several secrets of the asmsecret resource are joined with ";" (no space). */
  asmJoin: ';',
  ssmFetchFailed: (region: string, err: string) => `fetching secret data from SSM Parameter Store in ${region}: ${err}`,
  /** Names as SSM returned them in InvalidParameters, joined with "," (no space). */
  ssmInvalidParameters: (names: readonly string[]) => `invalid parameters: ${names.join(',')}`,
  ssmEmptyResponse: 'empty response',
  asmAuthFetchFailed: (secretId: string, err: string) => `asm fetching secret from the service for ${secretId}: ${err}`,
  asmAuthEmptySecret: 'asm fetching authorization data: empty secrets value',
  asmAuthInvalidSchema: 'asm fetching authorization data: unable to unmarshal secret value, invalid schema',
  asmAuthEmptyUsername: 'asm fetching username: AuthorizationData is malformed, empty field',
  asmAuthEmptyPassword: 'asm fetching password: AuthorizationData is malformed, empty field',
  envFileBadArn: (arn: string) =>
    `unable to parse bucket and key from s3 ARN specified in environmentFile ${arn}, error: invalid s3 arn: ${arn}`,
  envFileDownloadFailed: (key: string, bucket: string, err: string) =>
    `unable to download env file with key ${key} from bucket ${bucket}, error: ${err}`,
  /** bufio.Scanner's error for a line over 64 KiB. */
  envFileTokenTooLong: 'bufio.Scanner: token too long',
  /** `ecsMaxTaskReasonLength` (ecs-agent/api/ecs/client/ecs_client.go). */
  maxReasonBytes: 1024,
} as const;

/**
 * aws-sdk-go-v2 error texts, as the agent (>= 1.92 for Secrets Manager, >= 1.93.1 for SSM) prints them.
 * [SRC] smithy-go OperationError / GenericAPIError, aws/transport/http ResponseError.
 */
export const GoSdkV2 = {
  operationError: (serviceId: string, operation: string, inner: string) =>
    `operation error ${serviceId}: ${operation}, ${inner}`,
  responseError: (status: number, requestId: string, inner: string) =>
    `https response error StatusCode: ${status}, RequestID: ${requestId}, ${inner}`,
  /** A modeled error prints `<Code>: <Message>`; an unmodeled one goes through GenericAPIError. */
  modeledError: (code: string, message: string) => `${code}: ${message}`,
  apiError: (code: string, message: string) => `api error ${code}: ${message}`,
  /** [INF] a request that never got an answer within the agent's 5 s round-trip timeout. */
  timeout: 'https response error StatusCode: 0, RequestID: , canceled, context deadline exceeded',
  /** [INF] a refused connection after the SDK's 3 attempts. */
  connectionFailed: (url: string, detail: string) =>
    `exceeded maximum number of attempts, 3, https response error StatusCode: 0, RequestID: , request send failed, Post "${url}": ${detail}`,
  /** Errors each operation models; anything else is unmodeled (`api error …`). [SRC] service models. */
  modeledErrors: {
    'Secrets Manager:GetSecretValue': [
      'DecryptionFailure',
      'InternalServiceError',
      'InvalidParameterException',
      'InvalidRequestException',
      'ResourceNotFoundException',
    ],
    'SSM:GetParameters': ['InternalServerError', 'InvalidKeyId'],
    'S3:GetObject': ['InvalidObjectState', 'NoSuchKey'],
  } as Record<string, readonly string[]>,
} as const;

/**
 * Fargate's texts (closed source, reconstructed from real stoppedReasons). [OBS] unless tagged.
 * Sources: Releem/releem-agent#195, aws/aws-cdk#18555, HHS/simpler-grants-gov#4330, aws/copilot-cli#3104,
 * rileydakota/valheim-ecs-fargate-cdk#9, repost.aws "ecs-unable-to-pull-secrets".
 */
export const Fargate = {
  secretsPrefix: 'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: ',
  asm: (retries: number, inner: string) =>
    `unable to retrieve secret from asm: service call has been retried ${retries} time(s): ${inner}`,
  ssm: (retries: number, inner: string) =>
    `unable to retrieve secrets from ssm: service call has been retried ${retries} time(s): ${inner}`,
  registryAuth: (retries: number, inner: string) =>
    `unable to get registry auth from asm: service call has been retried ${retries} time(s): ${inner}`,
  fetchSecret: (secretId: string, err: string) => `failed to fetch secret ${secretId} from secrets manager: ${err}`,
  /** [OBS] simpler-grants-gov#4330. [INF] several names are joined with "," as on EC2. */
  invalidSsmParameters: (names: readonly string[]) => `invalid ssm parameters: ${names.join(',')}`,
  /** aws-sdk-go v1 error text joined on one line: `<Code>: <Message> status code: 400, request id: <id>`. */
  sdkV1Error: (code: string, message: string, status: number, requestId: string) =>
    `${code}: ${message} status code: ${status}, request id: ${requestId}`,
  /** [OBS] a call that timed out; retried 5 times. */
  timeout: 'RequestCanceled: request context canceled caused by: context deadline exceeded',
  /** [INF] modelled on the observed ECR form: a refused connection. */
  connectionFailed: (url: string, detail: string) => `RequestError: send request failed caused by: Post "${url}": ${detail}`,
  networkSuffix: '. Please check your task network configuration.',
  /** Retry counts Fargate reports: non-retryable errors once, network failures five times. */
  retriesFinal: 1,
  retriesNetwork: 5,
  /** [INF] recalled from users' reports, not verified against a recorded message; retried 5 times. */
  envFiles: (inner: string) =>
    `ResourceInitializationError: failed to download env files: file download command: non empty error stream: service call has been retried 5 time(s): ${inner}`,
  stopCode: 'TaskFailedToStart',
} as const;

/**
 * Go encoding/json error texts the agent returns unwrapped when a secret with a json key is not a
 * JSON object. [SRC] Go stdlib encoding/json scanner.go and decode.go.
 */
export const GoJson = {
  unexpectedEnd: 'unexpected end of JSON input',
  invalidCharacter: (quotedChar: string, context: string) => `invalid character ${quotedChar} ${context}`,
  cannotUnmarshal: (what: string, goType: string) => `json: cannot unmarshal ${what} into Go value of type ${goType}`,
  mapType: 'map[string]interface {}',
  /** A number that overflows float64 is reported with its literal: `number 1e400` into `float64`. */
  float64Type: 'float64',
  /** The `context` of `invalidCharacter`, one per scanner state (scanner.go `s.error(c, …)`). */
  context: {
    beginningOfValue: 'looking for beginning of value',
    beginningOfObjectKey: 'looking for beginning of object key string',
    afterObjectKey: 'after object key',
    afterObjectKeyValuePair: 'after object key:value pair',
    afterArrayElement: 'after array element',
    afterTopLevelValue: 'after top-level value',
    inStringLiteral: 'in string literal',
    inStringEscape: 'in string escape code',
    inUnicodeEscape: 'in \\u hexadecimal character escape',
    inLiteral: (literal: 'true' | 'false' | 'null', expecting: string) =>
      `in literal ${literal} (expecting '${expecting}')`,
    inNumericLiteral: 'in numeric literal',
    afterDecimalPoint: 'after decimal point in numeric literal',
    inExponent: 'in exponent of numeric literal',
    /** More than 10000 nested arrays/objects (maxNestingDepth). */
    exceededMaxDepth: 'exceeded max depth',
  },
} as const;

/** The ECS container credentials endpoint (ecs-agent/tmds/handlers/v1/credentials_handler.go). [SRC] */
export const CredentialsEndpoint = {
  noId: { code: 'NoIdInRequest', message: 'CredentialsV2Request: No Credential ID in the request' },
  invalidId: { code: 'InvalidIdInRequest', message: 'CredentialsV2Request: Credentials not found' },
  uninitialized: { code: 'CredentialsUninitialized', message: 'CredentialsV2Request: Credentials uninitialized for ID' },
  /** The legacy `/v1/credentials?id=` route: the same codes, prefixed `CredentialsV1Request: `. */
  v1: {
    noId: { code: 'NoIdInRequest', message: 'CredentialsV1Request: No Credential ID in the request' },
    invalidId: { code: 'InvalidIdInRequest', message: 'CredentialsV1Request: Credentials not found' },
    uninitialized: { code: 'CredentialsUninitialized', message: 'CredentialsV1Request: Credentials uninitialized for ID' },
  },
} as const;

/**
 * The task metadata endpoint's answers to an id it does not know: a JSON string body. [SRC]
 * v4: ecs-agent/tmds/handlers/v4/handlers.go + agent/handlers/v4/tmdsstate.go (404);
 * v3: agent/handlers/v3/{container_metadata,task_metadata,container_stats,task_stats}_handler.go + helper.go.
 */
export const TaskMetadataEndpoint = {
  containerLookup: (id: string) => `unable to get container ID from request: unable to get docker ID from v3 endpoint ID: ${id}`,
  taskLookup: (id: string) => `unable to get task arn from request: unable to get task Arn from v3 endpoint ID: ${id}`,
  v4ContainerMetadata: (reason: string) => `V4 container metadata handler: ${reason}`,
  v4TaskMetadata: (reason: string) => `V4 task metadata handler: ${reason}`,
  v4ContainerStats: (reason: string) => `V4 container stats handler: ${reason}`,
  v4TaskStats: (reason: string) => `V4 task stats handler: ${reason}`,
  /** v3 answers 400, except task metadata (500). */
  v3ContainerMetadata: (reason: string) => `V3 container metadata handler: ${reason}`,
  v3TaskMetadata: (reason: string) => `V3 task metadata handler: ${reason}`,
  v3ContainerStats: (reason: string) => `V3 container stats handler: ${reason}`,
  v3TaskStats: (reason: string) => `V3 task stats handler: ${reason}`,
  /** 500 bodies when Docker fails us after the lookup (ErrorMetadataFetchFailure / ErrorStatsFetchFailure). */
  containerMetadataFailed: (dockerId: string) => `unable to generate metadata for container '${dockerId}'`,
  v4TaskMetadataFailed: (taskArn: string) => `Unable to generate metadata for v4 task: '${taskArn}'`,
  v3TaskMetadataFailed: (taskArn: string) => `Unable to generate metadata for task: '${taskArn}'`,
  containerStatsFailed: (dockerId: string) => `Unable to get container stats for: ${dockerId}`,
  taskStatsFailed: (taskArn: string) => `Unable to get task stats for: ${taskArn}`,
  /** Go net/http's NotFound, for a path no route matches (text/plain). */
  notFound: '404 page not found\n',
} as const;

/** S3 GetObject, for environmentFiles. [DOC] S3 error responses. */
export const S3 = {
  noSuchKey: () => 'The specified key does not exist.',
  /** aws-sdk-go-v2 s3shared.ResponseError adds the host id. [SRC] */
  goSdkV2ResponseError: (status: number, requestId: string, hostId: string, inner: string) =>
    `https response error StatusCode: ${status}, RequestID: ${requestId}, HostID: ${hostId}, ${inner}`,
  /** aws-sdk-go v1 text on one line, with the host id. [INF] from the v1 RequestFailure format. */
  sdkV1Error: (code: string, message: string, status: number, requestId: string, hostId: string) =>
    `${code}: ${message} status code: ${status}, request id: ${requestId}, host id: ${hostId}`,
} as const;

/**
 * SigV4 refusals as the JSON 1.1 services (Secrets Manager, SSM) word them: HTTP 400 and, unlike
 * their modelled errors, a lowercase `message` key, e.g. `{"__type":"UnrecognizedClientException",
 * "message":"The security token included in the request is invalid."}` [OBS
 * ArranJacques/laravel-aws-cognito-auth#25; spring-attic/spring-cloud-aws#492 "Service:
 * AWSSecretsManager; Status Code: 400"; coveooss/spring-boot-parameter-store-integration#3 for SSM].
 */
export const AwsJsonAuth = {
  /** [OBS] the lowercase key of Coral's authentication errors (see above). */
  messageKey: 'message',
  /** [OBS] aws/aws-sdk-js-v3#6355 (Secrets Manager), the issues above. A key AWS does not know, or a token that is not its key's. */
  unrecognizedClient: () => 'The security token included in the request is invalid.',
  /**
   * [OBS] aws/aws-sdk-net#3978 (Secrets Manager, 2025): the text, then the canonical request and
   * the string to sign AWS computed, each quoted, as also in aws/aws-sdk-js#168.
   */
  invalidSignature: (canonicalRequest: string, stringToSign: string) =>
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
    `\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
  /** [OBS] aws/aws-sdk-cpp#2407 (Secrets Manager, HTTP 400, Content-Length 89: exactly this body). No Authorization header. */
  missingAuthenticationToken: () => 'Missing Authentication Token',
  /**
   * [OBS] aws/aws-sdk-js#4285 (SSM), brendanhay/amazonka#316: one sentence per missing part, in this
   * order, then the header as sent.
   */
  incompleteSignature: (missing: readonly ('Credential' | 'Signature' | 'SignedHeaders' | 'date')[], authorization: string) =>
    missing
      .map((m) =>
        m === 'date'
          ? "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
          : `Authorization header requires '${m}' parameter.`,
      )
      .join(' ') + ` Authorization=${authorization}`,
  /** [OBS] iann0036/cloud9-sync#10, awslabs/fhir-works-on-aws-deployment#379. */
  notKeyValuePair: (part: string, authorization: string) =>
    `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${authorization}'.`,
  /** [OBS] boto/botocore#3587 (Secrets Manager): X-Amz-Date more than 5 minutes ago. Dates as `20251105T220858Z`. */
  signatureExpired: (signed: string, limit: string, now: string) => `Signature expired: ${signed} is now earlier than ${limit} (${now} - 5 min.)`,
  /** [OBS] aws/aws-sdk-go#2194, s12v/awsbeats#48: X-Amz-Date more than 5 minutes ahead. */
  signatureNotYetCurrent: (signed: string, limit: string, now: string) =>
    `Signature not yet current: ${signed} is still later than ${limit} (${now} + 5 min.)`,
  /** [OBS] aws/aws-sdk-ruby#431, JuliaCloud/AWS.jl#334 (with the trailing space). */
  wrongService: (service: string) => `Credential should be scoped to correct service: '${service}'. `,
  /** [OBS] DynamoDB and other JSON services (salesforce/multicloudj#608: HTTP 400); no final period. */
  expiredToken: () => 'The security token included in the request is expired',
} as const;

/** The same refusals as S3 words them, in its XML error document (HTTP 403 unless said). */
export const S3Auth = {
  /** [OBS] raster-foundry/raster-foundry#289, versity/versitygw#2042: with <AWSAccessKeyId>. */
  invalidAccessKeyId: () => 'The AWS Access Key Id you provided does not exist in our records.',
  /** [OBS] s3tools/s3cmd#1053, brendanhay/amazonka#90. */
  signatureDoesNotMatch: () => 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  /** [OBS] an anonymous GET of an object that is not public. */
  accessDenied: () => 'Access Denied',
  /** [OBS] aws/aws-sdk-js#3534, s3tools/s3cmd#297 (HTTP 400): a session token that is not the key's. */
  invalidToken: () => 'The provided token is malformed or otherwise invalid.',
  /** [OBS] embulk/embulk-input-s3#43 (HTTP 400, code ExpiredToken). [INF] the wording, S3's own for an expired token. */
  expiredToken: () => 'The provided token has expired.',
  /** [DOC] S3 ErrorResponses, RequestTimeTooSkewed (HTTP 403; S3 allows 15 minutes). */
  requestTimeTooSkewed: () => 'The difference between the request time and the current time is too large.',
  /** [DOC] S3 ErrorResponses, AuthorizationHeaderMalformed / [OBS] robmcvey/cakephp-amazon-s3#15 (HTTP 400). */
  authorizationHeaderMalformed: () =>
    'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
} as const;

/**
 * RunTask's InvalidParameterException texts for `overrides` (control plane, HTTP 400), printed as the
 * AWS CLI prints them after `An error occurred (InvalidParameterException) when calling the RunTask
 * operation: `.
 */
export const RunTask = {
  /** [OBS] azavea/django-ecsmanage#21 (botocore InvalidParameterException from RunTask). */
  notAContainer: (name: string) => `Override for container named ${name} is not a container in the TaskDefinition.`,
  /** [OBS] convox/rack#1906, Netflix/metaflow#1482, kislyuk/aegea#39 (no final period). */
  containerOverridesTooLong: (max: number) => `Container Overrides length must be at most ${max}`,
  /**
   * [OBS] artilleryio/artillery#591: a task-level memory override below a container's memory. The
   * RegisterTaskDefinition form differs ("The 'memory' setting for container 'x' is greater than for the task.").
   */
  containerMemoryAboveTask: (container: string) => `'memory' setting for container '${container}' is greater than for task.`,
} as const;

/**
 * How ECS reports a task's end (DescribeTasks `stopCode`/`stoppedReason`) and the agent's own
 * lifecycle texts. Stop codes are [DOC] (API_Task `stopCode`).
 */
export const EcsTaskLifecycle = {
  /** [OBS] real DescribeTasks output, with stopCode EssentialContainerExited. */
  essentialContainerExited: 'Essential container in task exited',
  /** [OBS] real DescribeTasks output after `aws ecs stop-task` without `--reason`, stopCode UserInitiated. */
  stoppedByUser: 'Task stopped by user',
  /** [SRC] agent/engine/errors.go TaskDependencyError: dependsOn that can never resolve (EC2 agent). */
  taskDependencyError: (taskArn: string) => `Task dependencies cannot be resolved, taskArn: ${taskArn}`,
  /**
   * [OBS] real DescribeTasks output of a task a service deployment replaced (`update-service
   * --force-new-deployment`), stopCode ServiceSchedulerInitiated; the id is `ecs-svc/` and 19 digits.
   */
  scalingActivity: (deploymentId: string) => `Scaling activity initiated by (deployment ${deploymentId})`,
  stopCode: {
    essentialContainerExited: 'EssentialContainerExited',
    userInitiated: 'UserInitiated',
    taskFailedToStart: 'TaskFailedToStart',
    serviceSchedulerInitiated: 'ServiceSchedulerInitiated',
  },
} as const;

/**
 * Container-level reasons of the EC2 ECS agent: a NamedError prints as `<ErrorName>: <error>`
 * (ecs-agent/api/errors DefaultNamedError), and the error of a Docker call is the Docker Go client's
 * text. [SRC] agent/dockerclient/dockerapi/errors.go and docker_client.go.
 */
export const EcsContainerErrors = {
  /**
   * [OBS] e.g. `CannotPullContainerError: Error response from daemon: pull access denied for x, ...`
   * (awslabs/ecs-task-kite#8, aws-samples/amazon-chime-sdk-recording-demo#55). The agent wraps the
   * daemon's refusal, or the first `error` of the pull progress stream verbatim; a registry's 401
   * reads `… Error response from daemon: Get "https://<registry>/v2/<repo>/manifests/<tag>": no basic
   * auth credentials` without credentials (the Docker text: moby/moby#46662, aws/amazon-vpc-cni-k8s#1117).
   */
  cannotPullContainer: (dockerMessage: string) => `CannotPullContainerError: ${dockerMessage}`,
  /** [SRC] CannotCreateContainerError wrapping the daemon's refusal of ContainerCreate. */
  cannotCreateContainer: (dockerMessage: string) => `CannotCreateContainerError: ${dockerMessage}`,
  /** [OBS] e.g. `CannotStartContainerError: Error response from daemon: OCI runtime create failed: ...`. */
  cannotStartContainer: (dockerMessage: string) => `CannotStartContainerError: ${dockerMessage}`,
  /**
   * A container's `reason` when the kernel killed it at its memory limit (exit code 137); the task's
   * own stoppedReason stays `Essential container in task exited` (stopCode EssentialContainerExited).
   * [SRC] agent/dockerclient/dockerapi/errors.go OutOfMemoryError (for Docker's `State.OOMKilled`);
   * [OBS] the same on Fargate: transcom/mymove#11213 (describe-tasks: exitCode 137, this reason),
   * aws/amazon-ecs-agent#1187 (a Fargate task: "Status reason OutOfMemoryError: Container killed due
   * to memory usage Exit Code 137").
   */
  outOfMemory: 'OutOfMemoryError: Container killed due to memory usage',
  /** [SRC] moby client errors: how the Go client prints an API error the daemon returned. */
  daemonResponse: (message: string) => `Error response from daemon: ${message}`,
  /** [SRC] moby's image-not-found text. [INF] used for `--pull never` when the image is missing. */
  noSuchImage: (ref: string) => `No such image: ${ref}`,
} as const;

/**
 * The Docker client's refusals of an image reference, before any request: the EC2 agent's pull
 * reports them as `CannotPullContainerError: <text>` (the Go client's ImagePull parses first).
 * [SRC] distribution/reference @ 0965666a reference.go, normalize.go (the lower-case form since
 * 3f53a5a, 2020). [OBS] "invalid reference format" in ECS reports (aws-samples/amazon-ecs-java-microservices#6:
 * "Unable to pull customer's container image. ErrorCode: 500, Reason: invalid reference format.", an
 * early Fargate form). [INF] Fargate today gives the same `CannotPullContainerError: <text>`.
 */
export const DockerReference = {
  invalidFormat: 'invalid reference format',
  nameEmpty: 'repository name must have at least one component',
  nameTooLong: 'repository name must not be more than 255 characters',
  nameNotLowercase: (path: string) => `invalid reference format: repository name (${path}) must be lowercase`,
  identifier: (ref: string) => `invalid repository name (${ref}), cannot specify 64-byte hexadecimal strings`,
} as const;

/**
 * The AWS CLI's own refusals, made before any request (botocore validate.py ParamValidationError).
 * [SRC] boto/botocore botocore/validate.py @ 21cc625a; [OBS] aws/aws-sdk#38 and
 * brentley/tensorflow-container#1 (`Unknown parameter in containerDefinitions[0]: "resourceRequirements", must be one of: …`).
 * The JS SDK v3 sends only the members it knows and drops the rest silently, so the CLI's text is the one users see.
 */
export const AwsCli = {
  parameterValidationFailed: (lines: readonly string[]) => `Parameter validation failed:\n${lines.join('\n')}`,
  unknownParameter: (where: string, name: string, allowed: readonly string[]) =>
    `Unknown parameter in ${where}: "${name}", must be one of: ${allowed.join(', ')}`,
} as const;

/** CloudFormation's validation texts, for templates read offline. */
export const CloudFormation = {
  /**
   * [OBS] aws/serverless-application-model#1044 and dougmoscrop/serverless-plugin-split-stacks#122
   * (`Circular dependency between resources: [A, B, …]`): resources whose values need each other.
   */
  circularDependency: (logicalIds: readonly string[]) => `Circular dependency between resources: [${logicalIds.join(', ')}]`,
} as const;
