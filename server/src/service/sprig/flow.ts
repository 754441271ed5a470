// sprig's defaults, flow control and reflection (defaults.go, reflect.go, functions.go), and its
// JSON functions (over json.ts). `default` passes on the origin of the value it picks, so that
// `default 80 .Values.port` still maps to the values key when the key is set.

import { GoError, segmentsWithOrigins, Traced, type TemplateFunction, type Value } from '../gotemplate/index';
import { deepEqual, empty, kindOf, typeOf } from './convert';
import { fn, type FunctionTable } from './func';
import { marshalJsonWithOrigins, unmarshalJson, type MarshalOptions } from './json';

/** sprig's default: the first given argument unless it is empty, else the default. */
function dfault(args: readonly Value[]): number {
  return args.length < 2 || empty(args[1]!) ? 0 : 1;
}

/**
 * toJson and its kin: json.Marshal's text, with a source map when the value holds data with known
 * origins (each value read from a values file maps back to its key, as toYaml's do). The plain
 * forms swallow a marshal error (an empty string); the must- forms return it.
 */
function toJson(options: MarshalOptions, swallow: boolean): TemplateFunction {
  return fn(['any'], ([v], ctx) => {
    let written;
    try {
      written = marshalJsonWithOrigins(v!, { ...options, origins: ctx.origins, ...(ctx.traces[0]?.origin ? { origin: ctx.traces[0].origin } : {}) });
    } catch (e) {
      if (e instanceof GoError && swallow) return '';
      throw e;
    }
    if (written.marks.length === 0) return written.text;
    return new Traced(written.text, { segments: segmentsWithOrigins(ctx.callSite, written.text.length, written.marks) });
  });
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

  toJson: toJson({}, true),
  mustToJson: toJson({}, false),
  toPrettyJson: toJson({ indent: '  ' }, true),
  mustToPrettyJson: toJson({ indent: '  ' }, false),
  toRawJson: toJson({ escapeHTML: false }, true),
  mustToRawJson: toJson({ escapeHTML: false }, false),
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
