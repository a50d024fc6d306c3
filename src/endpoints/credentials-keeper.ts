/**
 * Keeps one task's role credentials fresh, as the agent keeps the ones ACS sends: fetched once
 * before the task starts, renewed when they near their expiry, never handed out expired.
 */
import type { CredentialsLookup, RoleCredentials } from './credentials.js';
import type { CredentialSource } from './credential-sources.js';

/** [INF] Renew when less than this much is left, or less than half the lifetime (short STS sessions). */
export const MAX_REFRESH_MARGIN_MS = 3600_000;

export class CredentialsKeeper {
  private current: RoleCredentials | undefined;
  private fetchedAt = 0;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly source: CredentialSource,
    readonly roleArn: string,
    private readonly taskId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** The first fetch; its failure (no host credentials, AssumeRole refused) is the caller's to report. */
  async prime(): Promise<void> {
    await this.refresh();
  }

  /** Credentials that are valid now (renewed first if they near expiry); `uninitialized` if there are none. */
  async lookup(): Promise<CredentialsLookup> {
    if (this.current === undefined || this.dueForRenewal(this.current)) {
      // A failed renewal keeps the credentials there are, while they last.
      await this.refresh().catch(() => undefined);
    }
    const c = this.current;
    if (c === undefined || c.expiration.getTime() <= this.now()) return { kind: 'uninitialized' };
    return { kind: 'found', credentials: c };
  }

  private dueForRenewal(c: RoleCredentials): boolean {
    const expires = c.expiration.getTime();
    const margin = Math.min(MAX_REFRESH_MARGIN_MS, (expires - this.fetchedAt) / 2);
    return expires - this.now() < margin;
  }

  /** One fetch at a time: concurrent requests share it. */
  private refresh(): Promise<void> {
    this.pending ??= this.source
      .fetch(this.roleArn, this.taskId)
      .then((c) => {
        this.current = c;
        this.fetchedAt = this.now();
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
