/**
 * One AWS JSON 1.1 request against the vault file: route by X-Amz-Target, check the input, apply
 * IAM when the caller is a known task and the vault has policies, run the operation (writes through
 * the file's lock), and answer as AWS would. Free of HTTP plumbing.
 */
import { randomUUID } from 'node:crypto';
import { isEcsLocalError } from '../errors.js';
import { authorizeOperation } from './operation-guard.js';
import { AwsJson } from '../messages.js';
import { AwsServiceError, type CallerIdentity } from '../aws/ports.js';
import type { Vault } from '../vault/load.js';
import type { VaultFile } from '../vault/vault-file.js';
import { OPERATIONS, TARGET_PREFIX } from './operations.js';
import { failure, internalErrorCode, ok, parseTarget, regionOf, unknownOperation, type Reply } from './protocol.js';
import { fromWire, toWire } from './wire.js';

export interface VaultRequest {
  /** The X-Amz-Target header. */
  target?: string;
  /** The Authorization header (SigV4), for the region it was signed for. */
  authorization?: string;
  body: Buffer | string | undefined;
  /**
   * The task the request's access key was issued to (src/serve/callers.ts). Its role's policies in
   * the vault are applied; undefined is an unrestricted local user.
   */
  caller?: CallerIdentity;
  /** Notes about IAM (a role without policies, an ignored Condition). */
  warn?: (line: string) => void;
}

export async function handle(vault: VaultFile, req: VaultRequest, requestId: string = randomUUID()): Promise<Reply> {
  const target = parseTarget(req.target);
  const operation = target ? OPERATIONS[target.service][target.operation] : undefined;
  if (!target || !operation) {
    const prefix = (req.target ?? '').split('.')[0] ?? '';
    return unknownOperation(requestId, req.target, Object.hasOwn(TARGET_PREFIX, prefix));
  }
  try {
    const input = fromWire(parseBody(req.body, requestId), operation, requestId);
    // At most one look at the file per request, and none for a signed write without IAM to check
    // (the write reads the file itself, under the lock).
    let looked: Vault | undefined;
    const current = async (): Promise<Vault> => (looked ??= await vault.read());
    const region = regionOf(req.authorization) ?? (await current()).region;
    if (req.caller !== undefined) {
      const now = await current();
      // [INF] A vault without a `policies` section does not simulate IAM, for the task role as for
      // the execution role.
      if (now.store.data.policies !== undefined) {
        authorizeOperation(
          now,
          { service: target.service, operation: target.operation, region, input },
          { caller: req.caller, warn: req.warn ?? (() => {}), requestId: () => requestId },
        );
      }
    }
    const result = operation.write
      ? await vault.write((store) => operation.run(store, region, input))
      : operation.run((await current()).store, region, input);
    return ok(requestId, toWire(result));
  } catch (err) {
    if (err instanceof Error && (err as Partial<AwsServiceError>).errorName === 'AwsServiceError') {
      const e = err as AwsServiceError;
      return failure(requestId, e.statusCode, e.code, e.message);
    }
    // The vault file is broken or locked for too long, or a bug: AWS's internal error, with why.
    const detail = isEcsLocalError(err) ? err.message : err instanceof Error ? err.message : String(err);
    return failure(requestId, 500, internalErrorCode(target.service), AwsJson.internalFailure(detail));
  }
}

/** An empty body counts as `{}` (the SDKs always send one). */
function parseBody(body: Buffer | string | undefined, requestId: string): unknown {
  const text = body === undefined ? '' : body.toString();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AwsServiceError('SerializationException', AwsJson.notJson(), 400, requestId);
  }
}
