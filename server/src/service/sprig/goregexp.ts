// Go's regexp (RE2 syntax) on JavaScript's RegExp engine.
//
// The pattern is translated, not passed through: Go and JavaScript read the same text
// differently (`\s` is [\t\n\f\r ] in Go; `$` is the end of the text without (?m); `{` alone
// is a literal; `\Q…\E`, `[[:alpha:]]`, `(?P<name>…)`, `(?i)` in the middle of a pattern and
// `\pN` exist only in Go). Case-insensitivity is spelled out letter by letter ([aA]) and
// anchors as lookarounds, so no JavaScript flag but `u` changes the meaning. Go's syntax errors
// are reported with Go's messages ("error parsing regexp: missing closing ): `(`").
//
// The search loops (FindAll, ReplaceAll, Split) and `$1`/`${name}` expansion follow Go's
// regexp.go, whose rules for empty matches differ from String.prototype.replace.
// Offsets are UTF-16 indexes; Go's are bytes, which only changes how a position is counted.

export interface GoRegexp {
  readonly expr: string;
  /** Global, unicode, with match indices: searched from lastIndex. */
  readonly re: RegExp;
  /** Names of the capture groups by index (index 0 is the whole match, named ""). */
  readonly names: readonly string[];
}

export class RegexpError extends Error {}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/-');
const MAX_REPEAT = 1000;

const PERL: Record<string, [number, number][]> = {
  d: [[0x30, 0x39]],
  s: [
    [0x09, 0x0a],
    [0x0c, 0x0d],
    [0x20, 0x20],
  ],
  w: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x5f, 0x5f],
    [0x61, 0x7a],
  ],
};

const POSIX: Record<string, [number, number][]> = {
  alnum: [
    [0x30, 0x39],
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  alpha: [
    [0x41, 0x5a],
    [0x61, 0x7a],
  ],
  ascii: [[0x00, 0x7f]],
  blank: [
    [0x09, 0x09],
    [0x20, 0x20],
  ],
  cntrl: [
    [0x00, 0x1f],
    [0x7f, 0x7f],
  ],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [
    [0x21, 0x2f],
    [0x3a, 0x40],
    [0x5b, 0x60],
    [0x7b, 0x7e],
  ],
  space: [
    [0x09, 0x0d],
    [0x20, 0x20],
  ],
  upper: [[0x41, 0x5a]],
  word: PERL.w!,
  xdigit: [
    [0x30, 0x39],
    [0x41, 0x46],
    [0x61, 0x66],
  ],
};

const MAX_RUNE = 0x10ffff;

function complement(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  let next = 0;
  for (const [lo, hi] of sorted) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX_RUNE) out.push([next, MAX_RUNE]);
  return out;
}

/** A code point as it can stand in a JS class or pattern (u mode). */
function jsChar(cp: number, inClass: boolean): string {
  const ch = String.fromCodePoint(cp);
  if (cp < 0x20 || cp === 0x7f || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0x2028 || cp === 0x2029) return `\\u{${cp.toString(16)}}`;
  if (JS_SYNTAX.has(ch) && (inClass ? '\\]^-['.includes(ch) : ch !== '-')) return `\\${ch}`;
  return ch;
}

/** The other cases of a code point (simple case folding, as far as JS knows it). */
function caseVariants(cp: number): number[] {
  const ch = String.fromCodePoint(cp);
  const out = new Set<number>();
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) if ([...v].length === 1 && v.codePointAt(0) !== cp) out.add(v.codePointAt(0)!);
  // k and s have a third form each, which Go's folding includes.
  if (cp === 0x6b || cp === 0x4b) out.add(0x212a);
  if (cp === 0x73 || cp === 0x53) out.add(0x17f);
  return [...out];
}

function foldRanges(ranges: [number, number][]): [number, number][] {
  const out = [...ranges];
  for (const [lo, hi] of ranges) {
    // Only letters have cases; a huge range is folded by its ASCII letters and leaves the rest as is.
    const end = Math.min(hi, lo + 5000);
    for (let cp = lo; cp <= end; cp++) for (const v of caseVariants(cp)) out.push([v, v]);
  }
  return out;
}

function classSource(ranges: [number, number][], props: string[], negate: boolean): string {
  const body = ranges.map(([lo, hi]) => (lo === hi ? jsChar(lo, true) : `${jsChar(lo, true)}-${jsChar(hi, true)}`)).join('') + props.join('');
  if (body === '') return negate ? '[^]' : '[]';
  return `[${negate ? '^' : ''}${body}]`;
}

