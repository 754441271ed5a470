// The conversions sprig applies to its arguments, with Go's semantics over the values of
// gotemplate/values.ts:
//   - strval: sprig's toString (a string as is, a Stringer's String(), else fmt's %v);
//   - toInt64 / toFloat64: spf13/cast's ToInt64 / ToFloat64 with the error dropped, as sprig
//     calls them (a string parsed with strconv.ParseInt base 0 after ".000" is trimmed, a float
//     truncated toward zero, a bool 1 or 0, anything else 0);
//   - kindOf / typeOf: reflect's Kind and fmt's %T;
//   - empty: sprig's empty (the zero value of the dynamic type; a struct is never empty);
//   - deepEqual: reflect.DeepEqual, which `has`, `uniq` and `without` compare with.
//
// Go ints are int64 here, wrapping on overflow as Go's arithmetic does.

import { formatValue, GoError, GoFunc, GoInt, GoStruct, stringerText, typeName, underlying, type Value } from '../gotemplate/index';
import { parseFloat64, parseIntBase0 } from '../gotemplate/strconv';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A bigint wrapped to int64, as Go's integer arithmetic wraps. */
export function wrapInt64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/** sprig's strval: string as is, Stringer/error by its method, otherwise fmt's %v ("<nil>" for nil). */
export function strval(v: Value): string {
  if (typeof v === 'string') return v;
  return stringerText(v) ?? formatValue(v);
}

/** fmt's %v (which honours an error or a Stringer, as fmt does). */
export function sprintV(v: Value): string {
  return formatValue(v);
}

/** strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b prefixes, a leading 0 for octal, underscores; undefined on error. */
export function parseGoInt(s: string): bigint | undefined {
  const n = parseIntBase0(s);
  return n === undefined || n < INT64_MIN || n > INT64_MAX ? undefined : n;
}

// Made once: a regular expression literal is a new object each time it is evaluated.
const SIGN_AND_REST = /^([+-]?)(.*)$/s;
const INFINITY_WORD = /^(inf|infinity)$/i;
const NAN_WORD = /^nan$/i;

/** strconv.ParseFloat(s, 64): decimal and hexadecimal forms, inf/infinity/nan; undefined on error. */
export function parseGoFloat(s: string): number | undefined {
  const m = SIGN_AND_REST.exec(s)!;
  if (INFINITY_WORD.test(m[2]!)) return m[1] === '-' ? -Infinity : Infinity;
  if (NAN_WORD.test(m[2]!)) return m[1] === '' ? NaN : undefined;
  return parseFloat64(s);
}

/** cast's trimZeroDecimal: "12.000" becomes "12" (but "12.50" stays). */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
    } else if (c === '0') foundZero = true;
    else return s;
  }
  return s;
}

/** Go's int64(f): truncation toward zero; out of range and NaN give math.MinInt64, as on amd64. */
export function floatToInt64(f: number): bigint {
  if (Number.isNaN(f) || f >= 2 ** 63 || f < -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(f));
}

/** cast.ToInt64 with its error dropped (sprig's toInt64, and its int). */
export function toInt64(v: Value): bigint {
  if (v instanceof GoInt) return BigInt.asIntN(64, v.value); // a uint64 above MaxInt64 wraps, as int64(u) does
  switch (typeof v) {
    case 'bigint':
      return v;
    case 'number':
      return floatToInt64(v);
    case 'boolean':
      return v ? 1n : 0n;
    case 'string':
      return parseGoInt(trimZeroDecimal(v)) ?? 0n;
  }
  return 0n;
}

/** cast.ToFloat64 with its error dropped (sprig's float64). */
export function toFloat64(v: Value): number {
  if (v instanceof GoInt) return Number(v.value);
  switch (typeof v) {
    case 'number':
      return v;
    case 'bigint':
      return Number(v);
    case 'boolean':
      return v ? 1 : 0;
    case 'string':
      return parseGoFloat(v) ?? 0;
  }
  return 0;
}

/** reflect.Kind's name of a value's dynamic type ("invalid" for nil). */
export function kindOf(v: Value): string {
  if (v === null) return 'invalid';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float64';
    case 'string':
      return 'string';
  }
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof GoFunc) return 'func';
  if (v instanceof GoInt) return v.typeName;
  if (v.underlying !== undefined) return kindOf(v.underlying);
  return v.typeName.startsWith('*') ? 'ptr' : 'struct';
}

/** fmt's %T. */
export function typeOf(v: Value): string {
  return typeName(v);
}

/** sprig's empty: nil, false, 0, and an empty string, list or map; a struct never. */
export function empty(v: Value): boolean {
  v = underlying(v);
  if (v === null) return true;
  switch (typeof v) {
    case 'boolean':
      return !v;
    case 'bigint':
      return v === 0n;
    case 'number':
      return v === 0;
    case 'string':
      return v.length === 0;
  }
  if (Array.isArray(v)) return v.length === 0;
  if (v instanceof Map) return v.size === 0;
  if (v instanceof GoInt) return v.value === 0n;
  return false;
}

/** reflect.DeepEqual over template values (an int never equals a float64; NaN never equals itself). */
export function deepEqual(a: Value, b: Value): boolean {
  if (a === b) return typeof a !== 'number' || !Number.isNaN(a);
  if (typeof a !== typeof b || a === null || b === null) return false;
  // DeepEqual compares types first: a []string never equals a []interface{} with the same strings.
  if (typeof a === 'object' && typeName(a) !== typeName(b)) return false;
  if (a instanceof GoInt) return a.value === (b as GoInt).value;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, x] of a) if (!b.has(k) || !deepEqual(x, b.get(k)!)) return false;
    return true;
  }
  if (a instanceof GoStruct && b instanceof GoStruct) {
    if (a.typeName !== b.typeName) return false;
    if (a.underlying !== undefined || b.underlying !== undefined) return deepEqual(a.underlying ?? null, b.underlying ?? null);
    if (a.fields.size !== b.fields.size) return false;
    for (const [k, x] of a.fields) if (!deepEqual(x, b.fields.get(k) ?? null)) return false;
    return true;
  }
  return false;
}

/**
 * The elements of a slice for sprig's reflection-based list functions, or the error they
 * return for another kind ("Cannot find first on type string"). A nil has no type at all:
 * reflect.TypeOf(nil).Kind() is a nil dereference in Go, which the template reports.
 */
export function sliceArg(v: Value, message: (kind: string) => string): readonly Value[] {
  const u = underlying(v);
  if (Array.isArray(u)) return u;
  if (v === null) throw new GoError('runtime error: invalid memory address or nil pointer dereference');
  throw new GoError(message(kindOf(v)));
}

/** A Go type assertion v.(T) that failed, as the panic reads. */
export function conversionPanic(v: Value, want: string): GoError {
  return new GoError(`interface conversion: interface {} is ${v === null ? 'nil' : typeName(v)}, not ${want}`);
}
