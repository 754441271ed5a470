// Go's encoding/json over template values, as sprig's and Helm's toJson/fromJson use it:
//   - marshal: map keys sorted, HTML characters escaped (<, >, & as \u003c...; not with
//     escapeHTML false, as toRawJson asks), floats as Go formats them (1e+21, 0.000001, 1e-7,
//     -0), NaN and infinities an error ("json: unsupported value: NaN");
//   - unmarshal: the scanner's syntax errors with Go's wording ("invalid character 'x' after
//     object key", "unexpected end of JSON input"), every number a float64, and the type error
//     Go gives when the top-level value is not what the target wants.
//
// A struct has no JSON tags here: its exported fields marshal under their Go names.

import { GoError, GoFunc, GoInt, GoStruct, quote, type GoMap, type Origin, type OriginMark, type Origins, type Value } from '../gotemplate/index';
import { utf8 } from './func';

export interface MarshalOptions {
  escapeHTML?: boolean;
  /** MarshalIndent's indent (with an empty prefix). */
  indent?: string;
}

/** Go's json.Marshal (or MarshalIndent); throws GoError with Go's message for what JSON cannot hold. */
export function marshalJson(v: Value, options: MarshalOptions = {}): string {
  return marshalJsonWithOrigins(v, options).text;
}

/**
 * marshalJson, and with `options.origins`, where each scalar of the data that has an origin was
 * written (its origin looked up by container and key as the value is walked; `origin` is that of
 * the value itself), for toJson's source map.
 */
export function marshalJsonWithOrigins(v: Value, options: MarshalOptions & { origins?: Origins; origin?: Origin } = {}): { text: string; marks: OriginMark[] } {
  const escapeHTML = options.escapeHTML ?? true;
  const indent = options.indent;
  const origins = options.origins;
  const marks: OriginMark[] = [];
  let out = '';
  const scalar = (text: string, origin: Origin | undefined): void => {
    if (origin) marks.push({ start: out.length, end: out.length + text.length, origin });
    out += text;
  };
  const write = (v: Value, depth: number, origin: Origin | undefined): void => {
    if (v === null) return scalar('null', origin);
    switch (typeof v) {
      case 'boolean':
        return scalar(String(v), origin);
      case 'bigint':
        return scalar(v.toString(), origin);
      case 'number':
        return scalar(jsonFloat(v), origin);
      case 'string':
        return scalar(jsonString(v, escapeHTML), origin);
    }
    if (v instanceof GoInt) return scalar(v.value.toString(), origin);
    if (v instanceof GoFunc) throw new GoError(`json: unsupported type: ${v.typeName}`);
    if (v instanceof GoStruct) {
      if (v.underlying !== undefined) return write(v.underlying, depth, origin);
      return object([...v.fields], depth, undefined);
    }
    if (Array.isArray(v)) {
      if (v.length === 0) return scalar('[]', origin);
      const pad = indent === undefined ? '' : `\n${indent.repeat(depth + 1)}`;
      out += '[';
      v.forEach((x, i) => {
        out += i > 0 ? `,${pad}` : pad;
        write(x, depth + 1, origins?.get(v, i));
      });
      out += indent === undefined ? ']' : `\n${indent.repeat(depth)}]`;
      return;
    }
    if (v.size === 0) return scalar('{}', origin);
    return object(
      [...v.keys()].sort(compareUtf8).map((k) => [k, v.get(k)!] as const),
      depth,
      v,
    );
  };
  const object = (entries: (readonly [string, Value])[], depth: number, container: GoMap | undefined): void => {
    if (entries.length === 0) return void (out += '{}');
    const sep = indent === undefined ? ':' : ': ';
    const pad = indent === undefined ? '' : `\n${indent.repeat(depth + 1)}`;
    out += '{';
    entries.forEach(([k, x], i) => {
      out += `${i > 0 ? `,${pad}` : pad}${jsonString(k, escapeHTML)}${sep}`;
      write(x, depth + 1, container && origins?.get(container, k));
    });
    out += indent === undefined ? '}' : `\n${indent.repeat(depth)}}`;
  };
  write(v, 0, options.origin);
  return { text: out, marks };
}

