// sprig's list functions (list.go, numeric.go's until/seq, strings.go's join/split family).
// They take any slice by reflection and return a new []interface{}; a nil or a non-slice is an
// error with sprig's message ("Cannot find first on type string"), which the must- variants
// return and the others raise as a panic: the template shows the same message either way.
//
// Where Go returns a nil slice, which prints as [] (not as nil), these return [].

import { GoError, GoTypedList, stringList, type Value } from '../gotemplate/index';
import { deepEqual, empty, sliceArg, strval, toInt64 } from './convert';
import { fn, type FunctionTable } from './func';
import { goSplit } from './strings';

/** sprig's strslice: a slice's non-nil elements as strings; nil is empty; anything else one string. */
export function strslice(v: Value): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null).map(strval);
  if (v === null) return [];
  return [strval(v)];
}

/** untilStep from numeric.go. */
export function untilStep(start: bigint, stop: bigint, step: bigint): bigint[] {
  const out: bigint[] = [];
  if (stop < start) {
    if (step >= 0n) return out;
    for (let i = start; i > stop; i += step) out.push(i);
    return out;
  }
  if (step <= 0n) return out;
  for (let i = start; i < stop; i += step) out.push(i);
  return out;
}

/** sprig's seq: like GNU seq, the numbers joined by spaces. */
function seq(params: bigint[]): string {
  let range: bigint[];
  switch (params.length) {
    case 1: {
      const end = params[0]!;
      const inc = end < 1n ? -1n : 1n;
      range = untilStep(1n, end + inc, inc);
      break;
    }
    case 2: {
      const [start, end] = params as [bigint, bigint];
      const step = end < start ? -1n : 1n;
      range = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params as [bigint, bigint, bigint];
      let inc = 1n;
      if (end < start) {
        inc = -1n;
        if (step > 0n) return '';
      }
      range = untilStep(start, end + inc, step);
      break;
    }
    default:
      return '';
  }
  return range.join(' ');
}

const MAX_RANGE = 10_000_000;

/** Guards `until`/`seq` against a count that would exhaust memory (Go would try, and fail later). */
function checkRange(count: bigint): void {
  if (count > BigInt(MAX_RANGE) || count < -BigInt(MAX_RANGE)) throw new GoError(`runtime error: makeslice: len out of range`);
}

function reflectIndexPanic(): GoError {
  return new GoError('reflect.Value.Slice: slice index out of bounds');
}

/** sprig's slice: list[start:end] with toInt'd indexes, of the list's own type (a []string stays one); an empty list gives nil. */
function sliceList(list: Value, indices: Value[]): Value {
  const l = sliceArg(list, (k) => `list should be type of slice or array but ${k}`);
  if (l.length === 0) return null;
  const start = indices.length > 0 ? Number(toInt64(indices[0]!)) : 0;
  const end = indices.length >= 2 ? Number(toInt64(indices[1]!)) : l.length;
  if (start < 0 || end < start || end > l.length) throw reflectIndexPanic();
  const part = l.slice(start, end);
  return l instanceof GoTypedList ? new GoTypedList(l.typeName, part) : part;
}

/** sprig's chunk: a [][]interface {} of the list's elements. */
function chunk(size: number, list: Value): Value[] {
  const l = sliceArg(list, (k) => `Cannot chunk type ${k}`);
  // Go computes the number of chunks with a float division: a size below 1 makes a slice of absurd length.
  if (size <= 0) throw new GoError('runtime error: makeslice: len out of range');
  const out: Value[][] = [];
  for (let i = 0; i < l.length; i += size) out.push(l.slice(i, i + size));
  return new GoTypedList('[][]interface {}', out);
}

function concat(lists: Value[]): Value[] {
  const out: Value[] = [];
  for (const list of lists) out.push(...sliceArg(list, (k) => `Cannot concat type ${k} as list`));
  return out;
}

