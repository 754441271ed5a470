// A read-only view of a YAML node: the value, its span, and the span of its key and of its extent
// up to the next sibling (where an empty value would be typed), for the port model to read.
// Aliases are followed one step at a time, so alias bombs cost nothing.

import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Span } from '../types';

/** What every node of one document shares. */
export interface NodeContext {
  /** The text the YAML was parsed from. */
  text: string;
  doc: Document;
}

export type Scalarish = string | number | boolean | null;

/** What the port model reads of a node, whichever parser made it (events.ts makes the common ones). */
export interface YNode {
  /** The value's own source span (for an empty value, the empty span where it would be). */
  readonly span: Span;
  readonly isMap: boolean;
  readonly isSeq: boolean;
  /** A key's value, or undefined when the key is absent or this is not a map. Follows `<<` merges. */
  get(key: string): YNode | undefined;
  /** The span of a key in this map (for findings about a key rather than its value). */
  keySpan(key: string): Span | undefined;
  /** Keys and values of a map, in order. */
  entries(): [string, YNode][];
  /** Items of a sequence, in order; empty for anything else. */
  items(): YNode[];
  /** The scalar value, or undefined when this is not a scalar. */
  scalar(): Scalarish | undefined;
  /** A plain or quoted string value; numbers and booleans are given as their source text. */
  string(): string | undefined;
  /** The value was written in quotes (so `"8080"` is a string, not a number). */
  readonly quoted: boolean;
  sourceText(): string;
}

/** A node of the `yaml` package's document model (files with errors, tags or aliases). */
export class YamlNode implements YNode {
  private constructor(
    private readonly ctx: NodeContext,
    /** The node, with aliases resolved one step; null for an empty value. */
    readonly node: Node | null,
    /** From where this value's key (or item) starts to where the next sibling starts. */
    readonly extent: Span,
    /** Where an empty value would be typed: right after its key. */
    private readonly emptyAt: number,
  ) {}

  static root(ctx: NodeContext, node: Node | null, extent: Span): YamlNode {
    return new YamlNode(ctx, resolve(ctx, node), extent, extent.start);
  }

  /** The value's own source span (for an empty value, the empty span where it would be). */
  get span(): Span {
    const range = this.node?.range;
    return range ? { start: range[0], end: range[1] } : { start: this.emptyAt, end: this.emptyAt };
  }

  get isMap(): boolean {
    return isMap(this.node);
  }

  get isSeq(): boolean {
    return isSeq(this.node);
  }

  /** A key's value, or undefined when the key is absent or this is not a map. Follows `<<` merges. */
  get(key: string): YamlNode | undefined {
    const node = this.node;
    if (!isMap(node)) return undefined;
    const pairs = node.items as Pair<unknown, unknown>[];
    // A key given twice takes its last value, as Kubernetes' YAML reading has it.
    for (let i = pairs.length - 1; i >= 0; i--) if (keyText(pairs[i]!) === key) return this.pairChild(node, i);
    for (let i = 0; i < pairs.length; i++) {
      if (keyText(pairs[i]!) !== '<<') continue;
      const merged = this.pairChild(node, i);
      for (const source of merged.isSeq ? merged.items() : [merged]) {
        const value = source.get(key);
        if (value) return value;
      }
    }
    return undefined;
  }

  /** The span of a key in this map (for findings about a key rather than its value). */
  keySpan(key: string): Span | undefined {
    const node = this.node;
    if (!isMap(node)) return undefined;
    for (const pair of node.items as Pair<unknown, unknown>[]) {
      const range = (pair.key as Node | null)?.range;
      if (keyText(pair) === key && range) return { start: range[0], end: range[1] };
    }
    return undefined;
  }

  /** Keys and values of a map, in order. */
  entries(): [string, YamlNode][] {
    const node = this.node;
    if (!isMap(node)) return [];
    const out: [string, YamlNode][] = [];
    node.items.forEach((pair, i) => {
      const key = keyText(pair as Pair<unknown, unknown>);
      if (key !== undefined) out.push([key, this.pairChild(node, i)]);
    });
    return out;
  }

  /** Items of a sequence, in order; empty for anything else. */
  items(): YamlNode[] {
    const node = this.node;
    if (!isSeq(node)) return [];
    return node.items.map((_, i) => this.itemChild(node, i));
  }

  /** The scalar value, or undefined when this is not a scalar. */
  scalar(): Scalarish | undefined {
    const node = this.node;
    if (node === null) return null;
    if (!isScalar(node)) return undefined;
    const value = node.value;
    if (typeof value === 'bigint') return Number(value);
    if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    return undefined;
  }

  /** A plain or quoted string value; numbers and booleans are given as their source text. */
  string(): string | undefined {
    const value = this.scalar();
    if (value === null || value === undefined) return undefined;
    if (typeof value === 'string') return value;
    return this.sourceText();
  }

  /** The value was written in quotes (so `"8080"` is a string, not a number). */
  get quoted(): boolean {
    return isScalar(this.node) && (this.node.type === 'QUOTE_DOUBLE' || this.node.type === 'QUOTE_SINGLE');
  }

  sourceText(): string {
    const { start, end } = this.span;
    return this.ctx.text.slice(start, end).trim();
  }

  private pairChild(map: YAMLMap, index: number): YamlNode {
    const pair = map.items[index] as Pair<unknown, unknown>;
    const key = pair.key as Node | null;
    const next = map.items[index + 1] as Pair<unknown, unknown> | undefined;
    const start = key?.range?.[0] ?? this.extent.start;
    const end = (next?.key as Node | null)?.range?.[0] ?? this.extent.end;
    const value = resolve(this.ctx, pair.value as Node | null);
    const emptyAt = key?.range?.[1] ?? start;
    return new YamlNode(this.ctx, value, { start, end }, emptyAt);
  }

  private itemChild(seq: YAMLSeq, index: number): YamlNode {
    const item = seq.items[index] as Node | null;
    const next = seq.items[index + 1] as Node | null | undefined;
    const previousEnd = index === 0 ? seq.range?.[0] ?? this.extent.start : (seq.items[index - 1] as Node | null)?.range?.[2];
    const start = item?.range?.[0] ?? previousEnd ?? this.extent.start;
    const end = next?.range?.[0] ?? this.extent.end;
    return new YamlNode(this.ctx, resolve(this.ctx, item), { start, end }, start);
  }
}

function resolve(ctx: NodeContext, node: Node | null | undefined): Node | null {
  if (node === undefined || node === null) return null;
  if (isAlias(node)) {
    // One step only: an alias names a node that is already in the text, so nothing is expanded
    // and alias bombs cost nothing.
    const target = node.resolve(ctx.doc);
    return target && !isAlias(target) ? (target as Node) : null;
  }
  return isPair(node) ? null : node;
}

function keyText(pair: Pair<unknown, unknown>): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null ? undefined : String(key.value);
  return undefined;
}

export function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}
