// Service answers (offsets, plain values) as LSP values (positions, protocol enums).

import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  type CodeAction as LspCodeAction,
  type CompletionItem as LspCompletionItem,
  type Diagnostic as LspDiagnostic,
  type Hover as LspHover,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver/node';
import type { CodeAction, CompletionItem, Hover } from '../service/features';
import type { Diagnostic, Severity } from '../service/index';
import type { Positions } from './positions';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `rulesDoc` links each rule id to where it is described (the README's table). */
export function toLspDiagnostic(diagnostic: Diagnostic, positions: Positions, rulesDoc: string | undefined): LspDiagnostic {
  return {
    range: positions.range(diagnostic.uri, diagnostic.span),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.rule,
    ...(rulesDoc ? { codeDescription: { href: rulesDoc } } : {}),
    source: 'portolan',
    message: diagnostic.message,
    relatedInformation: diagnostic.related.map((related) => ({
      location: { uri: related.uri, range: positions.range(related.uri, related.span) },
      message: related.message,
    })),
  };
}

export function toLspHover(uri: string, hover: Hover, positions: Positions): LspHover {
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: positions.range(uri, hover.span) };
}

export function toLspCompletion(uri: string, item: CompletionItem, positions: Positions): LspCompletionItem {
  return {
    label: item.label,
    // What the port is, in the list itself; `detail` and the documentation are the side panel's.
    ...(item.description ? { labelDetails: { description: item.description } } : {}),
    kind: item.kind === 'reference' ? CompletionItemKind.Reference : CompletionItemKind.Value,
    detail: item.detail,
    ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
    sortText: item.sortText,
    filterText: item.label,
    insertTextFormat: InsertTextFormat.PlainText,
    textEdit: { range: positions.range(uri, item.replace), newText: item.insertText },
  };
}

export function toLspCodeAction(action: CodeAction, positions: Positions, rulesDoc: string | undefined): LspCodeAction {
  const changes: Record<string, LspTextEdit[]> = {};
  for (const edit of action.edits) {
    (changes[edit.uri] ??= []).push({ range: positions.range(edit.uri, edit.span), newText: edit.newText });
  }
  return {
    title: action.title,
    kind: CodeActionKind.QuickFix,
    ...(action.diagnostic ? { diagnostics: [toLspDiagnostic(action.diagnostic, positions, rulesDoc)] } : {}),
    ...(action.preferred ? { isPreferred: true } : {}),
    edit: { changes },
  };
}
