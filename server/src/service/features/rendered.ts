// Hover on a template action: what it rendered to with the chart's defaults. The render's source
// map says which output bytes each action of the template produced: its own printing, or what an
// `include`d helper or a `{{ template }}` printed through it. A `range` runs an action once per
// item: each run is shown apart.

import { actionBody } from '../charts/templateModels';
import type { Span } from '../types';
import type { WorkspaceView } from '../workspace';

/** At most this many lines of output are shown, and this many runs of one action. */
const MAX_LINES = 30;
const MAX_RUNS = 3;

export interface RenderedAction {
  span: Span;
  markdown: string;
  /** How many times the action printed something (a range runs it once per item). */
  runs: number;
  /** Whether what it printed spans lines. */
  lines: boolean;
}

export function renderedActionHover(view: WorkspaceView, uri: string, offset: number): RenderedAction | undefined {
  const rendered = view.rendered(uri);
  const text = view.file(uri)?.text;
  if (!rendered || text === undefined) return undefined;
  let action: Span | undefined;
  const runs: string[] = [];
  let lastEnd = -1;
  for (const segment of rendered.segments) {
    const span = segment.file === rendered.name && segment.kind === 'action' ? segment.span : segment.callSite?.file === rendered.name ? segment.callSite.span : undefined;
    if (!span || offset < span.start || offset > span.end) continue;
    if (action && span.start !== action.start) continue;
    action ??= { start: span.start, end: span.end };
    const printed = rendered.output.slice(segment.start, segment.end);
    // Output that does not follow the last piece is the action's next run.
    if (segment.start === lastEnd && runs.length > 0) runs[runs.length - 1] += printed;
    else runs.push(printed);
    lastEnd = segment.end;
  }
  if (!action) return undefined;
  const body = actionBody(text, action);
  const shown = runs.filter((run) => run.trim() !== '');
  if (shown.length === 0) return { span: action, markdown: `**\`{{ ${body} }}\`** renders to nothing with the chart's values`, runs: 0, lines: false };
  const heading = shown.length === 1 ? 'renders to' : `runs ${shown.length} times with the chart's values; ${shown.length > MAX_RUNS ? `the first ${MAX_RUNS}` : 'each'}:`;
  const blocks = shown.slice(0, MAX_RUNS).map((run) => fenced(run));
  const lines = shown.some((run) => run.trim().includes('\n'));
  return { span: action, markdown: [`**\`{{ ${body} }}\`** ${heading}`, ...blocks].join('\n\n'), runs: shown.length, lines };
}

function fenced(output: string): string {
  const lines = output.replace(/^\n+|\s+$/g, '').split('\n');
  const cut = lines.length > MAX_LINES ? [...lines.slice(0, MAX_LINES), `# … ${lines.length - MAX_LINES} more lines`] : lines;
  return ['```yaml', ...cut, '```'].join('\n');
}
