// YAML read into the Go values Helm sees, from js-yaml's event stream: values files and fromYaml,
// the hot path of every render.
//
// Helm reads both with sigs.k8s.io/yaml: go-yaml v2 (YAML 1.1 scalars: yes/on are booleans, 0777
// is octal) turned into JSON and decoded into interface{}, so every number is a float64 and every
// map key a string. The `yaml` package's document model reads the same text four to five times
// slower (the corpus's values files: 155 against 720 ms), so the common forms are read here from
// js-yaml's flat list of events, with the place of each map entry and list item when asked.
//
// A document whose aliases expand it far beyond its text is refused as go-yaml v2 refuses it.
//
// What this reader does not take (a syntax error, a tag other than !!str, !!map and !!seq, a
// directive, a key that is a collection, an alias or null, a second document where one is
// expected, .inf or .nan) it hands back undefined: the caller reads that text with the `yaml`
// package, whose messages and recovery the rest of the engine already follows.

import { COLLECTION_STYLE, EVENT_ID, getScalarValue, SCALAR_STYLE, type Event, type ScalarEvent } from 'js-yaml';
import { emptyItemAt, emptyValueAt, eventsOf, flowEnd, lineEnd, scalarSpan } from '../parse/eventSpans';
import { formatFloat, type GoMap, type Origins, type Value } from '../gotemplate/index';
import { parseGoFloat } from '../sprig/convert';
import { GO_INT, OCTAL, resolvesToString, UNDERSCORES } from './yamlwrite';

/** A value sigs.k8s.io/yaml refuses to turn into JSON (a null key, .inf, .nan). */
export class ConversionError extends Error {}

// Made once: a regular expression literal is a new object each time it is evaluated.
const INFINITY = /^[-+]?\.(inf|Inf|INF)$/;
const NOT_A_NUMBER = /^\.(nan|NaN|NAN)$/;
const NEGATIVE_BINARY = /^-0b([01]+)$/;

/** The value of a plain scalar as go-yaml v2 resolves it (an int as a bigint, exactly). */
export function resolvePlain(s: string): Value {
  if (resolvesToString(s)) return s;
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'y':
    case 'Y':
    case 'yes':
    case 'Yes':
    case 'YES':
    case 'true':
    case 'True':
    case 'TRUE':
    case 'on':
    case 'On':
    case 'ON':
      return true;
    case 'n':
    case 'N':
    case 'no':
    case 'No':
    case 'NO':
    case 'false':
    case 'False':
    case 'FALSE':
    case 'off':
    case 'Off':
    case 'OFF':
      return false;
    case '<<':
      return s;
  }
  if (INFINITY.test(s)) throw new ConversionError(`json: unsupported value: ${s.startsWith('-') ? '-Inf' : '+Inf'}`);
  if (NOT_A_NUMBER.test(s)) throw new ConversionError('json: unsupported value: NaN');
  const plain = s.includes('_') ? s.replace(UNDERSCORES, '') : s;
  const int = GO_INT.exec(plain);
  if (int) {
    const digits = int[2]!;
    const n = BigInt(OCTAL.test(digits) ? `0o${digits.slice(1)}` : digits);
    return int[1] === '-' ? -n : n;
  }
  const binary = NEGATIVE_BINARY.exec(plain);
  if (binary) return -BigInt(`0b${binary[1]}`);
  // A timestamp resolves, and comes back through JSON as the text it was.
  const f = parseGoFloat(plain);
  return f === undefined ? s : f;
}

/** A plain map key as sigs.k8s.io/yaml writes it into JSON: numbers and booleans in Go's text. */
export function plainKeyText(source: string): string {
  const v = resolvePlain(source);
  if (v === null) throw new ConversionError('unsupported map key of type: <nil>');
  // Go writes a float key with 32-bit precision; the 64-bit shortest form is the same for the keys charts use.
  if (typeof v === 'number') return formatFloat(v, 'g', -1);
  return String(v);
}

export interface GoYamlOptions {
  /** Where to record the place of each map entry and list item (values files). */
  origins?: Origins;
  /** The file the text is of, for the origins. */
  uri?: string;
  /** Where the text stands in its file: added to every span. */
  offset?: number;
  /** `single`: a second document is the caller's to report (a values file); `first`: later documents are ignored (fromYaml). */
  documents: 'single' | 'first';
}

/** Alias expansions on one path: a cycle or a billion-laughs document stops here (as the `yaml` path does). */
const MAX_ALIAS_DEPTH = 64;

/** How deep js-yaml is asked to read; a deeper text goes to the `yaml` path, which reports it. */
const MAX_DEPTH = 10_000;

