// Masterminds/semver v3, as sprig's semver and semverCompare use it: NewVersion's loose
// versions ("1.2", "v1.21.3-gke.100"), and NewConstraint's syntax as charts write it
// (">=1.21-0", "^1.2", "~1.3", ">= 1.19-0 < 1.22-0", "1.2 - 1.4", "1.x", "!=1.2.3", "||").
//
// The rule that surprises: a version with a prerelease part only satisfies a constraint
// whose own version has one too, which is why charts write ">=1.21-0" to admit the
// "-gke.100" and "-eks-..." kubelet versions.

import { GoError, GoInt, GoStruct, typeName, type GoCallable, type Value } from '../gotemplate/index';
import { fn, type FunctionTable } from './func';

export interface Version {
  major: bigint;
  minor: bigint;
  patch: bigint;
  pre: string;
  metadata: string;
  original: string;
}

const VERSION = /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;
const UINT64_MAX = 2n ** 64n - 1n;

/** semver.NewVersion; throws GoError with the library's message. */
export function parseVersion(v: string): Version {
  const m = VERSION.exec(v);
  if (!m) throw new GoError('invalid semantic version');
  const segment = (s: string | undefined): bigint => {
    if (!s) return 0n;
    const n = BigInt(s.replace(/^\./, ''));
    if (n > UINT64_MAX) throw new GoError(`Error parsing version segment: strconv.ParseUint: parsing ${JSON.stringify(s.replace(/^\./, ''))}: value out of range`);
    return n;
  };
  const version: Version = { major: segment(m[1]), minor: segment(m[2]), patch: segment(m[3]), pre: m[5] ?? '', metadata: m[8] ?? '', original: v };
  for (const part of version.pre.split('.')) {
    if (version.pre !== '' && /^[0-9]+$/.test(part) && part.length > 1 && part.startsWith('0')) throw new GoError('Version segment starts with 0');
  }
  return version;
}

export function versionString(v: Version): string {
  return `${v.major}.${v.minor}.${v.patch}${v.pre ? `-${v.pre}` : ''}${v.metadata ? `+${v.metadata}` : ''}`;
}

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = /^[0-9]+$/.test(s);
  const oNum = /^[0-9]+$/.test(o);
  if (sNum && oNum) return BigInt(s) > BigInt(o) ? 1 : -1;
  if (oNum) return 1; // a string is above a number
  if (sNum) return -1;
  return s > o ? 1 : -1;
}

