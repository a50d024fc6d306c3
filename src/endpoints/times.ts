/**
 * Timestamps as the ECS agent writes them. Pure.
 * - Credentials `Expiration`: RFC 3339 UTC to the second (`2017-03-10T16:28:13Z`), as ACS sends it.
 * - Metadata times: Go's `time.Time` JSON (RFC3339Nano: the fraction without trailing zeros, none at all
 *   on a whole second). Docker's own times are already in that form and are passed through untouched.
 */

/** `2026-01-01T12:00:00Z`: no fractional seconds (the JS SDK's strict parser accepts it). */
export function rfc3339Seconds(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Go's RFC3339Nano for a millisecond-precise JS date: `…:00.5Z`, `…:00Z`. */
export function goTime(date: Date): string {
  return date.toISOString().replace(/\.(\d+)Z$/, (_m, fraction: string) => {
    const trimmed = fraction.replace(/0+$/, '');
    return trimmed === '' ? 'Z' : `.${trimmed}Z`;
  });
}

/** A Docker time string, or undefined for Docker's zero time (`0001-01-01T00:00:00Z`: never happened). */
export function dockerTime(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value.startsWith('0001-01-01')) return undefined;
  return value;
}