/** The translator: a recursive descent over Go's syntax that writes JS source. */
class Translator {
  private i = 0;
  private out = '';
  readonly names: string[] = [''];
  private depth = 0;

  constructor(private readonly expr: string) {}

  private error(code: string, text: string): never {
    throw new RegexpError(`error parsing regexp: ${code}: \`${text}\``);
  }

  translate(): string {
    this.alternation({ i: false, m: false, s: false, U: false });
    if (this.i < this.expr.length) this.error('unexpected )', this.expr);
    return this.out;
  }

  private peek(): string | undefined {
    return this.expr[this.i];
  }

  /** Reads a whole code point. */
  private next(): string {
    const cp = this.expr.codePointAt(this.i)!;
    const ch = String.fromCodePoint(cp);
    this.i += ch.length;
    return ch;
  }

  /** alternation := concatenation ('|' concatenation)*; stops before ')' or at the end. */
  private alternation(flags: Flags): void {
    const f = { ...flags };
    for (;;) {
      this.concatenation(f);
      if (this.peek() === '|') {
        this.i++;
        this.out += '|';
        continue;
      }
      return;
    }
  }

  private concatenation(f: Flags): void {
    // Where the last atom began in `out`, for a repetition to apply to; undefined when none can.
    let atomStart: number | undefined;
    let lastWasRepeat = false;
    while (this.i < this.expr.length) {
      const c = this.peek()!;
      if (c === '|' || c === ')') return;
      const opStart = this.i;
      const repeat = this.repetition();
      if (repeat !== undefined) {
        const opText = this.expr.slice(opStart, this.i);
        if (atomStart === undefined) this.error('missing argument to repetition operator', opText);
        if (lastWasRepeat) this.error('invalid nested repetition operator', this.expr.slice(this.lastRepeatStart, this.i));
        const [op, lazy] = repeat;
        this.out += op + (lazy !== f.U ? '?' : '');
        this.lastRepeatStart = opStart;
        lastWasRepeat = true;
        continue;
      }
      lastWasRepeat = false;
      const start = this.out.length;
      const canRepeat = this.atom(f);
      atomStart = canRepeat ? start : undefined;
      if (canRepeat) this.out = `${this.out.slice(0, start)}(?:${this.out.slice(start)})`;
    }
  }

  private lastRepeatStart = 0;

