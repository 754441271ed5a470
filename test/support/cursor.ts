// Workspaces for feature tests: files as text, one of them with the cursor marked `$0` (not `|`,
// which YAML and Helm both use).

import { PortolanWorkspace } from '../../server/src/service/workspace';
import { BUILTIN_PLATFORMS, defaultSettings, type Settings } from '../../server/src/service/index';

export interface CursorWorkspace {
  workspace: PortolanWorkspace;
  uri: string;
  offset: number;
  text: string;
}

/** Strips common indentation, so fixtures can be indented with the test code. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** The three platforms Portolan first shipped, which were the default before a cluster could be described: tests written against their ports name them. */
export const SEED_PLATFORMS: readonly string[] = ['kgateway', 'konvoy', 'canonical-kubernetes'];

export function workspaceWithCursor(files: Record<string, string>, settings: Partial<Settings> = {}): CursorWorkspace {
  const workspace = new PortolanWorkspace({ ...defaultSettings(BUILTIN_PLATFORMS), ...settings });
  let cursor: { uri: string; offset: number; text: string } | undefined;
  for (const [uri, raw] of Object.entries(files)) {
    let text = dedent(raw);
    const offset = text.indexOf('$0');
    if (offset !== -1) {
      text = text.slice(0, offset) + text.slice(offset + 2);
      cursor = { uri, offset, text };
    }
    workspace.update({ uri, text });
  }
  if (!cursor) throw new Error('no $0 cursor in the fixture');
  return { workspace, ...cursor };
}
