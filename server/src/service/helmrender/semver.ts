// Helm's IsCompatibleRange: does a chart's version satisfy a dependency's version constraint, as
// Masterminds/semver v3 checks it. Constraints are `||`-separated alternatives of comma- or
// space-separated comparisons: =, !=, >, <, >=, <=, ~ (~>), ^, wildcards (x, X, *) and hyphen
// ranges (`1.2 - 1.4.5`). A version with a prerelease only satisfies a comparison whose own
// version has one. A constraint or a version that does not parse is "not compatible".

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(s: string): Version | undefined {
  const m = VERSION.exec(s.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? '' };
}

function compare(a: Version, b: Version): number {
  if (a.major !== b.major) return a.major - b.major;
  if (a.minor !== b.minor) return a.minor - b.minor;
  if (a.patch !== b.patch) return a.patch - b.patch;
  return comparePre(a.pre, b.pre);
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (!a) return 1;
  if (!b) return -1;
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === undefined) return -1;
    if (y[i] === undefined) return 1;
    const nx = /^\d+$/.test(x[i]!);
    const ny = /^\d+$/.test(y[i]!);
    if (nx && ny && Number(x[i]) !== Number(y[i])) return Number(x[i]) - Number(y[i]);
    if (nx !== ny) return nx ? -1 : 1;
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return 0;
}

/** A version pattern in a constraint: each part a number or a wildcard (undefined). */
interface Pattern {
  major?: number;
  minor?: number;
  patch?: number;
  pre: string;
}

const PATTERN = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parsePattern(s: string): Pattern | undefined {
  const m = PATTERN.exec(s);
  if (!m) return undefined;
  const part = (p: string | undefined) => (p === undefined || /^[xX*]$/.test(p) ? undefined : Number(p));
  const major = part(m[1]);
  const minor = major === undefined ? undefined : part(m[2]);
  const patch = minor === undefined ? undefined : part(m[3]);
  return { major, minor, patch, pre: m[4] ?? '' };
}

const low = (p: Pattern): Version => ({ major: p.major ?? 0, minor: p.minor ?? 0, patch: p.patch ?? 0, pre: p.pre });

type Check = (v: Version) => boolean;

function comparison(op: string, p: Pattern): Check {
  const base = low(p);
  const wild = p.patch === undefined;
  // The first version past the wildcard: 1.x is [1.0.0, 2.0.0).
  const next = (): Version => (p.major === undefined ? { major: Infinity, minor: 0, patch: 0, pre: '' } : p.minor === undefined ? { major: p.major + 1, minor: 0, patch: 0, pre: '' } : { major: p.major, minor: p.minor + 1, patch: 0, pre: '' });
  switch (op) {
    case '':
    case '=':
      return wild ? (v) => compare(v, base) >= 0 && compare(v, next()) < 0 : (v) => compare(v, base) === 0;
    case '!=':
      return wild ? (v) => compare(v, base) < 0 || compare(v, next()) >= 0 : (v) => compare(v, base) !== 0;
    case '>':
      return wild ? (v) => compare(v, next()) >= 0 : (v) => compare(v, base) > 0;
    case '>=':
    case '=>':
      return (v) => compare(v, base) >= 0;
    case '<':
      return (v) => compare(v, base) < 0;
    case '<=':
    case '=<':
      return wild ? (v) => compare(v, next()) < 0 : (v) => compare(v, base) <= 0;
    case '~':
    case '~>': {
      const upper: Version = p.minor === undefined && p.major !== undefined ? { major: base.major + 1, minor: 0, patch: 0, pre: '' } : { major: base.major, minor: base.minor + 1, patch: 0, pre: '' };
      return (v) => compare(v, base) >= 0 && compare(v, upper) < 0;
    }
    case '^': {
      const upper: Version = base.major > 0 || p.minor === undefined ? { major: base.major + 1, minor: 0, patch: 0, pre: '' } : base.minor > 0 || p.patch === undefined ? { major: 0, minor: base.minor + 1, patch: 0, pre: '' } : { major: 0, minor: 0, patch: base.patch + 1, pre: '' };
      return (v) => compare(v, base) >= 0 && compare(v, upper) < 0;
    }
  }
  return () => false;
}

const TERM = /^(!=|>=|=>|<=|=<|~>|[=><~^])?\s*(\S+)$/;

function parseAnd(text: string): Check | undefined {
  const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(text);
  if (hyphen) {
    const a = parsePattern(hyphen[1]!);
    const b = parsePattern(hyphen[2]!);
    if (!a || !b) return undefined;
    return withPre(a.pre !== '' || b.pre !== '', [comparison('>=', a), comparison('<=', b)]);
  }
  // Operators may be separated from their version by spaces (">= 1.2"); join them first.
  const terms = text.replace(/(!=|>=|=>|<=|=<|~>|[=><~^])\s+/g, '$1').split(/[\s,]+/).filter(Boolean);
  if (terms.length === 0) return undefined;
  const checks: Check[] = [];
  let pre = false;
  for (const t of terms) {
    const m = TERM.exec(t);
    const p = m && parsePattern(m[2]!);
    if (!m || !p) return undefined;
    pre ||= p.pre !== '';
    checks.push(comparison(m[1] ?? '', p));
  }
  return withPre(pre, checks);
}

function withPre(allowPre: boolean, checks: Check[]): Check {
  return (v) => (v.pre === '' || allowPre) && checks.every((c) => c(v));
}

/** Helm's IsCompatibleRange. */
export function isCompatibleRange(constraint: string, version: string): boolean {
  const v = parseVersion(version);
  if (!v || !constraint.trim()) return false;
  const alternatives = constraint.split('||').map(parseAnd);
  if (alternatives.some((a) => a === undefined)) return false;
  return alternatives.some((a) => a!(v));
}
