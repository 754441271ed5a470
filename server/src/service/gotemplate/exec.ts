// The executor of Go's text/template (text/template/exec.go): walks a parsed template over data
// and writes its output with a source map (sourcemap.ts).
//
// Evaluation follows Go: a missing map key is the zero value (Helm's missingkey=zero; "error" is
// the strict alternative), a field of nil is "nil pointer evaluating interface {}.x", a pipeline's
// value is the last argument of the next command, `and`/`or` stop at the deciding argument and
// return it, variables live until the {{end}} of the block that declared them, {{template}}
// calls see only `$` = their argument. Functions come from the caller (FuncMap) besides Go's
// builtins (builtins.ts); each declares its parameters so that arguments are checked and
// converted as Go's reflection does ("wrong type for value; expected string; got float64").
//
// Nothing throws out of execute(): errors come back as ExecError with the failing node's span.
// Limits keep a bad template from hanging or overflowing: Go's template nesting limit (where the
// JS stack gives out first, the same error), and a budget of steps. Inside a run that a function
// started (include, tpl) an exhausted stack is handed to that function, which names its own limit.
//
// A `{{template}}` or an `include` nests JS calls (about a dozen frames a level), so with Node's
// default stack of about 1 MB a recursion gives out after roughly 500 levels; Helm's include stops
// at 1000 and Go's {{template}} at 100000. A recursion that would end between those depths fails
// here (see helmfuncs' include); charts do not recurse that deep except by mistake.

import type { ArgNode, CommandNode, FieldNode, IdentifierNode, ListNode, Node, NumberNode, PipeNode, RangeNode, Span, TemplateNode, Tree } from './ast';
import { isEmptyTree, lineAndColumn, nodeString } from './ast';
import { BUILTINS } from './builtins';
import { formatValue } from './fmt';
import { formatParseError, parse, type ParseError, type ParseOptions } from './parse';
import { logCall, type ArgumentUse, type ReadLog } from './reads';
import { makeSegment, Origins, Traced, type CallSite, type Origin, type Rendered, type Segment, type Trace } from './sourcemap';
import { assignableToGeneric, GoError, GoFunc, GoInt, GoStruct, intValue, isTrue, sortedKeys, stringerText, typeName, underlying, type GoCallable, type Value } from './values';

/**
 * A parameter's Go type, which decides how an argument is checked and converted: `any` is
 * interface{} (a missing value arrives as null), `value` is a builtin's reflect.Value (the same
 * here), the others are concrete types that Go would not convert a value to ("wrong type for
 * value") and that take only literals of their kind.
 */
export type ParamType = 'any' | 'value' | 'string' | 'int' | 'float64' | 'bool' | 'map' | 'list';

/** A function templates can call. */
export interface TemplateFunction {
  /** Parameter types; with `variadic`, the last one is the type of each remaining argument. */
  readonly params: readonly ParamType[];
  readonly variadic?: boolean;
  /**
   * Throws GoError for the error the Go function returns ("error calling name: message"). A
   * function declared without its second parameter is handed no context (NO_CONTEXT): most
   * functions read only their arguments, and a context for every call was 2% of all that the
   * corpus's renders allocate (43 of 1,967 MB).
   */
  readonly call: (args: Value[], ctx: CallContext) => Value | Traced;
  /**
   * Which argument's trace the result keeps (its origin, and for a string its source map): an
   * index, negative from the end (-1 is the value piped in), or a function of the arguments. A
   * function can also return a Traced value to say so itself.
   */
  readonly passOrigin?: number | ((args: readonly Value[]) => number | undefined);
  /** How it uses its arguments, for an execution that logs its reads (ExecOptions.reads): by default it reads each whole. */
  readonly uses?: ArgumentUse;
}

export type FuncMap = ReadonlyMap<string, TemplateFunction>;

