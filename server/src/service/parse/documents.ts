// Parses a file into its YAML documents, never throwing: YAML errors come back as spans and
// messages, next to whatever part of each document could still be read.

import { parseAllDocuments } from 'yaml';
import { blankTemplateActions, TemplateActions } from './helm';
import { YNode } from './node';
import type { RangeBlock } from '../helm/render';
import type { ChartContext } from '../helm/chart';
import type { SourceFile, Span } from '../types';

export interface ParsedDocument {
  root: YNode;
  span: Span;
}

export interface ParsedFile {
  documents: ParsedDocument[];
  /** The template's actions (none for plain YAML), resolved ones among them. */
  actions: TemplateActions;
  /** Ranges over lists the values give (see helm/render.ts). */
  ranges: RangeBlock[];
  errors: { span: Span; message: string }[];
}

/** `chart`: the chart's values and helpers, for a Helm template whose actions they can decide. */
export function parseFile(file: SourceFile, chart?: ChartContext, items?: ReadonlyMap<number, number>): ParsedFile {
  const blanked = file.helm ? blankTemplateActions(file.text, chart, items) : undefined;
  const text = blanked?.text ?? file.text;
  const actions = blanked ? new TemplateActions(blanked.actions) : TemplateActions.none;
  const errors: ParsedFile['errors'] = [];
  const documents: ParsedDocument[] = [];
  // Keys repeated by if/else branches are a template's normal business, not an error.
  const streamed = parseAllDocuments(text, { uniqueKeys: !file.helm, prettyErrors: false, strict: false });
  const list = Array.isArray(streamed) ? streamed : [];
  for (const doc of list) {
    for (const error of doc.errors) {
      const [start, end] = error.pos;
      errors.push({ span: visibleSpan(text, start, Math.max(end, start)), message: firstLine(error.message) });
    }
    const range = doc.range;
    const span = { start: range[0], end: range[2] };
    documents.push({ root: YNode.root({ text, source: file.text, doc, actions }, doc.contents, span), span });
  }
  return { documents, errors, actions, ranges: blanked?.ranges ?? [] };
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '').trim();
}

/**
 * The parser points some errors at whitespace or at nothing; widen such a span to the token that
 * follows on the same line (or, at a line's end, the character before) so that it can be seen.
 */
function visibleSpan(text: string, start: number, end: number): Span {
  if (/\S/.test(text.slice(start, end))) return { start, end };
  const rest = /^[ \t]*(\S+)/.exec(text.slice(start, text.indexOf('\n', start) === -1 ? text.length : text.indexOf('\n', start)));
  if (rest) {
    const tokenStart = start + rest[0].length - rest[1]!.length;
    return { start: tokenStart, end: tokenStart + rest[1]!.length };
  }
  let before = start;
  while (before > 0 && /\s/.test(text[before - 1]!)) before--;
  return before > 0 ? { start: before - 1, end: before } : { start, end };
}
