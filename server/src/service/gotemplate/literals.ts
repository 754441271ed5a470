// Go's literal syntax as the template parser reads it: strconv.Unquote for "…", `…` and '…',
// and the number rules of parse.newNumber (ints in every base with underscores, floats,
// hexadecimal floats, character constants).
//
// JS strings are UTF-16 text; a \x or octal escape that would make a lone byte in Go gives the
// code point of that byte here (a Go template needing invalid UTF-8 is not a chart's template).

/** A number literal, as parse.NumberNode holds it. */
export interface NumberValue {
  /** Set when the text is an integer that fits int64. */
  int?: bigint;
  /** Set when it is a non-negative integer that fits uint64 (only matters for "overflows int"). */
  uint?: bigint;
  /** Set when the text reads as a float64 (integers too, as in Go). */
  float?: number;
  /** Complex literals parse but cannot be evaluated here. */
  complex?: boolean;
}

import { parseFloat64, parseIntBase0 } from './strconv';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;


/** parse.newNumber: what a number literal is, or Go's error message. */
export function parseNumber(text: string, kind: 'number' | 'charConstant' | 'complex'): NumberValue | { error: string } {
  if (kind === 'charConstant') {
    const r = unquoteChar(text);
    if (r === undefined) return { error: `malformed character constant: ${text}` };
    return { int: BigInt(r), uint: BigInt(r), float: r };
  }
  if (kind === 'complex' || text.endsWith('i')) return { complex: true };
  const n: NumberValue = {};
  const i = parseIntBase0(text);
  if (i !== undefined) {
    if (i >= INT64_MIN && i <= INT64_MAX) n.int = i;
    if (i >= 0n && i <= UINT64_MAX) n.uint = i;
  }
  if (n.int !== undefined) n.float = Number(n.int);
  else if (n.uint !== undefined) n.float = Number(n.uint);
  else {
    const f = parseFloat64(text);
    if (f !== undefined) {
      // Reads as a float but looks like an integer: one too large for int64 (or "089").
      if (!/[.eEpP]/.test(text)) return { error: `integer overflow: ${JSON.stringify(text)}` };
      n.float = f;
      if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) n.int = BigInt(f);
      if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) n.uint = BigInt(f);
    }
  }
  if (n.int === undefined && n.uint === undefined && n.float === undefined) return { error: `illegal number syntax: ${JSON.stringify(text)}` };
  return n;
}

/** The escape after a backslash at s[i] (s[i] is the character after '\'): [code point, length], or undefined. */
function escape(s: string, i: number, quote: string): [number, number] | undefined {
  const c = s[i];
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92 };
  if (c === undefined) return undefined;
  if (c in simple) return [simple[c]!, 1];
  if (c === quote) return [c.charCodeAt(0), 1];
  const hexLen = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
  if (hexLen) {
    const h = s.slice(i + 1, i + 1 + hexLen);
    if (h.length !== hexLen || !/^[0-9a-fA-F]+$/.test(h)) return undefined;
    const v = parseInt(h, 16);
    if (c !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))) return undefined;
    return [v, 1 + hexLen];
  }
  if (c >= '0' && c <= '7') {
    const o = s.slice(i, i + 3);
    if (!/^[0-7]{3}$/.test(o)) return undefined;
    const v = parseInt(o, 8);
    if (v > 255) return undefined;
    return [v, 3];
  }
  return undefined;
}

/** strconv.Unquote of a "…" or `…` literal; undefined means "invalid syntax". */
export function unquote(text: string): string | undefined {
  if (text.length < 2) return undefined;
  const q = text[0];
  if (q !== text[text.length - 1]) return undefined;
  const body = text.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) return undefined;
    return body.replace(/\r/g, ''); // raw strings drop carriage returns
  }
  if (q !== '"') return undefined;
  // Runs of plain characters are copied whole: a string built a character at a time is a chain
  // of pieces the size of the string many times over, and parse trees keep their strings.
  let out = '';
  let run = 0;
  for (let i = 0; i < body.length; ) {
    const c = body.charCodeAt(i);
    if (c === 0x22 || c === 0x0a) return undefined; // '"', '\n'
    if (c !== 0x5c) {
      i++;
      continue;
    }
    const e = escape(body, i + 1, '"');
    if (!e) return undefined;
    out += body.slice(run, i) + String.fromCodePoint(e[0]);
    i += 1 + e[1];
    run = i;
  }
  return run === 0 ? body : out + body.slice(run);
}

/** The code point of a '…' character constant, or undefined if malformed. */
function unquoteChar(text: string): number | undefined {
  if (text.length < 3 || text[0] !== "'" || text[text.length - 1] !== "'") return undefined;
  const body = text.slice(1, -1);
  if (body[0] === '\\') {
    const e = escape(body, 1, "'");
    return e && 1 + e[1] === body.length ? e[0] : undefined;
  }
  const cp = body.codePointAt(0)!;
  return String.fromCodePoint(cp).length === body.length && body !== "'" ? cp : undefined;
}
