/**
 * Who a request to `vault serve` comes from, by the access key id it was signed with. A run registers
 * the keys its credentials endpoint hands to a task, each under the task role and the task id (the
 * session name ECS gives the role), so the vault's IAM policies can be applied to the task's own
 * calls. Only keys registered here are trusted: a key id is never decoded.
 *
 * [INF] A key the server did not issue (the AWS CLI on this machine, a task of another run, any SDK
 * with its own keys) is an unrestricted local user: no IAM check, as `vault serve` without a run.
 */
import type { CallerIdentity } from '../aws/ports.js';

export interface CallerDirectory {
  /** The caller a key was issued to; undefined for a key this directory does not know. */
  callerOf(accessKeyId: string): CallerIdentity | undefined;
}

export class IssuedKeys implements CallerDirectory {
  private readonly keys = new Map<string, CallerIdentity>();

  register(accessKeyId: string, caller: CallerIdentity): void {
    // An empty id would match any unsigned request's missing key.
    if (accessKeyId === '') return;
    this.keys.set(accessKeyId, { ...caller });
  }

  callerOf(accessKeyId: string): CallerIdentity | undefined {
    return this.keys.get(accessKeyId);
  }
}
