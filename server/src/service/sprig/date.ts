// sprig's date functions (date.go) over a time.Time value.
//
// `now` is a FIXED stand-in (see NOW below), so a render repeats: `now | date "2006-01-02"`
// prints a well-formed date, the same each time. Every zone reads as UTC (Go's "Local" is the
// machine's zone, UTC in the containers Helm usually runs in); dateInZone's other zones are not
// looked up. Layouts follow Go's reference time (Mon Jan 2 15:04:05 MST 2006).

import { GoError, GoInt, GoStruct, int64, intValue, type GoCallable, type Value } from '../gotemplate/index';
import { fn, type FunctionTable } from './func';

/** The stand-in for time.Now(): 2024-01-01T00:00:00Z. */
export const NOW_UNIX_NANO = 1_704_067_200_000_000_000n;

const NANOS_PER_SECOND = 1_000_000_000n;

/** A time.Time as nanoseconds since the epoch, in UTC. */
export function timeStruct(unixNano: bigint): GoStruct {
  const method = (arity: number, call: (args: Value[]) => Value): GoCallable => ({ arity, call });
  const date = () => new Date(Number(unixNano / 1_000_000n));
  return new GoStruct(
    'time.Time',
    new Map(),
    new Map<string, GoCallable>([
      ['String', method(0, () => formatTime('2006-01-02 15:04:05.999999999 -0700 MST', unixNano))],
      ['Format', method(1, ([layout]) => formatTime(String(layout), unixNano))],
      ['Unix', method(0, () => int64(floorDiv(unixNano, NANOS_PER_SECOND)))],
      ['UnixMilli', method(0, () => int64(floorDiv(unixNano, 1_000_000n)))],
      ['UnixNano', method(0, () => int64(unixNano))],
      ['UTC', method(0, () => timeStruct(unixNano))],
      ['Local', method(0, () => timeStruct(unixNano))],
      ['Year', method(0, () => BigInt(date().getUTCFullYear()))],
      ['YearDay', method(0, () => BigInt(Math.floor((Date.UTC(date().getUTCFullYear(), date().getUTCMonth(), date().getUTCDate()) - Date.UTC(date().getUTCFullYear(), 0, 1)) / 86_400_000) + 1))],
      ['Day', method(0, () => BigInt(date().getUTCDate()))],
      ['Hour', method(0, () => BigInt(date().getUTCHours()))],
      ['Minute', method(0, () => BigInt(date().getUTCMinutes()))],
      ['Second', method(0, () => BigInt(date().getUTCSeconds()))],
      ['IsZero', method(0, () => unixNano === ZERO_TIME)],
    ]),
  );
}

