// A read-only view of a YAML node that knows what Helm templating hid. A value is *unknown* when a
// template action produced it (a scalar overlapping an action, or an empty value whose block holds
// one); a collection is *open* when an action that prints text stands among its items, so it may
// hold more than the text shows. Rules never report on what is unknown.

import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { TemplateActions, TemplateAction } from './helm';
import type { Span } from '../types';

/** What every node of one document shares. */
export interface NodeContext {
  /** The text the YAML was parsed from (a template's with its actions blanked or resolved). */
  text: string;
  /** The file's own text, for scalars that resolved actions make up. */
  source: string;
  doc: Document;
  actions: TemplateActions;
}

type Scalarish = string | number | boolean | null;

export class YNode {
  private constructor(
    private readonly ctx: NodeContext,
    /** The node, with aliases resolved one step; null for an empty value. */
    readonly node: Node | null,
    /** From where this value's key (or item) starts to where the next sibling starts. */
    readonly extent: Span,
    /** Column of the key or `-` that holds this value, when it is a block collection's child. */
    private readonly ownerColumn: number,
    /** Where an empty value would be typed: right after its key. */
    private readonly emptyAt: number,
    /** Known to come from a template whatever the text shows (a key that if/else branches set twice). */
    private readonly templated = false,
  ) {}

  static root(ctx: NodeContext, node: Node | null, extent: Span): YNode {
    return new YNode(ctx, resolve(ctx, node), extent, -1, extent.start);
  }

  /** The value's own source span (for an empty value, the empty span where it would be); a value actions print spans the actions. */
  get span(): Span {
    const range = this.node?.range;
    if (!range) return { start: this.emptyAt, end: this.emptyAt };
    const touching = isScalar(this.node) ? this.touchingActions() : [];
    if (touching.length === 0) return { start: range[0], end: range[1] };
    return { start: Math.min(range[0], touching[0]!.start), end: Math.max(range[1], touching[touching.length - 1]!.end) };
  }

  /** The actions a scalar is made of, wholly or in part (one touching it is part of it: `{{ .Release.Name }}-web`). */
  private touchingActions(): TemplateAction[] {
    const range = this.node?.range;
    if (!range || this.ctx.actions.isEmpty) return [];
    return this.ctx.actions.within(range[0] - 1, range[1] + 1);
  }

  get isMap(): boolean {
    return isMap(this.node);
  }

  get isSeq(): boolean {
    return isSeq(this.node);
  }

  /** A template action produced this value, wholly or in part. */
  get isUnknown(): boolean {
    const { actions } = this.ctx;
    if (this.templated) return true;
    if (actions.isEmpty) return false;
    const node = this.node;
    if (node === null || (isScalar(node) && node.value === null && node.range?.[0] === node.range?.[1])) {
      // An empty value is unknown when an action that prints stands inside its block.
      return actions.within(this.emptyAt, this.extent.end).some((a) => a.emits && !a.resolved && a.column > this.ownerColumn);
    }
    // A scalar made by actions is known only when the values decided every one of them.
    if (isScalar(node)) return this.touchingActions().some((action) => !action.resolved);
    return false;
  }

  /** A collection that template actions may add items or keys to. */
  get isOpen(): boolean {
    if (this.isUnknown) return true;
    const { actions } = this.ctx;
    const node = this.node;
    if (actions.isEmpty || !(isMap(node) || isSeq(node)) || !node.range) return false;
    if (node.flow) return actions.overlaps(node.range[0], node.range[1]);
    const column = columnOf(this.ctx.text, node.range[0]);
    const children = this.children();
    return actions
      .within(node.range[0], this.extent.end)
      .some((action) => action.emits && !action.resolved && action.column >= column && !children.some((child) => child.claims(action)));
  }

