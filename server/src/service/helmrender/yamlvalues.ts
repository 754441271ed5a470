// YAML text to the Go values Helm sees, with the place of every entry.
//
// Helm reads values files with sigs.k8s.io/yaml: go-yaml (YAML 1.1: `yes`/`on` are booleans,
// `0777` is octal, `<<` merges) turned into JSON and decoded into interface{}. So every number is
// a float64 (a JS number here, never a bigint), every map key is a string, and a document that is
// empty or `null` is an empty map. The origin of each map entry and list item (the values file
// and the span from its key to the end of its value) goes into an Origins table beside the data,
// which is how a rendered byte is traced back to the key that produced it.

import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node, type Pair } from 'yaml';
import { Origins, type GoMap, type Value } from '../gotemplate/index';
import { mergeEntries, readGoYaml } from '../helmfuncs/goyaml';

export interface YamlValues {
  values: GoMap;
  /** YAML errors (Helm refuses such a file); the values hold what could be read. */
  errors: string[];
}

/**
 * Parses a values file into a map, recording origins under `uri`. A top level that is not a map
 * is an error, as in Helm. `offset`: where `text` stands in the file (a part of it read alone).
 */
export function readValues(text: string, uri: string, origins: Origins, offset = 0): YamlValues {
  const fast = readGoYaml(text, { origins, uri, offset, documents: 'single' });
  if (fast) return asValues(fast.value, fast.error ? [`${uri}: yaml: ${fast.error}`] : [], uri);
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true, prettyErrors: false, strict: false });
  const errors = doc.errors.map((e) => `${uri}: ${e.message}`);
  const value = toValue(doc.contents as Node | null, { doc, uri, origins, depth: 0, offset, errors }, '');
  return asValues(value, errors, uri);
}

/** A document read as the values Helm takes: a map, an empty one for an empty document. */
function asValues(value: Value, errors: string[], uri: string): YamlValues {
  if (value === null) return { values: new Map(), errors };
  if (!(value instanceof Map)) return { values: new Map(), errors: [...errors, `${uri}: values must be a map, not ${Array.isArray(value) ? 'a list' : 'a scalar'}`] };
  return { values: value, errors };
}

/** Parses YAML text into a Go value without origins (Chart.yaml, fromYaml-like uses). */
export function readYaml(text: string): { value: Value; errors: string[] } {
  const fast = readGoYaml(text, { documents: 'single' });
  if (fast) return { value: fast.value, errors: fast.error ? [`yaml: ${fast.error}`] : [] };
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, merge: true, prettyErrors: false, strict: false });
  const errors = doc.errors.map((e) => e.message);
  return { value: toValue(doc.contents as Node | null, { doc, uri: '', origins: undefined, depth: 0, offset: 0, errors }, ''), errors };
}

interface Walk {
  doc: Document;
  uri: string;
  origins: Origins | undefined;
  /** Alias expansions on the current path: a cycle or a billion-laughs document stops here. */
  depth: number;
  /** Added to every span: where the text read stands in its file. */
  offset: number;
  /** Where an alias to no anchor is reported (go-yaml: "unknown anchor 'x' referenced"). */
  errors: string[];
}

const MAX_ALIAS_DEPTH = 64;

function toValue(node: Node | null | undefined, w: Walk, path: string): Value {
  if (!node) return null;
  if (isAlias(node)) {
    if (w.depth >= MAX_ALIAS_DEPTH) return null;
    const target = node.resolve(w.doc) as Node | undefined;
    if (!target) {
      w.errors.push(`${w.uri ? `${w.uri}: ` : ''}yaml: unknown anchor '${node.source}' referenced`);
      return null;
    }
    return toValue(target, { ...w, depth: w.depth + 1 }, path);
  }
  if (isScalar(node)) return scalar(node.value, node.source);
  if (isSeq(node)) {
    const list: Value[] = [];
    node.items.forEach((item, i) => {
      const itemPath = `${path}[${i}]`;
      list.push(toValue(item as Node, w, itemPath));
      const range = (item as Node | null)?.range;
      if (w.origins && range) w.origins.set(list, i, { uri: w.uri, span: { start: range[0] + w.offset, end: range[1] + w.offset }, path: itemPath });
    });
    return list;
  }
  if (isMap(node)) {
    const map: GoMap = new Map();
    const merged: GoMap[] = [];
    // By index: unoptimised, for…of allocates for every item (see coalesce.ts).
    for (let i = 0; i < node.items.length; i++) {
      const pair = node.items[i];
      if (!isPair(pair)) continue;
      if (isMergeKey(pair.key)) merged.push(...mergeSources(pair.value as Node | null, w, path));
      else addPair(map, pair as Pair, w, path);
    }
    mergeEntries(map, merged, w.origins);
    return map;
  }
  return null;
}

/** A `<<` key: with merge on, the yaml package gives it a symbol as value. */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (key.value === '<<' || typeof key.value === 'symbol');
}

function mergeSources(node: Node | null, w: Walk, path: string): GoMap[] {
  const v = toValue(node, w, path);
  if (v instanceof Map) return [v];
  if (Array.isArray(v)) return v.filter((x): x is GoMap => x instanceof Map);
  return [];
}

function addPair(map: GoMap, pair: Pair, w: Walk, path: string): void {
  const keyNode = pair.key as Node | null;
  const key = keyString(keyNode);
  const keyPath = path ? `${path}.${key}` : key;
  const value = toValue(pair.value as Node | null, w, keyPath);
  map.set(key, value);
  const start = keyNode?.range?.[0];
  const valueRange = (pair.value as Node | null)?.range;
  const end = valueRange?.[1] ?? keyNode?.range?.[1];
  if (w.origins && start !== undefined && end !== undefined) {
    const o = w.offset;
    w.origins.set(map, key, { uri: w.uri, span: { start: start + o, end: end + o }, path: keyPath, ...(valueRange ? { value: { start: valueRange[0] + o, end: valueRange[1] + o } } : {}) });
  }
}

/** A map key as JSON has it: strings as they are, numbers and booleans printed, null as "null". */
function keyString(node: Node | null): string {
  if (!node) return 'null';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'null';
    return String(v);
  }
  return String(node);
}

/** A YAML scalar as JSON decodes it: numbers are float64; a timestamp stays the text it was written as (helm prints 2024-01-01 as is). */
function scalar(v: unknown, source: string | undefined): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return source ?? String(v);
}

/**
 * Where each top-level entry of a values file starts (a line that starts with neither white
 * space nor a comment), for reading the entries one by one; undefined when the file is not a
 * plain map of such entries (a document marker, a directive, a list at the top).
 */
export function topLevelEntries(text: string): number[] | undefined {
  const starts: number[] = [];
  for (let line = 0; line < text.length; ) {
    const c = text.charCodeAt(line);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x23) {
      const after = text.charCodeAt(line + 1);
      const dash = c === 0x2d && (Number.isNaN(after) || after === 0x20 || after === 0x09 || after === 0x0a || after === 0x0d);
      if (dash || c === 0x25 || text.startsWith('---', line) || text.startsWith('...', line)) return undefined;
      starts.push(line);
    }
    const newline = text.indexOf('\n', line);
    if (newline === -1) break;
    line = newline + 1;
  }
  return starts;
}
