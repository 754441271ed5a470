// The parser of Go's text/template (text/template/parse/parse.go): tokens from lex.ts become
// the trees of ast.ts, one for the text and one for each `define` and `block` in it.
//
// Like Go it stops at the first error and reports Go's message ("unexpected {{end}}",
// "function \"foo\" not defined", "undefined variable \"$x\"", ...) with the span of the token it
// stopped at. It never throws: a template deep enough to exhaust the JS stack is reported as
// Go's "max expression depth exceeded".

import type { ArgNode, CommandNode, FieldNode, ListNode, Node, PipeNode, Span, TemplateNode, Tree, VariableNode } from './ast';
import { isEmptyTree, lineAndColumn, nodeString } from './ast';
import { lex, type Token, type TokenType } from './lex';
import { parseNumber, unquote } from './literals';
import { quote } from './strconv';

export interface ParseError {
  /** The name of the text being parsed. */
  name: string;
  /** Go's message, without the "template: name:line:" prefix. */
  message: string;
  span: Span;
  /** 1-based line of span.start. */
  line: number;
}

/** Go's text of a parse error: `template: name:3: unexpected {{end}}`. */
export function formatParseError(error: ParseError): string {
  return `template: ${error.name}:${error.line}: ${error.message}`;
}

export interface ParseOptions {
  /**
   * Whether a function of that name exists; an unknown one is a parse error, as in Go. Leave it
   * out to accept any name (Go's SkipFuncCheck mode). Go's builtins (and, or, not, len, index,
   * slice, print, printf, println, eq, ne, lt, le, gt, ge, html, js, urlquery, call) are always known.
   */
  isFunction?: (name: string) => boolean;
}

export interface ParseResult {
  /** The text's own tree first, then those its `define`s and `block`s introduced, in order. */
  trees: Tree[];
  /** The first error; with one, `trees` holds what was complete before it. */
  error?: ParseError;
}

export const BUILTIN_FUNCTIONS: ReadonlySet<string> = new Set(['and', 'call', 'html', 'index', 'slice', 'js', 'len', 'not', 'or', 'print', 'printf', 'println', 'urlquery', 'eq', 'ge', 'gt', 'le', 'lt', 'ne']);

/** Go's limit on nested parentheses. */
const MAX_STACK_DEPTH = 10000;
/** Go's limit on commands in one pipeline. */
const MAX_PIPELINE_CMDS = 1000;

/** Parses a template text named `name`. */
export function parse(name: string, text: string, options: ParseOptions = {}): ParseResult {
  const parser = new Parser(name, text, options);
  try {
    parser.parse();
    return { trees: parser.trees };
  } catch (e) {
    if (e instanceof Failure) return { trees: parser.trees, error: e.error };
    if (e instanceof RangeError) return { trees: parser.trees, error: parser.errorAt(parser.current(), 'max expression depth exceeded') };
    throw e;
  }
}

/**
 * A copy of a list grown by push, without the room push left for more: a parsed tree outlives
 * many collections, and lists of one or two items with room for seventeen were a quarter of
 * what the trees of the real corpus's templates held.
 *
 * So a node is built once its lists are whole, never with a list to fill and then replace. A
 * parse's nodes outlive the young generation's collections, and once V8 sees that of a site it
 * may allocate there straight in the old generation (pretenuring): the list a node started with,
 * or the node a field chain replaced, was left there as garbage that only a full collection
 * frees. Building nodes whole took what parsing the real corpus's templates left in the old
 * generation from 224 to 134 MB, for 92 MB of trees.
 */
function fitted<T>(items: T[]): T[] {
  return items.slice();
}

/** The declarations of the pipelines that declare none (nearly all), one list for all of them. */
const NO_DECLARATIONS: VariableNode[] = Object.freeze([]) as unknown as VariableNode[];

class Failure {
  constructor(readonly error: ParseError) {}
}

/** The else and end actions, which close lists and never reach a tree. */
interface Closer extends Span {
  kind: 'else' | 'end';
  /** `{{else if …}}` / `{{else with …}}`: the keyword that follows, left for the caller. */
  chained?: 'if' | 'with';
}

const KEYWORD_TYPES: ReadonlySet<TokenType> = new Set(['block', 'break', 'continue', 'define', 'dot', 'else', 'end', 'if', 'nil', 'range', 'template', 'with']);