  /** A repetition operator at the cursor: [JS operator, lazy]; undefined (cursor unmoved) if none. */
  private repetition(): [string, boolean] | undefined {
    const c = this.peek();
    let op: string;
    if (c === '*' || c === '+' || c === '?') {
      this.i++;
      op = c;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.expr.slice(this.i));
      if (!m) return undefined; // a literal brace
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === '' ? -1 : Number(m[3]);
      if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) this.error('invalid repeat count', m[0]);
      this.i += m[0].length;
      op = m[0];
    } else return undefined;
    const lazy = this.peek() === '?';
    if (lazy) this.i++;
    return [op, lazy];
  }

  /** One atom; returns whether a repetition may follow it. */
  private atom(f: Flags): boolean {
    const c = this.next();
    switch (c) {
      case '(':
        this.group(f);
        return true;
      case '[':
        this.charClass(f);
        return true;
      case '.':
        this.out += f.s ? '[^]' : '[^\\n]';
        return true;
      case '^':
        this.out += f.m ? '(?<![^\\n])' : '(?<![^])';
        return true;
      case '$':
        this.out += f.m ? '(?![^\\n])' : '(?![^])';
        return true;
      case '\\':
        return this.escape(f);
      default:
        this.literal(c.codePointAt(0)!, f);
        return true;
    }
  }

  private literal(cp: number, f: Flags): void {
    const variants = f.i ? caseVariants(cp) : [];
    if (variants.length === 0) this.out += jsChar(cp, false);
    else this.out += classSource([[cp, cp], ...variants.map((v) => [v, v] as [number, number])], [], false);
  }

  private group(outer: Flags): void {
    const start = this.i - 1;
    if (++this.depth > 1000) this.error('expression nests too deeply', this.expr);
    const rest = this.expr.slice(this.i);
    const named = /^\?P?<([^>]*)>/.exec(rest);
    const f = { ...outer };
    if (named) {
      if (!/^[A-Za-z0-9_]+$/.test(named[1]!)) this.error('invalid named capture', this.expr.slice(start, this.i + named[0].length));
      if (this.names.includes(named[1]!)) this.error('duplicate capture group name', this.expr.slice(start, this.i + named[0].length));
      this.i += named[0].length;
      this.names.push(named[1]!);
      this.out += '(';
    } else if (rest.startsWith('?')) {
      const m = /^\?(-?[imsU]+(?:-[imsU]*)?|-[imsU]+)?(:|\))/.exec(rest);
      if (!m || m[1] === undefined && m[2] === ')') this.error('invalid or unsupported Perl syntax', this.expr.slice(start, Math.min(this.expr.length, this.i + 2)));
      let on = true;
      for (const flag of m![1] ?? '') {
        if (flag === '-') on = false;
        else f[flag as keyof Flags] = on;
      }
      this.i += m![0].length;
      if (m![2] === ')') {
        // (?flags): the rest of the enclosing group reads with them.
        Object.assign(outer, f);
        this.out += '(?:)';
        this.depth--;
        return;
      }
      this.out += '(?:';
    } else {
      this.names.push('');
      this.out += '(';
    }
    this.alternation(f);
    if (this.peek() !== ')') this.error('missing closing )', this.expr);
    this.i++;
    this.out += ')';
    this.depth--;
  }

  /** An escape outside a class; returns whether a repetition may follow. */
  private escape(f: Flags): boolean {
    if (this.i >= this.expr.length) this.error('trailing backslash at end of expression', '');
    const start = this.i - 1;
    const c = this.next();
    switch (c) {
      case 'A':
        this.out += '(?<![^])';
        return true;
      case 'z':
        this.out += '(?![^])';
        return true;
      case 'b':
        this.out += '\\b';
        return true;
      case 'B':
        this.out += '\\B';
        return true;
      case 'Q': {
        const end = this.expr.indexOf('\\E', this.i);
        const text = end < 0 ? this.expr.slice(this.i) : this.expr.slice(this.i, end);
        this.i = end < 0 ? this.expr.length : end + 2;
        for (const ch of text) this.literal(ch.codePointAt(0)!, f);
        return true;
      }
    }
    const cls = this.classEscape(c, start, f);
    if (cls) {
      this.out += classSource(cls.ranges, cls.props, cls.negate);
      return true;
    }
    this.literal(this.charEscape(c, start), f);
    return true;
  }

  /** \d \s \w (and negations) and \p{…}: ranges or JS property escapes; undefined for other escapes. */
  private classEscape(c: string, start: number, f: Flags): { ranges: [number, number][]; props: string[]; negate: boolean } | undefined {
    const lower = c.toLowerCase();
    if (lower in PERL && (c === lower || c === c.toUpperCase())) {
      return { ranges: PERL[lower]!, props: [], negate: c !== lower };
    }
    if (c === 'p' || c === 'P') {
      let name: string;
      if (this.peek() === '{') {
        const end = this.expr.indexOf('}', this.i);
        if (end < 0) this.error('invalid character class range', this.expr.slice(start));
        name = this.expr.slice(this.i + 1, end);
        this.i = end + 1;
      } else {
        if (this.i >= this.expr.length) this.error('invalid character class range', this.expr.slice(start));
        name = this.next();
      }
      let negate = c === 'P';
      if (name.startsWith('^')) {
        negate = !negate;
        name = name.slice(1);
      }
      const prop = name === 'Any' ? undefined : name.length <= 2 ? `\\p{${name}}` : `\\p{Script=${name}}`;
      if (prop !== undefined) {
        try {
          new RegExp(prop, 'u');
        } catch {
          this.error('invalid character class range', this.expr.slice(start, this.i));
        }
      }
      if (prop === undefined) return { ranges: [[0, MAX_RUNE]], props: [], negate };
      // Case folding of a property class is left to the property (Go folds it; rare in charts).
      void f;
      return { ranges: [], props: [negate ? prop.replace('\\p', '\\P') : prop], negate: false };
    }
    return undefined;
  }

  /** A single-character escape: \n, \x41, \x{263a}, \101, \. and the like. */
  private charEscape(c: string, start: number): number {
    const simple: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
    if (c in simple) return simple[c]!;
    if (c >= '0' && c <= '7') {
      // A lone non-zero digit would be a backreference, which RE2 has not.
      if (c !== '0' && !/[0-7]/.test(this.peek() ?? '')) this.error('invalid escape sequence', this.expr.slice(start, this.i));
      let digits = c;
      while (digits.length < 3 && /[0-7]/.test(this.peek() ?? '')) digits += this.next();
      return parseInt(digits, 8);
    }
    if (c === 'x') {
      if (this.peek() === '{') {
        const m = /^\{([0-9a-fA-F]+)\}/.exec(this.expr.slice(this.i));
        if (!m || parseInt(m[1]!, 16) > MAX_RUNE) this.error('invalid escape sequence', this.expr.slice(start, Math.min(this.expr.length, this.i + (m?.[0].length ?? 1))));
        this.i += m![0].length;
        return parseInt(m![1]!, 16);
      }
      const hex = this.expr.slice(this.i, this.i + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.error('invalid escape sequence', this.expr.slice(start, Math.min(this.expr.length, this.i + 2)));
      this.i += 2;
      return parseInt(hex, 16);
    }
    const cp = c.codePointAt(0)!;
    if (cp < 0x80 && !/[0-9A-Za-z]/.test(c)) return cp;
    this.error('invalid escape sequence', this.expr.slice(start, this.i));
  }

  /** A bracketed class, after its '['. */
  private charClass(f: Flags): void {
    const start = this.i - 1;
    let negate = false;
    if (this.peek() === '^') {
      negate = true;
      this.i++;
    }
    const ranges: [number, number][] = [];
    const props: string[] = [];
    let first = true;
    for (;;) {
      if (this.i >= this.expr.length) this.error('missing closing ]', this.expr.slice(start));
      const c = this.peek()!;
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      // [:alpha:] and [:^alpha:]
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(this.expr.slice(this.i));
      if (posix) {
        const set = POSIX[posix[2]!];
        if (!set) this.error('invalid character class range', posix[0]);
        ranges.push(...(posix[1] ? complement(set!) : set!));
        this.i += posix[0].length;
        continue;
      }
      const lo = this.classChar(ranges, props, f);
      if (lo === undefined) continue;
      if (this.peek() === '-' && this.expr[this.i + 1] !== ']' && this.i + 1 < this.expr.length) {
        const dash = this.i;
        this.i++;
        const hi = this.classChar(ranges, props, f, true);
        if (hi === undefined || hi < lo) this.error('invalid character class range', this.expr.slice(dash - String.fromCodePoint(lo).length, this.i));
        ranges.push([lo, hi!]);
      } else ranges.push([lo, lo]);
    }
    this.out += classSource(f.i ? foldRanges(ranges) : ranges, props, negate);
  }

  /** One character of a class (its code point), or a class escape added to ranges/props (undefined). */
  private classChar(ranges: [number, number][], props: string[], f: Flags, inRange = false): number | undefined {
    const c = this.next();
    if (c !== '\\') return c.codePointAt(0)!;
    if (this.i >= this.expr.length) this.error('trailing backslash at end of expression', '');
    const start = this.i - 1;
    const e = this.next();
    const cls = this.classEscape(e, start, f);
    if (cls) {
      if (inRange) this.error('invalid character class range', this.expr.slice(start - 2, this.i));
      if (cls.negate) ranges.push(...complement(cls.ranges));
      else ranges.push(...cls.ranges);
      props.push(...cls.props);
      return undefined;
    }
    return this.charEscape(e, start);
  }
}

