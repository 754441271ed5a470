// The parser: trees with spans, define/block, and Go's parse errors at the right place. A `^`
// line under a template marks where the error must be reported.

import { describe, expect, it } from 'vitest';
import { nodeString, parse, type ActionNode, type IfNode, type Node, type RangeNode, type TemplateNode } from '../../server/src/service/gotemplate/index';

const FUNCTIONS = new Set(['default', 'quote', 'include']);
const parseT = (text: string) => parse('t.yaml', text, { isFunction: (n) => FUNCTIONS.has(n) });

describe('parse trees', () => {
  it('keeps the span of every node', () => {
    const text = 'port: {{ .Values.port | default 80 }}\n';
    const [tree] = parseT(text).trees;
    const [textNode, action] = tree!.root.nodes as [Node, ActionNode];
    expect(text.slice(textNode.start, textNode.end)).toBe('port: ');
    expect(text.slice(action.start, action.end)).toBe('{{ .Values.port | default 80 }}');
    const [field, call] = action.pipe.cmds;
    expect(text.slice(field!.start, field!.end)).toBe('.Values.port');
    expect(text.slice(call!.args[1]!.start, call!.args[1]!.end)).toBe('80');
  });

  it('reads if / else if / else as nested ifs, and spans the whole construct', () => {
    const text = '{{ if .a }}A{{ else if .b }}B{{ else }}C{{ end }}';
    const node = parseT(text).trees[0]!.root.nodes[0] as IfNode;
    expect(node.kind).toBe('if');
    expect(text.slice(node.start, node.end)).toBe(text);
    expect(text.slice(node.open.start, node.open.end)).toBe('{{ if .a }}');
    const inner = node.elseList!.nodes[0] as IfNode;
    expect(inner.kind).toBe('if');
    expect(nodeString(inner)).toBe('{{if .b}}B{{else}}C{{end}}');
  });

  it('reads range declarations', () => {
    const node = parseT('{{ range $i, $v := .list }}{{ $i }}{{ end }}').trees[0]!.root.nodes[0] as RangeNode;
    expect(node.pipe.decl.map((d) => d.ident[0])).toEqual(['$i', '$v']);
    expect(nodeString(node)).toBe('{{range $i, $v := .list}}{{$i}}{{end}}');
  });

  it('gives define and block trees of their own, named, after the text', () => {
    const text = 'a{{ define "x" }}X{{ end }}{{ block "y" . }}Y{{ end }}';
    const { trees, error } = parseT(text);
    expect(error).toBeUndefined();
    expect(trees.map((t) => t.name)).toEqual(['t.yaml', 'x', 'y']);
    expect(trees.every((t) => t.parseName === 't.yaml')).toBe(true);
    const call = trees[0]!.root.nodes[1] as TemplateNode;
    expect(call).toMatchObject({ kind: 'template', name: 'y' });
  });

  it('prints nodes as Go does in messages', () => {
    const text = '{{ $x := (index .a "k").b | printf "%s" }}{{ template "t" $x }}{{ with $ }}{{ break_ }}{{ end }}';
    const { trees } = parse('t', text);
    expect(trees[0]!.root.nodes.map((n) => nodeString(n))).toEqual(['{{$x := (index .a "k").b | printf "%s"}}', '{{template "t" $x}}', '{{with $}}{{break_}}{{end}}']);
  });
});

/** A template, and under it a line with `^` where the error must start. */
function at(lines: string): { text: string; offset: number } {
  const all = lines.split('\n');
  const caretLine = all.findIndex((l) => /^\s*\^\s*$/.test(l));
  const text = all.filter((_, i) => i !== caretLine).join('\n');
  const before = all.slice(0, caretLine - 1).join('\n');
  const offset = (caretLine > 1 ? before.length + 1 : 0) + all[caretLine]!.indexOf('^');
  return { text, offset };
}

