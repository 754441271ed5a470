// Helm's toToml: BurntSushi/toml's Encoder over template values. Keys sorted; a table's plain
// keys before its sub-tables; sub-tables and their keys indented by two spaces per level;
// a list of maps as an array of tables ([[key]]), a map inside another list as an inline table;
// floats with a decimal point (8080.0, 1e+20); nil values left out, a nil in a list an error.

import { formatFloat, GoError, GoInt, GoStruct, type Value } from '../gotemplate/index';

const INDENT = '  ';

function isTable(v: Value): boolean {
  return v instanceof Map || (v instanceof GoStruct && v.underlying === undefined);
}

/** tomlTypeOfGo's "array of tables": a non-empty list of maps; a nil element is an error. */
function isTableArray(v: Value): boolean {
  if (!Array.isArray(v) || v.length === 0) return false;
  let all = true;
  for (const x of v) {
    if (x === null) throw new GoError('toml: cannot encode array with nil element');
    if (!isTable(x)) all = false;
  }
  return all;
}

function entries(v: Value): [string, Value][] {
  if (v instanceof Map) return [...v];
  if (v instanceof GoStruct) return [...v.fields];
  return [];
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function quoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const simple: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\f': '\\f', '\r': '\\r' };
    if (simple[ch]) out += simple[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const keyPart = (k: string): string => (BARE_KEY.test(k) ? k : quoteString(k));

function floatText(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  const s = formatFloat(f, 'g', -1);
  return /[.eEn]/.test(s) ? s : `${s}.0`;
}

/** A value written after "key = ". */
function element(v: Value): string {
  if (typeof v === 'string') return quoteString(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof GoInt) return String(v.value);
  if (typeof v === 'number') return floatText(v);
  if (Array.isArray(v)) {
    isTableArray(v); // for its nil check
    return `[${v.map(element).join(', ')}]`;
  }
  if (isTable(v)) {
    const parts = sortedEntries(v)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => `${keyPart(k)} = ${element(x)}`);
    return `{${parts.join(', ')}}`;
  }
  if (v instanceof GoStruct) return element(v.underlying ?? null);
  throw new GoError(`toml: unsupported type: ${v === null ? 'nil' : 'func'}`);
}

function sortedEntries(v: Value): [string, Value][] {
  return entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

class Encoder {
  out = '';

  private newline(): void {
    if (this.out !== '') this.out += '\n';
  }

  /** encode(key, value) for a key path. */
  encode(key: string[], v: Value): void {
    if (v === null) return;
    if (isTableArray(v)) return this.arrayOfTables(key, v as Value[]);
    if (isTable(v)) return this.table(key, v);
    if (key.length === 0) {
      this.out += element(v);
      return;
    }
    this.out += `${INDENT.repeat(key.length - 1)}${keyPart(key[key.length - 1]!)} = ${element(v)}`;
    this.newline();
  }

  private table(key: string[], v: Value): void {
    if (key.length === 1) this.newline();
    if (key.length > 0) {
      this.out += `${INDENT.repeat(key.length - 1)}[${key.map(keyPart).join('.')}]`;
      this.newline();
    }
    this.body(key, v);
  }

  private arrayOfTables(key: string[], list: Value[]): void {
    if (key.length === 0) throw new GoError('toml: top-level values must be Go maps or structs');
    for (const item of list) {
      this.newline();
      this.out += `${INDENT.repeat(key.length - 1)}[[${key.map(keyPart).join('.')}]]`;
      this.newline();
      this.body(key, item);
    }
  }

  /** A table's keys: plain values first, then sub-tables and arrays of tables, each group sorted. */
  private body(key: string[], v: Value): void {
    const all = sortedEntries(v);
    const sub = (x: Value) => isTable(x) || isTableArray(x);
    for (const [k, x] of all.filter(([, x]) => !sub(x))) this.encode([...key, k], x);
    for (const [k, x] of all.filter(([, x]) => sub(x))) this.encode([...key, k], x);
  }
}

/** BurntSushi/toml's Encode: the text, or the error's text (which Helm's toToml returns instead). */
export function marshalToml(v: Value): string {
  const e = new Encoder();
  try {
    e.encode([], v);
  } catch (err) {
    if (err instanceof GoError) return err.message;
    throw err;
  }
  return e.out;
}
