// The lexer of Go's text/template (text/template/parse/lex.go), with the default delimiters.
//
// It turns a template into tokens with their spans (UTF-16 offsets into the text, the unit of
// the `yaml` package and of LSP). Text between actions is one token, already trimmed by `{{- `
// and ` -}}`; comments are dropped (with the space they trim). A lexing error ends the stream
// with an `error` token holding Go's message, so the parser meets it exactly where Go's parser
// would.

import { quote } from './strconv';

export type TokenType =
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'pipe'
  | 'declare' // :=
  | 'assign' // =
  | 'leftParen'
  | 'rightParen'
  | 'char' // a printable ASCII character with no other meaning, like ','
  | 'string'
  | 'rawString'
  | 'charConstant'
  | 'number'
  | 'complex'
  | 'bool'
  | 'identifier'
  | 'field' // .Name
  | 'variable' // $ or $name
  | 'dot'
  | 'nil'
  | 'block'
  | 'break'
  | 'continue'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'range'
  | 'template'
  | 'with'
  | 'eof'
  | 'error';

const KEYWORDS: ReadonlySet<string> = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'nil', 'range', 'template', 'with']);

export interface Token {
  type: TokenType;
  /** Offsets of the token in the template text (for `error`, where the failing item starts). */
  start: number;
  end: number;
  /** The token's text; for `error`, the message. */
  val: string;
}

const LEFT_DELIM = '{{';
const RIGHT_DELIM = '}}';
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

/** Space as the template language knows it. */
export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

/** isSpace of a UTF-16 code unit (NaN past the end). */
function isSpaceCode(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}_]$/u;

/** ASCII letters, digits and `_`, by code: nearly every character of a word in a template. */
const ASCII_WORD = new Uint8Array(128);
for (let code = 0; code < 128; code++) ASCII_WORD[code] = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f ? 1 : 0;

function isAlphaNumeric(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 0x80) return ASCII_WORD[code] === 1;
  return LETTER_OR_DIGIT.test(c);
}

/** `-` followed by a space, after `{{`. */
function hasLeftTrimMarker(text: string, at: number): boolean {
  return text.charCodeAt(at) === 0x2d && isSpaceCode(text.charCodeAt(at + 1));
}

/** A space followed by `-`, before `}}`. */
function hasRightTrimMarker(text: string, at: number): boolean {
  return isSpaceCode(text.charCodeAt(at)) && text.charCodeAt(at + 1) === 0x2d;
}

/** `}}` at `at`. */
function hasRightDelim(text: string, at: number): boolean {
  return text.charCodeAt(at) === 0x7d && text.charCodeAt(at + 1) === 0x7d;
}

/** Go's %#U of a code point, for messages: U+0023 '#'. */
function describeRune(c: string): string {
  const cp = c.codePointAt(0)!;
  const hex = cp.toString(16).toUpperCase().padStart(4, '0');
  return /\P{C}/u.test(c) ? `U+${hex} '${c}'` : `U+${hex}`;
}

/** Lexes a whole template. The last token is `eof` or `error`. */
export function lex(text: string): Token[] {
  return new Lexer(text).run();
}

class Lexer {
  /**
   * Sized at the start for what a text of this length holds (room for a token every 8
   * characters; the real corpus's templates have one every 11), and cut to what was found at the
   * end: grown by push, the list was copied again and again as it grew, a fortieth of all that
   * rendering the corpus allocated.
   */
  private readonly tokens: Token[];
  private count = 0;
  private pos = 0;
  private start = 0;
  private parenDepth = 0;

  constructor(private readonly text: string) {
    this.tokens = new Array<Token>((text.length >> 3) + 8);
  }

  run(): Token[] {
    let inside = false;
    for (;;) {
      const last: 'inside' | 'text' | 'stop' = inside ? this.insideAction() : this.lexText();
      if (last === 'stop') {
        this.tokens.length = this.count;
        return this.tokens;
      }
      inside = last === 'inside';
    }
  }

  private emit(type: TokenType): void {
    this.tokens[this.count++] = { type, start: this.start, end: this.pos, val: this.text.slice(this.start, this.pos) };
    this.start = this.pos;
  }

  private error(message: string): 'stop' {
    this.tokens[this.count++] = { type: 'error', start: this.start, end: this.pos, val: message };
    return 'stop';
  }

  /** The code point at pos, or undefined at the end. */
  private peek(at = this.pos): string | undefined {
    if (at >= this.text.length) return undefined;
    const unit = this.text.charCodeAt(at);
    // Outside the surrogates a code unit is the code point.
    if (unit < 0xd800 || unit > 0xdfff) return this.text[at];
    return String.fromCodePoint(this.text.codePointAt(at)!);
  }