/** What a function sees besides its arguments. */
export interface CallContext {
  /** The name it was called by. */
  readonly name: string;
  /** The traces of its arguments, in order. */
  readonly traces: readonly Trace[];
  /** Its argument nodes as Go prints them, for messages. */
  readonly argTexts: readonly string[];
  /** The origins of the data, for functions that build or read containers. */
  readonly origins: Origins;
  /**
   * The action the call is part of (`{{ toYaml .Values.x }}`, delimiters included; for a call in
   * the pipeline of an if, with or range, its opening `{{if …}}`), in the template being executed.
   * A function that builds a string from values (toYaml) gives its bytes segments at this span,
   * each with the origin of the value it printed, so the output maps back to the values' keys.
   */
  readonly callSite: CallSite;
  /** Whether a template of that name exists. */
  hasTemplate(name: string): boolean;
  /**
   * Executes a named template with data into a string, as Helm's `include` does (Go's
   * ExecuteTemplate: a fresh state, `$` = data). Throws a GoError carrying the nested error, or
   * the RangeError of an exhausted JS stack, which the function reports as its recursion limit.
   */
  executeTemplate(name: string, data: Value): Rendered;
  /**
   * Parses `text` as a template named `name` and executes it with data, as Helm's `tpl` does;
   * templates it defines are visible to it only. Throws a GoError on a parse or execution error.
   */
  executeText(name: string, text: string, data: Value): Rendered;
}

/** An execution error: Go's message and the node it happened at. */
export interface ExecError {
  /** Go's message without location: `error calling eq: incompatible types for comparison: int and float64`. */
  message: string;
  /** The template being executed, and the text it was parsed from. */
  template: string;
  file: string;
  span: Span;
  /** The failing node as Go prints it in `at <…>`. */
  context: string;
  /** 1-based line and 0-based column where Go places the node (span.start, except for chained fields). */
  line: number;
  column: number;
  /** The error inside an `include` or `tpl` that caused this one. */
  cause?: ExecError | ParseError;
}

/** Go's text of an execution error. */
export function formatExecError(e: ExecError): string {
  return `template: ${e.file}:${e.line}:${e.column}: executing ${JSON.stringify(e.template)} at <${e.context}>: ${e.message}`;
}

/** A GoError that carries the execution error of a nested template (include, tpl). */
export class NestedError extends GoError {
  constructor(readonly inner: ExecError | ParseError) {
    super('message' in inner && 'context' in inner ? formatExecError(inner) : formatParseError(inner as ParseError));
  }
}

export interface ExecOptions {
  functions?: FuncMap;
  origins?: Origins;
  /** Go's missingkey option: `zero` (Helm's default) or `error` (Helm's --strict). */
  missingKey?: 'zero' | 'error';
  /** Steps (nodes walked, commands evaluated) before execution stops; 10 million by default. */
  maxSteps?: number;
  /** Told what the execution reads of its data (reads.ts), templates it includes and texts it tpl's included. */
  reads?: ReadLog;
}

export interface ExecResult extends Rendered {
  /** With an error, output and segments hold what was written before it, as Go leaves it. */
  error?: ExecError;
}

/**
 * Is this the error of an exhausted JS stack (V8's "Maximum call stack size exceeded")? It is
 * asked with almost no stack left, so it does no more than it must: a regular expression would
 * need to compile, and fail there with a SyntaxError. If even this throws, it throws a RangeError,
 * which a caller further up (with more stack) sees and asks about again.
 */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && e.message.includes('call stack');
}

// How a number constant is written, told by expressions made once (a regular expression literal
// is a new object each time it is evaluated, and constants are evaluated at every execution).
const HEX_PREFIX = /^[+-]?0[xX]/;
const BINARY_EXPONENT = /[pP]/;
const FLOAT_MARK = /[.eEpP]/;

/**
 * A map entry or list item as an interface value, with where it was written: in one of two
 * shapes built whole (no spread of a conditional object), as this runs for every field read and
 * every item ranged over.
 */
function memberEv(v: Value, origin: Origin | undefined): Ev {
  return origin ? { v, iface: true, trace: { origin } } : { v, iface: true };
}

/** Go's limit on nested {{template}} calls. */
export const MAX_EXEC_DEPTH = 100000;
const DEFAULT_MAX_STEPS = 10_000_000;

/** A set of named templates, as Go's common template map: what {{template}} and include find. */
export class TemplateSet {
  private readonly trees = new Map<string, Tree>();

  constructor(private readonly parent?: TemplateSet) {}

  /**
   * Parses a text named `name` and adds its templates. Like Go's associate, a later definition
   * replaces an earlier one, except that an empty one never replaces a non-empty one. With a parse
   * error nothing is added.
   */
  add(name: string, text: string, options: ParseOptions = {}): ParseError | undefined {
    const result = parse(name, text, options);
    if (result.error) return result.error;
    for (const tree of result.trees) this.addTree(tree);
    return undefined;
  }

  addTree(tree: Tree): void {
    const old = this.get(tree.name);
    if (old && isEmptyTree(tree.root) && !isEmptyTree(old.root)) return;
    this.trees.set(tree.name, tree);
  }

