// Go's builtin template functions (text/template/funcs.go), with Go's messages. `and` and `or`
// are also special-cased by the executor, which evaluates their arguments lazily.

import { goEq, goGe, goGt, goLe, goLt, goNe } from './compare';
import type { CallContext, TemplateFunction } from './exec';
import { sprint, sprintf, sprintln } from './fmt';
import { logPath, type ArgumentUse } from './reads';
import { Traced, type Origin } from './sourcemap';
import { utf8Bytes } from './strconv';
import { GoError, GoFunc, GoInt, goLen, intValue, isTrue, typeName, underlying, type Value } from './values';

/** Go's evalArgs: one string as is, else Sprint with nil printed as "<no value>". */
function evalArgs(args: Value[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(...args.map((a) => (a === null ? '<no value>' : a)));
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const simple: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };
    if (simple[ch]) out += simple[ch];
    else if (cp < 0x20) out += `\\u00${cp.toString(16).toUpperCase().padStart(2, '0')}`;
    else if (cp < 0x80 || PRINTABLE.test(ch)) out += ch;
    else out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

/** url.QueryEscape: unreserved characters stay, a space becomes '+', the rest %XX per UTF-8 byte. */
function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** funcs.go indexArg: an int index within [0, cap]. */
function indexArg(index: Value, cap: number): number {
  if (index === null) throw new GoError('cannot index slice/array with nil');
  // Any integer kind, as funcs.go's indexArg reads it.
  const n = intValue(index);
  if (n === undefined) throw new GoError(`cannot index slice/array with type ${typeName(index)}`);
  if (n < 0n || n > BigInt(cap)) throw new GoError(`index out of range: ${n}`);
  return Number(n);
}

function index(args: Value[], ctx: CallContext): Value | Traced {
  let item: Value = args[0]!;
  if (item === null) throw new GoError('index of untyped nil');
  let origin: Origin | undefined = ctx.traces[0]?.origin;
  for (const key of args.slice(1)) {
    if (item === null) throw new GoError('index of nil pointer');
    const u = underlying(item);
    if (Array.isArray(u) || typeof u === 'string') {
      const len = Array.isArray(u) ? u.length : utf8Bytes(u).length;
      const x = indexArg(key, len);
      // Go's reflect panics on index == len, and the panic becomes the error.
      if (x === len) throw new GoError(`reflect: ${Array.isArray(u) ? 'slice' : 'string'} index out of range`);
      if (Array.isArray(u)) {
        origin = ctx.origins.get(u, x);
        item = u[x]!;
      } else {
        origin = undefined;
        item = new GoInt('uint8', BigInt(utf8Bytes(u)[x]!)); // a byte
      }
    } else if (u instanceof Map) {
      if (key === null) throw new GoError('value is nil; should be of type string');
      if (typeof key !== 'string') throw new GoError(`value has type ${typeName(key)}; should be string`);
      origin = ctx.origins.get(u, key);
      item = u.has(key) ? u.get(key)! : null;
    } else {
      throw new GoError(`can't index item of type ${typeName(item)}`);
    }
  }
  return origin ? new Traced(item, { origin }) : item;
}

function slice(args: Value[]): Value {
  const item = args[0]!;
  if (item === null) throw new GoError('slice of untyped nil');
  const indexes = args.slice(1);
  if (indexes.length > 3) throw new GoError(`too many slice indexes: ${indexes.length}`);
  const u = underlying(item);
  let len: number;
  let bytes: Uint8Array | undefined;
  if (typeof u === 'string') {
    if (indexes.length === 3) throw new GoError('cannot 3-index slice a string');
    bytes = utf8Bytes(u);
    len = bytes.length;
  } else if (Array.isArray(u)) len = u.length;
  else throw new GoError(`can't slice item of type ${typeName(item)}`);
  const idx = [0, len, len];
  indexes.forEach((x, i) => (idx[i] = indexArg(x, len)));
  if (idx[0]! > idx[1]!) throw new GoError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1]! > idx[2]!) throw new GoError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (bytes) return new TextDecoder().decode(bytes.slice(idx[0], idx[1]));
  return (u as Value[]).slice(idx[0], idx[1]);
}

function call(args: Value[], ctx: CallContext): Value {
  const fn = args[0]!;
  const name = ctx.argTexts[0] ?? 'call';
  if (fn === null) throw new GoError('call of nil');
  if (!(fn instanceof GoFunc)) throw new GoError(`non-function ${name} of type ${typeName(fn)}`);
  const rest = args.slice(1);
  const { arity, variadic } = fn.callable;
  if (variadic ? rest.length < arity - 1 : rest.length !== arity) throw new GoError(`wrong number of args for ${name}: got ${rest.length} want ${variadic ? 'at least ' : ''}${variadic ? arity - 1 : arity}`);
  return fn.callable.call(rest);
}

function andOr(which: 'and' | 'or'): (args: Value[]) => Value {
  return (args) => {
    let v: Value = args[0]!;
    for (v of args) if (isTrue(v) === (which === 'or')) return v;
    return v;
  };
}

const fn = (params: TemplateFunction['params'], variadic: boolean, body: TemplateFunction['call'], uses?: ArgumentUse): TemplateFunction => ({ params, variadic, call: body, ...(uses ? { uses } : {}) });

/** Go's builtins by name. */
export const BUILTINS: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  ['and', fn(['value', 'value'], true, andOr('and'))],
  ['or', fn(['value', 'value'], true, andOr('or'))],
  ['not', fn(['value'], false, (a) => !isTrue(a[0]!))],
  ['call', fn(['value', 'value'], true, call)],
  ['html', fn(['any'], true, (a) => htmlEscape(evalArgs(a)))],
  ['js', fn(['any'], true, (a) => jsEscape(evalArgs(a)))],
  ['urlquery', fn(['any'], true, (a) => queryEscape(evalArgs(a)))],
  ['index', fn(['value', 'value'], true, index, { reads: (args, log) => logPath(log, underlying(args[0] ?? null), args.slice(1)) })],
  ['slice', fn(['value', 'value'], true, slice)],
  ['len', fn(['value'], false, (a) => BigInt(goLen(a[0]!)))],
  ['print', fn(['any'], true, (a) => sprint(...a))],
  ['printf', fn(['string', 'any'], true, (a) => sprintf(a[0] as string, ...a.slice(1)))],
  ['println', fn(['any'], true, (a) => sprintln(...a))],
  ['eq', fn(['value', 'value'], true, (a) => goEq(a[0]!, ...a.slice(1)))],
  ['ne', fn(['value', 'value'], false, (a) => goNe(a[0]!, a[1]!))],
  ['lt', fn(['value', 'value'], false, (a) => goLt(a[0]!, a[1]!))],
  ['le', fn(['value', 'value'], false, (a) => goLe(a[0]!, a[1]!))],
  ['gt', fn(['value', 'value'], false, (a) => goGt(a[0]!, a[1]!))],
  ['ge', fn(['value', 'value'], false, (a) => goGe(a[0]!, a[1]!))],
]);
