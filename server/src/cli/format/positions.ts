// The one place where the service's UTF-16 offsets become 0-based lines and characters: one
// TextDocument per file, looked up by uri, so related locations in other files resolve too.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceFile, Span } from '../../service/index';

export interface Position {
  /** 0-based. */
  line: number;
  /** 0-based, in UTF-16 code units. */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Turns a span of a file into a range; the formatters take one of these. */
export type ResolveRange = (uri: string, span: Span) => Range;

export function rangeResolver(files: readonly SourceFile[]): ResolveRange {
  // A document is made for a file when a finding needs it: a file's text may be decoded only then.
  const byUri = new Map(files.map((file) => [file.uri, file]));
  const documents = new Map<string, TextDocument>();
  const documentOf = (uri: string): TextDocument | undefined => {
    let document = documents.get(uri);
    const file = document ? undefined : byUri.get(uri);
    if (file) documents.set(uri, (document = TextDocument.create(file.uri, 'yaml', 0, file.text)));
    return document;
  };
  return (uri, span) => {
    const document = documentOf(uri);
    // A uri the service made up (none today) has no text: point at its start rather than fail.
    if (!document) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
  };
}