  /** A key's value, or undefined when the key is absent or this is not a map. Follows `<<` merges. */
  get(key: string): YNode | undefined {
    const node = this.node;
    if (!isMap(node)) return undefined;
    const pairs = node.items as Pair<unknown, unknown>[];
    let found: YNode | undefined;
    let count = 0;
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      if (keyText(pair) !== key) continue;
      count++;
      found ??= this.pairChild(node, i);
    }
    // A key set twice in a template comes from if/else branches: which one renders is unknown.
    if (count > 1 && found && !this.ctx.actions.isEmpty) {
      return new YNode(this.ctx, null, found.extent, found.ownerColumn, found.span.start, true);
    }
    if (found) return found;
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
  entries(): [string, YNode][] {
    const node = this.node;
    if (!isMap(node)) return [];
    const out: [string, YNode][] = [];
    node.items.forEach((pair, i) => {
      const key = keyText(pair as Pair<unknown, unknown>);
      if (key !== undefined) out.push([key, this.pairChild(node, i)]);
    });
    return out;
  }

  /** Items of a sequence, in order; empty for anything else. */
  items(): YNode[] {
    const node = this.node;
    if (!isSeq(node)) return [];
    return node.items.map((_, i) => this.itemChild(node, i));
  }

  /** The scalar value, or undefined when this is not a scalar (or is unknown). */
  scalar(): Scalarish | undefined {
    if (this.isUnknown) return undefined;
    const node = this.node;
    if (node === null) return null;
    if (!isScalar(node)) return undefined;
    const touching = this.touchingActions();
    if (touching.length > 0) return renderedScalar(this.ctx.source, this.span, touching, node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
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

  /** Does this child own an action that stands in its parent's extent? (See isOpen.) */
  private claims(action: TemplateAction): boolean {
    if (action.start < this.extent.start || action.start >= this.extent.end) return false;
    const node = this.node;
    if ((isMap(node) || isSeq(node)) && node.range && !node.flow) return action.column >= columnOf(this.ctx.text, node.range[0]);
    // An empty value owns what is indented under its key.
    return this.isUnknown && action.column > this.ownerColumn;
  }

  private children(): YNode[] {
    return this.isMap ? this.entries().map(([, value]) => value) : this.items();
  }

  private pairChild(map: YAMLMap, index: number): YNode {
    const pair = map.items[index] as Pair<unknown, unknown>;
    const key = pair.key as Node | null;
    const next = map.items[index + 1] as Pair<unknown, unknown> | undefined;
    const start = key?.range?.[0] ?? this.extent.start;
    const end = (next?.key as Node | null)?.range?.[0] ?? this.extent.end;
    const value = resolve(this.ctx, pair.value as Node | null);
    const emptyAt = key?.range?.[1] ?? start;
    const column = map.flow ? Number.MAX_SAFE_INTEGER : columnOf(this.ctx.text, start);
    return new YNode(this.ctx, value, { start, end }, column, emptyAt);
  }

  private itemChild(seq: YAMLSeq, index: number): YNode {
    const item = seq.items[index] as Node | null;
    const next = seq.items[index + 1] as Node | null | undefined;
    const previousEnd = index === 0 ? seq.range?.[0] ?? this.extent.start : (seq.items[index - 1] as Node | null)?.range?.[2];
    const start = item?.range?.[0] ?? previousEnd ?? this.extent.start;
    const end = next?.range?.[0] ?? this.extent.end;
    const dash = this.ctx.text.lastIndexOf('-', start);
    const column = seq.flow || dash === -1 ? Number.MAX_SAFE_INTEGER : columnOf(this.ctx.text, dash);
    return new YNode(this.ctx, resolve(this.ctx, item), { start, end }, column, start);
  }
}

/**
 * A scalar some resolved actions print: the file's text over its span with each action replaced
 * by what it prints, read the way YAML reads it (quoted: a string; plain: a number, a boolean,
 * null or a string).
 */
function renderedScalar(source: string, span: Span, actions: readonly TemplateAction[], quoted: boolean): Scalarish {
  let text = '';
  let at = span.start;
  for (const action of actions) {
    text += source.slice(at, action.start) + (action.resolved?.text ?? '');
    at = action.end;
  }
  text = (text + source.slice(at, span.end)).trim();
  if (quoted) return text.length >= 2 ? text.slice(1, -1) : text;
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^-?\d+\.\d+$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === '' || text === 'null' || text === '~') return null;
  return text;
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