  get(name: string): Tree | undefined {
    return this.trees.get(name) ?? this.parent?.get(name);
  }

  /** A set that sees this one's templates and keeps its own additions to itself (for tpl). */
  child(): TemplateSet {
    return new TemplateSet(this);
  }
}

/** Executes the template `name` of the set with `data` as dot and `$`. */
export function execute(set: TemplateSet, name: string, data: Value, options: ExecOptions = {}): ExecResult {
  const shared: Shared = {
    functions: options.functions ?? new Map(),
    origins: options.origins ?? new Origins(),
    missingKey: options.missingKey ?? 'zero',
    stepsLeft: options.maxSteps ?? DEFAULT_MAX_STEPS,
    reads: options.reads,
  };
  return run(set, name, { v: data }, shared, undefined, false);
}

// ---- internals -------------------------------------------------------------------------------

interface Shared {
  functions: FuncMap;
  origins: Origins;
  missingKey: 'zero' | 'error';
  stepsLeft: number;
  reads: ReadLog | undefined;
}

/**
 * An evaluated value. `iface` marks a value whose static type is interface{} (read from a map or
 * a list), which is how Go tells a nil from the data ("nil pointer evaluating interface {}.x")
 * from no value at all (a pipeline's nil, which a further field access quietly yields again).
 */
interface Ev {
  v: Value;
  iface?: boolean;
  trace?: Trace;
}

const NO_VALUE: Ev = { v: null };
/** The trace of an argument that carries none: one for all of them, never changed. */
const NO_TRACE: Trace = Object.freeze({});

class Failure {
  constructor(readonly error: ExecError) {}
}

type Signal = 'none' | 'break' | 'continue';

/**
 * Runs a template into a fresh output. `nested` is a run that a function started (include, tpl):
 * when the JS stack runs out inside it, the RangeError goes on up to that function, which knows
 * what the recursion means (Helm's include reports its own nesting limit); the outermost run
 * turns it into an error at the root, so that nothing throws out of execute().
 */
function run(set: TemplateSet, name: string, dot: Ev, shared: Shared, callSite: CallSite | undefined, nested: boolean, own?: Tree): ExecResult {
  const tree = own ?? set.get(name);
  const out = new Output();
  if (!tree) {
    const error: ExecError = { message: `no such template ${JSON.stringify(name)}`, template: name, file: name, span: { start: 0, end: 0 }, context: '', line: 1, column: 0 };
    return { ...out.rendered(), error };
  }
  const state = new State(set, tree, shared, out, 0, callSite);
  try {
    state.vars.push({ name: '$', value: dot });
    state.walk(dot, tree.root);
    return out.rendered();
  } catch (e) {
    if (e instanceof Failure) return { ...out.rendered(), error: e.error };
    if (e instanceof RangeError && !nested) {
      // Another RangeError (a string or array too long for JS) is reported as what it is.
      const message = isStackOverflow(e) ? `exceeded maximum template depth (${MAX_EXEC_DEPTH})` : e.message;
      return { ...out.rendered(), error: state.errorAt(tree.root, message) };
    }
    throw e;
  }
}

class Output {
  text = '';
  readonly segments: Segment[] = [];

  /** Writes text produced by `tree`'s node at `span` (its own bytes, or what an action printed). */
  write(text: string, kind: 'text' | 'action', tree: Tree, span: Span, origin: Origin | undefined, callSite: CallSite | undefined): void {
    if (!text) return;
    const start = this.text.length;
    this.segments.push(makeSegment(start, start + text.length, kind, tree.name, tree.parseName, span, origin, callSite));
    this.text += text;
  }

  /** Writes a rendered string with its own source map, re-attributed to the call site. */
  splice(text: string, segments: readonly Segment[], callSite: CallSite): void {
    const base = this.text.length;
    for (const s of segments) this.segments.push(makeSegment(s.start + base, s.end + base, s.kind, s.template, s.file, s.span, s.origin, callSite));
    this.text += text;
  }

  rendered(): Rendered {
    return { output: this.text, segments: this.segments };
  }
}

/** Does a source map cover exactly this string (so it can be spliced)? */
function covers(segments: readonly Segment[] | undefined, text: string): segments is readonly Segment[] {
  if (!segments || segments.length === 0) return false;
  let at = 0;
  for (const s of segments) {
    if (s.start !== at) return false;
    at = s.end;
  }
  return at === text.length;
}

