/**
 * Who a request to `vault serve` comes from, by the access key id it was signed with. A run registers
 * the keys its credentials endpoint hands to a task, each under the task role and the task id (the
 * session name ECS gives the role), with the secret and token it issued, so that the task's runtime
 * endpoint can verify every signature and apply the vault's IAM policies to the task's own calls.
 * `vault serve --verify-signatures` registers the user's own key, without a caller. A key id is never
 * decoded: only keys registered here are known.
 */
import type { CallerIdentity } from '../aws/ports.js';
import type { KeyDirectory, KnownKey } from './authenticate.js';

export interface CallerDirectory {
  /** The caller a key was issued to; undefined for a key this directory does not know. */
  callerOf(accessKeyId: string): CallerIdentity | undefined;
}

/** The secret half of a key as it was handed out. */
export interface KeySecret {
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export class IssuedKeys implements CallerDirectory, KeyDirectory {
  private readonly keys = new Map<string, { caller?: CallerIdentity; secret?: KeySecret }>();

  /**
   * A key and whose it is. Without its secret the key names a caller for IAM but cannot pass
   * signature verification.
   */
  register(accessKeyId: string, caller: CallerIdentity | undefined, secret?: KeySecret): void {
    // An empty id would match any unsigned request's missing key.
    if (accessKeyId === '') return;
    this.keys.set(accessKeyId, { ...(caller ? { caller: { ...caller } } : {}), ...(secret ? { secret: { ...secret } } : {}) });
  }

  callerOf(accessKeyId: string): CallerIdentity | undefined {
    return this.keys.get(accessKeyId)?.caller;
  }

  keyOf(accessKeyId: string): KnownKey | undefined {
    const entry = this.keys.get(accessKeyId);
    if (entry?.secret === undefined) return undefined;
    return { ...entry.secret, ...(entry.caller ? { caller: entry.caller } : {}) };
  }
}
