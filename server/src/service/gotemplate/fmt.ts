// Go's fmt, as templates reach it: Sprint (`print`, and every action that prints a value),
// Sprintln (`println`) and Sprintf (`printf`), over the values of values.ts.
//
// Followed from fmt/print.go and fmt/format.go: verbs v s d q x X o O b c U e E f F g G t T and
// %%, the flags + - # 0 and space, widths and precisions (also `*` from an argument and explicit
// argument indexes `%[2]d`), and the error forms: `%!d(string=x)` for a verb that does not fit
// the value, `%!d(MISSING)`, `%!(EXTRA int=1)`, `%!(NOVERB)`, `%!d(BADINDEX)`, `%!(BADWIDTH)`,
// `%!(BADPREC)`. Maps print with sorted keys (`map[a:1 b:2]`), lists as `[1 2]`, structs as `{a b}`,
// and a struct with an Error() or String() method as that method's text (values.ts's stringerText).
// Not followed: %x/%X/%b on floats (hexadecimal and binary float forms), '#' on floats (%#g keeps
// trailing zeros), %p, and Go's addresses
// for nested pointers and funcs (a nested struct prints as `{...}`, a func as its type).

import { canBackquote, formatFloat, quote, quoteRune, utf8Bytes, validRune } from './strconv';
import { GoFunc, GoInt, intValue, GoStruct, sortedKeys, stringerText, typeName, underlying, type Value } from './values';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  /** %+v: struct field names. */
  plusV: boolean;
  /** %#v: Go syntax. */
  sharpV: boolean;
  wid: number | undefined;
  prec: number | undefined;
}

function clearFlags(): Flags {
  return { plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false, wid: undefined, prec: undefined };
}

/** Number of runes, which is how fmt measures widths. */
function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

class Printer {
  out = '';
  f: Flags = clearFlags();
  private padding(n: number): void {
    if (n <= 0) return;
    this.out += (this.f.zero && !this.f.minus ? '0' : ' ').repeat(n);
  }

  /** fmt.pad: the text, padded to the width on the left (or the right with '-'). */
  pad(s: string): void {
    const wid = this.f.wid;
    if (wid === undefined || wid === 0) {
      this.out += s;
      return;
    }
    const n = wid - runeCount(s);
    if (this.f.minus) {
      this.out += s;
      this.padding(n);
    } else {
      this.padding(n);
      this.out += s;
    }
  }

  /** Strings never pad with zeros to the right; they do to the left (Go prints %05s as 000ab). */
  private truncate(s: string): string {
    const prec = this.f.prec;
    if (prec === undefined) return s;
    let n = 0;
    let i = 0;
    while (i < s.length && n < prec) {
      i += s.codePointAt(i)! > 0xffff ? 2 : 1;
      n++;
    }
    return s.slice(0, i);
  }

  printArg(arg: Value, verb: string): void {
    if (arg === null) {
      if (verb === 'T' || verb === 'v') this.pad('<nil>');
      else this.badVerb(verb, arg);
      return;
    }
    if (verb === 'T') {
      this.fmtS(typeName(arg));
      return;
    }
    this.printValue(arg, verb, 0);
  }

