// Go's strconv, the parts that printing needs: FormatFloat ('e', 'f', 'g' with a precision or
// the shortest form), Quote and QuoteRune.
//
// Floats are converted exactly: a float64 is m·2^e, whose decimal expansion BigInt gives in full,
// and rounding a precision is half-to-even on that exact expansion, as strconv's decimal does. The
// shortest form takes its digits from JS (Number#toExponential() with no argument gives the
// shortest digits that read back to the same float, the closest ones when several exist, as Go's
// Ryū does); only the layout around the digits is Go's.

/** A decimal: value = 0.d × 10^dp, with no leading or trailing zeros in d ("" is zero). */
interface Decimal {
  d: string;
  dp: number;
}

/** The exact decimal expansion of a finite, non-negative float64. */
function exactDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let dp: number;
  if (exp >= 0) {
    digits = (mant << BigInt(exp)).toString();
    dp = digits.length;
  } else {
    // m / 2^k = m·5^k / 10^k
    digits = (mant * 5n ** BigInt(-exp)).toString();
    dp = digits.length + exp;
  }
  return trim({ d: digits, dp });
}

function trim(dec: Decimal): Decimal {
  let d = dec.d;
  let dp = dec.dp;
  let start = 0;
  while (start < d.length && d[start] === '0') start++;
  dp -= start;
  d = d.slice(start).replace(/0+$/, '');
  return d === '' ? { d: '', dp: 0 } : { d, dp };
}

/** The shortest digits that read back as x (finite, non-negative). */
function shortestDecimal(x: number): Decimal {
  if (x === 0) return { d: '', dp: 0 };
  const [mantissa, exponent] = x.toExponential().split('e') as [string, string];
  return trim({ d: mantissa.replace('.', ''), dp: Number(exponent) + 1 });
}

/** Rounds to nd digits, half to even on the exact value (strconv's decimal.Round). */
function round(dec: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= dec.d.length) return dec;
  const next = dec.d.charCodeAt(nd) - 48;
  let up: boolean;
  if (next === 5 && nd + 1 === dec.d.length) up = nd > 0 && (dec.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = next >= 5;
  if (!up) return trim({ d: dec.d.slice(0, nd), dp: dec.dp });
  // Round up: add one at position nd-1, carrying through nines.
  let i = nd - 1;
  while (i >= 0 && dec.d[i] === '9') i--;
  if (i < 0) return { d: '1', dp: dec.dp + 1 };
  return trim({ d: dec.d.slice(0, i) + String.fromCharCode(dec.d.charCodeAt(i) + 1), dp: dec.dp });
}

function digitAt(dec: Decimal, i: number): string {
  return i >= 0 && i < dec.d.length ? dec.d[i]! : '0';
}

/** %e: d.ddddde±dd */
function fmtE(neg: boolean, dec: Decimal, prec: number, e: string): string {
  let out = neg ? '-' : '';
  out += dec.d.length ? dec.d[0] : '0';
  if (prec > 0) {
    out += '.';
    for (let i = 1; i <= prec; i++) out += digitAt(dec, i);
  }
  let exp = dec.d.length === 0 ? 0 : dec.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return `${out}${e}${sign}${exp < 10 ? '0' : ''}${exp}`;
}

/** %f: ddddd.ddddd */
function fmtF(neg: boolean, dec: Decimal, prec: number): string {
  let out = neg ? '-' : '';
  if (dec.dp > 0) {
    for (let i = 0; i < dec.dp; i++) out += digitAt(dec, i);
  } else out += '0';
  if (prec > 0) {
    out += '.';
    for (let i = 0; i < prec; i++) out += digitAt(dec, dec.dp + i);
  }
  return out;
}

/**
 * strconv.FormatFloat(x, fmt, prec, 64) for fmt in e, E, f, g, G; prec -1 means the shortest
 * form that reads back as x. Infinities and NaN are "+Inf", "-Inf" and "NaN".
 */
export function formatFloat(x: number, fmt: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  const abs = Math.abs(x);
  const shortest = prec < 0;
  let dec: Decimal;
  if (shortest) {
    dec = shortestDecimal(abs);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(dec.d.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(dec.d.length - dec.dp, 0);
    else prec = dec.d.length;
  } else {
    dec = exactDecimal(abs);
    if (fmt === 'e' || fmt === 'E') dec = round(dec, prec + 1);
    else if (fmt === 'f') dec = round(dec, dec.dp + prec);
    else {
      if (prec === 0) prec = 1;
      dec = round(dec, prec);
    }
  }
  if (fmt === 'e' || fmt === 'E') return fmtE(neg, dec, prec, fmt);
  if (fmt === 'f') return fmtF(neg, dec, prec);
  // %g: %e when the exponent is below -4 or at least the precision (6 for the shortest form).
  let eprec = prec;
  if (eprec > dec.d.length && dec.d.length >= dec.dp) eprec = dec.d.length;
  if (shortest) eprec = 6;
  const exp = dec.dp - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > dec.d.length) prec = dec.d.length;
    return fmtE(neg, dec, prec - 1, fmt === 'g' ? 'e' : 'E');
  }
  if (prec > dec.dp) prec = dec.d.length;
  return fmtF(neg, dec, Math.max(prec - dec.dp, 0));
}

