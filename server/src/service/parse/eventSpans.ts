// Where the nodes of js-yaml's events stand, as the `yaml` package's document model has them: the
// events give a scalar's content and a collection's start, and the rest is read off the text.

import { CHOMPING_MODE, parseEvents, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import type { Span } from '../types';

/** js-yaml's events of a text, or undefined where it refuses the text (the `yaml` package then reads it). */
export function eventsOf(text: string, maxDepth: number): Event[] | undefined {
  try {
    return parseEvents(text, { maxDepth });
  } catch {
    return undefined;
  }
}

/** Where a scalar stands: quotes included, and a block scalar from its `|` or `>` on. */
export function scalarSpan(text: string, event: ScalarEvent): Span {
  switch (event.style) {
    case SCALAR_STYLE.SINGLE_QUOTED:
    case SCALAR_STYLE.DOUBLE_QUOTED:
      return { start: event.valueStart - 1, end: event.valueEnd + 1 };
    case SCALAR_STYLE.LITERAL_BLOCK:
    case SCALAR_STYLE.FOLDED_BLOCK:
      return { start: blockHeader(text, event.valueStart), end: event.chomping === CHOMPING_MODE.KEEP ? event.valueEnd : lastContentLine(text, event.valueStart, event.valueEnd) };
    default:
      return { start: event.valueStart, end: event.valueEnd };
  }
}

/** Where an empty mapping value stands: past the colon after its key, and the blanks after that. */
export function emptyValueAt(text: string, keyEnd: number): number {
  let at = keyEnd;
  while (text[at] === ' ' || text[at] === '\t') at++;
  if (text[at] === ':') at++;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/** Where an empty list item stands: past its dash (or comma) and the blanks after it. */
export function emptyItemAt(text: string, from: number, flow: boolean): number {
  const marker = text.indexOf(flow ? ',' : '-', from);
  let at = marker === -1 ? from : marker + 1;
  while (text[at] === ' ' || text[at] === '\t') at++;
  return at;
}

/** A block collection ends with the line of its last value: past that line's break (and comment). */
export function lineEnd(text: string, from: number): number {
  if (from > 0 && text[from - 1] === '\n') return from;
  const at = text.indexOf('\n', from);
  return at === -1 ? text.length : at + 1;
}

/** Past a flow collection's closing bracket, from the end of its last item (or its opening bracket). */
export function flowEnd(text: string, from: number, close: '}' | ']'): number {
  const at = text.indexOf(close, from);
  return at === -1 ? text.length : at + 1;
}

/**
 * A block scalar's `|` or `>`, on the line before its content starts: the first one on that line
 * that stands after a space or at its start (a key, an anchor or a tag may come before it).
 */
function blockHeader(text: string, contentStart: number): number {
  const lineEnd = text.lastIndexOf('\n', contentStart - 1);
  const lineStart = text.lastIndexOf('\n', lineEnd - 1) + 1;
  for (let at = lineStart; at < lineEnd; at++) {
    const c = text[at];
    if (c === '#' && (at === lineStart || text[at - 1] === ' ')) break;
    if ((c === '|' || c === '>') && (at === lineStart || text[at - 1] === ' ' || text[at - 1] === '\t')) return at;
  }
  return contentStart;
}

/** A block scalar's text without the blank lines after it (which are the next node's, unless kept with `+`). */
function lastContentLine(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const lineStart = text.lastIndexOf('\n', e - 2) + 1;
    if (lineStart < start || text.slice(lineStart, e).trim() !== '') break;
    e = lineStart;
  }
  return e;
}