describe('parse errors', () => {
  it.each<[string, string, number]>([
    ['a\n{{ if .x }}\n{{ end }}{{ end }}\n         ^', 'unexpected {{end}}', 3],
    ['{{ else }}\n^', 'unexpected {{else}}', 1],
    ['{{ $x }}\n   ^', 'undefined variable "$x"', 1],
    ['{{ if 1 }}{{ $y := 1 }}{{ end }}{{ $y }}\n                                   ^', 'undefined variable "$y"', 1],
    ['{{ nosuch 1 }}\n   ^', 'function "nosuch" not defined', 1],
    ['{{ .x | 1 }}\n        ^', 'non executable command in pipeline stage 2', 1],
    ['{{ }}\n   ^', 'missing value for command', 1],
    ['{{ if }}{{ end }}\n      ^', 'missing value for if', 1],
    ['{{ break }}\n   ^', '{{break}} outside {{range}}', 1],
    ['{{ range . }}{{ continue 1 }}{{ end }}\n                         ^', 'unexpected "1" in {{continue}}', 1],
    ['{{ if 1 }}\n\n^', 'unexpected EOF', 2],
    ['{{ with 1 }}{{ else if 2 }}{{ end }}\n                    ^', 'unexpected <if> in input', 1],
    ['{{ if 1 }}{{ else }}{{ else }}{{ end }}\n                    ^', 'expected end; found {{else}}', 1],
    ['{{ define "a" }}a{{ end }}{{ define "a" }}x{{ end }}\n                          ^', 'multiple definition of template "a"', 1],
    ['{{ define 1 }}{{ end }}\n          ^', 'unexpected "1" in define clause', 1],
    ['{{ template .x }}\n            ^', 'unexpected <.x> in template clause'.replace('<.x>', '".x"'), 1],
    ['{{ $x, $y := 1 }}\n     ^', 'too many declarations in command', 1],
    ['{{ range $a, $b, $c := . }}{{ end }}\n               ^', 'too many declarations in range', 1],
    ['{{ range $a, 1 := . }}{{ end }}\n             ^', 'range can only initialize variables', 1],
    ['{{ "a".x }}\n   ^', 'unexpected . after term "\\"a\\""', 1],
    ['{{ 1.2.3 }}\n      ^', 'unexpected ".3" in operand', 1],
    ['{{ nil.x }}\n   ^', 'unexpected . after term "nil"', 1],
    ['{{ 099 }}\n   ^', 'integer overflow: "099"', 1],
    ['{{ 99999999999999999999 }}\n   ^', 'integer overflow: "99999999999999999999"', 1],
    ["{{ 'ab' }}\n   ^", "malformed character constant: 'ab'", 1],
    ['{{ "\\q" }}\n   ^', 'invalid syntax', 1],
    ['{{ .x\n  .y ', 'unclosed action started at t.yaml:1', 2],
    ['{{ f 1 2 3 4 5 6 7 8 9 10 11 }}\n   ^', 'function "f" not defined', 1],
  ])('%j', (source, message, line) => {
    const { text, offset } = source.includes('^') ? at(source) : { text: source, offset: -1 };
    const { error } = parseT(text);
    expect(error?.message).toBe(message);
    expect(error?.line).toBe(line);
    if (offset >= 0) expect(error?.span.start).toBe(offset);
  });

  it('lets an empty definition be replaced', () => {
    expect(parseT('{{ define "a" }} {{ end }}{{ define "a" }}x{{ end }}').error).toBeUndefined();
  });

  it('says where a multi-line action started when the lexer fails inside it', () => {
    expect(parseT('{{ .x\n "abc }}').error?.message).toBe('unterminated quoted string in action started at t.yaml:1');
  });

  it('survives nesting deeper than the stack', () => {
    const deep = `{{ ${'('.repeat(20000)}1${')'.repeat(20000)} }}`;
    expect(parseT(deep).error?.message).toBe('max expression depth exceeded');
  });
});
