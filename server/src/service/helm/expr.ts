// The part of Go templates that charts use around ports, evaluated against the chart's values:
// field chains (`.Values.a.b`, `$.Values…`, `$var.x`), literals, pipelines, and the functions
// that matter here (default, quote, int, toString, required, tpl of a plain value, ternary,
// eq/ne/not/and/or/empty/hasKey for conditions). Everything else is UNKNOWN, never a guess.

import type { Value } from './values';

export const UNKNOWN = Symbol('unknown');
/** A key the values do not hold: false in a condition and empty to `default`, as in Helm, but never printed, since install-time values may still set it. */
export const MISSING = Symbol('missing');
export type Result = Value | typeof UNKNOWN | typeof MISSING;

export interface Scope {
  /** `.` */
  dot: Result;
  /** `$`: the root object, holding `.Values`. */
  root: Result;
  vars: Map<string, Result>;
  /** The chart's named templates that print one expression (see helpers.ts), for `include`. */
  helpers?: ReadonlyMap<string, string>;
  /** How many `include`s deep this evaluation is: a helper that includes itself stops. */
  depth?: number;
}

const MAX_INCLUDE_DEPTH = 8;

type Expr =
  | { kind: 'field'; base: 'dot' | 'root' | { variable: string }; path: string[] }
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'pipeline'; stages: Expr[] };

/** Parses an action body into an expression, or undefined when it is beyond this subset. */
export function parseExpression(body: string): Expr | undefined {
  const tokens = tokenize(body);
  if (!tokens) return undefined;
  const parser = new Parser(tokens);
  const expr = parser.pipeline();
  return parser.done() ? expr : undefined;
}

/** A Go string literal's value, or undefined for one JSON cannot read (Go escapes such as `\.`): then the expression is unknown. */
function stringLiteral(text: string): string | undefined {
  if (text.startsWith('`')) return text.slice(1, -1);
  try {
    return JSON.parse(text) as string;
  } catch {
    return undefined;
  }
}

type Token = { kind: 'field' | 'variable' | 'ident' | 'number' | 'string' | 'punct'; text: string };

