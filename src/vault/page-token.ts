/**
 * NextToken for the paginated list operations: opaque to callers, as AWS's are, and stateless (the
 * offset of the next item), so that a token survives a restart of `vault serve`.
 */

const PREFIX = 'ecs-local:';

export function pageToken(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, 'utf8').toString('base64url');
}

/** The offset a token stands for; undefined when the token is not one of ours. */
export function pageOffset(token: string): number | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const digits = text.slice(PREFIX.length);
  return /^\d{1,9}$/.test(digits) ? Number(digits) : undefined;
}

/** One page of `items` from `token` (undefined: the first page). */
export function page<T>(items: readonly T[], size: number, token: string | undefined, invalid: () => Error): { items: T[]; next?: string } {
  let start = 0;
  if (token !== undefined) {
    const offset = pageOffset(token);
    if (offset === undefined) throw invalid();
    start = offset;
  }
  const end = start + size;
  const out: { items: T[]; next?: string } = { items: items.slice(start, end) };
  if (end < items.length) out.next = pageToken(end);
  return out;
}