/** Map keys in Go's order: by UTF-8 bytes, which is code point order. */
function compareUtf8(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** encoding/json's float64: like JS's shortest form (exponent from 1e21 and below 1e-6), and -0 kept. */
export function jsonFloat(f: number): string {
  if (Number.isNaN(f)) throw new GoError('json: unsupported value: NaN');
  if (!Number.isFinite(f)) throw new GoError(`json: unsupported value: ${f > 0 ? '+Inf' : '-Inf'}`);
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

const HEX = '0123456789abcdef';

/** encoding/json's string: \n \r \t \b \f, other controls as \u00XX, HTML characters and U+2028/9 escaped, bad UTF-16 as U+FFFD. */
export function jsonString(s: string, escapeHTML = true): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp < 0x20) {
      const short = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' }[cp];
      out += short ?? `\\u00${HEX[cp >> 4]}${HEX[cp & 15]}`;
    } else if (escapeHTML && (ch === '<' || ch === '>' || ch === '&')) out += `\\u00${HEX[cp >> 4]}${HEX[cp & 15]}`;
    else if (cp === 0x2028 || cp === 0x2029) out += `\\u202${cp === 0x2028 ? '8' : '9'}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else out += ch;
  }
  return `${out}"`;
}

// ---- decoding -----------------------------------------------------------------------------------

/** The scanner's quoteChar: a byte in single quotes, as strconv would quote it. */
function quoteChar(text: string, at: number): string {
  if (at >= text.length) return "' '";
  const c = text[at]!;
  if (c === "'") return "'\\''";
  if (c === '"') return `'"'`;
  const byte = utf8(c)[0]!;
  const q = quote(String.fromCharCode(byte));
  return `'${q.slice(1, -1)}'`;
}

class JsonSyntaxError extends Error {}

/** A recursive descent parser with the errors of Go's scanner (a state machine, whose wording it follows). */
class Parser {
  i = 0;
  /** The first error Go would save while decoding (a number out of range), reported after the syntax check. */
  typeError: string | undefined;

  constructor(private readonly text: string) {}

  fail(context: string): never {
    throw new JsonSyntaxError(`invalid character ${quoteChar(this.text, this.i)} ${context}`);
  }

  /** At the end of input, Go's scanner feeds a space: complete values end, others fail. */
  private eofOr(context: string): never {
    if (this.i >= this.text.length) throw new JsonSyntaxError('unexpected end of JSON input');
    this.fail(context);
  }

