// The parse tree of a Go template (text/template/parse/node.go), every node with its span: the
// UTF-16 offsets of the node in the text it was parsed from.

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

export interface ListNode {
  kind: 'list';
  nodes: Node[];
  span: Span;
}

/** Text copied to the output; `span` is where it stands in the source (after trimming). */
export interface TextNode {
  kind: 'text';
  text: string;
  span: Span;
}

/** `{{ pipeline }}`; the span covers the delimiters. */
export interface ActionNode {
  kind: 'action';
  pipe: PipeNode;
  span: Span;
}

interface BranchBase {
  pipe: PipeNode;
  list: ListNode;
  elseList?: ListNode;
  /** From the opening `{{` to the closing `}}` of its `{{end}}`. */
  span: Span;
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
export interface TemplateNode {
  kind: 'template';
  name: string;
  pipe?: PipeNode;
  span: Span;
}

export interface BreakNode {
  kind: 'break';
  span: Span;
}

export interface ContinueNode {
  kind: 'continue';
  span: Span;
}

/** `$x, $y := cmd | cmd`, or a parenthesised pipeline. */
export interface PipeNode {
  kind: 'pipe';
  decl: VariableNode[];
  /** `=` rather than `:=`. */
  isAssign: boolean;
  cmds: CommandNode[];
  span: Span;
}

export interface CommandNode {
  kind: 'command';
  args: ArgNode[];
  span: Span;
}

export type ArgNode = FieldNode | VariableNode | ChainNode | IdentifierNode | DotNode | NilNode | BoolNode | NumberNode | StringNode | PipeNode;

/** `.A.B`: fields of dot. */
export interface FieldNode {
  kind: 'field';
  ident: string[];
  span: Span;
  /** Where Go places the node in messages: at `.B` when fields were chained (Go's parser quirk). */
  goPos?: number;
}

/** `$x.A.B`: ident[0] is the variable (`$` included). */
export interface VariableNode {
  kind: 'variable';
  ident: string[];
  span: Span;
  /** As FieldNode.goPos. */
  goPos?: number;
}

/** `(pipeline).A.B`. */
export interface ChainNode {
  kind: 'chain';
  node: ArgNode;
  field: string[];
  span: Span;
}

/** A function name. */
export interface IdentifierNode {
  kind: 'identifier';
  name: string;
  span: Span;
}

export interface DotNode {
  kind: 'dot';
  span: Span;
}

export interface NilNode {
  kind: 'nil';
  span: Span;
}

export interface BoolNode {
  kind: 'bool';
  value: boolean;
  span: Span;
}

export interface NumberNode {
  kind: 'number';
  /** The literal as written. */
  text: string;
  value: NumberValue;
  span: Span;
}

export interface StringNode {
  kind: 'string';
  /** The literal as written, quotes included. */
  quoted: string;
  text: string;
  span: Span;
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
