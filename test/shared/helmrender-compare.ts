// Comparing a chart rendered by helm with the same chart rendered by Portolan, as objects.
//
// helm's `template` output is a stream of `---\n# Source: <template>\n<manifest>` documents,
// sorted by kind; Portolan's manifests keep their templates' order. So documents are grouped by
// their template and compared as multisets of parsed objects (keys sorted), which is what
// "identical as objects" means here.
//
// Fields made by random or time functions (randAlphaNum, genCA, uuidv4, now, ...) differ
// between two runs of helm itself: each such field, found by diffing two helm runs, is masked on
// both sides (the whole string, when the random part is inside a larger text).

import { parseAllDocuments } from 'yaml';

export interface SourcedDoc {
  source: string;
  value: unknown;
}

/** Splits helm's output into documents with their `# Source:`. */
export function helmDocuments(output: string): SourcedDoc[] {
  const docs: SourcedDoc[] = [];
  for (const chunk of output.split(/^---\n(?=# Source: )/m)) {
    const m = /^# Source: (.*)\n/.exec(chunk);
    if (!m) continue;
    docs.push({ source: m[1]!, value: parseYaml(chunk.slice(m[0].length)) });
  }
  return docs;
}

export function parseYaml(text: string): unknown {
  const docs = parseAllDocuments(text, { version: '1.1', uniqueKeys: false, merge: true });
  if (!Array.isArray(docs)) return null;
  const values = docs.map((d) => d.toJS({ maxAliasCount: -1 }) as unknown);
  return values.length === 1 ? values[0] : values;
}

/** A mask: for each template and object identity, the paths whose values are random. */
export type Mask = Map<string, Set<string>>;

function identity(d: SourcedDoc, index: number): string {
  const v = d.value as { kind?: unknown; metadata?: { name?: unknown } } | null;
  return `${d.source}|${String(v?.kind ?? '')}|${String(v?.metadata?.name ?? '')}|${v?.kind ? '' : index}`;
}

/**
 * Paths that differ between two helm runs of the same chart, and strings that hold the day the
 * runs were made (`now` and its kin, which two runs within a second print alike): as text, or
 * base64-encoded as Secrets hold it.
 */
export function randomMask(a: readonly SourcedDoc[], b: readonly SourcedDoc[], day: string): Mask {
  const mask: Mask = new Map();
  const byId = new Map(b.map((d, i) => [identity(d, i), d] as const));
  a.forEach((d, i) => {
    const id = identity(d, i);
    const other = byId.get(id);
    const paths = new Set<string>();
    diffPaths(d.value, other ? other.value : d.value, [], paths, day);
    if (paths.size) mask.set(id, paths);
  });
  return mask;
}

function diffPaths(x: unknown, y: unknown, path: string[], out: Set<string>, day: string): void {
  if (x && y && typeof x === 'object' && typeof y === 'object' && Array.isArray(x) === Array.isArray(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    for (const k of keys) diffPaths((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], [...path, k], out, day);
    return;
  }
  const dated = typeof x === 'string' && (x.includes(day) || Buffer.from(x, 'base64').toString('latin1').includes(day));
  if (dated || JSON.stringify(x) !== JSON.stringify(y)) out.add(JSON.stringify(path));
}

function applyMask(d: SourcedDoc, index: number, mask: Mask): unknown {
  const paths = mask.get(identity(d, index));
  if (!paths) return d.value;
  const copy = structuredClone(d.value);
  for (const p of paths) {
    const parts = JSON.parse(p) as string[];
    let cur = copy as Record<string, unknown> | null;
    for (const part of parts.slice(0, -1)) cur = (cur?.[part] as Record<string, unknown> | null) ?? null;
    if (cur && typeof cur === 'object' && parts.length) cur[parts[parts.length - 1]!] = '<random>';
  }
  return copy;
}

function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x));
}

export interface Difference {
  source: string;
  /** Documents helm has that Portolan lacks, and the other way round (canonical JSON). */
  onlyHelm: string[];
  onlyPortolan: string[];
}

/** Documents compared template by template, random fields masked. */
export function compareRenders(helm: readonly SourcedDoc[], portolan: readonly SourcedDoc[], mask: Mask): Difference[] {
  const group = (docs: readonly SourcedDoc[]) => {
    const m = new Map<string, string[]>();
    docs.forEach((d, i) => {
      const list = m.get(d.source) ?? [];
      list.push(canonical(applyMask(d, i, mask)));
      m.set(d.source, list);
    });
    return m;
  };
  const h = group(helm);
  const p = group(portolan);
  const out: Difference[] = [];
  for (const source of new Set([...h.keys(), ...p.keys()])) {
    const left = [...(h.get(source) ?? [])];
    const right = [...(p.get(source) ?? [])];
    const onlyPortolan: string[] = [];
    for (const doc of right) {
      const at = left.indexOf(doc);
      if (at >= 0) left.splice(at, 1);
      else onlyPortolan.push(doc);
    }
    if (left.length || onlyPortolan.length) out.push({ source, onlyHelm: left, onlyPortolan });
  }
  return out;
}