/** A merge key (<<) adds the entries the map does not set itself, the first source first, with their places. */
export function mergeEntries(map: GoMap, sources: readonly GoMap[], origins: Origins | undefined): void {
  for (const source of sources) {
    for (const [k, v] of source) {
      if (map.has(k)) continue;
      map.set(k, v);
      const origin = origins?.get(source, k);
      if (origin) origins!.set(map, k, origin);
    }
  }
}

/** Not a form this reader takes: the caller reads the text with the `yaml` package. */
class NotHere {}

/** go-yaml v2's refusal of a document whose aliases expand it far beyond its text (a billion laughs). */
class ExcessiveAliasing {}
export const EXCESSIVE_ALIASING = 'document contains excessive aliasing';

/** go-yaml v2's allowedAliasRatio (decode.go): how many of the nodes decoded may come through aliases. */
function allowedAliasRatio(decoded: number): number {
  if (decoded <= 400_000) return 0.99;
  if (decoded >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decoded - 400_000) / 3_600_000);
}

/**
 * The text's (first) document as Go values, its entries' places recorded in `options.origins`;
 * undefined when the text is not one this reader takes (see the head of this file). A document
 * that is empty or `null` reads as null.
 */
export function readGoYaml(text: string, options: GoYamlOptions): { value: Value; error?: string } | undefined {
  const events = eventsOf(text, MAX_DEPTH);
  if (!events) return undefined;
  try {
    return { value: new EventReader(text, events, options).document() };
  } catch (e) {
    if (e instanceof NotHere || e instanceof ConversionError) return undefined;
    if (e instanceof ExcessiveAliasing) return { value: null, error: EXCESSIVE_ALIASING };
    throw e;
  }
}

/** A node read: its value and its span in the text (none for an empty node). */
interface Read {
  value: Value;
  start: number;
  end: number;
  /** A collection whose last value is empty ends where that value would be written, not with its line. */
  endsEmpty?: boolean;
}

const EMPTY = -1;

class EventReader {
  private i = 0;
  /** Each anchor's node, by the index of its first event, for aliases to read again. */
  private readonly anchors = new Map<string, number>();
  private aliasDepth = 0;
  /** Nodes decoded, and those of them decoded through an alias: go-yaml v2 counts both. */
  private decoded = 0;
  private decodedThroughAliases = 0;
  private readonly origins: Origins | undefined;
  private readonly uri: string;
  private readonly offset: number;

  constructor(
    private readonly text: string,
    private readonly events: Event[],
    private readonly options: GoYamlOptions,
  ) {
    this.origins = options.origins;
    this.uri = options.uri ?? '';
    this.offset = options.offset ?? 0;
  }

  document(): Value {
    const first = this.events[0];
    if (!first) return null;
    if (first.type !== EVENT_ID.DOCUMENT || first.directives.length > 0) throw new NotHere();
    this.i = 1;
    const { value } = this.node('');
    if (this.events[this.i]?.type !== EVENT_ID.POP) throw new NotHere();
    this.i++;
    if (this.options.documents === 'single' && this.i < this.events.length) throw new NotHere();
    return value;
  }

  private node(path: string): Read {
    this.decoded++;
    if (this.aliasDepth > 0) this.decodedThroughAliases++;
    if (this.decodedThroughAliases > 100 && this.decoded > 1000 && this.decodedThroughAliases / this.decoded > allowedAliasRatio(this.decoded)) throw new ExcessiveAliasing();
    const at = this.i;
    const event = this.events[this.i++]!;
    switch (event.type) {
      case EVENT_ID.SCALAR:
        this.anchor(event, at);
        return this.scalar(event);
      case EVENT_ID.MAPPING:
        this.tagged(event, '!!map');
        this.anchor(event, at);
        return this.mapping(event.start, event.style === COLLECTION_STYLE.FLOW, path);
      case EVENT_ID.SEQUENCE:
        this.tagged(event, '!!seq');
        this.anchor(event, at);
        return this.sequence(event.start, event.style === COLLECTION_STYLE.FLOW, path);
      case EVENT_ID.ALIAS:
        return this.alias(event.anchorStart, event.anchorEnd, path);
      default:
        throw new NotHere();
    }
  }

  /** A collection's tag, when it has one, must be the one it would have anyway. */
  private tagged(event: { tagStart: number; tagEnd: number }, allowed: string): void {
    if (event.tagStart === EMPTY) return;
    const tag = this.text.slice(event.tagStart, event.tagEnd);
    if (tag !== allowed && tag !== '!') throw new NotHere();
  }