function comparePrerelease(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = comparePrePart(x[i] ?? '', y[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

/** Version.Compare: -1, 0 or 1; metadata is ignored, a prerelease is below its release. */
export function compareVersions(a: Version, b: Version): number {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  if (a.pre === b.pre) return 0;
  if (a.pre === '') return 1;
  if (b.pre === '') return -1;
  return comparePrerelease(a.pre, b.pre);
}

// ---- constraints -----------------------------------------------------------------------------

interface Constraint {
  op: string;
  con: Version;
  minorDirty: boolean;
  patchDirty: boolean;
  dirty: boolean;
}

const CV = String.raw`v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?`;
const OPS = String.raw`=||!=|>|<|>=|=>|<=|=<|~|~>|\^`;
const CONSTRAINT = new RegExp(String.raw`^\s*(${OPS})\s*(${CV})\s*$`);
const RANGE = new RegExp(String.raw`\s*(${CV})\s+-\s+(${CV})\s*`, 'g');
const FIND = new RegExp(String.raw`(${OPS})\s*(${CV})`, 'g');
const VALID = new RegExp(String.raw`^(\s*(${OPS})\s*(${CV})\s*)((?:\s+|,\s*)(${OPS})\s*(${CV})\s*)*$`);

const isX = (s: string) => s === 'x' || s === 'X' || s === '*';

/** Go's regexp alternation is leftmost-first, as JS's is; the ops list puts "" first, as the library does. */
function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT.exec(c);
  if (!m) throw new GoError(`improper constraint: ${c}`);
  const [major, minor, patch, pre] = [m[3] ?? '', m[4] ?? '', m[5] ?? '', m[6] ?? ''];
  let ver = m[2]!;
  let minorDirty = false;
  let patchDirty = false;
  let dirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${pre}`;
    dirty = true;
  } else if (isX(minor.replace(/^\./, '')) || minor === '') {
    minorDirty = dirty = true;
    ver = `${major}.0.0${pre}`;
  } else if (isX(patch.replace(/^\./, '')) || patch === '') {
    dirty = patchDirty = true;
    ver = `${major}${minor}.0${pre}`;
  }
  let con: Version;
  try {
    con = parseVersion(ver);
  } catch {
    throw new GoError('constraint Parser Error');
  }
  return { op: m[1]!, con, minorDirty, patchDirty, dirty };
}

/** semver.NewConstraint: OR groups of AND-ed constraints. */
export function parseConstraints(text: string): Constraint[][] {
  const rewritten = text.replace(RANGE, (_all, from: string, ...rest: unknown[]) => `>= ${from}, <= ${rest[9] as string}`);
  return rewritten.split('||').map((group) => {
    if (!VALID.test(group)) throw new GoError(`improper constraint: ${group}`);
    const found = group.match(FIND) ?? [group];
    return found.map(parseConstraint);
  });
}

function check(v: Version, c: Constraint): boolean {
  // A prerelease only matches constraints that name a prerelease themselves.
  if (v.pre !== '' && c.con.pre === '' && c.op !== '!=') return false;
  const cmp = compareVersions(v, c.con);
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : cmp === 0;
    case '!=':
      return notEqual(v, c);
    case '>':
      if (!c.dirty) return cmp > 0;
      if (v.major !== c.con.major) return v.major > c.con.major;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > c.con.minor;
      return cmp > 0;
    case '<':
      return cmp < 0;
    case '>=':
    case '=>':
      return cmp >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return cmp <= 0;
      if (v.major > c.con.major) return false;
      if (v.major === c.con.major && v.minor > c.con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^':
      return caret(v, c, cmp);
  }
  return false;
}

function notEqual(v: Version, c: Constraint): boolean {
  if (c.dirty) {
    if (v.pre !== '' && c.con.pre === '') return false;
    if (c.con.major !== v.major) return true;
    if (c.con.minor !== v.minor && !c.minorDirty) return true;
    if (c.minorDirty) return false;
    if (c.con.patch !== v.patch && !c.patchDirty) return true;
    if (c.patchDirty) {
      if (v.pre !== '' || c.con.pre !== '') return comparePrerelease(v.pre, c.con.pre) !== 0;
      return false;
    }
  }
  return compareVersions(v, c.con) !== 0;
}

function tilde(v: Version, c: Constraint): boolean {
  if (compareVersions(v, c.con) < 0) return false;
  // ~0.0.0 accepts everything.
  if (c.con.major === 0n && c.con.minor === 0n && c.con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== c.con.major) return false;
  if (v.minor !== c.con.minor && !c.minorDirty) return false;
  return true;
}

function caret(v: Version, c: Constraint, cmp: number): boolean {
  if (cmp < 0) return false;
  if (c.con.major > 0n || c.minorDirty) return v.major === c.con.major;
  if (c.con.major === 0n && v.major > 0n) return false;
  if (c.con.minor > 0n || c.patchDirty) return v.minor === c.con.minor;
  if (c.con.minor === 0n && v.minor > 0n) return false;
  return c.con.patch === v.patch;
}

/** Constraints.Check. */
export function satisfies(constraints: Constraint[][], v: Version): boolean {
  return constraints.some((group) => group.every((c) => check(v, c)));
}

/** sprig's semver: a *semver.Version with the methods templates call (.Major, .Minor, .Compare ...). */
export function versionStruct(v: Version): GoStruct {
  const method = (arity: number, call: (args: Value[]) => Value): GoCallable => ({ arity, call });
  // Another *semver.Version, read back through its String method.
  const other = (x: Value): Version => {
    const str = x instanceof GoStruct && x.typeName === '*semver.Version' ? x.methods.get('String')?.call([]) : undefined;
    if (typeof str !== 'string') throw new GoError(`wrong type for value; expected *semver.Version; got ${typeName(x)}`);
    return parseVersion(str);
  };
  return new GoStruct(
    '*semver.Version',
    new Map(),
    new Map<string, GoCallable>([
      ['Major', method(0, () => new GoInt('uint64', v.major))],
      ['Minor', method(0, () => new GoInt('uint64', v.minor))],
      ['Patch', method(0, () => new GoInt('uint64', v.patch))],
      ['Prerelease', method(0, () => v.pre)],
      ['Metadata', method(0, () => v.metadata)],
      ['Original', method(0, () => v.original)],
      ['String', method(0, () => versionString(v))],
      ['Compare', method(1, ([o]) => BigInt(compareVersions(v, other(o!))))],
      ['LessThan', method(1, ([o]) => compareVersions(v, other(o!)) < 0)],
      ['GreaterThan', method(1, ([o]) => compareVersions(v, other(o!)) > 0)],
      ['Equal', method(1, ([o]) => compareVersions(v, other(o!)) === 0)],
    ]),
  );
}

export const SEMVER_FUNCTIONS: FunctionTable = {
  semver: fn(['string'], ([s]) => versionStruct(parseVersion(s as string))),
  semverCompare: fn(['string', 'string'], ([c, v]) => {
    const constraints = parseConstraints(c as string);
    return satisfies(constraints, parseVersion(v as string));
  }),
};
