// Helm templates become parseable YAML by blanking every `{{ … }}` action to spaces (newlines
// kept), so that every offset in the blanked text is the same offset in the original. What an
// action would have printed is unknown unless the chart's values decide it; the actions are kept
// so that the reader can tell a value (or a whole block) that came from a template from one that
// is really empty.

import { walkTemplate, type RangeBlock, type Resolution } from '../helm/render';
import type { ChartContext } from '../helm/chart';
import type { Span } from '../types';

export interface TemplateAction extends Span {
  /** The action prints text (`{{ .Values.x }}`, `{{ include … }}`), as opposed to control flow. */
  emits: boolean;
  /** Column of the `{{` on its line. */
  column: number;
  /** The action stands alone on its line (only whitespace besides actions), so what it prints is structure, not a scalar. */
  ownLine: boolean;
  /** Text of the action without the delimiters and trim markers: `.Values.service.port`. */
  body: string;
  /** What it prints, when the chart's values decide it (then it is no longer unknown). */
  resolved?: Resolution;
  /** What it prints as the values give it, even when that cannot stand in its place (an empty value, a phrase). */
  printed?: Resolution;
}

export interface BlankedTemplate {
  text: string;
  /** The actions in text order. */
  actions: TemplateAction[];
  /** Ranges over lists the values give, each rendered here with the item `items` chose. */
  ranges: RangeBlock[];
}

/** The body given to the blanked `else` part of a conditional, which counts as one more printing action. */
const ELSE_BRANCH = '(else branch)';

// Actions that print nothing themselves: control flow, definitions, comments, assignments.
const CONTROL = /^(if|else|end|with|range|define|block|break|continue)\b|^\/\*|^\$[\w]*\s*:?=/;

// A resolved value is written in place of its action only when it is a plain token that YAML
// reads as the same scalar: anything else (spaces, `: `, `#`, quotes, newlines) stays unknown.
const PLAIN_TOKEN = /^(?:[A-Za-z0-9._/@%+=-][A-Za-z0-9._/@%+=:-]*|"[A-Za-z0-9._/@%+=: -]*"|'[A-Za-z0-9._/@%+=: -]*')$/;

/**
 * Blanks every action of a template, keeping offsets. With the chart's values, the branches the
 * values switch off are blanked too, and an action that prints a plain value is written in its
 * place (right-aligned in the action's width, so what touches the action still touches it).
 * Without values only the first branch of an `if`/`else` is read: branches are alternatives, and
 * parsing them together would give YAML that no rendering produces.
 */
export function blankTemplateActions(source: string, chart?: ChartContext, items?: ReadonlyMap<number, number>): BlankedTemplate {
  const actions: TemplateAction[] = [];
  for (let i = source.indexOf('{{'); i !== -1; ) {
    const end = findActionEnd(source, i + 2);
    const body = source
      .slice(i + 2, end - 2)
      .replace(/^-\s?/, '')
      .replace(/\s?-$/, '')
      .trim();
    const lineStart = source.lastIndexOf('\n', i - 1) + 1;
    actions.push({ start: i, end, emits: !CONTROL.test(body), column: i - lineStart, ownLine: false, body });
    i = source.indexOf('{{', end);
  }
  const walk = walkTemplate(actions, chart, items);
  const chars = source.split('');
  const blank = (span: Span, fill = ' ') => {
    for (let i = span.start; i < span.end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = fill;
  };
  actions.forEach((action, index) => {
    // An action in a key's place (`{{ $type }}: …`) becomes a placeholder key: YAML has no empty keys.
    const inKeyPlace = /^[ \t]*:(\s|$)/.test(source.slice(action.end, action.end + 80));
    blank(action, inKeyPlace ? '_' : ' ');
    const resolution = walk.resolved.get(index);
    action.printed = resolution;
    if (!inKeyPlace && resolution && PLAIN_TOKEN.test(resolution.text) && resolution.text.length <= action.end - action.start) {
      action.resolved = resolution;
      for (let k = 0; k < resolution.text.length; k++) chars[action.end - resolution.text.length + k] = resolution.text[k]!;
    }
  });
  for (const region of walk.dead) blank(region);
  const live = actions.filter((a) => !walk.dead.some((d) => d.start <= a.start && a.end <= d.end));
  for (const region of walk.alternatives) {
    blank(region);
    // What an alternative branch holds counts as one more action that prints.
    const firstText = /\S/.exec(source.slice(region.start, region.end));
    const at = firstText ? region.start + firstText.index : region.start;
    live.push({ start: region.start, end: region.end, emits: true, column: at - (source.lastIndexOf('\n', at - 1) + 1), ownLine: true, body: ELSE_BRANCH });
  }
  live.sort((a, b) => a.start - b.start);
  const text = markOwnLineActions(chars.join(''), live);
  return { text, actions: live, ranges: walk.ranges };
}

/** Finds the offset just past the `}}` that closes an action, skipping quoted strings inside it. */
function findActionEnd(source: string, from: number): number {
  let i = from;
  while (i < source.length) {
    const c = source[i];
    if (c === '"' || c === '`' || c === "'") {
      const close = findQuoteEnd(source, i);
      if (close === -1) break;
      i = close + 1;
      continue;
    }
    if (c === '}' && source[i + 1] === '}') return i + 2;
    if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      if (close === -1) break;
      i = close + 2;
      continue;
    }
    i++;
  }
  // An unclosed action runs to the end of its line, so that one typo does not swallow the file.
  const eol = source.indexOf('\n', from);
  return eol === -1 ? source.length : eol;
}

