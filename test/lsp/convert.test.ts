// The service's completion items as LSP sends them: what the list shows beside each label.

import { describe, expect, it } from 'vitest';
import { CompletionItemKind } from 'vscode-languageserver/node';
import { toLspCompletion } from '../../server/src/lsp/convert';
import { Positions } from '../../server/src/lsp/positions';
import { workspaceWithCursor } from '../support/cursor';

describe('completion items over LSP', () => {
  const { workspace, uri, offset, text } = workspaceWithCursor({
    'agent.yaml': `
      apiVersion: v1
      kind: Pod
      metadata:
        name: agent
      spec:
        hostNetwork: true
        containers:
          - name: agent
            image: example.com/agent:1.0
            ports:
              - containerPort:$0
    `,
  });
  const positions = new Positions(() => undefined, () => text);
  const items = workspace.complete(uri, offset)!.items.map((item) => toLspCompletion(uri, item, positions));
  const before = text.slice(0, offset).split('\n');
  const cursor = { line: before.length - 1, character: before.at(-1)!.length };

  it('shows what the port is in the list itself, and keeps the longer line as detail', () => {
    const dns = items.find((i) => i.label === '53')!;
    expect(dns.labelDetails).toEqual({ description: 'DNS (UDP)' });
    expect(dns.detail).toBe('DNS (dns, UDP)');
    const kubelet = items.find((i) => i.label === '10250')!;
    expect(kubelet.labelDetails).toEqual({ description: '⚠ reserved: kubelet' });
    expect(kubelet.detail).toMatch(/^⚠ reserved on worker nodes: kubelet/);
    expect(kubelet.kind).toBe(CompletionItemKind.Value);
  });

  it('inserts the space after the colon at the cursor', () => {
    const http = items.find((i) => i.label === '80')!;
    expect(http.textEdit).toEqual({ range: { start: cursor, end: cursor }, newText: ' 80' });
    expect(http.filterText).toBe('80');
  });
});
