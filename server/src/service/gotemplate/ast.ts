// The parse tree of a Go template (text/template/parse/node.go), every node with its span: the
// UTF-16 offsets of the node in the text it was parsed from. A node is its own span (its `start`
// and `end`): a tree outlives many collections, and a span object per node was a third of the
// objects the real corpus's trees held.

import type { Span } from '../types';
import type { NumberValue } from './literals';

export type { Span };

/** A parsed template: the main one of a text, or one that `define` or `block` introduced. */
export interface Tree {
  /** The template's name: the text's own name, or the name given to define/block. */
  name: string;
  /** The name of the text it was parsed from (Go's ParseName), for messages. */
  parseName: string;
  /** That text, for turning spans into lines and columns. */
  text: string;
  root: ListNode;
}

export type Node = TextNode | ActionNode | IfNode | WithNode | RangeNode | TemplateNode | BreakNode | ContinueNode;

export interface ListNode extends Span {
  kind: 'list';
  nodes: Node[];
}

/** Text copied to the output; its span is where it stands in the source (after trimming). */
export interface TextNode extends Span {
  kind: 'text';
  text: string;
}

/** `{{ pipeline }}`; its span covers the delimiters. */
export interface ActionNode extends Span {
  kind: 'action';
  pipe: PipeNode;
}

/** A node's span runs from the opening `{{` to the closing `}}` of its `{{end}}`. */
interface BranchBase extends Span {
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
  /** The opening action, `{{if …}}`. */
  open: Span;
}

export interface IfNode extends BranchBase {
  kind: 'if';
}

export interface WithNode extends BranchBase {
  kind: 'with';
}

export interface RangeNode extends BranchBase {
  kind: 'range';
}

/** `{{template "name" pipeline}}`, and the call that `{{block}}` makes. */
export interface TemplateNode extends Span {
  kind: 'template';
  name: string;
  pipe?: PipeNode;
}

export interface BreakNode extends Span {
  kind: 'break';
}

export interface ContinueNode extends Span {
  kind: 'continue';
}

/** `$x, $y := cmd | cmd`, or a parenthesised pipeline. */
export interface PipeNode extends Span {
  kind: 'pipe';
  decl: VariableNode[];
  /** `=` rather than `:=`. */
  isAssign: boolean;
  cmds: CommandNode[];
}

export interface CommandNode extends Span {
  kind: 'command';
  args: ArgNode[];
}

export type ArgNode = FieldNode | VariableNode | ChainNode | IdentifierNode | DotNode | NilNode | BoolNode | NumberNode | StringNode | PipeNode;

/** `.A.B`: fields of dot. */
export interface FieldNode extends Span {
  kind: 'field';
  ident: string[];
  /** Where Go places the node in messages: at `.B` when fields were chained (Go's parser quirk). */
  goPos?: number;
}

/** `$x.A.B`: ident[0] is the variable (`$` included). */
export interface VariableNode extends Span {
  kind: 'variable';
  ident: string[];
  /** As FieldNode.goPos. */
  goPos?: number;
}

/** `(pipeline).A.B`. */
export interface ChainNode extends Span {
  kind: 'chain';
  node: ArgNode;
  field: string[];
}

/** A function name. */
export interface IdentifierNode extends Span {
  kind: 'identifier';
  name: string;
}

export interface DotNode extends Span {
  kind: 'dot';
}

export interface NilNode extends Span {
  kind: 'nil';
}

export interface BoolNode extends Span {
  kind: 'bool';
  value: boolean;
}

export interface NumberNode extends Span {
  kind: 'number';
  /** The literal as written. */
  text: string;
  value: NumberValue;
}

export interface StringNode extends Span {
  kind: 'string';
  /** The literal as written, quotes included. */
  quoted: string;
  text: string;
}

/** What Go's String() methods print for a node: messages quote nodes this way. */
export function nodeString(node: Node | ListNode | ArgNode | CommandNode): string {
  switch (node.kind) {
    case 'list':
      return node.nodes.map(nodeString).join('');
    case 'text':
      return node.text;
    case 'action':
      return `{{${nodeString(node.pipe)}}}`;
    case 'if':
    case 'with':
    case 'range': {
      const elseText = node.elseList ? `{{else}}${nodeString(node.elseList)}` : '';
      return `{{${node.kind} ${nodeString(node.pipe)}}}${nodeString(node.list)}${elseText}{{end}}`;
    }
    case 'template':
      return node.pipe ? `{{template ${JSON.stringify(node.name)} ${nodeString(node.pipe)}}}` : `{{template ${JSON.stringify(node.name)}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'pipe': {
      const decl = node.decl.length ? `${node.decl.map(nodeString).join(', ')} ${node.isAssign ? '=' : ':='} ` : '';
      return decl + node.cmds.map(nodeString).join(' | ');
    }
    case 'command':
      return node.args.map((arg) => (arg.kind === 'pipe' ? `(${nodeString(arg)})` : nodeString(arg))).join(' ');
    case 'field':
      return node.ident.map((id) => `.${id}`).join('');
    case 'variable':
      return node.ident.join('.');
    case 'chain': {
      const base = node.node.kind === 'pipe' ? `(${nodeString(node.node)})` : nodeString(node.node);
      return base + node.field.map((f) => `.${f}`).join('');
    }
    case 'identifier':
      return node.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(node.value);
    case 'number':
      return node.text;
    case 'string':
      return node.quoted;
  }
}

/** Go's parse.IsEmptyTree: nothing but space (and comments, which are not kept). */
export function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((n) => n.kind === 'text' && n.text.trim() === '');
}

/** 1-based line and 0-based UTF-16 column of an offset, as Go's ErrorContext counts (Go counts bytes). */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart };
}
