// sprig's string functions (strings.go, and the helpers it takes from Masterminds/goutils and
// huandu/xstrings), with Go's signatures: `trunc 63 .Values.x` with a float64 count is Go's
// "wrong type for value; expected int; got float64", as in Helm.
//
// Go strings are bytes: trunc, substr and abbrev count UTF-8 bytes, as sprig does.

import { GoError, GoTypedMap, quote as goQuote, type Value } from '../gotemplate/index';

/** A map[string]string (split, splitn). */
const stringMap = (entries: [string, string][]): Value => new GoTypedMap('map[string]string', 'map[string]string', entries);
import { sprintV, strval } from './convert';
import { byteLength, fn, goLower, goUpper, isGoSpace, isLetter, isLower, isNumber, isPunct, isTitle, isUpper, sliceBytes, toLowerRune, toUpperRune, utf8, type FunctionTable } from './func';
import { indentTraced, sliceTraced } from './trace';

/** goutils.AbbreviateFull. */
function abbreviateFull(str: string, offset: number, maxWidth: number): string {
  const len = byteLength(str);
  if (str === '') return '';
  if (maxWidth < 4) return ''; // an error that sprig drops
  if (len <= maxWidth) return str;
  if (offset > len) offset = len;
  if (len - offset < maxWidth - 3) offset = len - (maxWidth - 3);
  if (offset <= 4) return `${sliceBytes(str, 0, maxWidth - 3)}...`;
  if (maxWidth < 7) return '';
  if (offset + maxWidth - 3 < len) return `...${abbreviateFull(sliceBytes(str, offset, undefined), 0, maxWidth - 3)}`;
  return `...${sliceBytes(str, len - (maxWidth - 3), undefined)}`;
}

/** sprig's trunc: the first c bytes, or with c < 0 the last -c. */
function trunc(c: number, s: string): string {
  const len = byteLength(s);
  if (c < 0 && len + c > 0) return sliceBytes(s, len + c, undefined);
  if (c >= 0 && len > c) return sliceBytes(s, 0, c);
  return s;
}