function tokenize(body: string): Token[] | undefined {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\$[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*|\$(?:\.[A-Za-z_]\w*)*)|(\.(?:[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?)|([A-Za-z_]\w*)|(-?\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|`[^`]*`)|(:=|[()|=]))/y;
  let index = 0;
  while (index < body.length) {
    if (/^\s*$/.test(body.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(body);
    if (!match) return undefined;
    index = pattern.lastIndex;
    const [, variable, field, ident, number, string, punct] = match;
    if (variable !== undefined) tokens.push({ kind: 'variable', text: variable });
    else if (field !== undefined) tokens.push({ kind: 'field', text: field });
    else if (ident !== undefined) tokens.push({ kind: 'ident', text: ident });
    else if (number !== undefined) tokens.push({ kind: 'number', text: number });
    else if (string !== undefined) tokens.push({ kind: 'string', text: string });
    else tokens.push({ kind: 'punct', text: punct! });
  }
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.index === this.tokens.length;
  }

  pipeline(): Expr | undefined {
    const stages: Expr[] = [];
    do {
      const command = this.command();
      if (!command) return undefined;
      stages.push(command);
    } while (this.eat('|'));
    return stages.length === 1 ? stages[0] : { kind: 'pipeline', stages };
  }

  private command(): Expr | undefined {
    const operands: Expr[] = [];
    for (let token = this.tokens[this.index]; token && !(token.kind === 'punct' && (token.text === '|' || token.text === ')')); token = this.tokens[this.index]) {
      const operand = this.operand();
      if (!operand) return undefined;
      operands.push(operand);
    }
    const [first, ...args] = operands;
    if (!first) return undefined;
    if (first.kind === 'call' && first.args.length === 0) return { kind: 'call', name: first.name, args };
    return args.length === 0 ? first : undefined;
  }

  private operand(): Expr | undefined {
    const token = this.tokens[this.index++];
    if (!token) return undefined;
    switch (token.kind) {
      case 'field':
        return { kind: 'field', base: 'dot', path: token.text.split('.').slice(1).filter(Boolean) };
      case 'variable': {
        const [name, ...path] = token.text.split('.');
        return name === '$' ? { kind: 'field', base: 'root', path } : { kind: 'field', base: { variable: name! }, path };
      }
      case 'ident':
        if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true' };
        if (token.text === 'nil') return { kind: 'literal', value: null };
        return { kind: 'call', name: token.text, args: [] };
      case 'number':
        return { kind: 'literal', value: Number(token.text) };
      case 'string': {
        const value = stringLiteral(token.text);
        return value === undefined ? undefined : { kind: 'literal', value };
      }
      case 'punct': {
        if (token.text !== '(') return undefined;
        const inner = this.pipeline();
        return inner && this.eat(')') ? inner : undefined;
      }
    }
  }

  private eat(text: string): boolean {
    const token = this.tokens[this.index];
    if (token?.kind === 'punct' && token.text === text) {
      this.index++;
      return true;
    }
    return false;
  }
}

/** `$name := …` / `$name = …`: the variable and the expression, if the body assigns. */
export function parseAssignment(body: string): { name: string; expr: Expr } | undefined {
  const match = /^(\$[A-Za-z_]\w*)\s*:?=\s*([\s\S]+)$/.exec(body.trim());
  if (!match) return undefined;
  const expr = parseExpression(match[2]!);
  return expr && { name: match[1]!, expr };
}

function scalar(value: string | number | boolean | null, from?: Value): Value {
  return { kind: 'scalar', value, source: from?.source };
}

/** Go template truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(result: Result): boolean | undefined {
  if (result === UNKNOWN) return undefined;
  if (result === MISSING) return false;
  if (result.kind === 'map') return result.entries.size > 0;
  if (result.kind === 'list') return result.items.length > 0;
  const v = result.value;
  return !(v === null || v === false || v === 0 || v === '');
}

export function evaluate(expr: Expr, scope: Scope, piped?: Result): Result {
  switch (expr.kind) {
    case 'literal':
      return scalar(expr.value);
    case 'field': {
      let current = expr.base === 'dot' ? scope.dot : expr.base === 'root' ? scope.root : (scope.vars.get(expr.base.variable) ?? UNKNOWN);
      for (const key of expr.path) {
        // Only .Values is known of the root: .Release, .Chart, .Capabilities come from the install.
        if (current === scope.root && key !== 'Values') return UNKNOWN;
        if (current === MISSING) return MISSING;
        if (current === UNKNOWN || current.kind !== 'map') return UNKNOWN;
        current = current.entries.get(key) ?? MISSING;
      }
      return current;
    }
    case 'pipeline': {
      let result: Result | undefined;
      for (const stage of expr.stages) result = evaluate(stage, scope, result);
      return result ?? UNKNOWN;
    }
    case 'call': {
      const args = expr.args.map((arg) => evaluate(arg, scope));
      if (piped !== undefined) args.push(piped);
      if (expr.name === 'include' || expr.name === 'template') return include(args, scope);
      // A function given too few arguments (half-typed: `and .`) knows nothing.
      return call(expr.name, args) ?? UNKNOWN;
    }
  }
}

/** `include "name" .`: a helper that prints one expression is that expression, with its argument as `.`. */
function include(args: Result[], scope: Scope): Result {
  const name = args[0] && text(args[0]);
  const body = name === undefined ? undefined : scope.helpers?.get(name);
  const depth = (scope.depth ?? 0) + 1;
  if (body === undefined || depth > MAX_INCLUDE_DEPTH) return UNKNOWN;
  const expr = parseExpression(body);
  return expr ? evaluate(expr, { dot: args[1] ?? UNKNOWN, root: scope.root, vars: new Map(), helpers: scope.helpers, depth }) : UNKNOWN;
}

function text(result: Result): string | undefined {
  if (result === UNKNOWN || result === MISSING || result.kind !== 'scalar') return undefined;
  return result.value === null ? '' : String(result.value);
}

function call(name: string, args: Result[]): Result | undefined {
  const last = args[args.length - 1];
  switch (name) {
    case 'default': {
      if (args.length !== 2) return UNKNOWN;
      const given = truthy(args[1]!);
      return given === undefined ? UNKNOWN : given ? args[1]! : args[0]!;
    }
    case 'quote':
    case 'squote': {
      // The quotes are part of what prints: `"8080"` is a string, and YAML reads it as one.
      const value = last && text(last);
      const mark = name === 'quote' ? '"' : "'";
      return value === undefined || value.includes(mark) ? UNKNOWN : scalar(`${mark}${value}${mark}`, last as Value);
    }
    case 'toString': {
      const value = last && text(last);
      return value === undefined ? UNKNOWN : scalar(value, last as Value);
    }
    case 'int':
    case 'int64':
    case 'atoi': {
      const value = last && text(last);
      const number = value === undefined ? NaN : Number.parseInt(value, 10);
      return Number.isNaN(number) ? UNKNOWN : scalar(number, last as Value);
    }
    case 'float64': {
      const value = last && text(last);
      const number = value === undefined ? NaN : Number(value);
      return Number.isNaN(number) ? UNKNOWN : scalar(number, last as Value);
    }
    case 'required':
    case 'trim':
      return last ?? UNKNOWN;
    case 'tpl': {
      // A value that holds no template renders as itself.
      const value = args[0] && text(args[0]);
      return value !== undefined && !value.includes('{{') ? args[0]! : UNKNOWN;
    }
    case 'ternary': {
      const condition = args.length === 3 ? truthy(args[2]!) : undefined;
      return condition === undefined ? UNKNOWN : condition ? args[0]! : args[1]!;
    }
    case 'not': {
      const value = last ? truthy(last) : undefined;
      return value === undefined ? UNKNOWN : scalar(!value);
    }
    case 'and':
    case 'or': {
      if (args.length === 0) return UNKNOWN;
      const values = args.map(truthy);
      if (name === 'and' && values.includes(false)) return args[values.indexOf(false)]!;
      if (name === 'or' && values.includes(true)) return args[values.indexOf(true)]!;
      return values.includes(undefined) ? UNKNOWN : args[args.length - 1]!;
    }
    case 'eq':
    case 'ne': {
      const [a, b] = args.map((arg) => text(arg));
      if (args.length !== 2 || a === undefined || b === undefined) return UNKNOWN;
      return scalar(name === 'eq' ? a === b : a !== b);
    }
    case 'empty': {
      const value = last ? truthy(last) : undefined;
      return value === undefined ? UNKNOWN : scalar(!value);
    }
    case 'hasKey': {
      const [map, key] = args;
      const name = key && text(key);
      if (!map || map === UNKNOWN || map === MISSING || map.kind !== 'map' || name === undefined) return UNKNOWN;
      return scalar(map.entries.has(name));
    }
    default:
      return UNKNOWN;
  }
}

/** What an action prints, when it prints a plain scalar that can stand in its place. */
export function rendered(result: Result): { text: string; value: Value } | undefined {
  const value = text(result);
  if (value === undefined || result === UNKNOWN || result === MISSING) return undefined;
  return { text: value, value: result };
}
