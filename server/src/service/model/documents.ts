// Incremental modelling of multi-document files: a file is cut at its document markers (`---`
// at the start of a line), and each document's model is kept by its text, so a keystroke
// re-parses one document, not the whole file. Documents after the edit only move: their models
// are copied with every span shifted.

import type { Span } from '../types';
import type { FileModel } from './types';

interface Kept {
  /** Where the document started when its model was built. */
  offset: number;
  model: FileModel;
}

/** The documents of one file, by text. The owner (the workspace) keeps one per file. */
export type DocumentCache = Map<string, Kept>;

const DIRECTIVE = /^%/m;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?=[ \t]|\r?$)/gm;

/** Line-start offsets of the file's documents; undefined when the file cannot be cut safely. */
export function documentStarts(text: string): number[] | undefined {
  // Directives (`%YAML`) belong to the document after them: such files are read whole.
  if (DIRECTIVE.test(text)) return undefined;
  const starts = [0];
  for (const match of text.matchAll(DOCUMENT_MARKER)) if (match.index! > 0) starts.push(match.index!);
  return starts;
}

/**
 * The model of a file from its documents' models: reuses `previous` for documents whose text
 * is unchanged, builds the others with `build` (given the document's text and offset).
 */
export function modelByDocuments(uri: string, text: string, starts: number[], previous: DocumentCache | undefined, build: (text: string, offset: number) => FileModel): { model: FileModel; cache: DocumentCache } {
  const cache: DocumentCache = new Map();
  const parts: FileModel[] = [];
  starts.forEach((start, i) => {
    const end = starts[i + 1] ?? text.length;
    const chunk = text.slice(start, end);
    const kept = previous?.get(chunk) ?? cache.get(chunk);
    let model: FileModel;
    if (!kept) model = build(chunk, start);
    else model = kept.offset === start ? kept.model : shifted(kept.model, start - kept.offset);
    // Two identical documents in one file are kept once; each gets its own model.
    if (!cache.has(chunk)) cache.set(chunk, { offset: start, model });
    parts.push(model);
  });
  return { model: joined(uri, parts), cache };
}

/** One model of several, in order (the documents of a file, the manifests of a template). */
export function joined(uri: string, parts: FileModel[], helm = false): FileModel {
  return {
    uri,
    helm,
    parseErrors: parts.flatMap((p) => p.parseErrors),
    workloads: parts.flatMap((p) => p.workloads),
    services: parts.flatMap((p) => p.services),
    gateways: parts.flatMap((p) => p.gateways),
    serviceRefs: parts.flatMap((p) => p.serviceRefs),
    networkPolicyPorts: parts.flatMap((p) => p.networkPolicyPorts),
    portFields: parts.flatMap((p) => p.portFields),
    badProtocols: parts.flatMap((p) => p.badProtocols),
    valueSources: parts.flatMap((p) => p.valueSources),
    refusals: parts.flatMap((p) => p.refusals),
  };
}

function isSpan(value: object): value is Span {
  const keys = Object.keys(value);
  return keys.length === 2 && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number';
}

/** A deep copy of a model with every span moved by `delta`; shared objects stay shared. */
export function shiftedBy(model: FileModel, delta: number): FileModel {
  return delta === 0 ? model : shifted(model, delta);
}

function shifted<T>(value: T, delta: number): T {
  return withSpans(value, (span) => ({ start: span.start + delta, end: span.end + delta }));
}

/** A deep copy of a model with every span replaced by what `map` makes of it; shared objects stay shared. */
export function withSpans<T>(value: T, map: (span: Span) => Span, copies = new Map<object, unknown>()): T {
  if (typeof value !== 'object' || value === null) return value;
  const seen = copies.get(value);
  if (seen) return seen as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    copies.set(value, copy);
    for (const item of value) copy.push(withSpans(item, map, copies));
    return copy as T;
  }
  if (isSpan(value)) {
    const copy = map(value);
    copies.set(value, copy);
    return copy as T;
  }
  const copy: Record<string, unknown> = {};
  copies.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = withSpans(item, map, copies);
  return copy as T;
}