  private next(): string | undefined {
    const c = this.peek();
    if (c !== undefined) this.pos += c.length;
    return c;
  }

  private accept(valid: string): boolean {
    const c = this.peek();
    if (c !== undefined && valid.includes(c)) {
      this.pos += c.length;
      return true;
    }
    return false;
  }

  private acceptRun(valid: string): void {
    while (this.accept(valid));
  }

  /** Text up to the next action; returns what comes next. */
  private lexText(): 'inside' | 'text' | 'stop' {
    const x = this.text.indexOf(LEFT_DELIM, this.pos);
    if (x < 0) {
      this.pos = this.text.length;
      if (this.pos > this.start) this.emit('text');
      this.emit('eof');
      return 'stop';
    }
    this.pos = x;
    const delimEnd = x + LEFT_DELIM.length;
    let textEnd = x;
    if (hasLeftTrimMarker(this.text, delimEnd)) while (textEnd > this.start && isSpaceCode(this.text.charCodeAt(textEnd - 1))) textEnd--;
    if (textEnd > this.start) this.tokens[this.count++] = { type: 'text', start: this.start, end: textEnd, val: this.text.slice(this.start, textEnd) };
    this.start = this.pos;
    return this.leftDelim();
  }

  private leftDelim(): 'inside' | 'text' | 'stop' {
    this.pos += LEFT_DELIM.length;
    const trim = hasLeftTrimMarker(this.text, this.pos);
    const afterMarker = trim ? 2 : 0;
    if (this.text.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      return this.comment();
    }
    this.emit('leftDelim');
    this.pos += afterMarker;
    this.start = this.pos;
    this.parenDepth = 0;
    return 'inside';
  }

  private comment(): 'text' | 'stop' {
    this.pos += LEFT_COMMENT.length;
    const x = this.text.indexOf(RIGHT_COMMENT, this.pos);
    if (x < 0) return this.error('unclosed comment');
    this.pos = x + RIGHT_COMMENT.length;
    const at = this.atRightDelim();
    if (at === 'none') return this.error('comment ends before closing delimiter');
    const trim = at === 'trimmed';
    if (trim) this.pos += 2;
    this.pos += RIGHT_DELIM.length;
    if (trim) while (isSpaceCode(this.text.charCodeAt(this.pos))) this.pos++;
    this.start = this.pos;
    return 'text';
  }

  /** Whether a closing delimiter starts at pos, and whether with its trim marker (` -}}`); no list made, as this runs at every token of an action. */
  private atRightDelim(): 'trimmed' | 'plain' | 'none' {
    if (hasRightDelim(this.text, this.pos)) return 'plain';
    if (hasRightTrimMarker(this.text, this.pos) && hasRightDelim(this.text, this.pos + 2)) return 'trimmed';
    return 'none';
  }

  private rightDelim(): 'text' {
    const trim = this.atRightDelim() === 'trimmed';
    if (trim) {
      this.pos += 2;
      this.start = this.pos;
    }
    this.pos += RIGHT_DELIM.length;
    this.emit('rightDelim');
    if (trim) {
      while (isSpaceCode(this.text.charCodeAt(this.pos))) this.pos++;
      this.start = this.pos;
    }
    return 'text';
  }

  /** One token inside an action. */
  private insideAction(): 'inside' | 'text' | 'stop' {
    if (this.atRightDelim() !== 'none') {
      if (this.parenDepth === 0) return this.rightDelim();
      return this.error('unclosed left paren');
    }
    const c = this.next();
    if (c === undefined) return this.error('unclosed action');
    if (isSpace(c)) {
      this.pos -= c.length; // the space may start " -}}"
      return this.space();
    }
    switch (c) {
      case '=':
        this.emit('assign');
        return 'inside';
      case ':':
        if (this.next() !== '=') return this.error('expected :=');
        this.emit('declare');
        return 'inside';
      case '|':
        this.emit('pipe');
        return 'inside';
      case '"':
        return this.quote();
      case '`':
        return this.rawQuote();
      case '$':
        return this.variable();
      case "'":
        return this.charConstant();
      case '(':
        this.parenDepth++;
        this.emit('leftParen');
        return 'inside';
      case ')':
        this.parenDepth--;
        if (this.parenDepth < 0) return this.error('unexpected right paren');
        this.emit('rightParen');
        return 'inside';
    }
    if (c === '.') {
      const d = this.text[this.pos];
      if (d === undefined || d < '0' || d > '9') return this.fieldOrVariable('field');
    }
    if (c === '.' || c === '+' || c === '-' || (c >= '0' && c <= '9')) {
      this.pos -= c.length;
      return this.number();
    }
    if (isAlphaNumeric(c)) {
      this.pos -= c.length;
      return this.identifier();
    }
    if (c.codePointAt(0)! < 0x80 && c >= ' ' && c !== '\x7f') {
      this.emit('char');
      return 'inside';
    }
    return this.error(`unrecognized character in action: ${describeRune(c)}`);
  }

