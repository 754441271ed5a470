// sprig's arithmetic (numeric.go and functions.go): integer functions convert every argument
// with cast.ToInt64 and return int64 (wrapping on overflow, as Go does); the float functions
// addf/subf/mulf/divf go through shopspring/decimal, so `addf 0.1 0.2` is 0.3, not
// 0.30000000000000004; maxf/minf/floor/ceil/round use plain float64.

import { GoError, int64, type Value } from '../gotemplate/index';
import { sprintV, toFloat64, toInt64, wrapInt64 } from './convert';
import { fn, type FunctionTable } from './func';

/** A decimal number: coefficient × 10^exp. */
interface Decimal {
  coef: bigint;
  exp: number;
}

/** decimal.NewFromFloat: the shortest decimal that reads back as the float. */
function decimalFromFloat(f: number): Decimal {
  if (!Number.isFinite(f)) throw new GoError(`Cannot create a Decimal from ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(f))!;
  const frac = m[3] ?? '';
  return { coef: BigInt(`${m[1]}${m[2]}${frac}`), exp: Number(m[4] ?? 0) - frac.length };
}

/** Both at the smaller exponent. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.coef * 10n ** BigInt(a.exp - exp), b.coef * 10n ** BigInt(b.exp - exp), exp];
}

const DIVISION_PRECISION = 16;

const DECIMAL_OPS: Record<'add' | 'sub' | 'mul' | 'div', (a: Decimal, b: Decimal) => Decimal> = {
  add: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { coef: x + y, exp };
  },
  sub: (a, b) => {
    const [x, y, exp] = align(a, b);
    return { coef: x - y, exp };
  },
  mul: (a, b) => ({ coef: a.coef * b.coef, exp: a.exp + b.exp }),
  // decimal's Div: DivRound at 16 decimal places, half away from zero.
  div: (a, b) => {
    if (b.coef === 0n) throw new GoError('decimal division by 0');
    const shift = a.exp - b.exp + DIVISION_PRECISION;
    const num = a.coef * (shift > 0 ? 10n ** BigInt(shift) : 1n);
    const den = b.coef * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
    let q = num / den;
    const r = num % den;
    const abs = (n: bigint) => (n < 0n ? -n : n);
    if (2n * abs(r) >= abs(den)) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
    return { coef: q, exp: -DIVISION_PRECISION };
  },
};

/** execDecimalOp: a, then each of b, through op; the result as the nearest float64. */
function decimalOp(a: Value, b: readonly Value[], op: keyof typeof DECIMAL_OPS): number {
  let acc = decimalFromFloat(toFloat64(a));
  for (const x of b) acc = DECIMAL_OPS[op](acc, decimalFromFloat(toFloat64(x)));
  return Number(`${acc.coef}e${acc.exp}`);
}

/** Go's integer division and remainder, with its panic for zero. */
function intDiv(a: bigint, b: bigint, op: 'div' | 'mod'): bigint {
  if (b === 0n) throw new GoError('runtime error: integer divide by zero');
  return wrapInt64(op === 'div' ? a / b : a % b);
}

/** sprig's round: to `places` decimals, rounding up from `roundOn` (0.5 by default), in float64 as Go computes it. */
function round(a: Value, places: bigint, roundOn = 0.5): number {
  const pow = 10 ** Number(places);
  const digit = pow * toFloat64(a);
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/** strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on error: sprig's toDecimal reads octal. */
function toDecimal(v: Value): bigint {
  const s = sprintV(v);
  if (!/^[+-]?[0-7]+$/.test(s)) return 0n;
  const n = BigInt(s.replace(/^([+-]?)/, '$10o'));
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : 0n;
}

/** math.Max / math.Min, with their NaN and signed-zero rules. */
function goMax(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? b : a;
  return Math.max(a, b);
}

function goMin(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (a === 0 && b === 0) return Object.is(a, -0) ? a : b;
  return Math.min(a, b);
}

// `int` and randInt return Go's int (a bigint); the rest of the integer functions return int64.
export const MATH_FUNCTIONS: FunctionTable = {
  int: fn(['any'], ([v]) => toInt64(v!)),
  int64: fn(['any'], ([v]) => int64(toInt64(v!))),
  float64: fn(['any'], ([v]) => toFloat64(v!)),
  toDecimal: fn(['any'], ([v]) => int64(toDecimal(v!))),
  add1: fn(['any'], ([v]) => int64(wrapInt64(toInt64(v!) + 1n))),
  add: fn(['any'], (args) => int64(wrapInt64(args.reduce<bigint>((s, v) => s + toInt64(v), 0n))), { variadic: true }),
  sub: fn(['any', 'any'], ([a, b]) => int64(wrapInt64(toInt64(a!) - toInt64(b!)))),
  div: fn(['any', 'any'], ([a, b]) => int64(intDiv(toInt64(a!), toInt64(b!), 'div'))),
  mod: fn(['any', 'any'], ([a, b]) => int64(intDiv(toInt64(a!), toInt64(b!), 'mod'))),
  mul: fn(['any', 'any'], ([a, ...rest]) => int64(rest.reduce<bigint>((p, v) => wrapInt64(p * toInt64(v)), toInt64(a!))), { variadic: true }),
  // randInt is random: its fixed stand-in is the lowest number of the range, which is always a possible answer.
  randInt: fn(['int', 'int'], ([min, max]) => {
    if ((max as bigint) - (min as bigint) <= 0n) throw new GoError('invalid argument to Intn');
    return min as bigint;
  }),
  add1f: fn(['any'], ([v]) => decimalOp(v!, [1n], 'add')),
  addf: fn(['any'], (args) => decimalOp(0, args, 'add'), { variadic: true }),
  subf: fn(['any', 'any'], ([a, ...rest]) => decimalOp(a!, rest, 'sub'), { variadic: true }),
  mulf: fn(['any', 'any'], ([a, ...rest]) => decimalOp(a!, rest, 'mul'), { variadic: true }),
  divf: fn(['any', 'any'], ([a, ...rest]) => decimalOp(a!, rest, 'div'), { variadic: true }),
  max: fn(['any', 'any'], ([a, ...rest]) => int64(rest.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(a!))), { variadic: true }),
  biggest: fn(['any', 'any'], ([a, ...rest]) => int64(rest.reduce<bigint>((m, v) => (toInt64(v) > m ? toInt64(v) : m), toInt64(a!))), { variadic: true }),
  min: fn(['any', 'any'], ([a, ...rest]) => int64(rest.reduce<bigint>((m, v) => (toInt64(v) < m ? toInt64(v) : m), toInt64(a!))), { variadic: true }),
  maxf: fn(['any', 'any'], ([a, ...rest]) => rest.reduce<number>((m, v) => goMax(m, toFloat64(v)), toFloat64(a!)), { variadic: true }),
  minf: fn(['any', 'any'], ([a, ...rest]) => rest.reduce<number>((m, v) => goMin(m, toFloat64(v)), toFloat64(a!)), { variadic: true }),
  floor: fn(['any'], ([v]) => Math.floor(toFloat64(v!))),
  ceil: fn(['any'], ([v]) => Math.ceil(toFloat64(v!))),
  round: fn(['any', 'int', 'float64'], ([a, p, ...opt]) => round(a!, p as bigint, opt.length > 0 ? (opt[0] as number) : undefined), { variadic: true }),
};

