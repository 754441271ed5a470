// Quick fixes whose edits land in another file (a chart's values.yaml), as LSP sends them: a
// WorkspaceEdit keyed by that file's URI, with its range in that file. In-process against the
// conversion, then once over the protocol against the real server.

import { afterEach, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { toLspCodeAction } from '../../server/src/lsp/convert';
import { Positions } from '../../server/src/lsp/positions';
import { dedent, workspaceWithCursor } from '../support/cursor';
import { cursor, TestClient } from './client';

const values = dedent(`
  # The agent's port on every node.
  hostPort: 10250
`);

const template = dedent(`
  apiVersion: apps/v1
  kind: DaemonSet
  metadata:
    name: {{ .Release.Name }}-agent
  spec:
    selector:
      matchLabels:
        app: agent
    template:
      metadata:
        labels:
          app: agent
      spec:
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort: 8080
                hostPort: {{ .Values.host$0Port }}
`);

const chart = 'apiVersion: v2\nname: agent\nversion: 0.1.0\n';

/** The 0-based line and character of the first `needle` in `text`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

describe('a fix that edits the values file, as LSP sends it', () => {
  it('is a WorkspaceEdit on the values file, with the range of the value there', () => {
    const { workspace, uri, offset } = workspaceWithCursor({ 'chart/Chart.yaml': chart, 'chart/values.yaml': values, 'chart/templates/daemonset.yaml': template });
    const positions = new Positions(() => undefined, (u) => workspace.file(u)?.text);
    const [action] = workspace.codeActions(uri, { start: offset, end: offset }).map((a) => toLspCodeAction(a, positions, undefined));
    expect(Object.keys(action!.edit!.changes!)).toEqual(['chart/values.yaml']);
    const start = positionOf(values, '10250');
    expect(action!.edit!.changes!['chart/values.yaml']).toEqual([{ range: { start, end: { line: start.line, character: start.character + 5 } }, newText: '10251' }]);
    // The finding it fixes is the template's, where the fix was asked for.
    expect(action!.diagnostics?.[0]?.range.start).toEqual(positionOf(template.replace('$0', ''), '{{ .Values.hostPort }}'));
  });
});

describe('a fix that edits the values file, over the protocol', () => {
  let client: TestClient | undefined;
  afterEach(async () => {
    if (client) await client.shutdown().catch(() => undefined);
    client = undefined;
  });

  it('edits values.yaml, which is not open, and the finding goes', async () => {
    const atAction = cursor(template);
    client = await TestClient.start({ 'chart/Chart.yaml': chart, 'chart/values.yaml': values, 'chart/templates/daemonset.yaml': atAction.text });
    await client.waitForRules('chart/templates/daemonset.yaml', ['host-port-reserved']);
    const uri = client.uri('chart/templates/daemonset.yaml');
    await client.open('chart/templates/daemonset.yaml', atAction.text);
    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: atAction.position, end: atAction.position },
      context: { diagnostics: client.diagnostics.get(uri) },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual(['Change hostPort to 10251, the nearest free port (in chart/values.yaml: hostPort)']);
    const valuesUri = client.uri('chart/values.yaml');
    expect(Object.keys(actions[0]!.edit!.changes!)).toEqual([valuesUri]);
    const [edit] = actions[0]!.edit!.changes![valuesUri]!;
    const fixed = TextDocument.applyEdits(TextDocument.create(valuesUri, 'yaml', 1, values), [edit!]);
    expect(fixed).toBe(values.replace('10250', '10251'));
    // What an editor does with a WorkspaceEdit on a file it has not open: opens it and edits it.
    await client.open('chart/values.yaml', values);
    await client.change('chart/values.yaml', edit!.range, edit!.newText);
    await client.waitForRules('chart/templates/daemonset.yaml', []);
    await client.waitForRules('chart/values.yaml', []);
  });
});