/** The list functions and their must- variants. */
function listFunctions(): FunctionTable {
  const table: FunctionTable = {};
  const pair = (name: string, mustName: string | undefined, f: ReturnType<typeof fn>) => {
    table[name] = f;
    if (mustName) table[mustName] = f;
  };
  pair('push', 'mustPush', fn(['any', 'any'], ([l, v]) => [...sliceArg(l!, (k) => `Cannot push on type ${k}`), v!]));
  pair('append', 'mustAppend', table.push!);
  pair('prepend', 'mustPrepend', fn(['any', 'any'], ([l, v]) => [v!, ...sliceArg(l!, (k) => `Cannot prepend on type ${k}`)]));
  pair('first', 'mustFirst', fn(['any'], ([l]) => sliceArg(l!, (k) => `Cannot find first on type ${k}`)[0] ?? null));
  pair('last', 'mustLast', fn(['any'], ([l]) => sliceArg(l!, (k) => `Cannot find last on type ${k}`).at(-1) ?? null));
  pair('rest', 'mustRest', fn(['any'], ([l]) => sliceArg(l!, (k) => `Cannot find rest on type ${k}`).slice(1)));
  pair('initial', 'mustInitial', fn(['any'], ([l]) => sliceArg(l!, (k) => `Cannot find initial on type ${k}`).slice(0, -1)));
  pair('reverse', 'mustReverse', fn(['any'], ([l]) => [...sliceArg(l!, (k) => `Cannot find reverse on type ${k}`)].reverse()));
  pair('compact', 'mustCompact', fn(['any'], ([l]) => sliceArg(l!, (k) => `Cannot compact on type ${k}`).filter((x) => !empty(x))));
  pair(
    'uniq',
    'mustUniq',
    fn(['any'], ([l]) => {
      const out: Value[] = [];
      for (const x of sliceArg(l!, (k) => `Cannot find uniq on type ${k}`)) if (!out.some((y) => deepEqual(x, y))) out.push(x);
      return out;
    }),
  );
  pair(
    'without',
    'mustWithout',
    fn(['any', 'any'], ([l, ...omit]) => sliceArg(l!, (k) => `Cannot find without on type ${k}`).filter((x) => !omit.some((o) => deepEqual(x, o))), { variadic: true }),
  );
  pair(
    'has',
    'mustHas',
    fn(['any', 'any'], ([needle, haystack]) => {
      if (haystack === null) return false;
      return sliceArg(haystack!, (k) => `Cannot find has on type ${k}`).some((x) => deepEqual(needle!, x));
    }),
  );
  pair('slice', 'mustSlice', fn(['any', 'any'], ([l, ...indices]) => sliceList(l!, indices), { variadic: true }));
  pair('chunk', 'mustChunk', fn(['int', 'any'], ([size, l]) => chunk(Number(size as bigint), l!)));
  // list and tuple hold their arguments without reading them (a values map packed for a helper).
  table.list = fn(['any'], (args) => args, { variadic: true, uses: { keeps: 'all' } });
  table.tuple = table.list;
  table.concat = fn(['any'], concat, { variadic: true });
  // sortAlpha, toStrings and splitList return []string, until and untilStep []int, as in sprig.
  table.sortAlpha = fn(['any'], ([l]) => stringList(Array.isArray(l) ? strslice(l).sort(compareBytes) : [strval(l!)]));
  table.join = fn(['string', 'any'], ([sep, l]) => strslice(l!).join(sep as string));
  table.toStrings = fn(['any'], ([l]) => stringList(strslice(l!)));
  table.until = fn(['int'], ([n]) => {
    checkRange(n as bigint);
    return new GoTypedList('[]int', untilStep(0n, n as bigint, (n as bigint) < 0n ? -1n : 1n));
  });
  table.untilStep = fn(['int', 'int', 'int'], ([a, b, c]) => {
    checkRange((b as bigint) - (a as bigint));
    return new GoTypedList('[]int', untilStep(a as bigint, b as bigint, c as bigint));
  });
  table.seq = fn(
    ['int'],
    (params) => {
      for (const p of params) checkRange(p as bigint);
      return seq(params as bigint[]);
    },
    { variadic: true },
  );
  table.splitList = fn(['string', 'string'], ([sep, s]) => stringList(goSplit(s as string, sep as string)));
  return table;
}

/** Go's string order (bytes of UTF-8, which is code point order). */
function compareBytes(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

export const LIST_FUNCTIONS: FunctionTable = listFunctions();
