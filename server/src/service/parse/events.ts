// The documents of a YAML file read from js-yaml's event stream, for the port model: the same
// nodes the `yaml` package's document model gives (YAML 1.2's core schema, the same spans), built
// at a fraction of the cost. Nearly every manifest and every chart's rendering is plain YAML, and
// reading them is most of the model's time (the real corpus's rendered charts: 1.1 s of 9).
//
// What the `yaml` package alone reports or refuses goes to it: a file with a syntax error, a key
// given twice where keys must be unique, a tag, a directive or an alias (an alias bomb is refused
// there with a finding). For those `readDocuments` returns undefined.

import { COLLECTION_STYLE, EVENT_ID, getScalarValue, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import type { Span } from '../types';
import { emptyItemAt, emptyValueAt, eventsOf, flowEnd, lineEnd, scalarSpan } from './eventSpans';
import type { Scalarish, YNode } from './node';

/** Deeper than any manifest nests; the `yaml` package takes what is deeper still. */
const MAX_DEPTH = 1_000;

/** A file's documents: each one's root and span, or undefined for the `yaml` package to read. */
export function readDocuments(text: string, uniqueKeys: boolean): { root: YNode; span: Span }[] | undefined {
  const events = eventsOf(text, MAX_DEPTH);
  if (!events) return undefined;
  try {
    return new Builder(text, events, uniqueKeys).documents();
  } catch (e) {
    if (e instanceof NotHere) return undefined;
    throw e;
  }
}

class NotHere {}

// Made once, not for every scalar: a regular expression literal is a new object each time it is evaluated.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const TRUE = /^(?:[Tt]rue|TRUE)$/;
const FALSE = /^(?:[Ff]alse|FALSE)$/;
const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INFINITY_OR_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXPONENT_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const POINT_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** The `yaml` package's core schema (YAML 1.2): what a plain scalar is. */
function resolveCore(s: string): Scalarish {
  if (NULL.test(s)) return null;
  if (TRUE.test(s)) return true;
  if (FALSE.test(s)) return false;
  const c = s.charCodeAt(0);
  // Numbers start with a digit, a sign or a dot; nothing else needs the patterns below.
  if (!((c >= 0x30 && c <= 0x39) || c === 0x2b || c === 0x2d || c === 0x2e)) return s;
  if (OCTAL.test(s)) return parseInt(s.slice(2), 8);
  if (DECIMAL.test(s)) return parseInt(s, 10);
  if (HEX.test(s)) return parseInt(s.slice(2), 16);
  if (INFINITY_OR_NAN.test(s)) return s.slice(-3).toLowerCase() === 'nan' ? NaN : s[0] === '-' ? -Infinity : Infinity;
  if (EXPONENT_FLOAT.test(s) || POINT_FLOAT.test(s)) return parseFloat(s);
  return s;
}

const SCALAR = 0;
const MAP = 1;
const SEQ = 2;

/** A node read from events: a scalar, or a map (its keys beside its values) or a sequence. */
class EventNode implements YNode {
  constructor(
    private readonly text: string,
    private readonly kind: typeof SCALAR | typeof MAP | typeof SEQ,
    readonly span: Span,
    /** A scalar's value. */
    private readonly value: Scalarish,
    readonly quoted: boolean,
    /** A map's keys (undefined for a key that is not a scalar, or null) and their spans. */
    private readonly keys: (string | undefined)[],
    private readonly keySpans: Span[],
    /** A map's values or a sequence's items. */
    private readonly children: EventNode[],
    /** Whether the node ends with an empty value (which ends where it would be written, not with its line). */
    readonly endsEmpty: boolean,
  ) {}

  get isMap(): boolean {
    return this.kind === MAP;
  }

  get isSeq(): boolean {
    return this.kind === SEQ;
  }

  get(key: string): YNode | undefined {
    if (this.kind !== MAP) return undefined;
    // A key given twice takes its last value, as Kubernetes' YAML reading has it.
    for (let i = this.keys.length - 1; i >= 0; i--) if (this.keys[i] === key) return this.children[i];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== '<<') continue;
      const merged = this.children[i]!;
      for (const source of merged.isSeq ? merged.items() : [merged]) {
        const value = source.get(key);
        if (value) return value;
      }
    }
    return undefined;
  }

  keySpan(key: string): Span | undefined {
    if (this.kind !== MAP) return undefined;
    const i = this.keys.indexOf(key);
    return i === -1 ? undefined : this.keySpans[i];
  }

  entries(): [string, YNode][] {
    if (this.kind !== MAP) return [];
    const out: [string, YNode][] = [];
    this.keys.forEach((key, i) => {
      if (key !== undefined) out.push([key, this.children[i]!]);
    });
    return out;
  }

  items(): YNode[] {
    return this.kind === SEQ ? this.children : [];
  }

  scalar(): Scalarish | undefined {
    return this.kind === SCALAR ? this.value : undefined;
  }

  string(): string | undefined {
    const value = this.scalar();
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') return value;
    return this.sourceText();
  }

  sourceText(): string {
    return this.text.slice(this.span.start, this.span.end).trim();
  }
}

