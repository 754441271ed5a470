// Helm's toYaml, byte for byte: sigs.k8s.io/yaml.Marshal, which is json.Marshal, then the JSON
// read back by go-yaml v2 (so every float that JSON prints as an integer becomes an int, and
// keys are strings), then go-yaml v2's encoder and emitter (a port of libyaml):
//   - map keys in go-yaml's "natural" order (digit runs compared as numbers, a non-letter before
//     a letter: a9 < a10, a-b < a_b < ab);
//   - a string is plain unless it would read back as something else (YAML 1.1: yes, on, ~,
//     0x1F, 1_000, 2001-12-14, 1:20) or starts/ends with what plain scalars cannot hold; then
//     single-quoted, or double-quoted when it holds what single quotes cannot (a tab, \r, a
//     character outside the BMP);
//   - a string with a newline is a literal block (|, |-, |+, with an indentation indicator when
//     it starts with a space), unless a trailing space or special character forbids it;
//   - long plain and quoted scalars fold at the first space past column 80;
//   - sequences inside mappings are not indented ("key:\n- a"); empty collections are {} and [].

import { GoError, formatFloat, GoFunc, GoInt, GoStruct, utf8Length, type Origin, type OriginMark, type Origins, type Value } from '../gotemplate/index';
import { parseGoFloat } from '../sprig/convert';
import { jsonFloat } from '../sprig/json';

/** A node of the document go-yaml encodes: what JSON can hold, with ints apart from floats. */
type Node = null | boolean | { int: bigint } | { float: number } | string | Node[] | Map<string, Node>;

/**
 * The Go value as it comes out of json.Marshal and go-yaml's Unmarshal: ints stay ints, a float
 * becomes an int when JSON writes it as one, a struct becomes a map of its fields.
 * Throws GoError for what json.Marshal refuses (NaN, infinities, functions).
 */
export function toJsonTree(v: Value): Node {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v };
  if (v instanceof GoInt) return { int: v.value };
  if (typeof v === 'number') return readNumber(jsonFloat(v));
  if (v instanceof GoFunc) throw new GoError(`json: unsupported type: ${v.typeName}`);
  if (v instanceof GoStruct) {
    if (v.underlying !== undefined) return toJsonTree(v.underlying);
    return jsonMap(v.fields);
  }
  if (Array.isArray(v)) return v.map(toJsonTree);
  return jsonMap(v);
}

/** toJsonTree of a map's entries, in their order; forEach, as this runs mostly unoptimised, where for…of and spreads allocate for every entry. */
function jsonMap(m: ReadonlyMap<string, Value>): Map<string, Node> {
  const out = new Map<string, Node>();
  m.forEach((x, k) => out.set(k, toJsonTree(x)));
  return out;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

// The expressions of what runs for every scalar are made once: a regular expression literal is a
// new object each time it is evaluated.
const DECIMAL = /^-?[0-9]+$/;
/** A Go integer literal as strconv.ParseInt(s, 0, 64) reads it (underscores removed first): sign, digits. */
export const GO_INT = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
/** Go's octal without the `o`: 017. */
export const OCTAL = /^0[0-7]+$/;
const SIGNED_BINARY = /^-?0b[01]+$/;
export const UNDERSCORES = /_/g;
const SIGN = /[+-]/;
const DIGIT = /[0-9]/;
const BOOL_OR_NULL_START = /[yYnNtTfFoO~]/;

/** How go-yaml v2 reads a JSON number: an int if it fits int64 or uint64, else a float. */
function readNumber(text: string): Node {
  if (DECIMAL.test(text)) {
    const n = BigInt(text);
    if (n >= INT64_MIN && n <= UINT64_MAX) return { int: n };
  }
  return { float: Number(text) };
}

// ---- what a plain scalar would read back as (go-yaml v2's resolve) ----------------------------

const RESOLVE_MAP = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']);
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
/** go-yaml v2's timestamp layouts: 2006-1-2, with a time (and a zone when T-separated). */
const TIMESTAMP = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d{1,9})?))?$/;

/** A decimal of at most 15 digits: an int64 whatever its sign (the common case: a port, a count, a version part). */
const SHORT_DECIMAL = /^[+-]?(?:0|[1-9][0-9]{0,14})$/;