// ---- Quoting ------------------------------------------------------------------------------------

/** unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

export function isPrint(cp: number): boolean {
  return PRINTABLE.test(String.fromCodePoint(cp));
}

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

function escapeRune(cp: number, quote: string, asciiOnly: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (ch === quote || ch === '\\') return `\\${ch}`;
  if (asciiOnly ? cp < 0x7f && isPrint(cp) : isPrint(cp)) return ch;
  switch (cp) {
    case 7:
      return '\\a';
    case 8:
      return '\\b';
    case 12:
      return '\\f';
    case 10:
      return '\\n';
    case 13:
      return '\\r';
    case 9:
      return '\\t';
    case 11:
      return '\\v';
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex(cp, 2)}`;
  // A lone surrogate is what invalid UTF-8 becomes in a JS string; Go prints the replacement rune's escape.
  if (cp >= 0xd800 && cp <= 0xdfff) return '\\ufffd';
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`;
  return `\\U${hex(cp, 8)}`;
}

/** strconv.Quote (or QuoteToASCII): a double-quoted Go string literal. */
export function quote(s: string, asciiOnly = false): string {
  let out = '"';
  for (const ch of s) out += escapeRune(ch.codePointAt(0)!, '"', asciiOnly);
  return `${out}"`;
}

/** strconv.QuoteRune: a single-quoted Go rune literal; invalid code points become U+FFFD. */
export function quoteRune(cp: number, asciiOnly = false): string {
  return `'${escapeRune(validRune(cp), "'", asciiOnly)}'`;
}

/** A code point Go would print: out-of-range values and surrogates become U+FFFD. */
export function validRune(cp: number): number {
  return cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? 0xfffd : cp;
}

/** strconv.CanBackquote: no control characters (but tab), no backquote, no U+FEFF. */
export function canBackquote(s: string): boolean {
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '`' || cp === 0xfeff || (cp < 0x20 && cp !== 9) || cp === 0x7f) return false;
  }
  return true;
}

/** The UTF-8 bytes of a string. */
export function utf8Bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

// Parsing numbers as strconv does, for the template parser's literals and sprig's conversions.

/** strconv's underscoreOK: underscores only between digits, or right after a base prefix. */
function underscoreOK(s: string): boolean {
  // Mirrors strconv: track whether the previous character was a digit, an underscore, or other.
  let saw: '^' | '0' | '_' | '!' = '^';
  let i = 0;
  if (s[0] === '+' || s[0] === '-') i++;
  let hex = false;
  if (s.length - i >= 2 && s[i] === '0' && /[bBoOxX]/.test(s[i + 1]!)) {
    hex = s[i + 1] === 'x' || s[i + 1] === 'X';
    i += 2;
    saw = '0'; // the prefix counts as a digit
  }
  for (; i < s.length; i++) {
    const c = s[i]!;
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

// Made once, not at every call: it runs for every number a template or a values file holds.
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };
const BIGINT_PREFIX: Record<number, string> = { 2: '0b', 8: '0o', 10: '', 16: '0x' };

/** strconv.ParseInt(s, 0, 64) without the range check: the value, or undefined on bad syntax. */
export function parseIntBase0(text: string): bigint | undefined {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let digits = s;
  if (/^0[xX]/.test(s)) [base, digits] = [16, s.slice(2)];
  else if (/^0[bB]/.test(s)) [base, digits] = [2, s.slice(2)];
  else if (/^0[oO]/.test(s)) [base, digits] = [8, s.slice(2)];
  else if (s.length > 1 && s[0] === '0') [base, digits] = [8, s.slice(1)];
  if (s.includes('_')) {
    if (!underscoreOK(text)) return undefined;
    digits = digits.replace(/_/g, '');
  }
  if (!DIGITS[base]!.test(digits)) return undefined;
  const value = BigInt(BIGINT_PREFIX[base]! + digits);
  return neg ? -value : value;
}

// Made once: a regular expression literal is a new object each time it is evaluated.
const DECIMAL_FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const HEX_FLOAT = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;

/** strconv.ParseFloat(s, 64) for finite numbers: decimal or hexadecimal (with a p exponent) floats; undefined on bad syntax. */
export function parseFloat64(text: string): number | undefined {
  if (text.includes('_')) {
    if (!underscoreOK(text)) return undefined;
    text = text.replace(/_/g, '');
  }
  if (DECIMAL_FLOAT.test(text)) return Number(text);
  const hex = HEX_FLOAT.exec(text);
  if (hex && (hex[2] || hex[3])) {
    const mantissa = parseInt(`${hex[2] || '0'}${hex[3]}`, 16) / 16 ** hex[3]!.length;
    const value = mantissa * 2 ** Number(hex[4]);
    return hex[1] === '-' ? -value : value;
  }
  return undefined;
}