const GO_TYPE: Record<Exclude<ParamType, 'any' | 'value'>, string> = {
  string: 'string',
  int: 'int',
  float64: 'float64',
  bool: 'bool',
  map: 'map[string]interface {}',
  list: '[]interface {}',
};

function fitsType(v: Value, type: Exclude<ParamType, 'any' | 'value'>): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'int':
      return typeof v === 'bigint';
    case 'float64':
      return typeof v === 'number';
    case 'bool':
      return typeof v === 'boolean';
    // A named type over map[string]interface{} (Helm's .Values) is assignable; a []string or a
    // map[string]string is not ("wrong type for value; expected []interface {}; got []string").
    case 'map':
      return v instanceof Map && assignableToGeneric(v);
    case 'list':
      return Array.isArray(v) && assignableToGeneric(v);
  }
}

/**
 * What a function that declares no context parameter is handed (TemplateFunction.call): it can
 * have no use for it, and any use is the engine's mistake, said as such.
 */
const NO_CONTEXT: CallContext = new Proxy({} as CallContext, {
  get(_target, property) {
    throw new Error(`internal error: a template function that declares no context read its ${String(property)}`);
  },
});

/** A function call's CallContext: a class, so that a call allocates no closures for it. */
class Context implements CallContext {
  private texts: string[] | undefined;

  constructor(
    readonly name: string,
    readonly traces: readonly Trace[],
    /** The call's nodes, the function's own first; with `piped`, a piped value comes after them. */
    private readonly args: readonly ArgNode[],
    private readonly piped: boolean,
    readonly callSite: CallSite,
    private readonly set: TemplateSet,
    private readonly shared: Shared,
    /** The template being executed, for include's message about a missing name. */
    private readonly template: string,
  ) {}

  /** Printed only for a message (call's), so only when asked for. */
  get argTexts(): readonly string[] {
    this.texts ??= [...this.args.slice(1).map((a) => nodeString(a)), ...(this.piped ? ['<piped value>'] : [])];
    return this.texts;
  }

  get origins(): Origins {
    return this.shared.origins;
  }

  hasTemplate(n: string): boolean {
    return this.set.get(n) !== undefined;
  }

  executeTemplate(n: string, data: Value): Rendered {
    const result = run(this.set, n, { v: data }, this.shared, undefined, true);
    if (result.error) {
      if (!this.set.get(n)) throw new GoError(`template: no template ${JSON.stringify(n)} associated with template ${JSON.stringify(this.template)}`);
      throw new NestedError(result.error);
    }
    return { output: result.output, segments: result.segments };
  }

  executeText(n: string, text: string, data: Value): Rendered {
    const shared = this.shared;
    const child = this.set.child();
    const parsed = parse(n, text, { isFunction: (f) => shared.functions.has(f) });
    if (parsed.error) throw new NestedError(parsed.error);
    for (const tree of parsed.trees) child.addTree(tree);
    // Go executes the tree it has just parsed, even an empty one for which the set keeps an
    // older namesake (Helm's `tpl ""` inside a tpl text renders "", not the enclosing text).
    const result = run(child, n, { v: data }, shared, undefined, true, parsed.trees.find((tree) => tree.name === n));
    if (result.error) throw new NestedError(result.error);
    return { output: result.output, segments: result.segments };
  }
}

class State {
  vars: { name: string; value: Ev }[] = [];
  /** The node being evaluated, for errors (Go's s.at). */
  private node: Node | ListNode | ArgNode | CommandNode;
  /** The span of the action whose pipeline is being evaluated (CallContext.callSite). */
  private actionSpan: Span;

  constructor(
    private readonly set: TemplateSet,
    private readonly tree: Tree,
    private readonly shared: Shared,
    private readonly out: Output,
    private readonly depth: number,
    /** The outermost {{template}} call this state runs under, if any. */
    private readonly callSite: CallSite | undefined,
  ) {
    this.node = tree.root;
    this.actionSpan = tree.root;
  }

  // ---- errors ----

  errorAt(node: Node | ListNode | ArgNode | CommandNode, message: string, cause?: ExecError | ParseError): ExecError {
    const { line, column } = lineAndColumn(this.tree.text, ('goPos' in node ? node.goPos : undefined) ?? node.start);
    const context = nodeString(node);
    // A span of its own: the error outlives the render, and the node is a whole subtree.
    return { message, template: this.tree.name, file: this.tree.parseName, span: { start: node.start, end: node.end }, context, line, column, ...(cause ? { cause } : {}) };
  }

