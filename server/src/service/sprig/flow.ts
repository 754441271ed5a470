// sprig's defaults, flow control and reflection (defaults.go, reflect.go, functions.go), and its
// JSON functions (over json.ts). `default` passes on the origin of the value it picks, so that
// `default 80 .Values.port` still maps to the values key when the key is set.

import { GoError, type Value } from '../gotemplate/index';
import { deepEqual, empty, kindOf, typeOf } from './convert';
import { fn, type FunctionTable } from './func';
import { marshalJson, unmarshalJson } from './json';

/** sprig's default: the first given argument unless it is empty, else the default. */
function dfault(args: readonly Value[]): number {
  return args.length < 2 || empty(args[1]!) ? 0 : 1;
}

/** toJson and friends swallow marshal errors (an empty string); the must- variants return them. */
function swallow(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoError) return '';
    throw e;
  }
}

export const FLOW_FUNCTIONS: FunctionTable = {
  default: fn(['any', 'any'], (args) => args[dfault(args)]!, { variadic: true, passOrigin: dfault }),
  empty: fn(['any'], ([v]) => empty(v!)),
  coalesce: fn(['any'], (args) => args.find((v) => !empty(v)) ?? null, { variadic: true, passOrigin: (args) => indexOrUndefined(args.findIndex((v) => !empty(v))) }),
  all: fn(['any'], (args) => args.every((v) => !empty(v)), { variadic: true }),
  any: fn(['any'], (args) => args.some((v) => !empty(v)), { variadic: true }),
  ternary: fn(['any', 'any', 'bool'], ([t, f, c]) => (c ? t! : f!), { passOrigin: (args) => (args[2] ? 0 : 1) }),
  fail: fn(['string'], ([msg]) => {
    throw new GoError(msg as string);
  }),

  typeOf: fn(['any'], ([v]) => typeOf(v!)),
  typeIs: fn(['string', 'any'], ([t, v]) => t === typeOf(v!)),
  typeIsLike: fn(['string', 'any'], ([t, v]) => t === typeOf(v!) || `*${t as string}` === typeOf(v!)),
  kindOf: fn(['any'], ([v]) => kindOf(v!)),
  kindIs: fn(['string', 'any'], ([k, v]) => k === kindOf(v!)),
  deepEqual: fn(['any', 'any'], ([a, b]) => deepEqual(a!, b!)),

  toJson: fn(['any'], ([v]) => swallow(() => marshalJson(v!))),
  mustToJson: fn(['any'], ([v]) => marshalJson(v!)),
  toPrettyJson: fn(['any'], ([v]) => swallow(() => marshalJson(v!, { indent: '  ' }))),
  mustToPrettyJson: fn(['any'], ([v]) => marshalJson(v!, { indent: '  ' })),
  toRawJson: fn(['any'], ([v]) => swallow(() => marshalJson(v!, { escapeHTML: false }))),
  mustToRawJson: fn(['any'], ([v]) => marshalJson(v!, { escapeHTML: false })),
  fromJson: fn(['string'], ([s]) => unmarshalJson(s as string).value),
  mustFromJson: fn(['string'], ([s]) => {
    const { value, error } = unmarshalJson(s as string);
    if (error) throw new GoError(error);
    return value;
  }),
};

function indexOrUndefined(i: number): number | undefined {
  return i < 0 ? undefined : i;
}