  printValue(v: Value, verb: string, depth: number): void {
    if (v === null) {
      // A nil inside a list or map (an interface holding nothing).
      if (depth === 0) this.printArg(v, verb);
      else this.out += this.f.sharpV ? 'interface {}(nil)' : '<nil>';
      return;
    }
    switch (typeof v) {
      case 'boolean':
        if (verb === 't' || verb === 'v') this.pad(v ? 'true' : 'false');
        else this.badVerb(verb, v);
        return;
      case 'bigint':
        this.fmtInteger(v, verb);
        return;
      case 'number':
        this.fmtFloat(v, verb);
        return;
      case 'string':
        this.fmtString(v, verb);
        return;
    }
    if (v instanceof GoInt) {
      this.fmtInteger(v.value, verb);
      return;
    }
    if (v instanceof GoFunc) {
      this.out += this.f.sharpV ? `(${v.typeName})(nil)` : v.typeName;
      return;
    }
    if (v instanceof GoStruct) {
      // fmt's handleMethods, at every depth: an error or a Stringer prints as its text for the
      // verbs that take a string (%#v asks for GoString instead, which none of these have).
      if (!this.f.sharpV && 'vsxXq'.includes(verb)) {
        const text = stringerText(v);
        if (text !== undefined) {
          this.fmtString(text, verb);
          return;
        }
      }
      if (v.underlying !== undefined) {
        this.printValue(underlying(v), verb, depth);
        return;
      }
      this.printStruct(v, verb, depth);
      return;
    }
    if (Array.isArray(v)) {
      if (this.f.sharpV) {
        this.out += `${typeName(v)}{`;
        v.forEach((item, i) => {
          if (i > 0) this.out += ', ';
          this.printValue(item, verb, depth + 1);
        });
        this.out += '}';
        return;
      }
      this.out += '[';
      v.forEach((item, i) => {
        if (i > 0) this.out += ' ';
        this.printValue(item, verb, depth + 1);
      });
      this.out += ']';
      return;
    }
    this.out += this.f.sharpV ? `${typeName(v)}{` : 'map[';
    sortedKeys(v).forEach((key, i) => {
      if (i > 0) this.out += this.f.sharpV ? ', ' : ' ';
      this.printValue(key, verb, depth + 1);
      this.out += ':';
      this.printValue(v.get(key)!, verb, depth + 1);
    });
    this.out += this.f.sharpV ? '}' : ']';
  }

  private printStruct(v: GoStruct, verb: string, depth: number): void {
    if (depth === 0 && v.typeName.startsWith('*')) this.out += '&';
    if (this.f.sharpV) this.out += v.typeName.replace(/^\*/, '');
    this.out += '{';
    let i = 0;
    for (const [name, field] of v.fields) {
      if (i++ > 0) this.out += this.f.sharpV ? ', ' : ' ';
      if (this.f.plusV || this.f.sharpV) this.out += `${name}:`;
      this.printValue(field, verb, depth + 1);
    }
    this.out += '}';
  }

  /** %!verb(type=value), printed with %v and the flags in force, as fmt does. */
  private badVerb(verb: string, v: Value): void {
    this.out += `%!${verb}(`;
    if (v === null) this.out += '<nil>';
    else {
      this.out += `${typeName(v)}=`;
      this.printArg(v, 'v');
    }
    this.out += ')';
  }

  private fmtInteger(v: bigint, verb: string): void {
    switch (verb) {
      case 'v':
      case 'd':
        return this.integer(v, 10, verb, false);
      case 'b':
        return this.integer(v, 2, verb, false);
      case 'o':
      case 'O':
        return this.integer(v, 8, verb, false);
      case 'x':
        return this.integer(v, 16, verb, false);
      case 'X':
        return this.integer(v, 16, verb, true);
      case 'c':
        return this.pad(String.fromCodePoint(validRune(Number(v))));
      case 'q':
        return this.pad(quoteRune(Number(v), this.f.plus));
      case 'U':
        return this.fmtUnicode(v);
    }
    this.badVerb(verb, v);
  }

  /** fmt.fmtInteger: precision or zero flag for leading zeros, then prefixes, then padding. */
  private integer(v: bigint, base: number, verb: string, upper: boolean): void {
    const negative = v < 0n;
    let digits = (negative ? -v : v).toString(base);
    if (upper) digits = digits.toUpperCase();
    let prec = 0;
    if (this.f.prec !== undefined) {
      prec = this.f.prec;
      // Precision 0 and value 0 print nothing but the padding.
      if (prec === 0 && v === 0n) {
        const zero = this.f.zero;
        this.f.zero = false;
        this.padding(this.f.wid ?? 0);
        this.f.zero = zero;
        return;
      }
    } else if (this.f.zero && !this.f.minus && this.f.wid !== undefined) {
      prec = this.f.wid;
      if (negative || this.f.plus || this.f.space) prec--; // room for the sign
    }
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (this.f.sharp) {
      if (base === 2) digits = `0b${digits}`;
      else if (base === 8 && !digits.startsWith('0')) digits = `0${digits}`;
      else if (base === 16) digits = `${upper ? '0X' : '0x'}${digits}`;
    }
    if (verb === 'O') digits = `0o${digits}`;
    if (negative) digits = `-${digits}`;
    else if (this.f.plus) digits = `+${digits}`;
    else if (this.f.space) digits = ` ${digits}`;
    // Zero padding was done above as precision; what is left pads with spaces.
    const zero = this.f.zero;
    this.f.zero = false;
    this.pad(digits);
    this.f.zero = zero;
  }

