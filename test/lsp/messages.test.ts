// What the editor reads over the protocol: a document being typed that does not parse yet, and
// files named in messages by their path in the workspace, never by URI.

import type { Diagnostic } from 'vscode-languageserver-protocol';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { TestClient } from './client';

const service = (name: string, nodePort: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: NodePort
  ports:
    - port: 80
      nodePort: ${nodePort}
`;

/** 0-based line and character where `needle` first stands in `text`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const before = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

let client: TestClient | undefined;
afterEach(async () => {
  if (client) await client.shutdown().catch(() => undefined);
  client = undefined;
});

describe('messages in the editor', () => {
  it('shows a document being typed as one information notice until it parses; the other document keeps its finding', async () => {
    // The second Service is being typed: `sel` is a key before its colon.
    const typing = `${service('a', 80)}---\n${service('b', 81)}  sel\n`;
    client = await TestClient.start({});
    await client.indexed();
    await client.open('typing.yaml', typing);
    await client.waitForRules('typing.yaml', ['node-port-out-of-range', 'parse-error']);
    const notice = client.diagnostics.get(client.uri('typing.yaml'))!.find((d) => d.code === 'parse-error')!;
    expect(notice.severity).toBe(DiagnosticSeverity.Information);
    expect(notice.message).toBe(`Document 2 of 2 is not analysed until it parses. First YAML error, line ${positionOf(typing, '  sel').line + 1}: Implicit map keys need to be followed by map values`);
    expect(notice.range).toEqual({ start: positionOf(typing, '---'), end: { ...positionOf(typing, '---'), character: 3 } });

    // The colon typed, the document parses and is analysed.
    const end = { line: positionOf(typing, '  sel').line, character: '  sel'.length };
    await client.change('typing.yaml', { start: end, end }, ':');
    await client.waitForRules('typing.yaml', ['node-port-out-of-range', 'node-port-out-of-range']);
  });

  it("honours the user's severity for parse-error", async () => {
    client = await TestClient.start({}, { rules: { 'parse-error': 'error' } });
    await client.indexed();
    await client.open('typing.yaml', `${service('b', 30081)}  sel\n`);
    await client.waitForRules('typing.yaml', ['parse-error']);
    expect(client.diagnostics.get(client.uri('typing.yaml'))!.map((d) => [d.severity, String(d.message).split('.')[0]])).toEqual([[DiagnosticSeverity.Error, 'This document is not analysed until it parses']]);
  });

  it('names files by their path in the workspace folder and a line, never by URI', async () => {
    const template = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  hostNetwork: true',
      '  containers:',
      '    - name: metrics',
      '      image: example.com/metrics:1.0',
      '      ports:',
      '        - containerPort: {{ .Values.containerPort }}',
      '',
    ].join('\n');
    client = await TestClient.start({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'chart/values.yaml': 'containerPort: 10250\n', 'chart/templates/pod.yaml': template });
    await client.indexed();
    await client.waitForRules('chart/values.yaml', ['host-port-reserved']);
    const [onKey] = client.diagnostics.get(client.uri('chart/values.yaml')) as Diagnostic[];
    expect(onKey!.message).toMatch(new RegExp(`^containerPort = 10250, used by chart/templates/pod\\.yaml:${positionOf(template, '{{ .Values.containerPort }}').line + 1} \\(Pod release-name\\): `));
    const texts = [onKey!.message, ...(onKey!.relatedInformation ?? []).map((r) => r.message)];
    expect(texts.join('\n')).not.toContain('file:');
  });
});