/** strconv.ParseInt(s, 0, 64) or ParseUint(s, 0, 64) succeeds (underscores already removed)? */
function parsesAsGoInt(s: string): boolean {
  if (SHORT_DECIMAL.test(s)) return true;
  const m = GO_INT.exec(s);
  if (!m) return false;
  const digits = m[2]!;
  let n = BigInt(OCTAL.test(digits) ? `0o${digits.slice(1)}` : digits);
  if (m[1] === '-') n = -n;
  return n >= INT64_MIN && n <= UINT64_MAX && !(m[1] === '+' && n > INT64_MAX);
}

function validDate(m: RegExpExecArray): boolean {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return false;
  const [h, mi, s] = [m[4] ?? m[7], m[5] ?? m[8], m[6] ?? m[9]].map((x) => Number(x ?? 0)) as [number, number, number];
  return h < 24 && mi < 60 && s < 60;
}

/** Would this string, written plain, read back as a string in go-yaml v2 (its resolve, by first character)? */
export function resolvesToString(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  const hint = SIGN.test(c) ? 'S' : DIGIT.test(c) ? 'D' : BOOL_OR_NULL_START.test(c) ? 'M' : c === '.' ? '.' : undefined;
  if (hint === undefined) return true;
  if (RESOLVE_MAP.has(s)) return false;
  if (hint === 'M') return true;
  if (hint === '.') return parseGoFloat(s) === undefined;
  const ts = TIMESTAMP.exec(s);
  if (ts && validDate(ts)) return false;
  const plain = s.includes('_') ? s.replace(UNDERSCORES, '') : s;
  if (parsesAsGoInt(plain)) return false;
  if (YAML_FLOAT.test(plain) && parseGoFloat(plain) !== undefined) return false;
  if (SIGNED_BINARY.test(plain)) return false;
  return true;
}

// ---- the emitter -------------------------------------------------------------------------------

const BEST_WIDTH = 80;
const BEST_INDENT = 2;

/** yaml.v2's is_printable: what it writes as is (the BMP but controls, U+0085, U+FEFF, surrogates, U+FFFE/F). */
function isPrintable(cp: number): boolean {
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff);
}

const isBreak = (cp: number): boolean => cp === 0x0a || cp === 0x0d || cp === 0x85 || cp === 0x2028 || cp === 0x2029;
const isSpace = (cp: number): boolean => cp === 0x20;
const isBlank = (cp: number): boolean => cp === 0x20 || cp === 0x09;

interface Analysis {
  multiline: boolean;
  flowPlain: boolean;
  blockPlain: boolean;
  singleQuoted: boolean;
  block: boolean;
}

/** Code points in a string (what libyaml's column counts), without making a list of them. */
function codePointCount(s: string): number {
  let count = s.length;
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    // A high surrogate followed by a low one is one code point (a lone one counts as one, as [...s] does).
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < s.length) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Indicators that make a scalar not plain when they start it ('#,[]{}&*!|>\'"%@`'). */
const LEADING_INDICATORS: ReadonlySet<number> = new Set([...'#,[]{}&*!|>\'"%@`'].map((c) => c.codePointAt(0)!));
/** Flow indicators anywhere in a scalar (',?[]{}'). */
const FLOW_INDICATORS: ReadonlySet<number> = new Set([...',?[]{}'].map((c) => c.codePointAt(0)!));
const COLON = 0x3a;
const QUESTION_MARK = 0x3f;
const DASH = 0x2d;
const HASH = 0x23;