  private anchor(event: { anchorStart: number; anchorEnd: number }, at: number): void {
    if (event.anchorStart !== EMPTY) this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), at);
  }

  private scalar(event: ScalarEvent): Read {
    const tag = event.tagStart === EMPTY ? undefined : this.text.slice(event.tagStart, event.tagEnd);
    if (tag !== undefined && tag !== '!!str' && tag !== '!') throw new NotHere();
    if (event.valueStart === EMPTY) return { value: tag === undefined ? null : '', start: EMPTY, end: EMPTY };
    const source = getScalarValue(this.text, event);
    const span = scalarSpan(this.text, event);
    if (event.style !== SCALAR_STYLE.PLAIN || tag !== undefined) return { value: source, ...span };
    const v = resolvePlain(source);
    // Through JSON, every number becomes a float64.
    return { value: typeof v === 'bigint' ? Number(v) : v, ...span };
  }

  private alias(nameStart: number, nameEnd: number, path: string): Read {
    const target = this.anchors.get(this.text.slice(nameStart, nameEnd));
    if (target === undefined) throw new NotHere();
    const span = { start: nameStart - 1, end: nameEnd };
    if (this.aliasDepth >= MAX_ALIAS_DEPTH) return { value: null, ...span };
    const resume = this.i;
    this.i = target;
    this.aliasDepth++;
    const { value } = this.node(path);
    this.aliasDepth--;
    this.i = resume;
    return { value, ...span };
  }

  private mapping(start: number, flow: boolean, path: string): Read {
    const map: GoMap = new Map();
    const merged: GoMap[] = [];
    let end = start;
    let endsEmpty = false;
    while (this.events[this.i]?.type !== EVENT_ID.POP) {
      const keyEvent = this.events[this.i++];
      if (keyEvent?.type !== EVENT_ID.SCALAR || keyEvent.tagStart !== EMPTY || keyEvent.valueStart === EMPTY) throw new NotHere();
      const source = getScalarValue(this.text, keyEvent);
      const plain = keyEvent.style === SCALAR_STYLE.PLAIN;
      this.anchor(keyEvent, this.i - 1);
      if (plain && source === '<<') {
        const read = this.node(path);
        if (read.value instanceof Map) merged.push(read.value);
        else if (Array.isArray(read.value)) for (const v of read.value) if (v instanceof Map) merged.push(v);
        end = Math.max(end, read.end === EMPTY ? keyEvent.valueEnd : read.end);
        continue;
      }
      const key = plain ? plainKeyText(source) : source;
      const keyPath = path ? `${path}.${key}` : key;
      const read = this.node(keyPath);
      map.set(key, read.value);
      const keySpan = scalarSpan(this.text, keyEvent);
      // An empty value stands where it would be written: after the colon and its spaces.
      const at = emptyValueAt(this.text, keySpan.end);
      const value = read.end === EMPTY ? { start: at, end: at } : read;
      end = value.end;
      endsEmpty = read.end === EMPTY || read.endsEmpty === true;
      if (this.origins) {
        const o = this.offset;
        this.origins.set(map, key, { uri: this.uri, span: { start: keySpan.start + o, end: value.end + o }, path: keyPath, value: { start: value.start + o, end: value.end + o } });
      }
    }
    this.i++;
    mergeEntries(map, merged, this.origins);
    if (flow) return { value: map, start, end: flowEnd(this.text, end === start ? start + 1 : end, '}') };
    return { value: map, start, end: endsEmpty ? end : lineEnd(this.text, end), endsEmpty };
  }

  private sequence(start: number, flow: boolean, path: string): Read {
    const list: Value[] = [];
    let end = start;
    let endsEmpty = false;
    while (this.events[this.i]?.type !== EVENT_ID.POP) {
      const index = list.length;
      const itemPath = `${path}[${index}]`;
      const read = this.node(itemPath);
      list.push(read.value);
      // An empty item stands where it would be written: past its dash.
      const at = read.end === EMPTY ? emptyItemAt(this.text, end, flow) : 0;
      const item = read.end === EMPTY ? { start: at, end: at } : read;
      end = item.end;
      endsEmpty = read.end === EMPTY || read.endsEmpty === true;
      if (this.origins) this.origins.set(list, index, { uri: this.uri, span: { start: item.start + this.offset, end: item.end + this.offset }, path: itemPath });
    }
    this.i++;
    if (flow) return { value: list, start, end: flowEnd(this.text, end === start ? start + 1 : end, ']') };
    return { value: list, start, end: endsEmpty ? end : lineEnd(this.text, end), endsEmpty };
  }
}