function findQuoteEnd(source: string, open: number): number {
  const quote = source[open];
  for (let i = open + 1; i < source.length; i++) {
    const c = source[i];
    if (c === '\n' && quote !== '`') return -1;
    if (c === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (c === quote) return i;
  }
  return -1;
}

/**
 * Marks the actions that stand alone on their line, and leaves a `#` on that line: an empty line
 * more indented than what follows would open a block scalar wrongly (YAML rejects "more-indented
 * leading empty lines"), while a comment, placed no deeper than the next line, is harmless both in
 * YAML structure and inside a block scalar.
 */
function markOwnLineActions(blanked: string, actions: TemplateAction[]): string {
  const chars = blanked.split('');
  for (const action of actions) {
    if (action.body === ELSE_BRANCH) continue;
    const lineStart = blanked.lastIndexOf('\n', action.start - 1) + 1;
    let lineEnd = blanked.indexOf('\n', action.start);
    if (lineEnd === -1) lineEnd = blanked.length;
    action.ownLine = blanked.slice(lineStart, lineEnd).trim() === '';
    if (!action.ownLine || chars[lineStart + action.column] === '#') continue;
    // At the next line's indentation the comment neither ends a block scalar early nor opens one.
    const column = Math.min(nextIndentation(blanked, lineEnd), lineEnd - lineStart - 1);
    chars[lineStart + column] = '#';
  }
  return chars.join('');
}

/** Indentation of the first line after `offset` that holds text. */
function nextIndentation(text: string, offset: number): number {
  const rest = /\n([ \t]*)[^\s]/.exec(text.slice(offset));
  return rest ? rest[1]!.length : 0;
}

/** The template actions of a file, searchable by offset. */
export class TemplateActions {
  static readonly none = new TemplateActions([]);

  constructor(readonly actions: readonly TemplateAction[]) {}

  get isEmpty(): boolean {
    return this.actions.length === 0;
  }

  /** The actions that overlap [start, end). */
  within(start: number, end: number): TemplateAction[] {
    const found: TemplateAction[] = [];
    for (let i = this.firstEndingAfter(start); i < this.actions.length; i++) {
      const action = this.actions[i]!;
      if (action.start >= end) break;
      found.push(action);
    }
    return found;
  }

  overlaps(start: number, end: number): boolean {
    const i = this.firstEndingAfter(start);
    const action = this.actions[i];
    return action !== undefined && action.start < Math.max(end, start + 1);
  }

  /** Index of the first action whose end lies after `offset` (binary search: files can hold thousands). */
  private firstEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.actions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.actions[mid]!.end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