  private space(): 'inside' | 'text' {
    const from = this.pos;
    while (isSpaceCode(this.text.charCodeAt(this.pos))) this.pos++;
    const n = this.pos - from;
    // A space followed by "-}}" belongs to the closing delimiter.
    if (hasRightTrimMarker(this.text, this.pos - 1) && hasRightDelim(this.text, this.pos + 1)) {
      this.pos--;
      if (n === 1) return this.rightDelim();
    }
    this.emit('space');
    return 'inside';
  }

  /** After an identifier or field: what may follow without a space. */
  private atTerminator(): boolean {
    if (this.pos >= this.text.length) return true;
    const code = this.text.charCodeAt(this.pos);
    // space . , | : ) (
    if (isSpaceCode(code) || code === 0x2e || code === 0x2c || code === 0x7c || code === 0x3a || code === 0x29 || code === 0x28) return true;
    return hasRightDelim(this.text, this.pos);
  }

  /** Past the letters, digits and `_` at pos: ASCII by code, the rest by code point. */
  private skipWord(): void {
    for (;;) {
      const code = this.text.charCodeAt(this.pos);
      if (code < 0x80) {
        if (ASCII_WORD[code] !== 1) return;
        this.pos++;
      } else if (isAlphaNumeric(this.peek())) this.next();
      else return;
    }
  }

  private identifier(): 'inside' | 'stop' {
    this.skipWord();
    if (!this.atTerminator()) return this.error(`bad character ${describeRune(this.peek()!)}`);
    const word = this.text.slice(this.start, this.pos);
    if (KEYWORDS.has(word)) this.emit(word as TokenType);
    else if (word === 'true' || word === 'false') this.emit('bool');
    else this.emit('identifier');
    return 'inside';
  }

  private variable(): 'inside' | 'stop' {
    if (this.atTerminator()) {
      this.emit('variable'); // "$"
      return 'inside';
    }
    return this.fieldOrVariable('variable');
  }

  private fieldOrVariable(type: 'field' | 'variable'): 'inside' | 'stop' {
    if (this.atTerminator()) {
      this.emit(type === 'variable' ? 'variable' : 'dot');
      return 'inside';
    }
    this.skipWord();
    if (!this.atTerminator()) return this.error(`bad character ${describeRune(this.peek()!)}`);
    this.emit(type);
    return 'inside';
  }

  private charConstant(): 'inside' | 'stop' {
    for (;;) {
      const c = this.next();
      if (c === '\\') {
        const e = this.next();
        if (e !== undefined && e !== '\n') continue;
        return this.error('unterminated character constant');
      }
      if (c === undefined || c === '\n') return this.error('unterminated character constant');
      if (c === "'") break;
    }
    this.emit('charConstant');
    return 'inside';
  }

  private number(): 'inside' | 'stop' {
    if (!this.scanNumber()) return this.error(`bad number syntax: ${quote(this.text.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === '+' || sign === '-') {
      // A complex constant: 1+2i.
      if (!this.scanNumber() || this.text[this.pos - 1] !== 'i') return this.error(`bad number syntax: ${quote(this.text.slice(this.start, this.pos))}`);
      this.emit('complex');
      return 'inside';
    }
    this.emit('number');
    return 'inside';
  }

  /** Like Go's scanNumber, generous: strconv (in the parser) rejects what is not a number. */
  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  /** By code unit: what ends or escapes a string is ASCII, never half of a surrogate pair. */
  private quote(): 'inside' | 'stop' {
    const text = this.text;
    for (;;) {
      if (this.pos >= text.length) return this.error('unterminated quoted string');
      const code = text.charCodeAt(this.pos++);
      if (code === 0x5c) {
        // A backslash escapes what follows, but a newline or the end.
        if (this.pos >= text.length || text.charCodeAt(this.pos++) === 0x0a) return this.error('unterminated quoted string');
        continue;
      }
      if (code === 0x0a) return this.error('unterminated quoted string');
      if (code === 0x22) break;
    }
    this.emit('string');
    return 'inside';
  }

  private rawQuote(): 'inside' | 'stop' {
    const end = this.text.indexOf('`', this.pos);
    if (end < 0) {
      this.pos = this.text.length;
      return this.error('unterminated raw quoted string');
    }
    this.pos = end + 1;
    this.emit('rawString');
    return 'inside';
  }
}