  private fmtUnicode(v: bigint): void {
    let s = `U+${v.toString(16).toUpperCase().padStart(Math.max(4, this.f.prec ?? 0), '0')}`;
    const cp = Number(v);
    if (this.f.sharp && cp >= 0 && cp <= 0x10ffff && validRune(cp) === cp && /\P{C}/u.test(String.fromCodePoint(cp))) s += ` '${String.fromCodePoint(cp)}'`;
    const zero = this.f.zero;
    this.f.zero = false;
    this.pad(s);
    this.f.zero = zero;
  }

  private fmtFloat(v: number, verb: string): void {
    switch (verb) {
      case 'v':
        return this.float(v, 'g', -1);
      case 'g':
      case 'G':
        return this.float(v, verb, this.f.prec ?? -1);
      case 'e':
      case 'E':
      case 'f':
        return this.float(v, verb, this.f.prec ?? 6);
      case 'F':
        return this.float(v, 'f', this.f.prec ?? 6);
    }
    this.badVerb(verb, v);
  }

  /** fmt.fmtFloat: the sign is written before zero padding; Inf and NaN never pad with zeros. */
  private float(v: number, verb: 'e' | 'E' | 'f' | 'g' | 'G', prec: number): void {
    let num = formatFloat(v, verb, prec);
    if (num[0] !== '-' && num[0] !== '+') num = `+${num}`;
    if (this.f.space && num[0] === '+' && !this.f.plus) num = ` ${num.slice(1)}`;
    if (num[1] === 'I' || num[1] === 'N') {
      const zero = this.f.zero;
      this.f.zero = false;
      if (num[1] === 'N' && !this.f.space && !this.f.plus) num = num.slice(1);
      this.pad(num);
      this.f.zero = zero;
      return;
    }
    if (this.f.plus || num[0] !== '+') {
      const wid = this.f.wid;
      if (this.f.zero && !this.f.minus && wid !== undefined && wid > num.length) {
        this.out += num[0];
        this.padding(wid - num.length);
        this.out += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtString(v: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) return this.fmtQ(v);
        return this.fmtS(v);
      case 's':
        return this.fmtS(v);
      case 'x':
        return this.fmtSx(v, false);
      case 'X':
        return this.fmtSx(v, true);
      case 'q':
        return this.fmtQ(v);
    }
    this.badVerb(verb, v);
  }

  private fmtS(s: string): void {
    this.pad(this.truncate(s));
  }

  private fmtQ(s: string): void {
    s = this.truncate(s);
    if (this.f.sharp && canBackquote(s)) this.pad(`\`${s}\``);
    else this.pad(quote(s, this.f.plus));
  }

  /** %x on a string: two hex digits a byte; ' ' separates bytes, '#' adds 0x. */
  private fmtSx(s: string, upper: boolean): void {
    let bytes = utf8Bytes(s);
    if (this.f.prec !== undefined && this.f.prec < bytes.length) bytes = bytes.slice(0, this.f.prec);
    const prefix = upper ? '0X' : '0x';
    let text = '';
    if (this.f.sharp && bytes.length > 0) text += prefix;
    bytes.forEach((b, i) => {
      if (this.f.space && i > 0) text += this.f.sharp ? ` ${prefix}` : ' ';
      const h = b.toString(16).padStart(2, '0');
      text += upper ? h.toUpperCase() : h;
    });
    this.pad(text);
  }
}

/** fmt.Sprint: operands printed with %v, a space between two operands when neither is a string. */
export function sprint(...args: Value[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) p.out += ' ';
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.out;
}

/** fmt.Sprintln: operands printed with %v, always separated by a space, then a newline. */
export function sprintln(...args: Value[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.out += ' ';
    p.printArg(arg, 'v');
  });
  return `${p.out}\n`;
}

/** Go's %v of one value. */
export function formatValue(v: Value): string {
  const p = new Printer();
  p.printArg(v, 'v');
  return p.out;
}

/** Reads a decimal number at i, as fmt's parsenum: [value, present, next index]. */
function parseNum(format: string, i: number): [number, boolean, number] {
  let n = 0;
  let present = false;
  while (i < format.length && format[i]! >= '0' && format[i]! <= '9') {
    // fmt gives up on absurd widths ("too large" is treated as no number).
    if (n > 1e6) return [0, false, format.length];
    n = n * 10 + (format.charCodeAt(i) - 48);
    present = true;
    i++;
  }
  return [n, present, i];
}