/** yaml_emitter_analyze_scalar, over the code points of `value` (read in place: this runs for every scalar toYaml writes). */
function analyze(value: string): Analysis {
  if (value === '') return { multiline: false, flowPlain: false, blockPlain: true, singleQuoted: true, block: false };
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = flowIndicators = true;
  let precededByWhitespace = true;
  let c = value.codePointAt(0)!;
  for (let at = 0; at < value.length; ) {
    const first = at === 0;
    const nextAt = at + (c > 0xffff ? 2 : 1);
    const last = nextAt >= value.length;
    const next = last ? -1 : value.codePointAt(nextAt)!;
    const followedByWhitespace = last || isBlank(next) || isBreak(next);
    if (first) {
      if (LEADING_INDICATORS.has(c)) flowIndicators = blockIndicators = true;
      else if (c === QUESTION_MARK || c === COLON) {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (c === DASH && followedByWhitespace) flowIndicators = blockIndicators = true;
    } else if (FLOW_INDICATORS.has(c)) flowIndicators = true;
    else if (c === COLON) {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (c === HASH && precededByWhitespace) flowIndicators = blockIndicators = true;

    if (!isPrintable(c)) special = true;
    if (isSpace(c)) {
      if (first) leadingSpace = true;
      if (last) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (first) leadingBreak = true;
      if (last) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = previousBreak = false;
    }
    precededByWhitespace = isBlank(c) || isBreak(c);
    at = nextAt;
    c = next;
  }
  const a: Analysis = { multiline: lineBreaks, flowPlain: true, blockPlain: true, singleQuoted: true, block: true };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) a.flowPlain = a.blockPlain = false;
  if (trailingSpace) a.block = false;
  if (breakSpace) a.flowPlain = a.blockPlain = a.singleQuoted = false;
  if (spaceBreak || special) a.flowPlain = a.blockPlain = a.singleQuoted = a.block = false;
  if (lineBreaks) a.flowPlain = a.blockPlain = false;
  if (flowIndicators) a.flowPlain = false;
  if (blockIndicators) a.blockPlain = false;
  return a;
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** The encoder's wish (stringv) and the emitter's choice (select_scalar_style), in block context. */
function stringStyle(s: string, simpleKey: boolean, a: Analysis = analyze(s)): Style {
  let style: Style = s.includes('\n') ? 'literal' : resolvesToString(s) && !BASE60_FLOAT.test(s) ? 'plain' : 'double';
  if (simpleKey && a.multiline) style = 'double';
  if (style === 'plain') {
    if (!a.blockPlain || (s === '' && simpleKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuoted) style = 'double';
  if (style === 'literal' && (!a.block || simpleKey)) style = 'double';
  return style;
}

/** go-yaml v2's key order (sorter.go): natural for digit runs, non-letters before letters. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  return keyLess(a, b, false) ? -1 : 1;
}

/** go-yaml v3's variant: after a run of equal digits, a letter sorts before a non-letter. */
function compareKeysV3(a: string, b: string): number {
  if (a === b) return 0;
  return keyLess(a, b, true) ? -1 : 1;
}

const LETTER = /^\p{L}$/u;
const DECIMAL_DIGIT = /^\p{Nd}$/u;

// Keys are nearly always ASCII, where a letter is A-Z or a-z and a digit 0-9: no regex then.
function isLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return LETTER.test(ch);
}

function isDigit(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return c >= 0x30 && c <= 0x39;
  return DECIMAL_DIGIT.test(ch);
}

const ASCII = /^[\x00-\x7f]*$/;

/** A string's runes, indexable: an ASCII string is its own (no list made for every comparison of a sort). */
function runes(s: string): string | string[] {
  return ASCII.test(s) ? s : [...s];
}

function keyLess(a: string, b: string, v3: boolean): boolean {
  const ar = runes(a);
  const br = runes(b);
  let digits = false;
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) {
      digits = isDigit(ar[i]!);
      continue;
    }
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return v3 && digits ? al : bl;
    let an = 0n;
    let bn = 0n;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10n + BigInt(digitValue(ar[ai]!));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10n + BigInt(digitValue(br[bi]!));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

/** A decimal digit's value (Go's sorter subtracts '0', which is only right for ASCII; so does this). */
function digitValue(ch: string): number {
  return ch.codePointAt(0)! - 0x30;
}

/** The writer: libyaml's column tracking, enough of its states for block documents. */
class Emitter {
  constructor(
    /** go-yaml v3 as toYamlPretty uses it: sequences indented under their key, no folding, v3's key order. */
    private readonly v3 = false,
    /** With origins, each scalar written is marked with the origin of the data entry it came from. */
    private readonly origins?: Origins,
  ) {}

  /** Where scalars that have an origin were written: output offsets (UTF-16) and the origin. */
  readonly marks: OriginMark[] = [];
  out = '';
  column = 0;
  /** At the start of a line's indentation (only spaces and indicators written). */
  indention = true;
  /** The last character written is whitespace. */
  whitespace = true;

  private put(s: string): void {
    this.out += s;
    this.column += s.length === 1 ? 1 : codePointCount(s);
  }

  private newline(): void {
    this.out += '\n';
    this.column = 0;
  }

  /** yaml_emitter_write_indent. */
  writeIndent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.newline();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  /** yaml_emitter_write_indicator. */
  indicator(text: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    this.put(text);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  scalar(s: string, style: Style, indent: number, allowBreaks: boolean): void {
    switch (style) {
      case 'plain':
        return this.plain(s, indent, allowBreaks);
      case 'single':
        return this.singleQuoted(s, indent, allowBreaks);
      case 'double':
        return this.doubleQuoted(s, indent, allowBreaks);
      case 'literal':
        return this.literal(s, indent);
    }
  }

  private plain(s: string, indent: number, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const length = codePointCount(s);
    // A scalar that cannot fold (no space, or none of its spaces past column 80) is written whole.
    if (!(allowBreaks && !this.v3) || !s.includes(' ') || this.column + length <= BEST_WIDTH) {
      this.out += s;
      this.column += length;
      this.whitespace = false;
      this.indention = false;
      return;
    }
    const cps = [...s];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      if (ch === ' ') {
        if (allowBreaks && !this.v3 && !spaces && this.column > BEST_WIDTH && cps[i + 1] !== ' ') this.writeIndent(indent);
        else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private singleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator("'", true, false, false);
    const cps = [...s];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      if (ch === ' ') {
        if (allowBreaks && !this.v3 && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] !== ' ') this.writeIndent(indent);
        else this.put(ch);
        spaces = true;
      } else {
        this.put(ch === "'" ? "''" : ch);
        this.indention = false;
        spaces = false;
      }
    }
    this.indicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private doubleQuoted(s: string, indent: number, allowBreaks: boolean): void {
    this.indicator('"', true, false, false);
    const cps = [...s];
    let spaces = false;
    for (let i = 0; i < cps.length; i++) {
      const ch = cps[i]!;
      const cp = ch.codePointAt(0)!;
      if (!isPrintable(cp) || cp === 0xfeff || isBreak(cp) || ch === '"' || ch === '\\') {
        this.put(`\\${escapeFor(cp)}`);
        spaces = false;
      } else if (ch === ' ') {
        if (allowBreaks && !this.v3 && !spaces && this.column > BEST_WIDTH && i !== 0 && i !== cps.length - 1) {
          this.writeIndent(indent);
          if (cps[i + 1] === ' ') this.put('\\');
        } else this.put(ch);
        spaces = true;
      } else {
        this.put(ch);
        spaces = false;
      }
    }
    this.indicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private literal(s: string, indent: number): void {
    this.indicator('|', true, false, false);
    const cps = [...s].map((c) => c.codePointAt(0)!);
    if (isSpace(cps[0]!) || isBreak(cps[0]!)) this.indicator(String(BEST_INDENT), false, false, false);
    const last = cps.length - 1;
    let chomp = '';
    if (cps.length === 0 || !isBreak(cps[last]!)) chomp = '-';
    else if (last === 0 || isBreak(cps[last - 1]!)) chomp = '+';
    if (chomp) this.indicator(chomp, false, false, false);
    this.newline();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const cp of cps) {
      if (isBreak(cp)) {
        // \r\n and the other breaks are written as one newline each (yaml's write_break).
        this.newline();
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent(indent);
        this.put(String.fromCodePoint(cp));
        this.indention = false;
        breaks = false;
      }
    }
  }

  /**
   * A node; `indent` is the emitter's indent of the enclosing collection (-1 at the root). `src` is
   * the Go value the node was made from and `origin` where the data held it, to mark scalars with.
   */
  node(n: Node, indent: number, context: 'root' | 'sequence' | 'mapping', src?: Value, origin?: Origin): void {
    const isScalar = !(Array.isArray(n) && n.length > 0) && !(n instanceof Map && n.size > 0); // or an empty {} / []
    if (isScalar && origin) {
      // The separating space a plain scalar or an indicator writes first is not the value's.
      const before = this.out.length + (this.whitespace ? 0 : 1);
      this.write(n, indent, context);
      if (this.out.length > before) this.marks.push({ start: before, end: this.out.length, origin });
      return;
    }
    this.write(n, indent, context, src);
  }

  private write(n: Node, indent: number, context: 'root' | 'sequence' | 'mapping', src?: Value): void {
    // The Go container the node came from (a struct's fields or a named type's underlying value).
    const container = src instanceof GoStruct ? (src.underlying ?? src.fields) : src;
    const child = (key: string | number): [Value | undefined, Origin | undefined] => {
      if (!this.origins || container === null || container === undefined || typeof container !== 'object') return [undefined, undefined];
      const value = Array.isArray(container) ? container[key as number] : container instanceof Map ? container.get(key as string) : undefined;
      return [value, this.origins.get(container as Value, key)];
    };
    if (Array.isArray(n)) {
      if (n.length === 0) {
        this.indicator('[', true, true, false);
        this.indicator(']', false, false, false);
        return;
      }
      // A sequence that is a mapping's value is not indented (go-yaml's indentless sequences).
      const own = indent < 0 ? 0 : context === 'mapping' && !this.indention && !this.v3 ? indent : indent + BEST_INDENT;
      n.forEach((item, i) => {
        this.writeIndent(own);
        this.indicator('-', true, false, true);
        this.node(item, own, 'sequence', ...child(i));
      });
      return;
    }
    if (n instanceof Map) {
      if (n.size === 0) {
        this.indicator('{', true, true, false);
        this.indicator('}', false, false, false);
        return;
      }
      const own = indent < 0 ? 0 : indent + BEST_INDENT;
      for (const key of [...n.keys()].sort(this.v3 ? compareKeysV3 : compareKeys)) {
        this.writeIndent(own);
        const analysis = analyze(key);
        const simple = !analysis.multiline && utf8Length(key) <= 128;
        if (simple) {
          this.scalar(key, stringStyle(key, true, analysis), own + BEST_INDENT, false);
          this.indicator(':', false, false, false);
        } else {
          this.indicator('?', true, false, true);
          this.scalar(key, stringStyle(key, false, analysis), own + BEST_INDENT, true);
          this.writeIndent(own);
          this.indicator(':', true, false, true);
        }
        this.node(n.get(key)!, own, 'mapping', ...child(key));
      }
      return;
    }
    const scalarIndent = indent < 0 ? BEST_INDENT : indent + BEST_INDENT;
    if (n === null) return this.scalar('null', 'plain', scalarIndent, true);
    if (typeof n === 'boolean') return this.scalar(String(n), 'plain', scalarIndent, true);
    if (typeof n === 'string') return this.scalar(n, stringStyle(n, false), scalarIndent, true);
    if ('int' in n) return this.scalar(n.int.toString(), 'plain', scalarIndent, true);
    return this.scalar(yamlFloat(n.float), 'plain', scalarIndent, true);
  }
}

/** go-yaml's floatv: strconv's shortest %g, with YAML's names for the special values. */
function yamlFloat(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
  return formatFloat(f, 'g', -1);
}

/** The escape after '\' in a double-quoted scalar. */
function escapeFor(cp: number): string {
  const named: Record<number, string> = { 0: '0', 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 27: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P' };
  if (named[cp] !== undefined) return named[cp]!;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `u${hex.padStart(4, '0')}`;
  return `U${hex.padStart(8, '0')}`;
}

/** The Go value as go-yaml encodes it directly (toYamlPretty): floats stay floats, a struct is its fields. */
function toGoTree(v: Value): Node {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v };
  if (v instanceof GoInt) return { int: v.value };
  if (typeof v === 'number') return { float: v };
  if (v instanceof GoFunc) throw new GoError(`cannot marshal type: ${v.typeName}`);
  if (v instanceof GoStruct) return v.underlying !== undefined ? toGoTree(v.underlying) : new Map([...v.fields].map(([k, x]) => [k, toGoTree(x)]));
  if (Array.isArray(v)) return v.map(toGoTree);
  return new Map([...v].map(([k, x]) => [k, toGoTree(x)]));
}

/** Helm's toYamlPretty: go-yaml v3's Encoder with an indent of 2, over the value itself (no JSON trip). */
export function marshalYamlPretty(v: Value): string {
  const e = new Emitter(true);
  e.node(toGoTree(v), -1, 'root');
  e.writeIndent(0);
  return e.out;
}


/**
 * marshalYaml, and where each scalar that has an origin landed in the text: the origins of the
 * data's entries are looked up in `origins` as the value is walked (a map's key, a list's index),
 * and `origin` is that of the value itself (for a scalar at the root). With `pretty`, it is
 * marshalYamlPretty.
 */
export function marshalYamlWithOrigins(v: Value, origins: Origins, origin?: Origin, pretty = false): { text: string; marks: OriginMark[] } {
  const e = new Emitter(pretty, origins);
  e.node(pretty ? toGoTree(v) : toJsonTree(v), -1, 'root', v, origin);
  e.writeIndent(0);
  return { text: e.out, marks: e.marks };
}

/** sigs.k8s.io/yaml.Marshal: the YAML text with its final newline. Throws GoError as json.Marshal would. */
export function marshalYaml(v: Value): string {
  const e = new Emitter();
  e.node(toJsonTree(v), -1, 'root');
  // The document end starts a new line unless the last scalar ended with one.
  e.writeIndent(0);
  return e.out;
}
