// Between a chart's templates and its values: what a values key flows into, where a template
// action's value was set, definition and references between the two.

import type { PortSite } from '../model/sites';
import type { ValueUse } from '../model/types';
import type { Span } from '../types';
import type { WorkspaceView } from '../workspace';
import { link } from './markdown';

export interface Location {
  uri: string;
  span: Span;
}

function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The value uses (template actions) of every file, with the template each stands in. */
function allUses(view: WorkspaceView): { uri: string; use: ValueUse }[] {
  return view.models().flatMap((model) => model.valueSources.map((use) => ({ uri: model.uri, use })));
}

/** The template action under the cursor that prints a value from the values. */
export function useAt(view: WorkspaceView, uri: string, offset: number): ValueUse | undefined {
  return view.model(uri)?.valueSources.find((use) => contains(use.span, offset));
}

/** The template actions that print the values key under the cursor (in a values file). */
export function usesOfKeyAt(view: WorkspaceView, uri: string, offset: number): { uri: string; use: ValueUse }[] {
  const text = view.file(uri)?.text;
  const uses = allUses(view).filter(({ use }) => use.source.uri === uri);
  if (text === undefined || uses.length === 0) return [];
  // On the value itself, or anywhere on the line of its key.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  return uses.filter(({ use }) => contains(use.source.span, offset) || (use.source.span.start >= lineStart && use.source.span.start <= lineEnd));
}

export function definitionAt(view: WorkspaceView, uri: string, offset: number): Location[] {
  const use = useAt(view, uri, offset);
  return use && use.source.uri !== '--set' ? [{ uri: use.source.uri, span: use.source.span }] : [];
}

export function referencesAt(view: WorkspaceView, uri: string, offset: number): Location[] {
  const fromTemplate = useAt(view, uri, offset);
  const key = fromTemplate ? fromTemplate.source : usesOfKeyAt(view, uri, offset)[0]?.use.source;
  if (!key) return [];
  return allUses(view)
    .filter(({ use }) => use.source.uri === key.uri && use.source.path === key.path)
    .map(({ uri: template, use }) => ({ uri: template, span: use.span }));
}


/** Hover on a template action: its value and where that value was set. */
export function actionHover(view: WorkspaceView, use: ValueUse): string {
  const from = use.source.uri === '--set' ? `\`--set ${use.source.path}\`` : `\`${use.source.path}\` in ${link(view, use.source.uri, use.source.span)}`;
  return `**\`{{ ${use.body} }}\`** = \`${use.text}\`, set by ${from}`;
}

/**
 * Hover on a values key: the verdict of the port it sets (`verdictOf`, the port hover's first
 * line), then every template field it flows into; each with its own verdict when they differ.
 */
export function valuesKeyHover(
  view: WorkspaceView,
  uri: string,
  offset: number,
  verdictOf: (template: string, site: PortSite) => string,
): { span: Span; markdown: string; port?: number } | undefined {
  const uses = usesOfKeyAt(view, uri, offset);
  const first = uses[0];
  if (!first) return undefined;
  const rows = uses.map(({ uri: template, use }) => {
    const site = siteOfUse(view, template, use);
    const what = site ? `\`${site.field.key}\`` : `\`{{ ${use.body} }}\``;
    return { where: `- ${what} in ${link(view, template, use.span)}`, verdict: site && verdictOf(template, site).replace(/\*\*/g, '') };
  });
  const verdicts = [...new Set(rows.flatMap((row) => (row.verdict ? [row.verdict] : [])))];
  const key = `**\`${first.use.source.path}\` = \`${first.use.text}\`**`;
  const lines = rows.map((row) => (verdicts.length > 1 && row.verdict ? `${row.where}: ${row.verdict}` : row.where));
  const markdown = `${verdicts.length === 1 ? `${key}: ${verdicts[0]}` : key}\n\nFlows into\n${lines.join('\n')}`;
  const number = Number(first.use.text);
  return { span: first.use.source.span, markdown, port: Number.isInteger(number) && number >= 1 && number <= 65535 ? number : undefined };
}

/** The port field a template action prints into (the field on the action's line, when the action printed nothing readable). */
export function siteOfUse(view: WorkspaceView, template: string, use: ValueUse): PortSite | undefined {
  const sites = view.sites(template);
  const line = view.lineOf(template, use.span.start);
  return (
    sites.find((s) => s.field.span.start <= use.span.start && use.span.end <= s.field.span.end) ??
    sites.find((s) => view.lineOf(template, s.field.span.start) === line && s.field.span.start <= use.span.start)
  );
}
