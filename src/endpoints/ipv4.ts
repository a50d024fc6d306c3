/** Just enough IPv4 arithmetic to name a subnet. Pure. */

/** The address as an unsigned 32-bit number, or undefined if `text` is not dotted-quad IPv4. */
function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** `172.17.0.5`, 16 → `172.17.0.0/16`; undefined for a bad address. */
export function subnetOf(ip: string, prefix: number): string | undefined {
  const a = parseIpv4(ip);
  if (a === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  return `${formatIpv4((a & maskOf(prefix)) >>> 0)}/${prefix}`;
}
