// Markdown pieces the hovers share.

import type { Span } from '../types';
import type { WorkspaceView } from '../workspace';

/** A link to a place in a file of the workspace: `[web.yaml:12](uri#L12)`, or with a label. */
export function link(view: WorkspaceView, uri: string, span: Span, label?: string): string {
  const line = view.lineOf(uri, span.start);
  return `[${label ?? `${uri.split('/').pop() ?? uri}:${line}`}](${uri}#L${line})`;
}