/** sprig's substring: s[:end] when start < 0, s[start:] when end < 0 or past the end, else s[start:end]. */
function substring(start: number, end: number, s: string): string {
  if (start < 0) return sliceBytes(s, undefined, end);
  if (end < 0 || end > byteLength(s)) return sliceBytes(s, start, undefined);
  return sliceBytes(s, start, end);
}

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && isGoSpace(chars[a]!)) a++;
  while (b > a && isGoSpace(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** strings.Trim(s, cutset): runes of the cutset removed from both ends. */
function trimCutset(s: string, cutset: string): string {
  const cut = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && cut.has(chars[a]!)) a++;
  while (b > a && cut.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join('');
}

/** strings.Replace(s, old, new, -1): an empty `old` matches before every rune and at the end. */
export function replaceAll(s: string, old: string, replacement: string): string {
  if (old !== '') return s.split(old).join(replacement);
  return [...s].map((ch) => replacement + ch).join('') + replacement;
}

/** strings.Title: the first letter of each word (after a separator: ASCII not alphanumeric nor '_', or a space) in title case. */
function title(s: string): string {
  let prev = ' ';
  let out = '';
  for (const ch of s) {
    out += isSeparator(prev) ? toUpperRune(ch) : ch;
    prev = ch;
  }
  return out;
}

function isSeparator(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if (cp <= 0x7f) return !/[0-9a-zA-Z_]/.test(ch);
  if (isLetter(ch) || /^\p{Nd}$/u.test(ch)) return false;
  return isGoSpace(ch);
}

/** goutils.Uncapitalize: the first rune of each space-separated word in lower case. */
function untitle(s: string): string {
  let next = true;
  let out = '';
  for (const ch of s) {
    if (isGoSpace(ch)) {
      out += ch;
      next = true;
    } else if (next) {
      out += toLowerRune(ch);
      next = false;
    } else out += ch;
  }
  return out;
}

/** goutils.Initials: the first byte of each space-separated word (a byte taken as a rune, as goutils does). */
function initials(s: string): string {
  let out = '';
  let gap = true;
  for (const b of utf8(s)) {
    const ch = String.fromCharCode(b);
    if (isGoSpace(ch)) gap = true;
    else if (gap) {
      out += ch;
      gap = false;
    }
  }
  return out;
}

/** goutils.SwapCase. */
function swapCase(s: string): string {
  let out = '';
  for (const ch of s) out += isUpper(ch) || isTitle(ch) ? toLowerRune(ch) : isLower(ch) ? toUpperRune(ch) : ch;
  return out;
}

/** goutils.WrapCustom (byte offsets, as goutils counts). */
export function wrapCustom(str: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (str === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const bytes = utf8(str);
  const len = bytes.length;
  const at = (a: number, b: number) => sliceBytes(str, a, b);
  const SPACE = 0x20;
  let offset = 0;
  let out = '';
  while (len - offset > wrapLength) {
    if (bytes[offset] === SPACE) {
      offset++;
      continue;
    }
    const end = Math.min(wrapLength + offset + 1, len);
    let spaceToWrapAt = bytes.subarray(offset, end).lastIndexOf(SPACE) + offset;
    if (spaceToWrapAt >= offset) {
      out += at(offset, spaceToWrapAt) + newLine;
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      out += at(offset, wrapLength + offset) + newLine;
      offset += wrapLength;
    } else {
      const from = wrapLength + offset;
      const index = bytes.subarray(from).indexOf(SPACE);
      if (index === -1) {
        out += at(offset, len);
        offset = len;
      } else {
        spaceToWrapAt = index + from;
        out += at(offset, spaceToWrapAt) + newLine;
        offset = spaceToWrapAt + 1;
      }
    }
  }
  return out + at(offset, len);
}

const isConnector = (ch: string): boolean => ch === '-' || ch === '_' || isGoSpace(ch);

/** xstrings.ToPascalCase (sprig's camelcase): words joined on connectors, each capitalised; an all-caps word keeps only its first capital. */
function toPascalCase(str: string): string {
  if (str === '') return '';
  const chars = [...str];
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  for (; i < chars.length; i++) {
    r0 = chars[i]!;
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
      i++;
      break;
    }
    out += r0;
  }
  if (i >= chars.length) return out + r0;
  for (; i < chars.length; i++) {
    const r1 = r0;
    r0 = chars[i]!;
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += r1;
    }
  }
  return out + r0;
}

type WordType = 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

const isAlphabet = (ch: string): boolean => /^[a-zA-Z]$/.test(ch);

/** xstrings' nextWord: the next run of one kind ("HTTPStatus" is "HTTP" then "Status"). */
function nextWord(chars: string[], start: number): [WordType, number] {
  let i = start;
  const r = chars[i++]!;
  const run = (keep: (ch: string) => boolean) => {
    while (i < chars.length && keep(chars[i]!)) i++;
  };
  if (isConnector(r)) {
    run(isConnector);
    return ['connector', i];
  }
  if (isPunct(r)) {
    run(isPunct);
    return ['punct', i];
  }
  if (isUpper(r)) {
    if (i >= chars.length) return ['upper', i];
    const next = chars[i]!;
    if (isUpper(next)) {
      run(isUpper);
      if (i < chars.length && isAlphabet(chars[i]!)) i--;
    } else if (isAlphabet(next)) {
      run((ch) => isAlphabet(ch) && !isUpper(ch));
    }
    return ['upper', i];
  }
  if (isAlphabet(r)) {
    run((ch) => isAlphabet(ch) && !isUpper(ch));
    return ['alphabet', i];
  }
  if (isNumber(r)) {
    run(isNumber);
    return ['number', i];
  }
  run((ch) => !(isConnector(ch) || isAlphabet(ch) || isNumber(ch) || isPunct(ch)));
  return ['other', i];
}

/** xstrings' camelCaseToLowerCase (snakecase with '_', kebabcase with '-'). */
function camelCaseToLowerCase(str: string, connector: string): string {
  if (str === '') return '';
  const chars = [...str];
  let out = '';
  const lower = (wt: WordType, word: string) => {
    if (wt !== 'upper' && wt !== 'connector') {
      out += word;
      return;
    }
    for (const ch of word) out += isConnector(ch) ? connector : isUpper(ch) ? toLowerRune(ch) : ch;
  };
  let pos = 0;
  const next = (): [WordType | undefined, string] => {
    if (pos >= chars.length) return [undefined, ''];
    const [wt, end] = nextWord(chars, pos);
    const word = chars.slice(pos, end).join('');
    pos = end;
    return [wt, word];
  };
  let [wt, word] = next();
  while (pos < chars.length) {
    if (wt !== 'connector') lower(wt!, word);
    const prev = wt;
    const last = word;
    [wt, word] = next();
    switch (prev) {
      case 'number':
        while (wt === 'alphabet' || wt === 'number') {
          lower(wt, word);
          [wt, word] = next();
        }
        if (wt !== undefined && wt !== 'punct' && wt !== 'connector') out += connector;
        break;
      case 'connector':
        lower(prev, last);
        break;
      case 'punct':
        break;
      default: {
        if (wt !== 'number') {
          if (wt !== 'connector' && wt !== 'punct') out += connector;
          break;
        }
        if (pos >= chars.length) break;
        const numberWord = word;
        [wt, word] = next();
        // A number before a capitalised word or anything but lower-case letters ends the previous word ("Bld4Floor" is "Bld4", "Floor").
        if (wt !== 'alphabet') {
          lower('number', numberWord);
          if (wt !== undefined && wt !== 'connector' && wt !== 'punct') out += connector;
          break;
        }
        // Lower-case letters after a number start a word with it ("HTTP2xx" is "HTTP", "2xx").
        out += connector;
        lower('number', numberWord);
        while (wt === 'alphabet' || wt === 'number') {
          lower(wt, word);
          [wt, word] = next();
        }
        if (wt !== undefined && wt !== 'connector' && wt !== 'punct') out += connector;
      }
    }
  }
  if (wt !== undefined) lower(wt, word);
  return out;
}

/** sprig's quote: each non-nil argument as a Go double-quoted string of its toString, space-separated. */
function quote(args: Value[]): string {
  return args
    .filter((a) => a !== null)
    .map((a) => goQuote(strval(a)))
    .join(' ');
}

/** sprig's squote: each non-nil argument as '%v', space-separated (no escaping). */
function squote(args: Value[]): string {
  return args
    .filter((a) => a !== null)
    .map((a) => `'${sprintV(a)}'`)
    .join(' ');
}

/** strconv.Atoi: base 10, an optional sign, in range; anything else is 0 (sprig drops the error). */
function atoi(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0n;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : 0n;
}

const str = (v: Value | undefined) => v as string;
const num = (v: Value | undefined) => Number(v as bigint);

export const STRING_FUNCTIONS: FunctionTable = {
  abbrev: fn(['int', 'string'], ([w, s]) => (num(w) < 4 ? str(s) : abbreviateFull(str(s), 0, num(w)))),
  abbrevboth: fn(['int', 'int', 'string'], ([l, r, s]) => {
    const left = num(l);
    const right = num(r);
    if (right < 4 || (left > 0 && right < 7)) return str(s);
    return abbreviateFull(str(s), left, right);
  }),
  trunc: fn(['int', 'string'], ([c, s]) => trunc(num(c), str(s)), { passOrigin: 1 }),
  trim: fn(['string'], ([s], ctx) => {
    const input = str(s);
    const out = trimSpace(input);
    return sliceTraced(out, out === '' ? 0 : input.indexOf(out), ctx.traces[0]);
  }),
  upper: fn(['string'], ([s]) => goUpper(str(s)), { passOrigin: 0 }),
  lower: fn(['string'], ([s]) => goLower(str(s)), { passOrigin: 0 }),
  title: fn(['string'], ([s]) => title(str(s)), { passOrigin: 0 }),
  untitle: fn(['string'], ([s]) => untitle(str(s)), { passOrigin: 0 }),
  substr: fn(['int', 'int', 'string'], ([a, b, s]) => substring(num(a), num(b), str(s)), { passOrigin: 2 }),
  repeat: fn(['int', 'string'], ([c, s]) => {
    if (num(c) < 0) throw new GoError('strings: negative Repeat count');
    return str(s).repeat(num(c));
  }),
  trimall: fn(['string', 'string'], ([a, b]) => trimCutset(str(b), str(a)), { passOrigin: 1 }),
  trimAll: fn(['string', 'string'], ([a, b]) => trimCutset(str(b), str(a)), { passOrigin: 1 }),
  trimSuffix: fn(['string', 'string'], ([a, b], ctx) => {
    const s = str(b);
    return sliceTraced(a !== '' && s.endsWith(str(a)) ? s.slice(0, s.length - str(a).length) : s, 0, ctx.traces[1]);
  }),
  trimPrefix: fn(['string', 'string'], ([a, b], ctx) => {
    const s = str(b);
    const cut = s.startsWith(str(a)) ? str(a).length : 0;
    return sliceTraced(s.slice(cut), cut, ctx.traces[1]);
  }),
  nospace: fn(['string'], ([s]) => [...str(s)].filter((ch) => !isGoSpace(ch)).join(''), { passOrigin: 0 }),
  initials: fn(['string'], ([s]) => initials(str(s))),
  swapcase: fn(['string'], ([s]) => swapCase(str(s)), { passOrigin: 0 }),
  snakecase: fn(['string'], ([s]) => camelCaseToLowerCase(str(s), '_'), { passOrigin: 0 }),
  camelcase: fn(['string'], ([s]) => toPascalCase(str(s)), { passOrigin: 0 }),
  kebabcase: fn(['string'], ([s]) => camelCaseToLowerCase(str(s), '-'), { passOrigin: 0 }),
  wrap: fn(['int', 'string'], ([l, s]) => wrapCustom(str(s), num(l), '', false)),
  wrapWith: fn(['int', 'string', 'string'], ([l, sep, s]) => wrapCustom(str(s), num(l), str(sep), true)),
  contains: fn(['string', 'string'], ([sub, s]) => str(s).includes(str(sub))),
  hasPrefix: fn(['string', 'string'], ([p, s]) => str(s).startsWith(str(p))),
  hasSuffix: fn(['string', 'string'], ([p, s]) => str(s).endsWith(str(p))),
  quote: fn(['any'], (args) => quote(args), { variadic: true, passOrigin: (args) => (args.length === 1 ? 0 : undefined) }),
  squote: fn(['any'], (args) => squote(args), { variadic: true, passOrigin: (args) => (args.length === 1 ? 0 : undefined) }),
  cat: fn(['any'], (args) => args.filter((a) => a !== null).map(sprintV).join(' '), { variadic: true }),
  indent: fn(['int', 'string'], ([n, s], ctx) => indentTraced(str(s), ' '.repeat(Math.max(num(n), 0)), false, ctx.traces[1])),
  nindent: fn(['int', 'string'], ([n, s], ctx) => indentTraced(str(s), ' '.repeat(Math.max(num(n), 0)), true, ctx.traces[1])),
  replace: fn(['string', 'string', 'string'], ([o, n, s]) => replaceAll(str(s), str(o), str(n)), { passOrigin: 2 }),
  plural: fn(['string', 'string', 'int'], ([one, many, c]) => ((c as bigint) === 1n ? str(one) : str(many))),
  toString: fn(['any'], ([v]) => strval(v!), { passOrigin: 0 }),
  atoi: fn(['string'], ([s]) => atoi(str(s)), { passOrigin: 0 }),
  // map[string]string, which functions taking map[string]interface{} refuse, as in Go.
  split: fn(['string', 'string'], ([sep, s]) => stringMap(goSplit(str(s), str(sep)).map((part, i) => [`_${i}`, part]))),
  splitn: fn(['string', 'int', 'string'], ([sep, n, s]) => stringMap(goSplitN(str(s), str(sep), num(n)).map((part, i) => [`_${i}`, part]))),
  hello: fn([], () => 'Hello!'),
};

/** strings.Split: an empty separator splits after each rune. */
export function goSplit(s: string, sep: string): string[] {
  return goSplitN(s, sep, -1);
}

/** strings.SplitN: n < 0 all parts, n == 0 none (nil), else at most n. */
export function goSplitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const runes = [...s];
    if (n < 0 || n > runes.length) n = runes.length;
    return n === runes.length ? runes : [...runes.slice(0, n - 1), runes.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

