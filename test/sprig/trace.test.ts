// Source maps through indent/nindent and the trims: every byte of the result still maps to the
// template text or action it came from.

import { describe, expect, it } from 'vitest';
import { Traced, type Segment, type Trace } from '../../server/src/service/gotemplate/index';
import { indentTraced, sliceTraced } from '../../server/src/service/sprig/trace';

const text = (start: number, end: number, spanStart: number): Segment => ({ start, end, kind: 'text', template: 'h', file: 'h', span: { start: spanStart, end: spanStart + (end - start) } });

function covers(segments: readonly Segment[], length: number): boolean {
  let at = 0;
  for (const s of segments) {
    if (s.start !== at) return false;
    at = s.end;
  }
  return at === length;
}

describe('indentTraced', () => {
  it('keeps the text segments and maps the added indentation next to the line it indents', () => {
    // "a: 1\nb: 2" from text at 100..109 of template h.
    const trace: Trace = { segments: [text(0, 9, 100)] };
    const result = indentTraced('a: 1\nb: 2', '  ', true, trace) as Traced;
    expect(result.value).toBe('\n  a: 1\n  b: 2');
    const segments = result.trace.segments!;
    expect(result.value).toHaveLength(14);
    expect(covers(segments, 14)).toBe(true);
    // "b" (output offset 10) maps back to source offset 105.
    const b = segments.find((s) => s.start <= 10 && 10 < s.end)!;
    expect(b.kind).toBe('text');
    expect(b.span.start + (10 - b.start)).toBe(105);
    // The indentation before "b" is attributed to the place of "b".
    const pad = segments.find((s) => s.start <= 8 && 8 < s.end)!;
    expect(pad.kind).toBe('action');
    expect(pad.span).toEqual({ start: 105, end: 105 });
  });

  it('passes the origin on when there is no source map', () => {
    const origin = { uri: 'values.yaml', span: { start: 1, end: 2 }, path: 'x' };
    const result = indentTraced('v', '  ', false, { origin }) as Traced;
    expect(result.trace).toEqual({ origin });
    expect(indentTraced('v', '  ', false, undefined)).toBe('  v');
  });
});

describe('sliceTraced', () => {
  it('cuts the segments with the string', () => {
    const trace: Trace = { segments: [text(0, 3, 10), text(3, 6, 50)] };
    const result = sliceTraced('bcde', 1, trace) as Traced;
    expect(result.trace.segments).toEqual([text(0, 2, 11), text(2, 4, 50)]);
  });
});