function tokenString(t: Token): string {
  if (t.type === 'eof') return 'EOF';
  if (t.type === 'error') return t.val;
  if (KEYWORD_TYPES.has(t.type)) return `<${t.val}>`;
  if (t.val.length > 10) return `${quote(t.val.slice(0, 10))}...`; // Go's %.10q...
  return quote(t.val);
}

class Parser {
  readonly trees: Tree[] = [];
  private readonly tokens: Token[];
  private i = 0;
  /** Variables in scope, innermost last; `$` always. */
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private stackDepth = 0;
  /** The names of the field chain being read (fieldChain). */
  private readonly chain: string[] = [];
  /** Where the action being parsed started, for lexer errors inside multi-line actions. */
  private actionStart: number | undefined;
  private readonly isFunction: (name: string) => boolean;

  constructor(
    private readonly name: string,
    private readonly text: string,
    options: ParseOptions,
  ) {
    this.tokens = lex(text);
    const custom = options.isFunction;
    this.isFunction = custom ? (n) => BUILTIN_FUNCTIONS.has(n) || custom(n) : () => true;
  }

  // ---- tokens ----

  // The token list ends with eof or error, which reading past the end gives again. These run for
  // every token, mostly before V8 optimises them (the checker's flags): plain comparisons, no
  // Math.min.

  current(): Token {
    const i = this.i - 1;
    const last = this.tokens.length - 1;
    return this.tokens[i <= 0 ? 0 : i < last ? i : last]!;
  }

  private next(): Token {
    const i = this.i;
    if (i < this.tokens.length) {
      this.i = i + 1;
      return this.tokens[i]!;
    }
    return this.tokens[this.tokens.length - 1]!;
  }

  private peek(): Token {
    const i = this.i;
    return this.tokens[i < this.tokens.length ? i : this.tokens.length - 1]!;
  }

  private backup(n = 1): void {
    this.i -= n;
  }

  private nextNonSpace(): Token {
    const tokens = this.tokens;
    let i = this.i;
    // The last token is never a space: the loop ends there at the latest.
    while (i < tokens.length) {
      const t = tokens[i++]!;
      if (t.type !== 'space') {
        this.i = i;
        return t;
      }
    }
    return tokens[tokens.length - 1]!;
  }

  private peekNonSpace(): Token {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }

  // ---- errors ----

  errorAt(at: Token | Span, message: string): ParseError {
    const span = { start: at.start, end: at.end };
    return { name: this.name, message, span, line: lineAndColumn(this.text, span.start).line };
  }

  private fail(at: Token | Span, message: string): never {
    throw new Failure(this.errorAt(at, message));
  }

  private unexpected(t: Token, context: string): never {
    if (t.type === 'error') {
      let extra = '';
      if (this.actionStart !== undefined) {
        const started = lineAndColumn(this.text, this.actionStart).line;
        if (started !== lineAndColumn(this.text, t.start).line) {
          extra = ` in action started at ${this.name}:${started}`;
          if (t.val.endsWith(' action')) extra = extra.slice(' in action'.length);
        }
      }
      this.fail(t, `${t.val}${extra}`);
    }
    this.fail(t, `unexpected ${tokenString(t)} in ${context}`);
  }

  private expect(type: TokenType, context: string): Token {
    const t = this.nextNonSpace();
    if (t.type !== type) this.unexpected(t, context);
    return t;
  }

  // ---- structure ----

  /** The whole text: its nodes, with `define`s taken out into trees of their own. */
  parse(): void {
    const nodes: Node[] = [];
    while (this.peek().type !== 'eof') {
      if (this.peek().type === 'leftDelim') {
        const at = this.i;
        const delim = this.next();
        if (this.nextNonSpace().type === 'define') {
          this.actionStart = delim.start;
          this.parseDefinition(delim);
          this.actionStart = undefined;
          continue;
        }
        this.i = at;
      }
      const n = this.textOrAction();
      if ('chained' in n || n.kind === 'else' || n.kind === 'end') this.fail(n, `unexpected {{${n.kind}}}`);
      nodes.push(n as Node);
    }
    const root: ListNode = { kind: 'list', nodes: fitted(nodes), start: 0, end: this.text.length };
    this.add({ name: this.name, parseName: this.name, text: this.text, root }, { start: 0, end: 0 }, true);
  }