  ws(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i]!)) this.i++;
  }

  value(): Value {
    this.ws();
    const c = this.text[this.i];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.eofOr('looking for beginning of value');
  }

  private literal(word: string, value: Value): Value {
    for (let k = 1; k < word.length; k++) {
      this.i++;
      if (this.text[this.i] !== word[k]) {
        // At the end of input the scanner's space is the unexpected character.
        throw new JsonSyntaxError(`invalid character ${quoteChar(this.text, this.i)} in literal ${word} (expecting '${word[k]}')`);
      }
    }
    this.i++;
    return value;
  }

  private number(): number {
    const start = this.i;
    const t = this.text;
    const digit = () => this.i < t.length && t[this.i]! >= '0' && t[this.i]! <= '9';
    if (t[this.i] === '-') {
      this.i++;
      if (!digit()) throw new JsonSyntaxError(`invalid character ${quoteChar(t, this.i)} in numeric literal`);
    }
    if (t[this.i] === '0') this.i++;
    else while (digit()) this.i++;
    if (t[this.i] === '.') {
      this.i++;
      if (!digit()) throw new JsonSyntaxError(`invalid character ${quoteChar(t, this.i)} after decimal point in numeric literal`);
      while (digit()) this.i++;
    }
    if (t[this.i] === 'e' || t[this.i] === 'E') {
      this.i++;
      if (t[this.i] === '+' || t[this.i] === '-') this.i++;
      if (!digit()) throw new JsonSyntaxError(`invalid character ${quoteChar(t, this.i)} in exponent of numeric literal`);
      while (digit()) this.i++;
    }
    const text = t.slice(start, this.i);
    const n = Number(text);
    if (!Number.isFinite(n)) {
      this.typeError ??= `json: cannot unmarshal number ${text} into Go value of type float64`;
      return 0;
    }
    return n;
  }

  string(): string {
    const t = this.text;
    this.i++; // the opening quote
    let out = '';
    for (;;) {
      if (this.i >= t.length) throw new JsonSyntaxError('unexpected end of JSON input');
      const c = t[this.i]!;
      if (c === '"') {
        this.i++;
        return out;
      }
      if (c.charCodeAt(0) < 0x20) this.fail('in string literal');
      if (c !== '\\') {
        out += c;
        this.i++;
        continue;
      }
      this.i++;
      const e = t[this.i];
      if (e === undefined) throw new JsonSyntaxError('unexpected end of JSON input');
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e in simple) {
        out += simple[e];
        this.i++;
        continue;
      }
      if (e !== 'u') this.fail('in string escape code');
      this.i++;
      for (let k = 0; k < 4; k++) {
        if (this.i + k >= t.length) throw new JsonSyntaxError('unexpected end of JSON input');
        if (!/[0-9a-fA-F]/.test(t[this.i + k]!)) {
          this.i += k;
          this.fail('in \\u hexadecimal character escape');
        }
      }
      out += String.fromCharCode(parseInt(t.slice(this.i, this.i + 4), 16));
      this.i += 4;
    }
  }

  private object(): GoMap {
    const m: GoMap = new Map();
    this.i++;
    this.ws();
    if (this.text[this.i] === '}') {
      this.i++;
      return m;
    }
    for (;;) {
      this.ws();
      if (this.text[this.i] !== '"') this.eofOr('looking for beginning of object key string');
      const key = this.string();
      this.ws();
      if (this.text[this.i] !== ':') this.eofOr('after object key');
      this.i++;
      m.set(key, this.value());
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return m;
      }
      this.eofOr('after object key:value pair');
    }
  }

  private array(): Value[] {
    const list: Value[] = [];
    this.i++;
    this.ws();
    if (this.text[this.i] === ']') {
      this.i++;
      return list;
    }
    for (;;) {
      list.push(this.value());
      this.ws();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return list;
      }
      this.eofOr('after array element');
    }
  }
}

/** Lone surrogates from \u escapes become U+FFFD, as Go's decoder makes them. */
function fixSurrogates(v: Value): Value {
  if (typeof v === 'string') return v.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
  if (Array.isArray(v)) return v.map(fixSurrogates);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [fixSurrogates(k) as string, fixSurrogates(x)]));
  return v;
}

export type JsonTarget = 'any' | 'map' | 'list';

/** json.Unmarshal into interface{}, map[string]interface{} or []interface{}: the value, or Go's error message. */
export function unmarshalJson(text: string, target: JsonTarget = 'any'): { value: Value; error?: string } {
  const parser = new Parser(text);
  let value: Value;
  try {
    value = parser.value();
    parser.ws();
    if (parser.i < text.length) parser.fail('after top-level value');
  } catch (e) {
    if (e instanceof JsonSyntaxError) return { value: null, error: e.message };
    throw e;
  }
  value = fixSurrogates(value);
  if (target !== 'any' && value !== null) {
    const ok = target === 'map' ? value instanceof Map : Array.isArray(value);
    if (!ok) {
      const kind = value instanceof Map ? 'object' : Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : 'number';
      return { value: null, error: `json: cannot unmarshal ${kind} into Go value of type ${target === 'map' ? 'map[string]interface {}' : '[]interface {}'}` };
    }
  }
  if (parser.typeError) return { value, error: parser.typeError };
  return { value };
}
