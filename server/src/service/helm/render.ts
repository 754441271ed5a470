// Walks a template's actions in order with the chart's values: follows `if`/`else`/`with` where
// the values decide them, resolves the actions that print a plain value, and says which parts of
// the text no rendering produces (dead) and which are one alternative among unknown ones.

import type { Span } from '../types';
import { evaluate, MISSING, parseAssignment, parseExpression, rendered, truthy, UNKNOWN, type Result, type Scope } from './expr';
import type { ChartContext } from './chart';
import type { ValueSource } from './values';

/** What the walk needs of an action: where it is and what it says. */
export interface ActionText extends Span {
  body: string;
}

export interface Resolution {
  /** What the action prints. */
  text: string;
  /** The values key it comes from, when it comes from one. */
  source?: ValueSource;
}

/** A `range` over a list the values give: its body, rendered once per item. */
export interface RangeBlock {
  /** The index of the `range` action. */
  action: number;
  /** How many items the list holds. */
  items: number;
  /** From the end of `{{ range … }}` to the start of its `{{ end }}`. */
  body: Span;
}

export interface Walk {
  /** Actions (by index) that print a known plain value. */
  resolved: Map<number, Resolution>;
  /** Ranges over known lists; their bodies are rendered with the item `items` chooses (the first by default). */
  ranges: RangeBlock[];
  /** Text no rendering produces: branches the values switch off, `define` bodies. */
  dead: Span[];
  /** Branches after one whose condition is unknown: alternatives, blanked but counted as printing. */
  alternatives: Span[];
}

type BranchState = 'live' | 'dead' | 'unknown' | 'alternative';

interface Frame {
  state: BranchState;
  /** The state of the text around the block. */
  outer: BranchState;
  /** A branch was known to be taken. */
  taken: boolean;
  /** A branch's condition was unknown. */
  doubtful: boolean;
  branchStart: number;
  savedDot: Result;
  /** For a range over a known list: the range action's index and the list's length. */
  range?: { action: number; items: number };
}

const KEYWORD = /^(if|else if|else with|else|end|with|range|define|block)\b\s*([\s\S]*)$/;

/**
 * `items` picks, per range action index, which item of its list the body is rendered with (the
 * first when absent); rendering once per item gives every port a range yields.
 */
export function walkTemplate(actions: readonly ActionText[], chart: ChartContext | undefined, items: ReadonlyMap<number, number> = new Map()): Walk {
  const values = chart?.values;
  const root: Result = values ? { kind: 'map', entries: new Map([['Values', values]]) } : UNKNOWN;
  const scope: Scope = { dot: root, root, vars: new Map(), helpers: chart?.helpers };
  const walk: Walk = { resolved: new Map(), ranges: [], dead: [], alternatives: [] };
  const stack: Frame[] = [];
  const state = (): BranchState => stack[stack.length - 1]?.state ?? 'live';
  const closeBranch = (frame: Frame, end: number) => {
    const span = { start: frame.branchStart, end };
    if (frame.state === 'dead' && frame.outer !== 'dead') walk.dead.push(span);
    if (frame.state === 'alternative' && frame.outer !== 'dead' && frame.outer !== 'alternative') walk.alternatives.push(span);
  };
  const condition = (text: string): boolean | undefined => {
    const expr = parseExpression(text);
    return expr ? truthy(evaluate(expr, scope)) : undefined;
  };
  const open = (value: boolean | undefined, action: ActionText, dot?: Result) => {
    const outer = state();
    const frame: Frame = { state: 'live', outer, taken: false, doubtful: false, branchStart: action.end, savedDot: scope.dot };
    if (outer === 'dead' || outer === 'alternative') frame.state = outer;
    else if (value === undefined) {
      frame.state = 'unknown';
      frame.doubtful = true;
    } else {
      frame.state = value ? outer : 'dead';
      frame.taken = value;
    }
    if (dot !== undefined && frame.state !== 'dead') scope.dot = dot;
    stack.push(frame);
  };

  actions.forEach((action, index) => {
    const body = action.body;
    const keyword = KEYWORD.exec(body);
    if (body.startsWith('/*')) return;
    if (!keyword) {
      if (state() !== 'live' && state() !== 'unknown') return;
      const assignment = parseAssignment(body);
      if (assignment) {
        scope.vars.set(assignment.name, evaluate(assignment.expr, scope));
        return;
      }
      const expr = parseExpression(body);
      const printed = expr ? rendered(evaluate(expr, scope)) : undefined;
      if (printed) walk.resolved.set(index, { text: printed.text, source: printed.value.source });
      return;
    }
    const [, word, rest] = keyword;
    switch (word) {
      case 'if':
        open(condition(rest!), action);
        break;
      case 'with': {
        const expr = parseExpression(rest!);
        const value = expr ? evaluate(expr, scope) : UNKNOWN;
        open(truthy(value), action, value);
        break;
      }
      case 'range': {
        // `range $i, $item := list`, `range $item := list` or `range list`.
        const declared = /^(\$\w+)\s*(?:,\s*(\$\w+)\s*)?:=\s*/.exec(rest!);
        const expr = parseExpression(declared ? rest!.slice(declared[0].length) : rest!);
        const value = expr ? evaluate(expr, scope) : UNKNOWN;
        const list = value !== UNKNOWN && value !== MISSING && value.kind === 'list' ? value.items : undefined;
        if (!list || list.length === 0) {
          // Nothing to yield, or nothing known about what it yields.
          open(truthy(value) === false ? false : undefined, action, UNKNOWN);
          break;
        }
        const chosen = Math.min(items.get(index) ?? 0, list.length - 1);
        const item = list[chosen]!;
        open(true, action, item);
        stack[stack.length - 1]!.range = { action: index, items: list.length };
        if (declared) {
          const [, first, second] = declared;
          if (second) {
            scope.vars.set(first!, { kind: 'scalar', value: chosen });
            scope.vars.set(second, item);
          } else scope.vars.set(first!, item);
        }
        break;
      }
      case 'define':
      case 'block':
        open(false, action);
        break;
      case 'else':
      case 'else if':
      case 'else with': {
        const frame = stack[stack.length - 1];
        if (!frame) break;
        closeBranch(frame, action.start);
        scope.dot = frame.savedDot;
        frame.branchStart = action.end;
        if (frame.outer === 'dead' || frame.outer === 'alternative') break;
        if (frame.taken) frame.state = 'dead';
        else if (frame.doubtful) frame.state = 'alternative';
        else {
          const value = word === 'else' ? true : condition(rest!);
          if (value === undefined) {
            frame.state = 'unknown';
            frame.doubtful = true;
          } else {
            frame.state = value ? frame.outer : 'dead';
            frame.taken = value;
          }
        }
        break;
      }
      case 'end': {
        const frame = stack.pop();
        if (!frame) break;
        closeBranch(frame, action.start);
        if (frame.range && frame.outer !== 'dead') walk.ranges.push({ ...frame.range, body: { start: frame.branchStart, end: action.start } });
        scope.dot = frame.savedDot;
        break;
      }
    }
  });
  return walk;
}