  /** Go's Tree.add: a name may be defined again only over an empty definition. */
  private add(tree: Tree, at: Span, first = false): void {
    const existing = this.trees.findIndex((t) => t.name === tree.name);
    if (existing < 0) {
      if (first) this.trees.unshift(tree);
      else this.trees.push(tree);
      return;
    }
    if (isEmptyTree(this.trees[existing]!.root)) {
      this.trees[existing] = tree;
      return;
    }
    if (!isEmptyTree(tree.root)) this.fail(at, `multiple definition of template ${JSON.stringify(tree.name)}`);
  }

  private parseDefinition(delim: Token): void {
    const context = 'define clause';
    const nameToken = this.nextNonSpace();
    if (nameToken.type !== 'string' && nameToken.type !== 'rawString') this.unexpected(nameToken, context);
    const name = unquote(nameToken.val);
    if (name === undefined) this.fail(nameToken, 'invalid syntax');
    this.expect('rightDelim', context);
    const saved = this.vars;
    this.vars = ['$'];
    const [list, end] = this.itemList();
    this.vars = saved;
    if (end.kind !== 'end') this.fail(end, `unexpected {{${end.kind}}} in ${context}`);
    this.add({ name, parseName: this.name, text: this.text, root: list }, { start: delim.start, end: end.end });
  }

  /** Nodes up to an {{end}} or {{else}}, which is returned with them. */
  private itemList(): [ListNode, Closer] {
    const start = this.peekNonSpace().start;
    const nodes: Node[] = [];
    while (this.peekNonSpace().type !== 'eof') {
      const n = this.textOrAction();
      if (n.kind === 'else' || n.kind === 'end') {
        const list: ListNode = { kind: 'list', nodes: fitted(nodes), start, end: n.start };
        return [list, n as Closer];
      }
      nodes.push(n as Node);
    }
    this.fail(this.peekNonSpace(), 'unexpected EOF');
  }

  private textOrAction(): Node | Closer {
    const t = this.nextNonSpace();
    if (t.type === 'text') return { kind: 'text', text: t.val, start: t.start, end: t.end };
    if (t.type === 'leftDelim') {
      const saved = this.actionStart;
      this.actionStart = t.start;
      const n = this.action(t);
      this.actionStart = saved;
      return n;
    }
    this.unexpected(t, 'input');
  }

