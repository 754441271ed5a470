// Walks a template's actions in order with the chart's values: follows `if`/`else`/`with` where
// the values decide them, resolves the actions that print a plain value, and says which parts of
// the text no rendering produces (dead) and which are one alternative among unknown ones.

import type { Span } from '../types';
import { evaluate, parseAssignment, parseExpression, rendered, truthy, UNKNOWN, type Result, type Scope } from './expr';
import type { Value, ValueSource } from './values';

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

export interface Walk {
  /** Actions (by index) that print a known plain value. */
  resolved: Map<number, Resolution>;
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
}

const KEYWORD = /^(if|else if|else with|else|end|with|range|define|block)\b\s*([\s\S]*)$/;

export function walkTemplate(actions: readonly ActionText[], values: Value | undefined): Walk {
  const root: Result = values ? { kind: 'map', entries: new Map([['Values', values]]) } : UNKNOWN;
  const scope: Scope = { dot: root, root, vars: new Map() };
  const walk: Walk = { resolved: new Map(), dead: [], alternatives: [] };
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
        // A range yields its body once per item, which fixed offsets cannot show: an empty list
        // yields nothing, anything else leaves the body's values unknown.
        const expr = parseExpression(rest!.replace(/^\$\w+\s*(,\s*\$\w+\s*)?:=\s*/, ''));
        const value = expr ? evaluate(expr, scope) : UNKNOWN;
        open(truthy(value) === false ? false : undefined, action, UNKNOWN);
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
        scope.dot = frame.savedDot;
        break;
      }
    }
  });
  return walk;
}
