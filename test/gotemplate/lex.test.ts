// The lexer: tokens with their spans, trim markers, comments, and Go's lexing errors.

import { describe, expect, it } from 'vitest';
import { lex } from '../../server/src/service/gotemplate/index';

/** Tokens as `type:text`, spaces left out. */
function tokens(text: string): string[] {
  return lex(text)
    .filter((t) => t.type !== 'space')
    .map((t) => `${t.type}:${t.type === 'error' ? t.val : text.slice(t.start, t.end)}`);
}

describe('lexing', () => {
  it.each<[string, string[]]>([
    ['plain text', ['text:plain text', 'eof:']],
    ['a {{ .Values.x }} b', ['text:a ', 'leftDelim:{{', 'field:.Values', 'field:.x', 'rightDelim:}}', 'text: b', 'eof:']],
    ['{{ $x := 1 }}{{ $x = 2 }}', ['leftDelim:{{', 'variable:$x', 'declare::=', 'number:1', 'rightDelim:}}', 'leftDelim:{{', 'variable:$x', 'assign:=', 'number:2', 'rightDelim:}}', 'eof:']],
    ['{{ $ }}{{ . }}{{ nil }}{{ true }}', ['leftDelim:{{', 'variable:$', 'rightDelim:}}', 'leftDelim:{{', 'dot:.', 'rightDelim:}}', 'leftDelim:{{', 'nil:nil', 'rightDelim:}}', 'leftDelim:{{', 'bool:true', 'rightDelim:}}', 'eof:']],
    ['{{ if }}{{ else }}{{ end }}{{ range }}{{ break }}{{ continue }}{{ with }}{{ define }}{{ template }}{{ block }}', ['leftDelim:{{', 'if:if', 'rightDelim:}}', 'leftDelim:{{', 'else:else', 'rightDelim:}}', 'leftDelim:{{', 'end:end', 'rightDelim:}}', 'leftDelim:{{', 'range:range', 'rightDelim:}}', 'leftDelim:{{', 'break:break', 'rightDelim:}}', 'leftDelim:{{', 'continue:continue', 'rightDelim:}}', 'leftDelim:{{', 'with:with', 'rightDelim:}}', 'leftDelim:{{', 'define:define', 'rightDelim:}}', 'leftDelim:{{', 'template:template', 'rightDelim:}}', 'leftDelim:{{', 'block:block', 'rightDelim:}}', 'eof:']],
    ['{{ "a\\"b" `r\\n` \'c\' 0x1F 1_000 1e3 -2.5 .5 1+2i }}', ['leftDelim:{{', 'string:"a\\"b"', 'rawString:`r\\n`', "charConstant:'c'", 'number:0x1F', 'number:1_000', 'number:1e3', 'number:-2.5', 'number:.5', 'complex:1+2i', 'rightDelim:}}', 'eof:']],
    ['{{ f (g .) | h, }}', ['leftDelim:{{', 'identifier:f', 'leftParen:(', 'identifier:g', 'dot:.', 'rightParen:)', 'pipe:|', 'identifier:h', 'char:,', 'rightDelim:}}', 'eof:']],
    ['{{ (.).x }}', ['leftDelim:{{', 'leftParen:(', 'dot:.', 'rightParen:)', 'field:.x', 'rightDelim:}}', 'eof:']],
    ['{{ .é_1 }}', ['leftDelim:{{', 'field:.é_1', 'rightDelim:}}', 'eof:']],
  ])('%s', (text, expected) => {
    expect(tokens(text)).toEqual(expected);
  });

  it('trims the space the markers point at, and only with a space after {{- and before -}}', () => {
    expect(tokens('a \n\t{{- 1 -}} \n b')).toEqual(['text:a', 'leftDelim:{{', 'number:1', 'rightDelim:}}', 'text:b', 'eof:']);
    expect(tokens('a {{-1}} b')).toEqual(['text:a ', 'leftDelim:{{', 'number:-1', 'rightDelim:}}', 'text: b', 'eof:']);
    expect(tokens('a {{ 1 -}}b')).toEqual(['text:a ', 'leftDelim:{{', 'number:1', 'rightDelim:}}', 'text:b', 'eof:']);
    // A newline is a space for the markers too.
    expect(tokens('a\n{{-\n1\n-}}\nb')).toEqual(['text:a', 'leftDelim:{{', 'number:1', 'rightDelim:}}', 'text:b', 'eof:']);
  });

  it('drops comments, with the space their markers trim', () => {
    expect(tokens('a {{/* x */}} b')).toEqual(['text:a ', 'text: b', 'eof:']);
    expect(tokens('a {{- /* x\ny */ -}} b')).toEqual(['text:a', 'text:b', 'eof:']);
  });

  it('reads strings and words past ASCII whole, escapes included, and trims \r\n with the markers', () => {
    expect(tokens('{{ "é😀\\"x" .中文 .a_é9 }}')).toEqual(['leftDelim:{{', 'string:"é😀\\"x"', 'field:.中文', 'field:.a_é9', 'rightDelim:}}', 'eof:']);
    // A backslash escapes whatever follows but a newline, a character outside the BMP too.
    expect(tokens('{{ "\\😀" }}')).toEqual(['leftDelim:{{', 'string:"\\😀"', 'rightDelim:}}', 'eof:']);
    expect(tokens('a \r\n{{- 1 -}}\r\n b')).toEqual(['text:a', 'leftDelim:{{', 'number:1', 'rightDelim:}}', 'text:b', 'eof:']);
  });

  it('keeps spans that point into the text', () => {
    const text = 'ab {{ .Values.port }}';
    const field = lex(text).find((t) => t.val === '.port')!;
    expect(text.slice(field.start, field.end)).toBe('.port');
    expect(field.start).toBe(text.indexOf('.port'));
  });

  it.each<[string, string]>([
    ['{{ .x ', 'unclosed action'],
    ['{{ "abc }}', 'unterminated quoted string'],
    ['{{ "a\nb" }}', 'unterminated quoted string'],
    ['{{ "a\\\nb" }}', 'unterminated quoted string'],
    ['{{ "a\\', 'unterminated quoted string'],
    ['{{ .a😀 }}', "bad character U+1F600 '😀'"],
    ['{{ `abc }}', 'unterminated raw quoted string'],
    ["{{ 'a }}", 'unterminated character constant'],
    ['{{/* x }}', 'unclosed comment'],
    ['{{/* x */ 1 }}', 'comment ends before closing delimiter'],
    ['{{ ( 1 }}', 'unclosed left paren'],
    ['{{ ) }}', 'unexpected right paren'],
    ['{{ 3k }}', 'bad number syntax: "3k"'],
    ['{{ $x+2 }}', "bad character U+002B '+'"],
    ['{{ : }}', 'expected :='],
    ['{{ \u0001 }}', 'unrecognized character in action: U+0001'],
  ])('fails on %j with %s', (text, message) => {
    const last = lex(text).at(-1)!;
    expect(last.type).toBe('error');
    expect(last.val).toBe(message);
  });
});
