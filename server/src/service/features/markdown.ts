// Markdown pieces the hovers share.

import type { Span } from '../types';
import type { WorkspaceView } from '../workspace';

/**
 * A link to a place in a file of the workspace: `[templates/web.yaml:12](uri#L12)`, or with a
 * label. The text names the file by its path in the workspace; only the target is the URI.
 */
export function link(view: WorkspaceView, uri: string, span: Span, label?: string): string {
  const line = view.lineOf(uri, span.start);
  return `[${label ?? `${view.displayPath(uri)}:${line}`}](${uri}#L${line})`;
}
