// The port model of a rendered template, in the template's own coordinates: each manifest Helm
// would split from the output is read as the plain YAML it is, and every span of its model is
// carried back through the render's source map (gotemplate/sourcemap.ts): bytes copied from the
// template's text land on themselves, bytes an action printed land on that action (the action
// of this template through which an `include`d helper or a `tpl` text printed them). The
// values an action printed from the chart's values are kept with their values keys, for
// findings repeated there, hovers, definitions and fixes.

import { sourceAt, type Segment } from '../gotemplate/index';
import type { Manifest, RenderCache, RenderedTemplate } from '../helmrender/index';
import { joined, withSpans } from '../model/documents';
import { modelOfYaml } from '../model/extract';
import type { FileModel, ValueUse } from '../model/types';
import type { Span } from '../types';

/**
 * Where an action of this template stands: the segment's own action, or the call that brought a
 * helper's output here. A span of its own: a segment's span is the template's parse node, which
 * models (kept, and sent between threads) must not hold.
 */
function actionSpan(segment: Segment, template: string): Span | undefined {
  const span = segment.file === template ? segment.span : segment.callSite?.file === template ? segment.callSite.span : undefined;
  return span && { start: span.start, end: span.end };
}

/** A span of the output as a span of the template's text (an empty span stays empty where text stands). */
export function toTemplateSpan(rendered: RenderedTemplate, span: Span): Span {
  const place = (offset: number): { span: Span; exact?: number } | undefined => {
    const hit = sourceAt(rendered, offset);
    if (!hit) return undefined;
    if (hit.segment.file === rendered.name && hit.sourceOffset !== undefined) return { span: { start: hit.sourceOffset, end: hit.sourceOffset + 1 }, exact: hit.sourceOffset };
    const action = actionSpan(hit.segment, rendered.name);
    return action ? { span: action } : undefined;
  };
  if (span.end <= span.start) {
    const at = place(span.start) ?? place(span.start - 1);
    if (!at) return { start: 0, end: 0 };
    return at.exact !== undefined ? { start: at.exact, end: at.exact } : at.span;
  }
  const first = place(span.start);
  const last = place(span.end - 1);
  if (!first || !last) return first?.span ?? last?.span ?? { start: 0, end: 0 };
  return { start: Math.min(first.span.start, last.span.start), end: Math.max(first.span.end, last.span.end) };
}

/** The text inside an action's delimiters: `.Values.port` for `{{- .Values.port }}`. */
export function actionBody(text: string, span: Span): string {
  return text
    .slice(span.start, span.end)
    .replace(/^\{\{-?\s*/, '')
    .replace(/\s*-?\}\}$/, '');
}

/**
 * The model of one rendered template: its manifests' models joined, in template coordinates.
 * `text`: the template's source, for the actions' bodies. With a `cache`, a manifest whose text
 * an earlier render gave is not read again (its model is copied into template coordinates anew).
 */
export function templateModel(rendered: RenderedTemplate, manifests: readonly Manifest[], text: string, cache?: RenderCache): FileModel {
  const uri = rendered.file.uri;
  const yamlModel = (manifest: Manifest) => (cache ? cache.derived(uri, manifest.text, () => modelOfYaml(uri, manifest.text)) : modelOfYaml(uri, manifest.text));
  const parts = manifests.map((manifest) =>
    withSpans(yamlModel(manifest), (span) => toTemplateSpan(rendered, { start: span.start + manifest.start, end: span.end + manifest.start })),
  );
  const model = joined(uri, parts, true);
  model.valueSources = valueUses(rendered, manifests, text);
  return model;
}

/** The values printed into the manifests, each with the action that printed it and its values key. */
function valueUses(rendered: RenderedTemplate, manifests: readonly Manifest[], text: string): ValueUse[] {
  const uses: ValueUse[] = [];
  const seen = new Set<string>();
  // An empty segment (a value that printed nothing) counts where the text before it stands: a
  // manifest's end may have lost the spaces after `port:`.
  const before = (at: number) => {
    while (at > 0 && /\s/.test(rendered.output[at - 1]!)) at--;
    return at;
  };
  const inManifest = (segment: Segment) =>
    segment.start === segment.end
      ? manifests.some((m) => m.start <= before(segment.start) && before(segment.start) <= m.end)
      : manifests.some((m) => segment.start < m.end && m.start < segment.end);
  for (const segment of rendered.segments) {
    if (!segment.origin || !inManifest(segment)) continue;
    const span = actionSpan(segment, rendered.name);
    if (!span) continue;
    const printed = rendered.output.slice(segment.start, segment.end);
    const key = `${span.start}:${span.end}:${segment.origin.uri}:${segment.origin.path}:${printed}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // `quote` and `squote` pass the value's origin on: the value is what sits inside the quotes.
    const value = printed.trim().replace(/^"(.*)"$|^'(.*)'$/s, '$1$2');
    const { uri, path, value: valueSpan } = segment.origin;
    uses.push({ span, body: actionBody(text, span), text: value, source: { uri, path, span: valueSpan ?? segment.origin.span } });
  }
  return uses;
}
