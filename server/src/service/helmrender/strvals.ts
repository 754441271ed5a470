// `--set` and `--set-string` as Helm's pkg/strvals parses them, into a values map in place:
//   a.b=c            nested keys            a[0]=x, a[1].b=y   list items (holes are nil)
//   a={x,y}          a list                 a=                 the empty string
//   a\.b=c, a=x\,y   escaped . and ,        a=null             nil (deletes the key when coalesced)
// With --set a value is typed: true/false (any case), null, 0 and integers not starting with 0
// are Go int64 (bigint here, not float64 as values files give), anything else a string;
// --set-string keeps every value a string. The origin of each value set is recorded: the
// caller's name for the string and the span of the `key=value` entry in it.

import type { GoMap, Origins, Value } from '../gotemplate/index';

const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

export interface StrvalsOptions {
  /** --set-string: every value a string. */
  strings?: boolean;
  /** Recorded as the origin of what is set: its name (`--set`, a setting's name) and spans in the text. */
  origins?: Origins;
  uri?: string;
}

class EOF {}

/** Parses `text` into `dest` (mutated). Returns Helm's error, if any; what was parsed before it stays set. */
export function parseStrvals(text: string, dest: GoMap, options: StrvalsOptions = {}): string | undefined {
  const p = new Parser(text, options);
  try {
    for (;;) {
      p.entryStart = p.pos;
      p.key(dest, 0);
    }
  } catch (e) {
    if (e instanceof EOF) return undefined;
    if (e instanceof StrvalsError) return e.message;
    throw e;
  }
}

class StrvalsError extends Error {}

type Stop = ReadonlySet<string>;

class Parser {
  pos = 0;
  entryStart = 0;
  private readonly chars: string[];

  constructor(
    text: string,
    private readonly options: StrvalsOptions,
  ) {
    this.chars = [...text];
  }

  /** runesUntil: characters up to a stop character (consumed and returned), backslash escaping one. */
  private until(stop: Stop): { text: string; last?: string } {
    let text = '';
    for (;;) {
      if (this.pos >= this.chars.length) return { text };
      const c = this.chars[this.pos++]!;
      if (stop.has(c)) return { text, last: c };
      if (c === '\\') {
        if (this.pos >= this.chars.length) return { text };
        text += this.chars[this.pos++]!;
      } else text += c;
    }
  }

  private origin(container: GoMap | Value[], key: string | number, path: string): void {
    const { origins, uri } = this.options;
    if (!origins) return;
    const offset = (i: number) => this.chars.slice(0, i).join('').length;
    origins.set(container, key, { uri: uri ?? '--set', span: { start: offset(this.entryStart), end: offset(this.pos) }, path });
  }

