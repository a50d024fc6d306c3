/**
 * The two pieces of Go's `strconv` that the ECS agent's texts depend on: how `strconv.Quote` escapes
 * a rune in U+0000..U+00FF (encoding/json quotes an offending BYTE as that rune), and
 * `strconv.FormatFloat(f, 'g', -1, 64)`, which is what `fmt` prints for a float64 with `%v`.
 */

const lowerHex = '0123456789abcdef';

/**
 * strconv.IsPrint for U+0000..U+00FF (strconv/quote.go: "if r <= 0xFF { 0x20..0x7E, or 0xA1..0xFF
 * except 0xAD }"). So U+0080..U+00A0 and the soft hyphen U+00AD are not printable.
 */
export function isPrintLatin1(r: number): boolean {
  if (r >= 0x20 && r <= 0x7e) return true;
  if (r >= 0xa1 && r <= 0xff) return r !== 0xad;
  return false;
}

/**
 * The body of `strconv.Quote(string(rune(r)))` without its double quotes, for r in 0..255
 * (strconv/quote.go appendEscapedRune): `\"` and `\\`; printable runes as they are; then
 * \a \b \f \n \r \t \v; `\xNN` below ' ' and for 0x7f; `\u00NN` for the other non-printable runes.
 */
export function quoteLatin1Body(r: number): string {
  if (r === 0x22) return '\\"';
  if (r === 0x5c) return '\\\\';
  if (isPrintLatin1(r)) return String.fromCharCode(r);
  switch (r) {
    case 0x07:
      return '\\a';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    case 0x0b:
      return '\\v';
  }
  const hex2 = (lowerHex[(r >> 4) & 0xf] ?? '') + (lowerHex[r & 0xf] ?? '');
  if (r < 0x20 || r === 0x7f) return `\\x${hex2}`;
  return `\\u00${hex2}`;
}

/**
 * `strconv.FormatFloat(f, 'g', -1, 64)`: the shortest digits that read back as f, in %e form when
 * the decimal exponent is < -4 or >= 6, else in %f form. strconv/ftoa.go: "if precision was the
 * shortest possible, use precision 6 for this decision" (`if shortest { eprec = 6 }`); %e has a
 * signed exponent of at least two digits. The "21" threshold belongs to encoding/json's encoder and
 * to JavaScript, not to fmt: Go prints 1234567.0 as 1.234567e+06.
 */
export function formatFloatShortestG(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  const neg = f < 0 || Object.is(f, -0);
  const sign = neg ? '-' : '';
  if (f === 0) return `${sign}0`;
  // toExponential() without an argument gives the shortest round-tripping digits, like strconv's
  // shortest mode (both pick the candidate closest to the exact value).
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(Math.abs(f).toExponential());
  if (!m) return String(f); // unreachable for finite numbers
  const digits = (m[1] ?? '') + (m[2] ?? '');
  const exp = Number(m[3]);
  const nd = digits.length;
  if (exp < -4 || exp >= 6) {
    const mantissa = nd > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const absExp = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${absExp < 10 ? '0' : ''}${absExp}`;
  }
  // %f with max(nd - dp, 0) decimals, dp = exp + 1 digits before the point.
  const dp = exp + 1;
  if (dp <= 0) return `${sign}0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= nd) return `${sign}${digits}${'0'.repeat(dp - nd)}`;
  return `${sign}${digits.slice(0, dp)}.${digits.slice(dp)}`;
}
