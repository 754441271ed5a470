// A small helper to declare a template function with Go's signature, and the byte-level string
// operations sprig's functions do (Go slices strings by UTF-8 bytes, not by UTF-16 units).

import { GoError, type ParamType, type TemplateFunction } from '../gotemplate/index';

export interface FunctionOptions {
  variadic?: boolean;
  passOrigin?: TemplateFunction['passOrigin'];
  uses?: TemplateFunction['uses'];
}

/** A function with Go's parameter types; with `variadic`, the last type is that of each remaining argument. */
export function fn(params: readonly ParamType[], call: TemplateFunction['call'], options: FunctionOptions = {}): TemplateFunction {
  return { params, call, ...(options.variadic ? { variadic: true } : {}), ...(options.passOrigin !== undefined ? { passOrigin: options.passOrigin } : {}), ...(options.uses ? { uses: options.uses } : {}) };
}

/** A table of functions by name. */
export type FunctionTable = Record<string, TemplateFunction>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/**
 * Go's s[low:high] on a string's bytes, with the runtime's panic for bounds out of range
 * ("slice bounds out of range [:9] with length 5"). `high` undefined is s[low:].
 */
export function sliceBytes(s: string, low: number | undefined, high: number | undefined): string {
  const bytes = utf8(s);
  const len = bytes.length;
  if (high !== undefined && (high < 0 || high > len)) throw new GoError(`runtime error: slice bounds out of range [:${high}] with length ${len}`);
  const h = high ?? len;
  const l = low ?? 0;
  if (l < 0 || l > h) throw new GoError(`runtime error: slice bounds out of range [${l}:${h}]`);
  // An ASCII string slices the same in bytes and in UTF-16 units.
  if (len === s.length) return s.slice(l, h);
  return fromUtf8(bytes.subarray(l, h));
}

/** Go's len of a string: its UTF-8 byte count. */
export function byteLength(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** unicode.IsSpace: Go's white space (not JS's \s, which adds U+FEFF and misses U+0085). */
export function isGoSpace(ch: string): boolean {
  return /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/.test(ch);
}

/** unicode.IsUpper / IsLower / IsLetter / IsDigit / IsNumber / IsPunct on one code point. */
export const isUpper = (ch: string): boolean => /^\p{Lu}$/u.test(ch);
export const isLower = (ch: string): boolean => /^\p{Ll}$/u.test(ch);
export const isTitle = (ch: string): boolean => /^\p{Lt}$/u.test(ch);
export const isLetter = (ch: string): boolean => /^\p{L}$/u.test(ch);
export const isDigit = (ch: string): boolean => /^\p{Nd}$/u.test(ch);
export const isNumber = (ch: string): boolean => /^\p{N}$/u.test(ch);
export const isPunct = (ch: string): boolean => /^\p{P}$/u.test(ch);

/** unicode.ToUpper / ToLower: one code point to one, as Go maps runes (JS's special casing, ß to SS, does not apply). */
export function toUpperRune(ch: string): string {
  const u = ch.toUpperCase();
  return [...u].length === 1 ? u : ch;
}

export function toLowerRune(ch: string): string {
  const l = ch.toLowerCase();
  return [...l].length === 1 ? l : ch;
}

/** strings.ToUpper / ToLower: rune by rune. */
export function goUpper(s: string): string {
  let out = '';
  for (const ch of s) out += toUpperRune(ch);
  return out;
}

export function goLower(s: string): string {
  let out = '';
  for (const ch of s) out += toLowerRune(ch);
  return out;
}