/** fmt.Sprintf. */
export function sprintf(format: string, ...args: Value[]): string {
  const p = new Printer();
  let argNum = 0;
  let afterIndex = false;
  let reordered = false;
  let goodArgNum = true;
  const end = format.length;

  // An explicit argument index [n]: 1-based in the format, 0-based here.
  const argNumber = (i: number): [number, number, boolean] => {
    if (i >= end || format[i] !== '[') return [argNum, i, false];
    reordered = true;
    for (let j = i + 1; j < end; j++) {
      if (format[j] === ']') {
        const [n, ok, next] = parseNum(format, i + 1);
        if (!ok || next !== j || n < 1 || n > args.length) {
          goodArgNum = false;
          return [argNum, j + 1, true];
        }
        return [n - 1, j + 1, true];
      }
    }
    goodArgNum = false;
    return [argNum, i + 1, false];
  };

  // A width or precision taken from an int argument (`*`).
  const intFromArg = (): [number, boolean] => {
    if (argNum >= args.length) return [0, false];
    // Any integer kind, as fmt's intFromArg converts it.
    const a = intValue(args[argNum++]!);
    if (a !== undefined && a <= 1_000_000n && a >= -1_000_000n) return [Number(a), true];
    return [0, false];
  };

  let i = 0;
  while (i < end) {
    goodArgNum = true;
    const last = i;
    while (i < end && format[i] !== '%') i++;
    if (i > last) p.out += format.slice(last, i);
    if (i >= end) break;
    i++; // past '%'
    p.f = clearFlags();
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          p.f.sharp = true;
          break;
        case '0':
          p.f.zero = !p.f.minus; // only pad with zeros on the left
          break;
        case '+':
          p.f.plus = true;
          break;
        case '-':
          p.f.minus = true;
          p.f.zero = false;
          break;
        case ' ':
          p.f.space = true;
          break;
        default:
          break flags;
      }
    }
    [argNum, i, afterIndex] = argNumber(i);
    if (i < end && format[i] === '*') {
      i++;
      const [wid, ok] = intFromArg();
      p.f.wid = ok ? wid : undefined;
      if (!ok) p.out += '%!(BADWIDTH)';
      if (p.f.wid !== undefined && p.f.wid < 0) {
        p.f.wid = -p.f.wid;
        p.f.minus = true;
        p.f.zero = false;
      }
      afterIndex = false;
    } else {
      const [wid, present, next] = parseNum(format, i);
      i = next;
      p.f.wid = present ? wid : undefined;
      if (afterIndex && present) goodArgNum = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) goodArgNum = false;
      [argNum, i, afterIndex] = argNumber(i);
      if (i < end && format[i] === '*') {
        i++;
        const [prec, ok] = intFromArg();
        p.f.prec = ok && prec >= 0 ? prec : undefined;
        if (!ok) p.out += '%!(BADPREC)';
        afterIndex = false;
      } else {
        const [prec, present, next] = parseNum(format, i);
        i = next;
        p.f.prec = present ? prec : 0;
      }
    }
    if (!afterIndex) [argNum, i, afterIndex] = argNumber(i);
    if (i >= end) {
      p.out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      p.out += '%';
    } else if (!goodArgNum) {
      p.out += `%!${verb}(BADINDEX)`;
    } else if (argNum >= args.length) {
      p.out += `%!${verb}(MISSING)`;
    } else {
      if (verb === 'v') {
        p.f.sharpV = p.f.sharp;
        p.f.sharp = false;
        p.f.plusV = p.f.plus;
        p.f.plus = false;
      }
      p.printArg(args[argNum]!, verb);
      argNum++;
    }
  }
  if (!reordered && argNum < args.length) {
    p.f = clearFlags();
    p.out += '%!(EXTRA ';
    args.slice(argNum).forEach((arg, k) => {
      if (k > 0) p.out += ', ';
      if (arg === null) p.out += '<nil>';
      else {
        p.out += `${typeName(arg)}=`;
        p.printArg(arg, 'v');
      }
    });
    p.out += ')';
  }
  return p.out;
}
