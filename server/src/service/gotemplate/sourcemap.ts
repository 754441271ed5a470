// Where every byte of a rendering comes from.
//
// A rendering is `{ output, segments }`. Segments are sorted, do not overlap and cover the whole
// output; each says which template produced its bytes, and how:
//   - `text`: copied from the template's text, so output offset o maps to source offset
//     span.start + (o - start) exactly;
//   - `action`: printed by the action at `span`; with `origin` when the printed value was read
//     from the data at a known place (a values file's key), and passed through functions that
//     keep origins (see TemplateFunction.passOrigin in exec.ts).
// A segment produced inside another template (`{{template}}`, `{{block}}`, or `include` printed
// by an action) names that template and its text, and `callSite` names the action of the
// executed template through which it came, so a finding can land in either place.
//
// Origins of the data are held beside it, not in it: the caller records, for each container (a
// map or a list of the data) and key, where that entry was written (Origins.set). Field access,
// `index` and `range` look entries up there, so `.Values.service.port` carries the origin of
// `service.port`. Values computed by functions have no origin unless the function passes one on.

import type { Span } from '../types';
import type { GoMap, Value } from './values';

/** Where a value of the data was written: a values file (its URI) and the span of the value. */
export interface Origin {
  uri: string;
  span: Span;
  /** The dotted path of the key, for messages: `service.port`. */
  path: string;
  /** The span of the value alone, when `span` also holds its key (`port: 80`: `80`). */
  value?: Span;
}

/** Origins of the entries of the data's maps and lists, keyed by container identity. */
export class Origins {
  private readonly table = new WeakMap<object, Map<string | number, Origin>>();

  set(container: GoMap | Value[], key: string | number, origin: Origin): void {
    let entries = this.table.get(container);
    if (!entries) this.table.set(container, (entries = new Map()));
    entries.set(key, origin);
  }

  get(container: Value, key: string | number): Origin | undefined {
    if (container === null || typeof container !== 'object') return undefined;
    return this.table.get(container)?.get(key);
  }
}

/** The template node that output came through, in the executed template. */
export interface CallSite {
  template: string;
  file: string;
  /** As Segment.span: the node of the call, read and not kept. */
  span: Span;
}

export interface Segment {
  /** Output offsets, [start, end). */
  start: number;
  end: number;
  kind: 'text' | 'action';
  /** The template whose node produced the bytes (a `define` name, or the text's name). */
  template: string;
  /** The name of the text that template was parsed from. */
  file: string;
  /**
   * text: the source of the copied bytes (same length); action: the action, delimiters included.
   * Often the parse node itself (a node is its own span): read its start and end, never keep it.
   */
  span: Span;
  /** For an action: where the printed value was written in the data. */
  origin?: Origin;
  /** For bytes produced by another template: the action or {{template}} call of the executed template they came through. */
  callSite?: CallSite;
}

/**
 * A segment built field by field, always in this order, with origin and callSite only when given:
 * every segment then has one of a few hidden classes. A literal that spreads an object and adds
 * fields (`{ ...base, start, end }`) gets from V8 (11, in Node 20) a hidden class of its own at
 * every call once the code is warm, which makes everything that reads segments slow.
 */
export function makeSegment(start: number, end: number, kind: Segment['kind'], template: string, file: string, span: Span, origin?: Origin, callSite?: CallSite): Segment {
  const segment: Segment = { start, end, kind, template, file, span };
  if (origin) segment.origin = origin;
  if (callSite) segment.callSite = callSite;
  return segment;
}

/** `s` at [start, end) of another output, with another span or kind when said. */
export function movedSegment(s: Segment, start: number, end: number, span: Span = s.span, kind: Segment['kind'] = s.kind): Segment {
  return makeSegment(start, end, kind, s.template, s.file, span, s.origin, s.callSite);
}

/** A rendering with its source map. */
export interface Rendered {
  output: string;
  segments: Segment[];
}

/** What travels with a value besides the value: where it was read, and for a rendered string its segments. */
export interface Trace {
  origin?: Origin;
  /** For a string produced by rendering (include, tpl): its source map, offsets into the string. */
  segments?: readonly Segment[];
}

/** A function's result with its trace (see TemplateFunction in exec.ts). */
export class Traced {
  constructor(
    readonly value: Value,
    readonly trace: Trace,
  ) {}
}