const NONE: never[] = [];

class Builder {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly events: Event[],
    private readonly uniqueKeys: boolean,
  ) {}

  documents(): { root: YNode; span: Span }[] {
    const out: { root: YNode; span: Span }[] = [];
    while (this.i < this.events.length) {
      const event = this.events[this.i++]!;
      if (event.type !== EVENT_ID.DOCUMENT || event.directives.length > 0) throw new NotHere();
      const root = this.node(0, 0);
      if (this.events[this.i++]?.type !== EVENT_ID.POP) throw new NotHere();
      out.push({ root, span: root.span });
    }
    return out;
  }

  /** `emptyAt`: where an empty node stands. */
  private node(emptyAt: number, depth: number): EventNode {
    const event = this.events[this.i++]!;
    if (depth > MAX_DEPTH) throw new NotHere();
    switch (event.type) {
      case EVENT_ID.SCALAR:
        if (event.tagStart !== -1) throw new NotHere();
        return this.scalar(event, emptyAt);
      case EVENT_ID.MAPPING:
        if (event.tagStart !== -1) throw new NotHere();
        return this.mapping(event.start, event.style === COLLECTION_STYLE.FLOW, depth);
      case EVENT_ID.SEQUENCE:
        if (event.tagStart !== -1) throw new NotHere();
        return this.sequence(event.start, event.style === COLLECTION_STYLE.FLOW, depth);
      default:
        // Aliases (and whatever else) are the `yaml` package's: it weighs what they expand to.
        throw new NotHere();
    }
  }

  private scalar(event: ScalarEvent, emptyAt: number): EventNode {
    if (event.valueStart === -1) return new EventNode(this.text, SCALAR, { start: emptyAt, end: emptyAt }, null, false, NONE, NONE, NONE, true);
    const source = getScalarValue(this.text, event);
    const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
    const value = event.style === SCALAR_STYLE.PLAIN ? resolveCore(source) : source;
    return new EventNode(this.text, SCALAR, scalarSpan(this.text, event), value, quoted, NONE, NONE, NONE, false);
  }

  private mapping(start: number, flow: boolean, depth: number): EventNode {
    const keys: (string | undefined)[] = [];
    const keySpans: Span[] = [];
    const values: EventNode[] = [];
    const seen = this.uniqueKeys ? new Set<string>() : undefined;
    while (this.events[this.i]?.type !== EVENT_ID.POP) {
      // A key that is a collection is the `yaml` package's to read.
      if (this.events[this.i]?.type !== EVENT_ID.SCALAR) throw new NotHere();
      const key = this.node(start, depth + 1);
      const keyValue = key.scalar();
      // A null key has no text the model looks up.
      const text = keyValue === null || keyValue === undefined ? undefined : String(keyValue);
      if (seen && text !== undefined) {
        // Two keys that read alike: whether they are the same key, and the error, are the `yaml` package's.
        if (seen.has(text)) throw new NotHere();
        seen.add(text);
      }
      keys.push(text);
      keySpans.push(key.span);
      values.push(this.node(emptyValueAt(this.text, key.span.end), depth + 1));
    }
    this.i++;
    const last = values[values.length - 1];
    return new EventNode(this.text, MAP, { start, end: collectionEnd(this.text, start, values, flow, '}') }, null, false, keys, keySpans, values, !flow && last !== undefined && last.endsEmpty);
  }

  private sequence(start: number, flow: boolean, depth: number): EventNode {
    const items: EventNode[] = [];
    while (this.events[this.i]?.type !== EVENT_ID.POP) {
      const previous = items[items.length - 1];
      items.push(this.node(emptyItemAt(this.text, previous ? previous.span.end : start, flow), depth + 1));
    }
    this.i++;
    const last = items[items.length - 1];
    return new EventNode(this.text, SEQ, { start, end: collectionEnd(this.text, start, items, flow, ']') }, null, false, NONE, NONE, items, !flow && last !== undefined && last.endsEmpty);
  }
}

/**
 * A flow collection ends past its closing bracket; a block one with the line of its last value
 * (the `yaml` package's spans also take in comment lines after it; no finding stands on those).
 */
function collectionEnd(text: string, start: number, children: EventNode[], flow: boolean, close: '}' | ']'): number {
  const last = children[children.length - 1];
  if (flow) return flowEnd(text, last ? last.span.end : start + 1, close);
  if (!last) return start;
  // An empty last value ends where it would be written.
  return last.endsEmpty ? last.span.end : lineEnd(text, last.span.end);
}