  key(data: GoMap, level: number, path = ''): void {
    const { text: k, last } = this.until(KEY_STOP);
    const keyPath = path ? `${path}.${k}` : k;
    if (last === undefined) {
      if (k.length === 0) throw new EOF();
      throw new StrvalsError(`key ${JSON.stringify(k)} has no value`);
    }
    if (last === '[') {
      const i = this.keyIndex();
      const existing = data.get(k);
      if (existing !== undefined && !Array.isArray(existing)) throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goType(existing)}, not []interface {}`);
      const list = this.listItem(existing ?? [], i, level, keyPath);
      set(data, k, list);
      return;
    }
    if (last === '=') {
      const vl = this.valList();
      if (vl === 'eof') {
        set(data, k, '');
        this.origin(data, k, keyPath);
        throw new EOF();
      }
      const v = vl ?? this.typed(this.until(COMMA).text);
      set(data, k, v);
      if (k) this.origin(data, k, keyPath);
      return;
    }
    if (last === ',') {
      set(data, k, '');
      throw new StrvalsError(`key ${JSON.stringify(k)} has no value (cannot end with ,)`);
    }
    // last === '.'
    if (++level > MAX_NESTED_NAME_LEVEL) throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
    const existing = data.get(k);
    if (existing !== undefined && !(existing instanceof Map)) throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goType(existing)}, not map[string]interface {}`);
    const inner: GoMap = existing ?? new Map();
    let error: unknown;
    try {
      this.key(inner, level, keyPath);
    } catch (e) {
      error = e;
    }
    if (error === undefined && inner.size === 0) throw new StrvalsError(`key map ${JSON.stringify(k)} has no value`);
    if (inner.size !== 0) set(data, k, inner);
    if (error !== undefined) throw error;
  }

  private keyIndex(): number {
    const { text, last } = this.until(INDEX_STOP);
    if (last === undefined) throw new EOF();
    if (!/^[+-]?\d+$/.test(text)) throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
    return Number(text);
  }

  private listItem(list: Value[], i: number, level: number, path: string): Value[] {
    if (i < 0) throw new StrvalsError(`negative ${i} index not allowed`);
    const itemPath = `${path}[${i}]`;
    const { text, last } = this.until(LIST_STOP);
    // Go prints the []rune with %q: ['x' 'y'].
    if (text.length > 0) throw new StrvalsError(`unexpected data at end of array index: [${[...text].map((c) => `'${c}'`).join(' ')}]`);
    if (last === undefined) throw new EOF();
    if (last === '=') {
      const vl = this.valList();
      const v = vl === 'eof' ? '' : (vl ?? this.typed(this.until(COMMA).text));
      const out = setIndex(list, i, v);
      this.origin(out, i, itemPath);
      return out;
    }
    if (last === '[') {
      const next = this.keyIndex();
      const existing = list.length > i ? list[i] : null;
      if (existing !== null && existing !== undefined && !Array.isArray(existing)) throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${goType(existing)}, not []interface {}`);
      return setIndex(list, i, this.listItem(existing ?? [], next, level, itemPath));
    }
    // last === '.'
    let inner: GoMap = new Map();
    if (list.length > i) {
      const existing = list[i];
      if (existing instanceof Map) inner = existing;
      else list[i] = inner;
    }
    this.key(inner, level, itemPath);
    return setIndex(list, i, inner);
  }

  /** A `{a,b}` list, 'eof' at the end of the text, or undefined when the value is not a list. */
  private valList(): Value[] | 'eof' | undefined {
    if (this.pos >= this.chars.length) return 'eof';
    if (this.chars[this.pos] !== '{') return undefined;
    this.pos++;
    const list: Value[] = [];
    for (;;) {
      const { text, last } = this.until(LIST_VALUE_STOP);
      if (last === undefined) throw new StrvalsError("list must terminate with '}'");
      if (last === '}') {
        if (this.chars[this.pos] === ',') this.pos++;
        list.push(this.typed(text));
        return list;
      }
      list.push(this.typed(text));
    }
  }

  /** typedVal. */
  private typed(val: string): Value {
    if (this.options.strings) return val;
    const lower = val.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (val === '0') return 0n;
    if (val.length > 0 && val[0] !== '0' && /^[+-]?\d+$/.test(val)) {
      const n = BigInt(val);
      if (n >= -(2n ** 63n) && n < 2n ** 63n) return n;
    }
    return val;
  }
}

const KEY_STOP: Stop = new Set(['=', '[', ',', '.']);
const INDEX_STOP: Stop = new Set([']']);
const LIST_STOP: Stop = new Set(['[', '.', '=']);
const COMMA: Stop = new Set([',']);
const LIST_VALUE_STOP: Stop = new Set([',', '}']);

function set(data: GoMap, key: string, value: Value): void {
  if (key.length === 0) return;
  data.set(key, value);
}

function setIndex(list: Value[], index: number, value: Value): Value[] {
  if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  while (list.length <= index) list.push(null);
  list[index] = value;
  return list;
}

function goType(v: Value): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int64';
  if (typeof v === 'number') return 'float64';
  if (v instanceof Map) return 'map[string]interface {}';
  if (Array.isArray(v)) return '[]interface {}';
  return 'interface {}';
}