/** Where a value of the data landed in a string a function wrote (toYaml, toJson): its offsets, and its origin. */
export interface OriginMark {
  start: number;
  end: number;
  origin: Origin;
}

/**
 * The source map of a string a function wrote at a call site from data: the marked ranges are
 * the values it printed, with their origins; the rest (keys, punctuation, indentation) belongs
 * to the action alone. Marks are in order and do not overlap; those past `length` are cut.
 */
export function segmentsWithOrigins(site: CallSite, length: number, marks: readonly OriginMark[]): Segment[] {
  const segments: Segment[] = [];
  const action = (start: number, end: number, origin?: Origin) => makeSegment(start, end, 'action', site.template, site.file, site.span, origin);
  let at = 0;
  for (const mark of marks) {
    const end = Math.min(mark.end, length);
    if (mark.start >= end) continue;
    if (mark.start > at) segments.push(action(at, mark.start));
    segments.push(action(mark.start, end, mark.origin));
    at = end;
  }
  if (at < length) segments.push(action(at, length));
  return segments;
}

/** Where an output offset comes from: the segment holding it, and for text the exact source offset. */
export function sourceAt(rendered: Rendered, offset: number): { segment: Segment; sourceOffset?: number } | undefined {
  let lo = 0;
  let hi = rendered.segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = rendered.segments[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return s.kind === 'text' ? { segment: s, sourceOffset: s.span.start + (offset - s.start) } : { segment: s };
  }
  return undefined;
}

/**
 * Removes every occurrence of `text` from a rendering, keeping the source map right. Helm does
 * this with "<no value>" after rendering (engine.go); doing it afterwards, as Helm does, keeps
 * what `include` returns to the template exactly Go's.
 */
export function removeAll(rendered: Rendered, text: string): Rendered {
  if (!text || !rendered.output.includes(text)) return rendered;
  // Output ranges that survive, in order.
  const keep: [number, number][] = [];
  let from = 0;
  for (let at = rendered.output.indexOf(text); at >= 0; at = rendered.output.indexOf(text, at + text.length)) {
    if (at > from) keep.push([from, at]);
    from = at + text.length;
  }
  if (from < rendered.output.length) keep.push([from, rendered.output.length]);
  let output = '';
  const segments: Segment[] = [];
  // Segments with an origin that fall wholly in removed text, with where they would stand.
  const pending = removedWithOrigin(rendered.segments, keep);
  let shift = 0;
  let prevEnd = 0;
  let first = 0; // segments before it end before the current range
  for (const [a, b] of keep) {
    shift += a - prevEnd;
    prevEnd = b;
    output += rendered.output.slice(a, b);
    while (first < rendered.segments.length && rendered.segments[first]!.end <= a) first++;
    for (let j = first; j < rendered.segments.length && rendered.segments[j]!.start < b; j++) {
      const s = rendered.segments[j]!;
      const start = Math.max(s.start, a);
      const end = Math.min(s.end, b);
      if (start >= end) continue;
      // A value printed as nothing but "<no value>" still came from its key: kept as an empty segment.
      while (pending.length > 0 && pending[0]!.segment.start < start) {
        const { segment, at } = pending.shift()!;
        segments.push(movedSegment(segment, at, at));
      }
      const span = s.kind === 'text' ? { start: s.span.start + (start - s.start), end: s.span.start + (end - s.start) } : s.span;
      segments.push(movedSegment(s, start - shift, end - shift, span));
    }
  }
  for (const { segment, at } of pending) segments.push(movedSegment(segment, at, at));
  return { output, segments };
}

/** The segments with an origin that no kept range overlaps, each with its offset in the output once the removals are made. */
function removedWithOrigin(segments: readonly Segment[], keep: readonly [number, number][]): { segment: Segment; at: number }[] {
  const removed: { segment: Segment; at: number }[] = [];
  for (const s of segments) {
    if (!s.origin || s.start === s.end) continue;
    if (keep.some(([a, b]) => s.start < b && a < s.end)) continue;
    // Kept bytes before it: the output offset where it now stands.
    let at = 0;
    for (const [a, b] of keep) {
      if (a >= s.start) break;
      at += Math.min(b, s.start) - a;
    }
    removed.push({ segment: s, at });
  }
  return removed;
}
