// Source maps through the string functions that only cut or indent their argument: the result of
// `include "x" . | nindent 4` or `.Values.name | trimSuffix "-"` keeps, for each byte, where it
// came from (the helper's text, a values key), so findings on rendered output land in the
// template that wrote them rather than on the whole action.
//
// A Trace's segments (gotemplate/sourcemap.ts) cover a string exactly; these helpers derive the
// segments of the result from those of the argument. Bytes the function adds (indentation, a
// newline) have no source of their own: they are attributed to the segment of the byte that
// follows them (or precedes them, at the end), as an `action` segment with a zero-length span at
// that place of a text segment, so that they map back next to the line they indent.

import { movedSegment, Traced, type Segment, type Trace, type Value } from '../gotemplate/index';

/** Does the trace carry segments covering exactly `text`? */
function segmentsOf(trace: Trace | undefined, text: string): readonly Segment[] | undefined {
  const segments = trace?.segments;
  if (!segments || segments.length === 0) return undefined;
  let at = 0;
  for (const s of segments) {
    if (s.start !== at) return undefined;
    at = s.end;
  }
  return at === text.length ? segments : undefined;
}

/** The part [from, to) of a segment, shifted by `shift` in the output. */
function cut(s: Segment, from: number, to: number, shift: number): Segment {
  const span = s.kind === 'text' ? { start: s.span.start + (from - s.start), end: s.span.start + (to - s.start) } : s.span;
  return movedSegment(s, from + shift, to + shift, span);
}

/** A segment for `length` inserted bytes at output offset `at`, borrowed from segment s at its input offset `where`. */
function inserted(s: Segment, where: number, at: number, length: number): Segment {
  const span = s.kind === 'text' ? { start: s.span.start + (where - s.start), end: s.span.start + (where - s.start) } : s.span;
  return movedSegment(s, at, at + length, span, 'action');
}

/** The trace of a value that is passed on unchanged except for its segments. */
function withSegments(value: Value, trace: Trace, segments: Segment[] | undefined): Traced {
  const kept: Trace = {};
  if (trace.origin) kept.origin = trace.origin;
  if (segments) kept.segments = segments;
  return new Traced(value, kept);
}

/**
 * `output` is the argument's bytes [start, start + output.length): the result keeps the
 * argument's origin and the matching part of its segments.
 */
export function sliceTraced(output: string, start: number, trace: Trace | undefined): Value | Traced {
  if (!trace || (!trace.origin && !trace.segments)) return output;
  const all = trace.segments;
  if (!all) return withSegments(output, trace, undefined);
  const end = start + output.length;
  const segments: Segment[] = [];
  for (const s of all) {
    if (s.end <= start || s.start >= end) continue;
    segments.push(cut(s, Math.max(s.start, start), Math.min(s.end, end), -start));
  }
  const covered = segments.length > 0 && segments[0]!.start === 0 && segments[segments.length - 1]!.end === output.length;
  return withSegments(output, trace, covered ? segments : undefined);
}

/** sprig's indent (and nindent with `newline`): pad before the string and after each newline. */
export function indentTraced(input: string, pad: string, newline: boolean, trace: Trace | undefined): Value | Traced {
  const output = (newline ? '\n' : '') + pad + input.split('\n').join(`\n${pad}`);
  if (!trace || (!trace.origin && !trace.segments)) return output;
  const segments = segmentsOf(trace, input);
  if (!segments) return withSegments(output, trace, undefined);

  const out: Segment[] = [];
  // The segment holding input offset i, searched forward as offsets only grow.
  let k = 0;
  const segmentAt = (i: number): Segment => {
    while (k < segments.length - 1 && segments[k]!.end <= i) k++;
    return segments[k]!;
  };
  let shift = 0;
  const insert = (text: string, where: number) => {
    if (text === '') return;
    const s = segmentAt(Math.min(where, input.length - 1));
    out.push(inserted(s, Math.min(Math.max(where, s.start), s.end), where + shift, text.length));
    shift += text.length;
  };
  insert((newline ? '\n' : '') + pad, 0);
  for (const s of segments) {
    let from = s.start;
    for (let nl = input.indexOf('\n', from); nl >= 0 && nl < s.end; nl = input.indexOf('\n', from)) {
      out.push(cut(s, from, nl + 1, shift));
      from = nl + 1;
      insert(pad, from);
    }
    if (from < s.end) out.push(cut(s, from, s.end, shift));
  }
  return withSegments(output, trace, input === '' && out.length === 0 ? undefined : out);
}
