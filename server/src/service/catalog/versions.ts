// Version ranges of catalog entries: an entry may hold only for some versions of its component
// (kgateway v2.0.x moved listeners below 1024 up by 8000; v2.1 stopped). The grammar is a small
// part of the semver ranges npm and Helm know, enough for a catalog:
//
//   `>=2.1`, `<2.1.0`, `>=1.16 <1.20`, `2.0.x`, `2.0`, `=2.0.2`, `<=1.22`, `*`, and `a || b`.
//
// A missing minor or patch is 0 in a bound (`>=2.1` is `>=2.1.0`) and a wildcard in a bare version
// (`2.0` and `2.0.x` are `>=2.0.0 <2.1.0`). Pure; never throws.

/** A version as three numbers; a missing part is 0. */
export type Version = readonly [number, number, number];

/** Versions from `from` (inclusive) up to `to` (exclusive); an absent bound is open. */
export interface VersionInterval {
  from?: Version;
  to?: Version;
}

/** A comparator set's grammar, for the JSON Schema's pattern too (kept equal by a test). */
export const VERSION_RANGE_PATTERN = '^\\s*(\\*|(([<>]=?|=)?v?\\d+(\\.(\\d+|x))?(\\.(\\d+|x))?)(\\s+([<>]=?|=)?v?\\d+(\\.(\\d+|x))?(\\.(\\d+|x))?)*)(\\s*\\|\\|\\s*(\\*|(([<>]=?|=)?v?\\d+(\\.(\\d+|x))?(\\.(\\d+|x))?)(\\s+([<>]=?|=)?v?\\d+(\\.(\\d+|x))?(\\.(\\d+|x))?)*))*\\s*$';

const COMPARATOR = /^([<>]=?|=)?v?(\d+)(?:\.(\d+|x))?(?:\.(\d+|x))?$/;

/** Parses `1.2.3`, `v1.2`, `2`; undefined for anything else. Pre-release and build parts are dropped. */
export function parseVersion(text: string): Version | undefined {
  const match = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?\s*$/.exec(text);
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/**
 * The intervals a range holds for, one per `||` alternative; a string when the range does not
 * parse or an alternative holds for no version (`>=2.1 <2.0`).
 */
export function parseVersionRange(text: string): VersionInterval[] | string {
  if (!new RegExp(VERSION_RANGE_PATTERN).test(text)) return `"${text}" is not a version range like ">=2.1", "<2.1.0", "2.0.x" or ">=1.16 <1.20"`;
  const intervals: VersionInterval[] = [];
  for (const alternative of text.split('||')) {
    let interval: VersionInterval = {};
    for (const comparator of alternative.trim().split(/\s+/)) {
      if (comparator === '*') continue;
      interval = intersect(interval, comparatorInterval(comparator));
    }
    if (interval.from && interval.to && compareVersions(interval.from, interval.to) >= 0) {
      return `"${alternative.trim()}" holds for no version: its lower bound is not below its upper bound`;
    }
    intervals.push(interval);
  }
  return intervals;
}

function comparatorInterval(comparator: string): VersionInterval {
  const [, op = '', majorText, minorText, patchText] = COMPARATOR.exec(comparator)!;
  const major = Number(majorText);
  // How many parts were written as numbers: `2` is 1, `2.0` and `2.0.x` are 2, `2.0.1` is 3.
  const parts = minorText === undefined || minorText === 'x' ? 1 : patchText === undefined || patchText === 'x' ? 2 : 3;
  const minor = parts >= 2 ? Number(minorText) : 0;
  const patch = parts === 3 ? Number(patchText) : 0;
  const low: Version = [major, minor, patch];
  // The first version after every version the written parts match.
  const next: Version = parts === 1 ? [major + 1, 0, 0] : parts === 2 ? [major, minor + 1, 0] : [major, minor, patch + 1];
  switch (op) {
    case '>=':
      return { from: low };
    case '>':
      return { from: next };
    case '<':
      return { to: low };
    case '<=':
      return { to: next };
    default:
      return { from: low, to: next };
  }
}

function intersect(a: VersionInterval, b: VersionInterval): VersionInterval {
  const from = !a.from ? b.from : !b.from ? a.from : compareVersions(a.from, b.from) >= 0 ? a.from : b.from;
  const to = !a.to ? b.to : !b.to ? a.to : compareVersions(a.to, b.to) <= 0 ? a.to : b.to;
  const result: VersionInterval = {};
  if (from) result.from = from;
  if (to) result.to = to;
  return result;
}

/** Does the range hold for this version? A range or version that does not parse holds for none. */
export function rangeIncludes(range: string, version: string): boolean {
  const intervals = parseVersionRange(range);
  const parsed = parseVersion(version);
  if (typeof intervals === 'string' || !parsed) return false;
  return intervals.some(({ from, to }) => (!from || compareVersions(parsed, from) >= 0) && (!to || compareVersions(parsed, to) < 0));
}

/** Does the range hold for the newest versions (no upper bound in some alternative)? */
export function rangeIsCurrent(range: string): boolean {
  const intervals = parseVersionRange(range);
  return typeof intervals !== 'string' && intervals.some(({ to }) => to === undefined);
}