/** time.Time{} (year 1), what toDate gives for a string it cannot read. */
const ZERO_TIME = -62_135_596_800n * NANOS_PER_SECOND;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** The nanoseconds of a time.Time this module made, or undefined for another value. */
function unixNanoOf(v: Value): bigint | undefined {
  if (!(v instanceof GoStruct) || v.typeName !== 'time.Time') return undefined;
  const n = v.methods.get('UnixNano')?.call([]);
  return n === undefined ? undefined : intValue(n);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Layout elements, longest first where one is a prefix of another (as Go's nextStdChunk reads them). */
const CHUNKS = ['January', 'Jan', 'Monday', 'Mon', 'MST', '2006', '002', '01', '02', '03', '04', '05', '06', '_2', '__2', '15', 'PM', 'pm', 'Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07', '-070000', '-07:00:00', '-0700', '-07:00', '-07', '1', '2', '3', '4', '5'];

/** time.Time.Format in UTC. */
export function formatTime(layout: string, unixNano: bigint): string {
  const ms = Number(floorDiv(unixNano, 1_000_000n));
  const d = new Date(ms);
  const nanos = Number(((unixNano % NANOS_PER_SECOND) + NANOS_PER_SECOND) % NANOS_PER_SECOND);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const year = d.getUTCFullYear();
  const hour = d.getUTCHours();
  const yday = Math.floor((Date.UTC(year, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  let out = '';
  let i = 0;
  outer: while (i < layout.length) {
    // Fractional seconds: .000 / ,000 (fixed) and .999 / ,999 (trailing zeros dropped); as in Go's
    // nextStdChunk the run must not be followed by another digit, whatever precedes it ("05.000").
    const frac = /^[.,](0+|9+)(?![0-9])/.exec(layout.slice(i));
    if (frac) {
      const digits = frac[1]!;
      let f = pad(nanos, 9).slice(0, digits.length);
      if (digits[0] === '9') f = f.replace(/0+$/, '');
      out += f === '' ? '' : layout[i] + f;
      i += frac[0].length;
      continue;
    }
    for (const chunk of CHUNKS) {
      if (!layout.startsWith(chunk, i)) continue;
      // "Jan" and "Mon" only when not followed by a lower-case letter (else "January"/"Monday" matched above or it is text).
      if ((chunk === 'Jan' || chunk === 'Mon') && /[a-z]/.test(layout[i + chunk.length] ?? '')) continue;
      out += element(chunk);
      i += chunk.length;
      continue outer;
    }
    out += layout[i];
    i++;
  }
  return out;

  function element(chunk: string): string {
    switch (chunk) {
      case 'January':
        return MONTHS[d.getUTCMonth()]!;
      case 'Jan':
        return MONTHS[d.getUTCMonth()]!.slice(0, 3);
      case 'Monday':
        return DAYS[d.getUTCDay()]!;
      case 'Mon':
        return DAYS[d.getUTCDay()]!.slice(0, 3);
      case 'MST':
        return 'UTC';
      case '2006':
        return pad(year, 4);
      case '06':
        return pad(year % 100, 2);
      case '01':
        return pad(d.getUTCMonth() + 1, 2);
      case '1':
        return String(d.getUTCMonth() + 1);
      case '02':
        return pad(d.getUTCDate(), 2);
      case '_2':
        return String(d.getUTCDate()).padStart(2, ' ');
      case '2':
        return String(d.getUTCDate());
      case '002':
        return pad(yday, 3);
      case '__2':
        return String(yday).padStart(3, ' ');
      case '15':
        return pad(hour, 2);
      case '03':
        return pad(hour % 12 === 0 ? 12 : hour % 12, 2);
      case '3':
        return String(hour % 12 === 0 ? 12 : hour % 12);
      case '04':
        return pad(d.getUTCMinutes(), 2);
      case '4':
        return String(d.getUTCMinutes());
      case '05':
        return pad(d.getUTCSeconds(), 2);
      case '5':
        return String(d.getUTCSeconds());
      case 'PM':
        return hour >= 12 ? 'PM' : 'AM';
      case 'pm':
        return hour >= 12 ? 'pm' : 'am';
    }
    // Zones: UTC is "Z" in the Z forms, +00:00 in the others.
    if (chunk.startsWith('Z')) return 'Z';
    return { '-070000': '+000000', '-07:00:00': '+00:00:00', '-0700': '+0000', '-07:00': '+00:00', '-07': '+00' }[chunk]!;
  }
}

/** time.Parse for the layouts charts hand to toDate (numeric fields, month names, UTC or a numeric zone). */
export function parseTime(layout: string, value: string): bigint | undefined {
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nanos = 0;
  let offset = 0;
  let pm: boolean | undefined;
  let v = value;
  let i = 0;
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(v);
    if (!m) return undefined;
    v = v.slice(m[0].length);
    return m[0];
  };
  outer: while (i < layout.length) {
    for (const chunk of CHUNKS) {
      if (!layout.startsWith(chunk, i)) continue;
      let got: string | undefined;
      switch (chunk) {
        case '2006':
          got = take(/^\d{4}/);
          if (got) year = Number(got);
          break;
        case '06':
          got = take(/^\d{2}/);
          if (got) year = Number(got) + (Number(got) >= 69 ? 1900 : 2000);
          break;
        case '01':
        case '1':
          got = take(chunk === '01' ? /^\d{2}/ : /^\d{1,2}/);
          if (got) month = Number(got);
          break;
        case 'January':
        case 'Jan': {
          const names = MONTHS.map((m) => (chunk === 'Jan' ? m.slice(0, 3) : m));
          const k = names.findIndex((n) => v.startsWith(n));
          if (k >= 0) {
            got = names[k];
            v = v.slice(got!.length);
            month = k + 1;
          }
          break;
        }
        case 'Monday':
        case 'Mon': {
          const names = DAYS.map((m) => (chunk === 'Mon' ? m.slice(0, 3) : m));
          got = names.find((n) => v.startsWith(n));
          if (got) v = v.slice(got.length);
          break;
        }
        case '02':
        case '2':
        case '_2':
          got = take(chunk === '02' ? /^\d{2}/ : /^ ?\d{1,2}/);
          if (got) day = Number(got.trim());
          break;
        case '15':
        case '03':
        case '3':
          got = take(chunk === '3' ? /^\d{1,2}/ : /^\d{2}/);
          if (got) hour = Number(got);
          break;
        case '04':
        case '4':
          got = take(chunk === '04' ? /^\d{2}/ : /^\d{1,2}/);
          if (got) minute = Number(got);
          break;
        case '05':
        case '5':
          got = take(chunk === '05' ? /^\d{2}/ : /^\d{1,2}/);
          if (got) second = Number(got);
          // A fraction after the seconds is accepted even when the layout has none.
          if (got && /^[.,]\d/.test(v) && !/^[.,][09]/.test(layout.slice(i + chunk.length))) {
            const f = take(/^[.,]\d+/)!;
            nanos = Number(f.slice(1).padEnd(9, '0').slice(0, 9));
          }
          break;
        case 'PM':
        case 'pm':
          got = take(/^(AM|PM|am|pm)/);
          if (got) pm = got.toLowerCase() === 'pm';
          break;
        case 'MST':
          got = take(/^[A-Z]{3,5}/);
          break;
        default: {
          // Zone offsets; a Z form also takes "Z".
          if (chunk.startsWith('Z') && v.startsWith('Z')) {
            got = take(/^Z/);
            break;
          }
          got = take(/^[+-]\d{2}(:?\d{2}(:?\d{2})?)?/);
          if (got) {
            const digits = got.replace(/[+:-]/g, '');
            offset = (Number(digits.slice(0, 2)) * 3600 + Number(digits.slice(2, 4) || 0) * 60 + Number(digits.slice(4, 6) || 0)) * (got[0] === '-' ? -1 : 1);
          }
        }
      }
      if (got === undefined) return undefined;
      i += chunk.length;
      continue outer;
    }
    const frac = /^[.,](0+|9+)/.exec(layout.slice(i));
    if (frac) {
      const f = take(/^[.,]\d+/);
      if (f) nanos = Number(f.slice(1).padEnd(9, '0').slice(0, 9));
      else if (frac[1]![0] === '0') return undefined;
      i += frac[0].length;
      continue;
    }
    if (v[0] !== layout[i]) return undefined;
    v = v.slice(1);
    i++;
  }
  if (v !== '') return undefined;
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offset * 1000;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt(nanos);
}

/** time.ParseDuration, in nanoseconds; undefined when malformed. */
export function parseDuration(s: string): bigint | undefined {
  const m = /^([+-]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/.exec(s);
  if (!m) return undefined;
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let total = 0;
  for (const part of m[2]!.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) total += Number(part[1]) * units[part[2]!]!;
  return BigInt(Math.round(total)) * (m[1] === '-' ? -1n : 1n);
}

/** time.Duration.String: "1h0m0s", "1.5s", "300ms", "0s". */
export function durationString(d: bigint): string {
  if (d === 0n) return '0s';
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < NANOS_PER_SECOND) {
    const [unit, scale] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, scale) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = `${h > 0n ? `${h}h` : ''}${h > 0n || m > 0n ? `${m}m` : ''}${fraction(u, NANOS_PER_SECOND)}s`;
  }
  return neg ? `-${out}` : out;
}

function fraction(n: bigint, scale: bigint): string {
  const whole = n / scale;
  const rest = n % scale;
  if (rest === 0n) return String(whole);
  const digits = String(scale).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

/** The time a date function was given: a time.Time, or seconds since the epoch as an int; anything else is now. */
function timeArg(v: Value): bigint {
  const t = unixNanoOf(v);
  if (t !== undefined) return t;
  // sprig's toDate-like switch takes int, int32 and int64 as Unix seconds.
  if (typeof v === 'bigint' || (v instanceof GoInt && (v.typeName === 'int64' || v.typeName === 'int32'))) return intValue(v)! * NANOS_PER_SECOND;
  return NOW_UNIX_NANO;
}

function timeParam(v: Value): bigint {
  const t = unixNanoOf(v);
  if (t === undefined) throw new GoError(`wrong type for value; expected time.Time; got ${v === null ? 'interface {}' : typeof v === 'string' ? 'string' : 'interface {}'}`);
  return t;
}

export const DATE_FUNCTIONS: FunctionTable = {
  now: fn([], () => timeStruct(NOW_UNIX_NANO)),
  date: fn(['string', 'any'], ([layout, t]) => formatTime(layout as string, timeArg(t!))),
  dateInZone: fn(['string', 'any', 'string'], ([layout, t]) => formatTime(layout as string, timeArg(t!))),
  date_in_zone: fn(['string', 'any', 'string'], ([layout, t]) => formatTime(layout as string, timeArg(t!))),
  htmlDate: fn(['any'], ([t]) => formatTime('2006-01-02', timeArg(t!))),
  htmlDateInZone: fn(['any', 'string'], ([t]) => formatTime('2006-01-02', timeArg(t!))),
  dateModify: fn(['string', 'any'], ([d, t]) => {
    const base = timeParam(t!);
    const delta = parseDuration(d as string);
    return timeStruct(delta === undefined ? base : base + delta);
  }),
  date_modify: fn(['string', 'any'], ([d, t]) => {
    const base = timeParam(t!);
    const delta = parseDuration(d as string);
    return timeStruct(delta === undefined ? base : base + delta);
  }),
  mustDateModify: fn(['string', 'any'], ([d, t]) => {
    const delta = parseDuration(d as string);
    if (delta === undefined) throw new GoError(`time: invalid duration ${JSON.stringify(d)}`);
    return timeStruct(timeParam(t!) + delta);
  }),
  must_date_modify: fn(['string', 'any'], ([d, t]) => {
    const delta = parseDuration(d as string);
    if (delta === undefined) throw new GoError(`time: invalid duration ${JSON.stringify(d)}`);
    return timeStruct(timeParam(t!) + delta);
  }),
  ago: fn(['any'], ([t]) => {
    const since = NOW_UNIX_NANO - timeArg(t!);
    return durationString((since / NANOS_PER_SECOND) * NANOS_PER_SECOND);
  }),
  // sprig's duration reads a string or an int64; a template's int is neither, and reads as 0 (as in Helm).
  duration: fn(['any'], ([sec]) => {
    const n = typeof sec === 'string' && /^[+-]?\d+$/.test(sec) ? BigInt(sec) : 0n;
    return durationString(n * NANOS_PER_SECOND);
  }),
  durationRound: fn(['any'], ([v]) => {
    let d = 0n;
    if (typeof v === 'string') d = parseDuration(v) ?? 0n;
    else if (unixNanoOf(v!) !== undefined) d = NOW_UNIX_NANO - unixNanoOf(v!)!;
    const u = d < 0n ? -d : d;
    const units: [bigint, string][] = [
      [365n * 24n * 3600n * NANOS_PER_SECOND, 'y'],
      [30n * 24n * 3600n * NANOS_PER_SECOND, 'mo'],
      [24n * 3600n * NANOS_PER_SECOND, 'd'],
      [3600n * NANOS_PER_SECOND, 'h'],
      [60n * NANOS_PER_SECOND, 'm'],
      [NANOS_PER_SECOND, 's'],
    ];
    for (const [size, unit] of units) if (u > size) return `${u / size}${unit}`;
    return '0s';
  }),
  toDate: fn(['string', 'string'], ([layout, s]) => timeStruct(parseTime(layout as string, s as string) ?? ZERO_TIME)),
  mustToDate: fn(['string', 'string'], ([layout, s]) => {
    const t = parseTime(layout as string, s as string);
    if (t === undefined) throw new GoError(`parsing time ${JSON.stringify(s)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(s)} as ${JSON.stringify(layout)}`);
    return timeStruct(t);
  }),
  unixEpoch: fn(['any'], ([t]) => String(floorDiv(timeParam(t!), NANOS_PER_SECOND))),
};