  private fail(message: string, cause?: ExecError | ParseError): never {
    throw new Failure(this.errorAt(this.node, message, cause));
  }

  private at(node: Node | ListNode | ArgNode | CommandNode): void {
    this.node = node;
  }

  private step(n = 1): void {
    this.shared.stepsLeft -= n;
    if (this.shared.stepsLeft < 0) this.fail('execution stopped: too many steps (a loop that does not end?)');
  }

  // ---- walking ----

  walk(dot: Ev, node: Node | ListNode): Signal {
    this.at(node);
    this.step();
    switch (node.kind) {
      case 'list':
        for (const n of node.nodes) {
          const signal = this.walk(dot, n);
          if (signal !== 'none') return signal;
        }
        return 'none';
      case 'text':
        this.out.write(node.text, 'text', this.tree, node, undefined, this.callSite);
        return 'none';
      case 'action': {
        this.actionSpan = node;
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, value);
        return 'none';
      }
      case 'if':
      case 'with':
        this.actionSpan = node.open;
        return this.walkIfOrWith(node.kind, dot, node.pipe, node.list, node.elseList);
      case 'range':
        this.actionSpan = node.open;
        return this.walkRange(dot, node);
      case 'template':
        this.actionSpan = node;
        this.walkTemplate(dot, node);
        return 'none';
      case 'break':
        return 'break';
      case 'continue':
        return 'continue';
    }
  }

  private printValue(node: Node, value: Ev): void {
    this.at(node);
    const v = value.v;
    this.shared.reads?.whole(v);
    if (v instanceof GoFunc) this.fail(`can't print ${nodeString(node)} of type ${v.typeName}`);
    // text/template's printableValue indirects a pointer before printing, so a struct prints
    // without fmt's &; but a pointer whose method set makes it a Stringer (or an error) is
    // printed through that method (*semver.Version prints 1.2.3), which formatValue does.
    const text = v === null ? '<no value>' : v instanceof GoStruct && v.underlying === undefined && stringerText(v) === undefined ? formatValue(new GoStruct(v.typeName.replace(/^\*/, ''), v.fields, v.methods)) : formatValue(v);
    const segments = value.trace?.segments;
    if (typeof v === 'string' && covers(segments, v)) {
      this.out.splice(text, segments, this.callSite ?? { template: this.tree.name, file: this.tree.parseName, span: node });
      return;
    }
    this.out.write(text, 'action', this.tree, node, value.trace?.origin, this.callSite);
  }

  private mark(): number {
    return this.vars.length;
  }

  private pop(mark: number): void {
    this.vars.length = mark;
  }

  private walkIfOrWith(kind: 'if' | 'with', dot: Ev, pipe: PipeNode, list: ListNode, elseList: ListNode | undefined): Signal {
    const mark = this.mark();
    try {
      const value = this.evalPipeline(dot, pipe);
      this.shared.reads?.whole(value.v);
      if (isTrue(value.v)) return this.walk(kind === 'with' ? value : dot, list);
      if (elseList) return this.walk(dot, elseList);
      return 'none';
    } finally {
      this.pop(mark);
    }
  }

  private walkRange(dot: Ev, r: RangeNode): Signal {
    this.at(r);
    const outer = this.mark();
    try {
      const value = this.evalPipeline(dot, r.pipe);
      this.shared.reads?.whole(value.v);
      const mark = this.mark();
      const iteration = (index: Ev, elem: Ev): Signal => {
        this.step();
        const decl = r.pipe.decl;
        if (decl.length > 0) this.setVar(decl[decl.length - 1]!.ident[0]!, elem);
        if (decl.length > 1) this.setVar(decl[0]!.ident[0]!, index);
        const signal = this.walk(elem, r.list);
        this.pop(mark);
        return signal;
      };
      const v = underlying(value.v);
      const origins = this.shared.origins;
      let ran = false;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          ran = true;
          const origin = origins.get(v, i);
          if (iteration({ v: BigInt(i) }, memberEv(v[i]!, origin)) === 'break') break;
        }
      } else if (v instanceof Map) {
        for (const key of sortedKeys(v)) {
          ran = true;
          const origin = origins.get(v, key);
          if (iteration({ v: key }, memberEv(v.get(key)!, origin)) === 'break') break;
        }
      } else if (intValue(v) !== undefined) {
        // Go 1.22's range over an integer: one variable (the count, of the integer's own type),
        // none for a negative count.
        const n = intValue(v)!;
        if (r.pipe.decl.length > 1) this.fail(`can't use ${n} to iterate over more than one variable`);
        const kind = v instanceof GoInt ? v.typeName : undefined;
        for (let i = 0n; i < n; i++) {
          ran = true;
          const count = kind ? new GoInt(kind, i) : i;
          if (iteration({ v: count }, { v: count }) === 'break') break;
        }
      } else if (v !== null) {
        this.fail(`range can't iterate over ${formatValue(v)}`);
      }
      if (!ran && r.elseList) return this.walk(dot, r.elseList);
      return 'none';
    } finally {
      this.pop(outer);
    }
  }

  private walkTemplate(dot: Ev, t: TemplateNode): void {
    this.at(t);
    this.step(100);
    const tree = this.set.get(t.name);
    if (!tree) this.fail(`template ${JSON.stringify(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.fail(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const arg = t.pipe ? this.evalPipeline(dot, t.pipe) : NO_VALUE;
    const callSite = this.callSite ?? { template: this.tree.name, file: this.tree.parseName, span: t };
    const inner = new State(this.set, tree, this.shared, this.out, this.depth + 1, callSite);
    // No dynamic scoping: the called template sees only $.
    inner.vars.push({ name: '$', value: arg });
    inner.walk(arg, tree.root);
  }

  // ---- variables ----

  private push(name: string, value: Ev): void {
    this.vars.push({ name, value });
  }

  private setVar(name: string, value: Ev): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i]!.name === name) {
        this.vars[i]!.value = value;
        return;
      }
    }
    this.fail(`undefined variable: ${name}`);
  }

  private varValue(name: string): Ev {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!.value;
    this.fail(`undefined variable: ${name}`);
  }

  // ---- evaluation ----

  // Lists are walked by index here and in evalCall: most of a check runs before V8 optimises
  // these, and unoptimised, for…of allocates an iterator and a result object for every item.

  private evalPipeline(dot: Ev, pipe: PipeNode): Ev {
    this.at(pipe);
    let value: Ev | undefined;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, cmds[i]!, value);
      // An interface{} holding a value becomes that value; holding nil, no value. (No spread:
      // this runs for every command; and a value that is no interface, most, is kept as it is.)
      if (value.iface) value = value.trace === undefined ? { v: value.v, iface: false } : { v: value.v, iface: false, trace: value.trace };
    }
    const result = value ?? NO_VALUE;
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i]!.ident[0]!, result);
      else this.push(decl[i]!.ident[0]!, result);
    }
    return result;
  }

  private notAFunction(args: ArgNode[], final: Ev | undefined): void {
    if (args.length > 1 || final !== undefined) this.fail(`can't give argument to non-function ${nodeString(args[0]!)}`);
  }

  private evalCommand(dot: Ev, cmd: CommandNode, final: Ev | undefined): Ev {
    this.step();
    const first = cmd.args[0]!;
    switch (first.kind) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain': {
        this.at(first);
        if (first.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeString(first)}`);
        const receiver = this.evalArg(dot, 'any', first.node, true);
        return this.evalFieldChain(dot, receiver, first, first.field, cmd.args, final);
      }
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable': {
        this.at(first);
        const value = this.varValue(first.ident[0]!);
        if (first.ident.length === 1) {
          this.notAFunction(cmd.args, final);
          return value;
        }
        return this.evalFieldChain(dot, value, first, first.ident.slice(1), cmd.args, final);
      }
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.kind) {
      case 'bool':
        return { v: first.value };
      case 'dot':
        return dot;
      case 'nil':
        this.fail('nil is not a command');
      case 'number':
        return { v: this.idealConstant(first) };
      case 'string':
        return { v: first.text };
    }
  }

  private idealConstant(n: NumberNode): Value {
    this.at(n);
    const { value, text } = n;
    if (value.complex) this.fail(`complex constant ${text} is not supported`);
    const isHexInt = HEX_PREFIX.test(text) && !BINARY_EXPONENT.test(text);
    if (value.float !== undefined && !isHexInt && !text.startsWith("'") && FLOAT_MARK.test(text)) return value.float;
    if (value.int !== undefined) return value.int;
    if (value.uint !== undefined) this.fail(`${text} overflows int`);
    return null;
  }

  private evalFieldNode(dot: Ev, field: FieldNode, args: ArgNode[], final: Ev | undefined): Ev {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final);
  }

  private evalFieldChain(dot: Ev, receiver: Ev, node: ArgNode, ident: string[], args: ArgNode[], final: Ev | undefined): Ev {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) receiver = this.evalField(dot, ident[i]!, node, [], undefined, receiver);
    return this.evalField(dot, ident[n - 1]!, node, args, final, receiver);
  }

  private evalField(dot: Ev, name: string, node: ArgNode, args: ArgNode[], final: Ev | undefined, receiver: Ev): Ev {
    this.at(node);
    const v = receiver.v;
    if (v === null) {
      if (!receiver.iface) {
        // No value at all: Go yields no value again (or, with missingkey=error, complains).
        if (this.shared.missingKey === 'error') this.fail(`nil data; no entry for key ${JSON.stringify(name)}`);
        return NO_VALUE;
      }
      this.fail(`nil pointer evaluating interface {}.${name}`);
    }
    const hasArgs = args.length > 1 || final !== undefined;
    if (v instanceof GoStruct) {
      const method = v.methods.get(name);
      if (method) return this.evalCall(dot, method, node, name, args, final, false);
      if (v.fields.has(name)) {
        if (hasArgs) this.fail(`${name} has arguments but cannot be invoked as function`);
        return { v: v.fields.get(name)! };
      }
    } else if (v instanceof Map) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`);
      this.shared.reads?.key(v, name);
      if (v.has(name)) {
        return memberEv(v.get(name)!, this.shared.origins.get(v, name));
      }
      if (this.shared.missingKey === 'error') this.fail(`map has no entry for key ${JSON.stringify(name)}`);
      return { v: null, iface: true };
    }
    this.fail(`can't evaluate field ${name} in type ${receiver.iface ? 'interface {}' : typeName(v)}`);
  }

  private evalFunction(dot: Ev, node: IdentifierNode, cmd: CommandNode | IdentifierNode, args: ArgNode[], final: Ev | undefined): Ev {
    this.at(node);
    const name = node.name;
    const fn = this.shared.functions.get(name) ?? BUILTINS.get(name);
    if (!fn) this.fail(`${JSON.stringify(name)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, name, args, final, BUILTINS.get(name) === fn);
  }

  /** Calls a function or a method: args[0] is the function's own node, the rest its arguments; final is the piped value. */
  private evalCall(dot: Ev, fn: TemplateFunction | GoCallable, node: ArgNode | CommandNode, name: string, args: ArgNode[], final: Ev | undefined, builtin: boolean): Ev {
    // args[0] is the function's own node: its arguments are args[1..]. This runs for every call
    // of every render, so it builds only the two lists the function is handed.
    const given = args.length - 1;
    const fun: TemplateFunction = 'params' in fn ? fn : { params: Array<ParamType>(fn.arity).fill('any'), variadic: fn.variadic ?? false, call: (a) => fn.call(a) };
    const numIn = given + (final !== undefined ? 1 : 0);
    const params = fun.params;
    const numParams = params.length;
    if (fun.variadic) {
      if (numIn < numParams - 1) this.fail(`wrong number of args for ${name}: want at least ${numParams - 1} got ${given}`);
    } else if (numIn !== numParams) {
      this.fail(`wrong number of args for ${name}: want ${numParams} got ${numIn}`);
    }
    const lastParam = fun.variadic ? numParams - 1 : numParams;

    // and/or evaluate their arguments only as far as needed, and return the deciding one.
    if (builtin && (name === 'and' || name === 'or')) {
      let v: Ev = NO_VALUE;
      for (let i = 1; i < args.length; i++) {
        v = this.evalArg(dot, 'value', args[i]!);
        this.shared.reads?.whole(v.v);
        if (isTrue(v.v) === (name === 'or')) return v;
      }
      if (final !== undefined) v = this.validateType(final, 'value');
      this.shared.reads?.whole(v.v);
      return v;
    }

    const values: Value[] = new Array<Value>(numIn);
    // The arguments' traces, for a function that is handed them (its context) or passes one on.
    const traces: Trace[] | undefined = fun.call.length >= 2 || fun.passOrigin !== undefined ? new Array<Trace>(numIn) : undefined;
    for (let i = 0; i < numIn; i++) {
      const type = params[i < lastParam ? i : numParams - 1]!;
      // The piped value is checked where evaluation stands (the function's name, or its last argument), as in Go.
      const ev = i < given ? this.evalArg(dot, type, args[i + 1]!) : this.validateType(final!, type);
      values[i] = ev.v;
      if (traces) traces[i] = ev.trace ?? NO_TRACE;
    }
    let result: Value | Traced;
    const reads = this.shared.reads;
    try {
      result = fun.call(values, traces === undefined || fun.call.length < 2 ? NO_CONTEXT : this.context(name, traces, args, final !== undefined));
    } catch (e) {
      // What a failing call read decides its error: all of it.
      if (reads) for (let i = 0; i < values.length; i++) reads.whole(values[i]!);
      if (e instanceof GoError) {
        this.at(node);
        this.fail(`error calling ${name}: ${e.message}`, e instanceof NestedError ? e.inner : undefined);
      }
      throw e;
    }
    if (reads) logCall(reads, fun.uses, values, result instanceof Traced ? result.value : result);
    if (result instanceof Traced) return { v: result.value, trace: result.trace };
    const pass = typeof fun.passOrigin === 'function' ? fun.passOrigin(values) : fun.passOrigin;
    if (pass !== undefined && traces) {
      const trace = traces[pass < 0 ? traces.length + pass : pass];
      if (trace && (trace.origin || trace.segments)) return { v: result, trace };
    }
    return { v: result };
  }

  private context(name: string, traces: Trace[], args: ArgNode[], piped: boolean): CallContext {
    return new Context(name, traces, args, piped, { template: this.tree.name, file: this.tree.parseName, span: this.actionSpan }, this.set, this.shared, this.tree.name);
  }

  /** Evaluates an argument for a parameter of the given type. */
  private evalArg(dot: Ev, type: ParamType, n: ArgNode, keepIface = false): Ev {
    this.at(n);
    switch (n.kind) {
      case 'dot':
        return this.validateType(dot, type);
      case 'nil':
        if (type === 'any' || type === 'value' || type === 'map' || type === 'list') return NO_VALUE;
        this.fail(`cannot assign nil to ${GO_TYPE[type]}`);
      case 'field': {
        const v = this.evalFieldChain(dot, dot, n, n.ident, [n], undefined);
        return keepIface ? v : this.validateType(v, type);
      }
      case 'variable': {
        const value = this.varValue(n.ident[0]!);
        const v = n.ident.length === 1 ? value : this.evalFieldChain(dot, value, n, n.ident.slice(1), [n], undefined);
        return keepIface ? v : this.validateType(v, type);
      }
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), type);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, [n], undefined), type);
      case 'chain': {
        if (n.node.kind === 'nil') this.fail(`indirection through explicit nil in ${nodeString(n)}`);
        const receiver = this.evalArg(dot, 'any', n.node, true);
        return this.validateType(this.evalFieldChain(dot, receiver, n, n.field, [n], undefined), type);
      }
    }
    // A literal: its syntax must fit the parameter.
    switch (type) {
      case 'any':
      case 'value':
        if (n.kind === 'bool') return { v: n.value };
        if (n.kind === 'number') return { v: this.idealConstant(n) };
        return { v: n.text };
      case 'bool':
        if (n.kind === 'bool') return { v: n.value };
        this.fail(`expected bool; found ${nodeString(n)}`);
      case 'string':
        if (n.kind === 'string') return { v: n.text };
        this.fail(`expected string; found ${nodeString(n)}`);
      case 'int':
        if (n.kind === 'number' && n.value.int !== undefined) return { v: n.value.int };
        this.fail(`expected integer; found ${nodeString(n)}`);
      case 'float64':
        if (n.kind === 'number' && n.value.float !== undefined) return { v: n.value.float };
        this.fail(`expected float; found ${nodeString(n)}`);
      case 'map':
      case 'list':
        this.fail(`can't handle ${nodeString(n)} for arg of type ${GO_TYPE[type]}`);
    }
  }

  /** Go's validateType: can this evaluated value be passed as that type? */
  private validateType(value: Ev, type: ParamType): Ev {
    const v = value.v;
    if (type === 'any' || type === 'value') return value.iface ? { ...value, iface: false } : value;
    if (v === null) {
      if (!value.iface) {
        if (type === 'map' || type === 'list') return NO_VALUE;
        this.fail(`invalid value; expected ${GO_TYPE[type]}`);
      }
      this.fail(`wrong type for value; expected ${GO_TYPE[type]}; got interface {}`);
    }
    if (!fitsType(v, type)) this.fail(`wrong type for value; expected ${GO_TYPE[type]}; got ${typeName(v)}`);
    return value.iface ? { ...value, iface: false } : value;
  }
}
