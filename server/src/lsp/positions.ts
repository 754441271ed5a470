// The one place where the service's offsets become LSP positions: a TextDocument per file (the
// editor's own for open files, one made from the indexed text for the rest).

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver/node';
import type { Span } from '../service/index';

const MAX_MADE = 64;

export class Positions {
  private readonly made = new Map<string, TextDocument>();

  constructor(
    private readonly openDocument: (uri: string) => TextDocument | undefined,
    private readonly textOf: (uri: string) => string | undefined,
  ) {}

  document(uri: string): TextDocument | undefined {
    const open = this.openDocument(uri);
    if (open) return open;
    const text = this.textOf(uri);
    if (text === undefined) return undefined;
    const cached = this.made.get(uri);
    if (cached && cached.getText() === text) return cached;
    const document = TextDocument.create(uri, 'yaml', 0, text);
    // A few recent ones are kept (related locations point at the same files again and again);
    // keeping one per file of a large workspace would double its memory.
    this.made.delete(uri);
    this.made.set(uri, document);
    if (this.made.size > MAX_MADE) this.made.delete(this.made.keys().next().value!);
    return document;
  }

  range(uri: string, span: Span): Range {
    const document = this.document(uri);
    if (!document) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { start: document.positionAt(span.start), end: document.positionAt(span.end) };
  }

  offset(uri: string, position: Position): number | undefined {
    return this.document(uri)?.offsetAt(position);
  }

  forget(uri: string): void {
    this.made.delete(uri);
  }
}
