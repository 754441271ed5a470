// Comparison as text/template's eq, ne, lt, le, gt and ge do it (text/template/funcs.go): only
// basic kinds compare, an int never equals a float64 (a values-file number is a float64, so
// `eq .Values.port 80` is an error in Helm too), nil equals only nil, and maps and lists cannot be
// compared at all. Errors are thrown as GoError with Go's messages.

import { sprintf } from './fmt';
import { compareStrings, GoError, GoFunc, GoInt, GoStruct, intValue, typeName, type Value } from './values';

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(v: Value): BasicKind {
  // Every integer kind compares with every other, by value (Go's eq and lt mix int, int64, uint).
  if (v instanceof GoInt) return 'int';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  return 'invalid';
}

/**
 * `eq a b c ...`: a == b || a == c || .... Basic kinds compare by value; an int and a float64
 * are incompatible (a values-file number is a float64, so `eq .Values.port 80` is an error in
 * Helm too); nil equals only nil; maps and lists cannot be compared.
 */
export function goEq(a: Value, ...rest: Value[]): boolean {
  if (rest.length === 0) throw new GoError('missing argument for comparison');
  const k1 = basicKind(a);
  for (const b of rest) {
    const k2 = basicKind(b);
    let truth: boolean;
    if (k1 !== k2) {
      // Only a nil on either side is allowed to differ in kind: it is simply unequal.
      if (a !== null && b !== null) throw new GoError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
      truth = false;
    } else if (k1 === 'int') {
      truth = intValue(a) === intValue(b);
    } else if (k1 !== 'invalid') {
      truth = a === b;
    } else if (a === null || b === null) {
      truth = a === b;
    } else {
      if (kindOf(a) !== kindOf(b)) throw new GoError(`non-comparable types ${sprintf('%s', a)}: ${typeName(a)}, ${typeName(b)}: ${sprintf('%v', b)}`);
      if (Array.isArray(b) || b instanceof Map || b instanceof GoFunc) throw new GoError(`non-comparable type ${sprintf('%s', b)}: ${typeName(b)}`);
      truth = a === b;
    }
    if (truth) return true;
  }
  return false;
}

/** `ne a b`. */
export function goNe(a: Value, b: Value): boolean {
  return !goEq(a, b);
}

/** `lt a b`: only ints with ints, floats with floats, strings with strings. */
export function goLt(a: Value, b: Value): boolean {
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new GoError('invalid type for comparison');
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new GoError('invalid type for comparison');
  if (k1 !== k2) throw new GoError(`incompatible types for comparison: ${typeName(a)} and ${typeName(b)}`);
  if (k1 === 'bool') throw new GoError('invalid type for comparison');
  if (k1 === 'string') return compareStrings(a as string, b as string) < 0;
  if (k1 === 'int') return intValue(a)! < intValue(b)!;
  return (a as number) < (b as number);
}

/** `le a b`: lt, else eq. */
export function goLe(a: Value, b: Value): boolean {
  return goLt(a, b) || goEq(a, b);
}

/** `gt a b`: not le. */
export function goGt(a: Value, b: Value): boolean {
  return !goLe(a, b);
}

/** `ge a b`: not lt. */
export function goGe(a: Value, b: Value): boolean {
  return !goLt(a, b);
}

/** reflect.Kind, coarsely: what canCompare looks at. */
function kindOf(v: Value): string {
  if (Array.isArray(v)) return 'slice';
  if (v instanceof Map) return 'map';
  if (v instanceof GoFunc) return 'func';
  if (v instanceof GoStruct) return 'struct';
  return typeof v;
}