/** Strings that JS's u-mode RegExp constructor would reject are caught in translation; this is the compile step. */
export function compileGoRegexp(expr: string): GoRegexp {
  const t = new Translator(expr);
  const source = t.translate();
  let re: RegExp;
  try {
    re = new RegExp(source, 'dgu');
  } catch {
    throw new RegexpError(`error parsing regexp: invalid or unsupported Perl syntax: \`${expr}\``);
  }
  return { expr, re, names: t.names };
}

/** Go's regexp.MustCompile panic text. */
export function mustCompileMessage(expr: string, error: RegexpError): string {
  const quoted = /^[^`\x00-\x08\x0a-\x1f\x7f\ufeff]*$/.test(expr) ? `\`${expr}\`` : JSON.stringify(expr);
  return `regexp: Compile(${quoted}): ${error.message}`;
}

/** The match at or after `pos`: offsets [start, end, group starts and ends (-1 if unset)...]. */
function execAt(r: GoRegexp, s: string, pos: number): number[] | undefined {
  r.re.lastIndex = pos;
  const m = r.re.exec(s);
  if (!m) return undefined;
  const out = [m.index, m.index + m[0].length];
  // Group offsets come from the d flag's indices.
  const indices = (m as RegExpExecArray & { indices?: [number, number][] }).indices;
  for (let g = 1; g < m.length; g++) {
    const span = indices?.[g];
    if (span) out.push(span[0], span[1]);
    else out.push(-1, -1);
  }
  return out;
}

const runeWidth = (s: string, i: number): number => (i < s.length && s.codePointAt(i)! > 0xffff ? 2 : 1);

/** regexp's allMatches: successive non-overlapping matches, an empty match never right after the previous one. */
export function findAll(r: GoRegexp, s: string, n: number): number[][] {
  if (n < 0) n = s.length + 1;
  const rx = r;
  const out: number[][] = [];
  let pos = 0;
  let prevEnd = -1;
  while (out.length < n && pos <= s.length) {
    const m = execAt(rx, s, pos);
    if (!m) break;
    let accept = true;
    if (m[1] === pos) {
      if (m[0] === prevEnd) accept = false;
      pos += pos < s.length ? runeWidth(s, pos) : 1;
    } else pos = m[1]!;
    prevEnd = m[1]!;
    if (accept) out.push(m);
  }
  return out;
}

/** Regexp.MatchString. */
export function matches(r: GoRegexp, s: string): boolean {
  return execAt(r, s, 0) !== undefined;
}

/** Regexp.FindString: the leftmost match's text, or "". */
export function findString(r: GoRegexp, s: string): string {
  const m = execAt(r, s, 0);
  return m ? s.slice(m[0], m[1]) : '';
}

/** Regexp.Expand's template language: $1, ${1}, $name, ${name}, $$. */
function expand(template: string, r: GoRegexp, s: string, m: number[]): string {
  let out = '';
  let t = template;
  for (;;) {
    const dollar = t.indexOf('$');
    if (dollar < 0) break;
    out += t.slice(0, dollar);
    t = t.slice(dollar + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const ref = /^(\{)?([\p{L}\p{Nd}_]+)(\})?/u.exec(t);
    if (!ref || (ref[1] !== undefined && ref[3] === undefined)) {
      out += '$';
      continue;
    }
    // Without braces the name is as long as it can be (`$1x` is the group named "1x").
    const name = ref[2]!;
    const consumed = ref[1] !== undefined ? name.length + 2 : name.length;
    t = t.slice(consumed);
    let index = /^[0-9]+$/.test(name) && !(name.length > 1 && name.startsWith('0')) && name.length <= 8 ? Number(name) : -1;
    if (index < 0) index = r.names.indexOf(name, 1);
    if (index >= 0 && 2 * index + 1 < m.length && m[2 * index]! >= 0) out += s.slice(m[2 * index], m[2 * index + 1]);
  }
  return out + t;
}

/** Regexp.ReplaceAllString (with `$` expansion) or ReplaceAllLiteralString. */
export function replaceAll(r: GoRegexp, s: string, repl: string, literal: boolean): string {
  const rx = r;
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    const m = execAt(rx, s, searchPos);
    if (!m) break;
    out += s.slice(lastMatchEnd, m[0]);
    // No replacement for an empty match right after the previous match.
    if (m[1]! > lastMatchEnd || m[0] === 0) out += literal ? repl : expand(repl, r, s, m);
    lastMatchEnd = m[1]!;
    const width = searchPos < s.length ? runeWidth(s, searchPos) : 0;
    if (searchPos + width > m[1]!) searchPos += width;
    else if (searchPos + 1 > m[1]!) searchPos++;
    else searchPos = m[1]!;
  }
  return out + s.slice(lastMatchEnd);
}

/** Regexp.Split. */
export function split(r: GoRegexp, s: string, n: number): string[] {
  if (n === 0) return [];
  if (r.expr.length > 0 && s.length === 0) return [''];
  const found = findAll(r, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of found) {
    if (n > 0 && out.length === n - 1) break;
    end = m[0]!;
    if (m[1] !== 0) out.push(s.slice(beg, end));
    beg = m[1]!;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** regexp.QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, (c) => `\\${c}`);
}
