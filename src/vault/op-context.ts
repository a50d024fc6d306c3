/**
 * What every vault operation is given: the data, the caller's region and account, the clock, and the
 * error factory; plus the checks of the API model that AWS reports in its validation format.
 */
import { AwsJson } from '../messages.js';
import type { MakeError } from './secret-value.js';
import type { VaultData } from './types.js';

export interface OpContext {
  data: VaultData;
  /** The region the request was sent to (the backend's region). */
  region: string;
  /** The caller's account: the vault's. */
  accountId: string;
  now: Date;
  error: MakeError;
  /** AWS's random 6-character ARN suffix for a new secret. */
  randomSuffix: () => string;
}

/** ValidationException when a string member is outside the model's length bounds. */
export function checkLength(ctx: OpContext, value: string, member: string, min: number, max: number): void {
  if (value.length < min) {
    throw ctx.error('ValidationException', AwsJson.validation(value, member, `Member must have length greater than or equal to ${min}`));
  }
  if (value.length > max) {
    throw ctx.error('ValidationException', AwsJson.validation(value, member, `Member must have length less than or equal to ${max}`));
  }
}

/** ValidationException when a number member is outside the model's range. */
export function checkRange(ctx: OpContext, value: number, member: string, min: number, max: number): void {
  if (value < min) {
    throw ctx.error('ValidationException', AwsJson.validation(String(value), member, `Member must have value greater than or equal to ${min}`));
  }
  if (value > max) {
    throw ctx.error('ValidationException', AwsJson.validation(String(value), member, `Member must have value less than or equal to ${max}`));
  }
}

/** Stages are kept in the order AWS returns them: sorted (AWS-recorded: SAMPLESTAGE0 before SAMPLESTAGE1). */
export function sortedStages(stages: Iterable<string>): string[] {
  return [...new Set(stages)].sort();
}
