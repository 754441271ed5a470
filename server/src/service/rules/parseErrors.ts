// parse-error: YAML that does not parse (in a Helm template, outside its actions).
//
// The checker reports every YAML error where it stands. The editor has a YAML extension for
// syntax, and a document being typed fails to parse at every other keystroke (`kind` before its
// colon): there each document that does not parse gets one notice, that it is not analysed until
// it parses, and the findings read from its broken text are held back; the file's other
// documents keep theirs.

import { documentStarts } from '../model/documents';
import type { Settings } from '../settings';
import type { Diagnostic, Finding, Span } from '../types';
import type { RuleContext } from './context';

const PREFIX = 'YAML does not parse: ';

export function checkParseErrors({ files }: RuleContext): Finding[] {
  return files.flatMap((file) =>
    file.parseErrors.map((error): Finding => ({ rule: 'parse-error', uri: file.uri, span: error.span, message: `${PREFIX}${error.message}`, related: [] })),
  );
}

/** How the editor shows parse errors unless the user gives the rule a severity. */
export const EDITOR_PARSE_ERROR_SEVERITY = 'information';

/** The longest YAML error a notice quotes; the YAML extension shows it whole. */
const ERROR_CHARS = 80;

/**
 * A file's diagnostics as the editor shows them: for each document with parse errors, one notice
 * on its first line (naming the document when the file has several, and its first YAML error)
 * in place of its parse errors and of the findings inside it. `text` is the file's text;
 * `lineOf` gives the 1-based line of an offset.
 */
export function parseErrorsPerDocument(diagnostics: readonly Diagnostic[], text: string, settings: Settings, lineOf: (offset: number) => number): Diagnostic[] {
  const errors = diagnostics.filter((d) => d.rule === 'parse-error');
  if (errors.length === 0) return [...diagnostics];
  const documents = documentsOf(text);
  const documentAt = (offset: number) => {
    let index = 0;
    while (index + 1 < documents.length && documents[index + 1]!.start <= offset) index++;
    return index;
  };
  const broken = new Map<number, Diagnostic>();
  for (const error of errors) {
    const index = documentAt(error.span.start);
    const first = broken.get(index);
    if (!first || error.span.start < first.span.start) broken.set(index, error);
  }
  // Refusals say themselves that a document is not analysed; they stay.
  const kept = diagnostics.filter((d) => d.rule === 'file-too-large' || d.rule === 'yaml-too-complex' || (d.rule !== 'parse-error' && !broken.has(documentAt(d.span.start))));
  const severity = settings.rules['parse-error'] ?? EDITOR_PARSE_ERROR_SEVERITY;
  if (severity === 'off') return kept;
  const notices = [...broken].map(([index, error]): Diagnostic => {
    const which = documents.length > 1 ? `Document ${index + 1} of ${documents.length}` : 'This document';
    const reason = cut(error.message.startsWith(PREFIX) ? error.message.slice(PREFIX.length) : error.message);
    return {
      rule: 'parse-error',
      uri: error.uri,
      span: firstLine(text, documents[index] ?? { start: 0, end: text.length }),
      message: `${which} is not analysed until it parses. First YAML error, line ${lineOf(error.span.start)}: ${reason}`,
      severity,
      related: [],
    };
  });
  return [...kept, ...notices];
}

/**
 * The documents of a file, cut at its `---` and `...` lines; a part with nothing but comments and
 * blank lines (a header before the first `---`) is no document.
 */
function documentsOf(text: string): Span[] {
  const starts = documentStarts(text) ?? [0];
  const parts = starts.map((start, i) => ({ start, end: starts[i + 1] ?? text.length }));
  const documents = parts.filter((part) => /^(?![ \t]*#)(?!(?:---|\.\.\.)[ \t]*(?:#.*)?\r?$)[ \t]*\S/m.test(text.slice(part.start, part.end)));
  return documents.length > 0 ? documents : [{ start: 0, end: text.length }];
}

/** The document's first line with something on it (its `---`, if it has one), without indentation. */
function firstLine(text: string, document: Span): Span {
  const match = /\S[^\n]*/.exec(text.slice(document.start, document.end));
  if (!match) return { start: document.start, end: document.start };
  const start = document.start + match.index;
  return { start, end: start + Math.min(match[0].trimEnd().length, 200) };
}

function cut(message: string): string {
  return message.length <= ERROR_CHARS ? message : `${message.slice(0, ERROR_CHARS - 1).trimEnd()}…`;
}