  /** After `{{`: a control keyword or a pipeline. */
  private action(open: Token): Node | Closer {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'block':
        return this.blockControl(open);
      case 'break':
      case 'continue': {
        const close = this.nextNonSpace();
        if (close.type !== 'rightDelim') this.unexpected(close, `{{${t.type}}}`);
        if (this.rangeDepth === 0) this.fail(t, `{{${t.type}}} outside {{range}}`);
        return { kind: t.type, start: open.start, end: close.end };
      }
      case 'else':
        return this.elseControl(open);
      case 'end':
        return { kind: 'end', start: open.start, end: this.expect('rightDelim', 'end').end };
      case 'if':
      case 'range':
      case 'with':
        return this.control(t.type, open);
      case 'template':
        return this.templateControl(open);
    }
    this.backup();
    const pipe = this.pipeline('command', 'rightDelim');
    return { kind: 'action', pipe, start: open.start, end: this.current().end };
  }

  private elseControl(open: Token): Closer {
    const peek = this.peekNonSpace();
    // {{else if …}} and {{else with …}} read as {{else}}{{if …}}…{{end}}{{end}}.
    if (peek.type === 'if' || peek.type === 'with') return { kind: 'else', start: open.start, end: peek.start, chained: peek.type };
    return { kind: 'else', start: open.start, end: this.expect('rightDelim', 'else').end };
  }

  /** if, with and range: pipeline, list, optional else list, end. */
  private control(kind: 'if' | 'with' | 'range', open: Token): Node {
    const saved = this.vars.length;
    const pipe = this.pipeline(kind, 'rightDelim');
    const openSpan = { start: open.start, end: this.current().end };
    if (kind === 'range') this.rangeDepth++;
    let [list, next] = this.itemList();
    if (kind === 'range') this.rangeDepth--;
    let elseList: ListNode | undefined;
    let end = next.end;
    if (next.kind === 'else') {
      if (next.chained && next.chained === kind) {
        // The chained if/with ends at its {{end}}, which also ends this one.
        this.nextNonSpace();
        const inner = this.control(next.chained, { type: 'leftDelim', start: next.start, end: next.start + 2, val: '{{' });
        elseList = { kind: 'list', nodes: [inner], start: next.start, end: inner.end };
        end = inner.end;
      } else {
        if (next.chained) {
          // {{else if}} inside a with, or {{else with}} inside an if: Go expects {{else}} alone here.
          this.unexpected(this.nextNonSpace(), 'input');
        }
        [elseList, next] = this.itemList();
        if (next.kind !== 'end') this.fail(next, `expected end; found {{${next.kind}}}`);
        end = next.end;
      }
    }
    this.vars.length = saved;
    return elseList ? { kind, pipe, list, start: open.start, end, open: openSpan, elseList } : { kind, pipe, list, start: open.start, end, open: openSpan };
  }

  private templateName(t: Token, context: string): string {
    if (t.type !== 'string' && t.type !== 'rawString') this.unexpected(t, context);
    const name = unquote(t.val);
    if (name === undefined) this.fail(t, 'invalid syntax');
    return name;
  }

  private templateControl(open: Token): TemplateNode {
    const context = 'template clause';
    const name = this.templateName(this.nextNonSpace(), context);
    let pipe: PipeNode | undefined;
    if (this.nextNonSpace().type !== 'rightDelim') {
      this.backup();
      pipe = this.pipeline(context, 'rightDelim');
    }
    return { kind: 'template', name, ...(pipe ? { pipe } : {}), start: open.start, end: this.current().end };
  }

  /** {{block "name" pipeline}} list {{end}}: defines "name" and calls it. */
  private blockControl(open: Token): TemplateNode {
    const context = 'block clause';
    const name = this.templateName(this.nextNonSpace(), context);
    const pipe = this.pipeline(context, 'rightDelim');
    const callEnd = this.current().end;
    const savedVars = this.vars;
    const savedRange = this.rangeDepth;
    this.vars = ['$'];
    this.rangeDepth = 0;
    const [list, end] = this.itemList();
    this.vars = savedVars;
    this.rangeDepth = savedRange;
    if (end.kind !== 'end') this.fail(end, `unexpected {{${end.kind}}} in ${context}`);
    this.add({ name, parseName: this.name, text: this.text, root: list }, { start: open.start, end: end.end });
    return { kind: 'template', name, pipe, start: open.start, end: callEnd };
  }

  // ---- pipelines ----

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const first = this.peekNonSpace();
    const decl: VariableNode[] = [];
    let isAssign = false;
    const cmds: CommandNode[] = [];
    // Declarations: $x := …, $x = …, and range's $i, $v := ….
    for (;;) {
      const v = this.peekNonSpace();
      if (v.type !== 'variable') break;
      this.nextNonSpace();
      const at = this.i - 1;
      const next = this.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        isAssign = next.type === 'assign';
        this.nextNonSpace();
        decl.push({ kind: 'variable', ident: [v.val], start: v.start, end: v.end });
        this.vars.push(v.val);
        break;
      }
      if (next.type === 'char' && next.val === ',') {
        this.nextNonSpace();
        decl.push({ kind: 'variable', ident: [v.val], start: v.start, end: v.end });
        this.vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const after = this.peekNonSpace().type;
          if (after === 'variable' || after === 'rightDelim' || after === 'rightParen') continue;
          this.fail(this.peekNonSpace(), 'range can only initialize variables');
        }
        this.fail(next, `too many declarations in ${context}`);
      }
      // Not a declaration: $x is the first operand.
      this.i = at;
      break;
    }
    for (;;) {
      const t = this.nextNonSpace();
      if (t.type === end) {
        const pipe: PipeNode = { kind: 'pipe', decl: decl.length ? fitted(decl) : NO_DECLARATIONS, isAssign, cmds: fitted(cmds), start: first.start, end: t.start };
        this.checkPipeline(pipe, context, t);
        return pipe;
      }
      switch (t.type) {
        case 'bool':
        case 'charConstant':
        case 'complex':
        case 'dot':
        case 'field':
        case 'identifier':
        case 'number':
        case 'nil':
        case 'rawString':
        case 'string':
        case 'variable':
        case 'leftParen':
          this.backup();
          cmds.push(this.command());
          if (cmds.length > MAX_PIPELINE_CMDS) this.fail(t, 'pipeline too long');
          break;
        default:
          this.unexpected(t, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string, at: Token): void {
    if (pipe.cmds.length === 0) this.fail(at, `missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      const cmd = pipe.cmds[i]!;
      const kind = cmd.args[0]!.kind;
      if (kind === 'bool' || kind === 'dot' || kind === 'nil' || kind === 'number' || kind === 'string') this.fail(cmd, `non executable command in pipeline stage ${i + 1}`);
    }
  }

  private command(): CommandNode {
    const start = this.peekNonSpace().start;
    const args: ArgNode[] = [];
    let end = start;
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) {
        args.push(operand);
        end = operand.end;
      }
      const t = this.next();
      if (t.type === 'space') continue;
      if (t.type === 'rightDelim' || t.type === 'rightParen') this.backup();
      else if (t.type !== 'pipe') this.unexpected(t, 'operand');
      break;
    }
    if (args.length === 0) this.fail(this.current(), 'empty command');
    return { kind: 'command', args: fitted(args), start, end };
  }

  /** A term followed by .Field accesses. */
  private operand(): ArgNode | undefined {
    const first = this.peekNonSpace().type;
    // `.A.B` and `$x.A.B` are built whole (see fitted), the most common operands of all.
    if (first === 'field' || first === 'variable') return this.fieldChain(this.nextNonSpace());
    let node = this.term();
    if (!node) return undefined;
    if (this.peek().type === 'field') {
      const fields: string[] = [];
      let end = node.end;
      while (this.peek().type === 'field') {
        const f = this.next();
        fields.push(f.val.slice(1));
        end = f.end;
      }
      const start = node.start;
      switch (node.kind) {
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.fail(node, `unexpected . after term ${JSON.stringify(nodeString(node))}`);
        default:
          node = { kind: 'chain', node, field: fields, start, end };
      }
    }
    return node;
  }

  private term(): ArgNode | undefined {
    const t = this.nextNonSpace();
    switch (t.type) {
      case 'identifier':
        if (!this.isFunction(t.val)) this.fail(t, `function ${JSON.stringify(t.val)} not defined`);
        return { kind: 'identifier', name: t.val, start: t.start, end: t.end };
      case 'dot':
        return { kind: 'dot', start: t.start, end: t.end };
      case 'nil':
        return { kind: 'nil', start: t.start, end: t.end };
      case 'bool':
        return { kind: 'bool', value: t.val === 'true', start: t.start, end: t.end };
      case 'charConstant':
      case 'complex':
      case 'number': {
        const value = parseNumber(t.val, t.type);
        if ('error' in value) this.fail(t, value.error);
        return { kind: 'number', text: t.val, value, start: t.start, end: t.end };
      }
      case 'leftParen': {
        if (this.stackDepth >= MAX_STACK_DEPTH) this.fail(t, 'max expression depth exceeded');
        this.stackDepth++;
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        this.stackDepth--;
        pipe.start = t.start;
        pipe.end = this.current().end;
        return pipe;
      }
      case 'string':
      case 'rawString': {
        const text = unquote(t.val);
        if (text === undefined) this.fail(t, 'invalid syntax');
        return { kind: 'string', quoted: t.val, text, start: t.start, end: t.end };
      }
    }
    this.backup();
    return undefined;
  }

  /**
   * A field or variable token with the fields that follow it: `.A`, `.A.B`, `$x`, `$x.A`. Go's
   * parser builds the chain from the first node, and places the node at the second field in
   * messages (goPos).
   */
  private fieldChain(t: Token): FieldNode | VariableNode {
    const head = t.type === 'field' ? t.val.slice(1) : this.declared(t);
    if (this.peek().type !== 'field') return t.type === 'field' ? { kind: 'field', ident: [head], start: t.start, end: t.end } : { kind: 'variable', ident: [head], start: t.start, end: t.end };
    // The names go to a list of the parser's own, used again for every chain, and the node gets
    // a copy of their number: a list grown from one by push is copied to room for seventeen.
    const ident = this.chain;
    ident.length = 0;
    ident.push(head);
    const goPos = this.peek().start;
    let end = t.end;
    while (this.peek().type === 'field') {
      const f = this.next();
      ident.push(f.val.slice(1));
      end = f.end;
    }
    return t.type === 'field' ? { kind: 'field', ident: fitted(ident), start: t.start, end, goPos } : { kind: 'variable', ident: fitted(ident), start: t.start, end, goPos };
  }

  /** A variable's name, which must be in scope. */
  private declared(t: Token): string {
    if (!this.vars.includes(t.val)) this.fail(t, `undefined variable ${JSON.stringify(t.val)}`);
    return t.val;
  }
}
