// A chart's values: values.yaml, extra values files and `--set` overrides merged the way Helm
// merges them (later wins; maps merge key by key), each value remembering where it was written,
// so a finding can also land on the values key that causes it.

import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import type { Span } from '../types';

/** Where a value was written: a values file's key, or a `--set` argument. */
export interface ValueSource {
  uri: string;
  /** The value's span in that file (empty for `--set`). */
  span: Span;
  /** The dotted path, for messages: `service.port`. */
  path: string;
}

/** A value with its source; maps and lists hold values of their own. */
export type Value =
  | { kind: 'scalar'; value: string | number | boolean | null; source?: ValueSource }
  | { kind: 'map'; entries: Map<string, Value>; source?: ValueSource }
  | { kind: 'list'; items: Value[]; source?: ValueSource };

export const EMPTY_MAP: Value = { kind: 'map', entries: new Map() };

/** Reads a values file; what does not parse yields what parsed (values files are read, not checked). */
export function parseValues(uri: string, text: string): Value {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  return fromNode(uri, doc.contents as Node | null, '') ?? EMPTY_MAP;
}

function fromNode(uri: string, node: Node | null, path: string): Value | undefined {
  if (node === null || node === undefined) return { kind: 'scalar', value: null };
  const span = node.range ? { start: node.range[0], end: node.range[1] } : { start: 0, end: 0 };
  const source = { uri, span, path };
  if (isMap(node)) {
    const entries = new Map<string, Value>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) continue;
      const childPath = path ? `${path}.${key}` : key;
      const child = fromNode(uri, pair.value as Node | null, childPath);
      // An empty value (`port:`) has no node: it is written right after its key.
      const keyEnd = (pair.key as Node).range?.[1];
      if (child && !child.source && keyEnd !== undefined) child.source = { uri, span: { start: keyEnd + 1, end: keyEnd + 1 }, path: childPath };
      if (child) entries.set(key, child);
    }
    return { kind: 'map', entries, source };
  }
  if (isSeq(node)) {
    return { kind: 'list', items: node.items.map((item, i) => fromNode(uri, item as Node | null, `${path}[${i}]`) ?? { kind: 'scalar', value: null }), source };
  }
  if (isScalar(node)) {
    const value = node.value;
    const plain = typeof value === 'bigint' ? Number(value) : value;
    if (plain === null || typeof plain === 'string' || typeof plain === 'number' || typeof plain === 'boolean') return { kind: 'scalar', value: plain, source };
  }
  return undefined;
}

/** Helm's coalescing: an override map merges into the base key by key; anything else replaces. */
export function mergeValues(base: Value, override: Value): Value {
  if (base.kind !== 'map' || override.kind !== 'map') return override;
  const entries = new Map(base.entries);
  for (const [key, value] of override.entries) {
    const existing = entries.get(key);
    // `key: null` in an override deletes the key, as in Helm.
    if (value.kind === 'scalar' && value.value === null) entries.delete(key);
    else entries.set(key, existing ? mergeValues(existing, value) : value);
  }
  return { kind: 'map', entries, source: override.source ?? base.source };
}

/**
 * Parses `--set` arguments (`a.b=1,c[0].d=x`) into a value tree. Types as Helm infers them:
 * integers, true/false, null; anything else a string. Returns a message for a malformed one.
 */
export function parseSet(argument: string): Value | string {
  let root: Value = EMPTY_MAP;
  for (const assignment of splitUnescaped(argument, ',')) {
    const equals = assignment.indexOf('=');
    if (equals <= 0) return `--set ${argument}: "${assignment}" is not key=value`;
    const path = assignment.slice(0, equals);
    const raw = assignment.slice(equals + 1);
    const segments = pathSegments(path);
    if (!segments) return `--set ${argument}: "${path}" is not a key path like a.b or a[0].b`;
    const source: ValueSource = { uri: '--set', span: { start: 0, end: 0 }, path };
    root = mergeValues(root, nest(segments, { kind: 'scalar', value: typed(raw), source }));
  }
  return root;
}

function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) current += text[++i];
    else if (text[i] === separator) {
      parts.push(current);
      current = '';
    } else current += text[i];
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
}

function pathSegments(path: string): (string | number)[] | undefined {
  const segments: (string | number)[] = [];
  for (const part of path.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    segments.push(match[1]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

function nest(segments: (string | number)[], leaf: Value): Value {
  return segments.reduceRight<Value>((inner, segment) => {
    if (typeof segment === 'number') {
      const items: Value[] = Array.from({ length: segment }, () => ({ kind: 'scalar', value: null }));
      items.push(inner);
      return { kind: 'list', items };
    }
    return { kind: 'map', entries: new Map([[segment, inner]]) };
  }, leaf);
}

function typed(raw: string): string | number | boolean | null {
  if (/^-?\d+$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (raw === 'null') return null;
  return raw;
}

/** The value at a path of keys, or undefined when any step is missing. */
export function lookup(root: Value | undefined, path: readonly string[]): Value | undefined {
  let current = root;
  for (const key of path) {
    if (current?.kind !== 'map') return undefined;
    current = current.entries.get(key);
  }
  return current;
}
