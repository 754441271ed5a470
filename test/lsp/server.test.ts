// The real server over the protocol: dist/server.js --stdio, driven the way an editor drives it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { cursor, TestClient } from './client';

const agent = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
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
            - name: http
              containerPort: 8080
              hostPort: 10250
`;

const service = (name: string, nodePort: number) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: NodePort
  selector:
    app: agent
  ports:
    - port: 80
      targetPort: http
      nodePort: ${nodePort}
`;

const chartTemplate = `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}
spec:
  ports:
    - port: {{ .Values.port }}
      {{- if .Values.nodePort }}
      nodePort: {{ .Values.nodePort }}
      {{- end }}
`;

const workspace = {
  'apps/agent.yaml': agent,
  'apps/svc-a.yaml': service('a', 30080),
  'apps/svc-b.yaml': service('b', 30080),
  'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
  'chart/templates/service.yaml': chartTemplate,
  'chart/values.yaml': 'port: 80\n',
  'node_modules/pkg/broken.yaml': 'kind: [\n',
};

/** 0-based line and character where `needle` first stands in `text`. */
function positionOf(text: string, needle: string): { line: number; character: number } {
  const offset = text.indexOf(needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

let client: TestClient | undefined;
afterEach(async () => {
  if (client) await client.shutdown().catch(() => undefined);
  client = undefined;
});

describe('language server over stdio', () => {
  it('indexes the workspace with progress and publishes findings of files never opened', async () => {
    client = await TestClient.start(workspace);
    await client.indexed();
    await client.waitForRules('apps/agent.yaml', ['host-port-reserved']);
    await client.waitForRules('apps/svc-a.yaml', ['node-port-conflict']);
    await client.waitForRules('apps/svc-b.yaml', ['node-port-conflict']);
    const conflict = client.diagnostics.get(client.uri('apps/svc-a.yaml'))![0]!;
    expect(conflict.source).toBe('portolan');
    expect(conflict.codeDescription?.href).toMatch(/README\.md#rules$/);
    expect(conflict.relatedInformation?.[0]?.location.uri).toBe(client.uri('apps/svc-b.yaml'));
    expect(conflict.range.start).toEqual(positionOf(service('a', 30080), '30080'));
    // The chart's template is read as a template; node_modules is not read at all.
    expect(client.diagnostics.get(client.uri('chart/templates/service.yaml')) ?? []).toEqual([]);
    expect(client.diagnostics.has(client.uri('node_modules/pkg/broken.yaml'))).toBe(false);
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    expect(kinds[0]).toBe('begin');
    expect(kinds.at(-1)).toBe('end');
  });

  it('answers hover, completion and code actions, and applies a fix', async () => {
    client = await TestClient.start(workspace);
    await client.waitForRules('apps/agent.yaml', ['host-port-reserved']);
    const uri = client.uri('apps/agent.yaml');

    const atHostPort = cursor(agent.replace('hostPort: 10250', 'hostPort: 102$050'));
    await client.open('apps/agent.yaml', atHostPort.text);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: atHostPort.position })) as Hover;
    const markdown = (hover.contents as MarkupContent).value;
    expect(markdown).toContain('Published on the **node** as hostPort 10250');
    // The editor shows the finding in the same popup: the hover does not repeat it.
    expect(markdown).not.toContain('host-port-reserved');
    const start = positionOf(atHostPort.text, '10250');
    expect(hover.range).toEqual({ start, end: { line: start.line, character: start.character + 5 } });

    const actions = (await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: atHostPort.position, end: atHostPort.position },
      context: { diagnostics: client.diagnostics.get(uri) },
    })) as CodeAction[];
    expect(actions.map((a) => a.title)).toEqual(['Change hostPort to 10251, the nearest free port']);
    expect(actions[0]!.diagnostics?.[0]?.code).toBe('host-port-reserved');
    const edit = actions[0]!.edit!.changes![uri]![0]!;
    await client.change('apps/agent.yaml', edit.range, edit.newText);
    await client.waitForRules('apps/agent.yaml', []);

    const document = TextDocument.create(uri, 'yaml', 1, atHostPort.text);
    const fixed = TextDocument.applyEdits(document, [edit]);
    expect(fixed).toContain('hostPort: 10251');

    const atContainerPort = cursor(fixed.replace('containerPort: 8080', 'containerPort: $0'));
    await client.change('apps/agent.yaml', { start: { line: 0, character: 0 }, end: { line: 30, character: 0 } }, atContainerPort.text);
    const completion = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: atContainerPort.position })) as CompletionList;
    const kubelet = completion.items.find((item) => item.label === '10250')!;
    expect(kubelet.detail).toContain('kubelet');
    expect(completion.items.some((item) => item.label === '8080')).toBe(true);
  });

  it('follows incremental edits across files: a nodePort conflict appears and goes', async () => {
    client = await TestClient.start({ 'a.yaml': service('a', 30080), 'b.yaml': service('b', 30081) });
    await client.indexed();
    await client.open('b.yaml', service('b', 30081));
    const line = service('b', 30081).split('\n').findIndex((l) => l.includes('nodePort'));
    const character = '      nodePort: 3008'.length;
    await client.change('b.yaml', { start: { line, character }, end: { line, character: character + 1 } }, '0');
    await client.waitForRules('a.yaml', ['node-port-conflict']);
    await client.waitForRules('b.yaml', ['node-port-conflict']);
    await client.change('b.yaml', { start: { line, character }, end: { line, character: character + 1 } }, '2');
    await client.waitForRules('a.yaml', []);
    await client.waitForRules('b.yaml', []);
  });

  it('follows changes on disk', async () => {
    client = await TestClient.start({ 'a.yaml': service('a', 30080) });
    await client.indexed();
    writeFileSync(join(client.root, 'b.yaml'), service('b', 30080));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('b.yaml'), type: 1 }] });
    await client.waitForRules('a.yaml', ['node-port-conflict']);
    rmSync(join(client.root, 'b.yaml'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('b.yaml'), type: 3 }] });
    await client.waitForRules('a.yaml', []);
    await client.waitForRules('b.yaml', []);
  });

  it('re-checks when settings change, and shows a broken catalog on the catalog file', async () => {
    client = await TestClient.start({ ...workspace, 'ports.json': '{"platform": "acme", "title": "ACME", "entries": [{"port": 8080, "protocol": "tcp"}]}' });
    await client.waitForRules('apps/agent.yaml', ['host-port-reserved']);
    client.configuration = { rules: { 'host-port-reserved': 'off' }, nodePortRange: '20000-22767', catalogs: ['ports.json'] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForRules('apps/agent.yaml', []);
    await client.waitForRules('apps/svc-a.yaml', ['node-port-conflict', 'node-port-out-of-range']);
    await client.waitFor('a diagnostic on the catalog', () => (client!.diagnostics.get(client!.uri('ports.json')) ?? []).length > 0);
    const problems = client.diagnostics.get(client.uri('ports.json'))!;
    expect(problems.map((p) => p.message).join('\n')).toContain('ports.json: entry 0');
    expect(client.messages.map((m) => m.message)).toContainEqual(expect.stringContaining('ports.json is not valid'));
    // The server is still up and answering.
    const position = positionOf(agent, '8080');
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: client.uri('apps/agent.yaml') }, position });
    expect(hover).not.toBeNull();
  });

  it('reads the workspace again when the files to exclude change', async () => {
    client = await TestClient.start({ 'a.yaml': service('a', 30080), 'b/b.yaml': service('b', 30080) });
    await client.indexed();
    await client.waitForRules('a.yaml', ['node-port-conflict']);
    client.configuration = { exclude: ['b/**'] };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForRules('a.yaml', []);
    await client.waitForRules('b/b.yaml', []);
  });

  it('stops indexing when the progress is cancelled', async () => {
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`svc/s${i}.yaml`, service(`s${i}`, 8000 + i)]));
    client = await TestClient.start(many, {}, { cancelProgress: true });
    await client.indexed();
    // Every file read fires node-port-out-of-range; cancelled at once, (almost) none is read.
    const reported = [...client.diagnostics.values()].filter((d) => d.length > 0).length;
    expect(reported).toBeLessThan(2000);
    // The server is still up: an edit still gets its findings. 7999 is outside the NodePort range
    // and shared with no other file, so however many files were read before the cancel arrived,
    // this file's one finding is node-port-out-of-range.
    await client.open('svc/s1999.yaml', service('s1999', 7999));
    await client.waitForRules('svc/s1999.yaml', ['node-port-out-of-range']);
  });

  it("checks a chart's ci/*.yaml configurations once edits pause, and names the configuration", async () => {
    const template = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  hostNetwork: {{ .Values.hostNetwork }}',
      '  containers:',
      '    - name: metrics',
      '      image: example.com/metrics:1.0',
      '      ports:',
      '        - containerPort: {{ .Values.port }}',
      '',
    ].join('\n');
    client = await TestClient.start({
      'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
      'chart/values.yaml': 'hostNetwork: false\nport: 10250\n',
      'chart/ci/host-values.yaml': 'hostNetwork: true\n',
      'chart/templates/pod.yaml': template,
    });
    await client.indexed();
    // Quiet with the defaults (pod network); with ci/host-values.yaml the pod takes 10250 on the node.
    await client.waitForRules('chart/templates/pod.yaml', ['host-port-reserved']);
    const [finding] = client.diagnostics.get(client.uri('chart/templates/pod.yaml'))!;
    expect(finding!.message).toMatch(/\(with ci\/host-values\.yaml\)$/);
    expect(finding!.range.start).toEqual(positionOf(template, '{{ .Values.port }}'));
    // An edit that moves the port: the configuration's finding goes once it is checked again.
    await client.open('chart/templates/pod.yaml', template);
    await client.change('chart/templates/pod.yaml', { start: positionOf(template, '{{ .Values.port }}'), end: { ...positionOf(template, '{{ .Values.port }}'), character: positionOf(template, '{{ .Values.port }}').character + '{{ .Values.port }}'.length } }, '9100');
    await client.waitForRules('chart/templates/pod.yaml', []);
  });

  it('checks a chart with its values, follows edits of values.yaml, and goes to the values key', async () => {
    const values = 'hostNetwork: true\ncontainerPort: 10250\n';
    const template = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: {{ .Release.Name }}',
      'spec:',
      '  hostNetwork: {{ .Values.hostNetwork }}',
      '  containers:',
      '    - name: metrics',
      '      image: example.com/metrics:1.0',
      '      ports:',
      '        - containerPort: {{ .Values.containerPort }}',
      '',
    ].join('\n');
    client = await TestClient.start({ 'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n', 'chart/values.yaml': values, 'chart/templates/pod.yaml': template });
    await client.indexed();
    await client.waitForRules('chart/templates/pod.yaml', ['host-port-reserved']);
    await client.waitForRules('chart/values.yaml', ['host-port-reserved']);

    const uri = client.uri('chart/templates/pod.yaml');
    const definition = (await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(template, '.Values.containerPort') })) as { uri: string; range: { start: unknown } }[];
    expect(definition).toEqual([{ uri: client.uri('chart/values.yaml'), range: { start: positionOf(values, '10250'), end: { ...positionOf(values, '10250'), character: positionOf(values, '10250').character + 5 } } }]);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: client.uri('chart/values.yaml') }, position: positionOf(values, 'containerPort') })) as Hover;
    expect((hover.contents as MarkupContent).value).toContain('**`containerPort` = `10250`**: Port 10250/TCP bound on the node — reserved by kubelet');

    const actionHover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(template, '.Values.hostNetwork') })) as Hover;
    expect((actionHover.contents as MarkupContent).value).toBe('**`{{ .Values.hostNetwork }}`** = `true`, set by `hostNetwork` in [chart/values.yaml:1](' + client.uri('chart/values.yaml') + '#L1)');
    const references = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri: client.uri('chart/values.yaml') },
      position: positionOf(values, 'containerPort'),
      context: { includeDeclaration: true },
    })) as { uri: string; range: { start: { line: number; character: number } } }[];
    expect(references.map((r) => [r.uri, r.range.start])).toEqual([[uri, positionOf(template, '{{ .Values.containerPort }}')]]);

    await client.open('chart/values.yaml', values);
    await client.change('chart/values.yaml', { start: positionOf(values, 'true'), end: { ...positionOf(values, 'true'), character: positionOf(values, 'true').character + 4 } }, 'false');
    await client.waitForRules('chart/templates/pod.yaml', []);
    await client.waitForRules('chart/values.yaml', []);
  });

  it('keeps catalogs inside an untrusted workspace waiting until it is trusted', async () => {
    const catalog = JSON.stringify({
      platform: 'acme',
      title: 'ACME',
      entries: [{ port: 9400, protocol: 'TCP', component: 'acme-agent', usage: 'metrics', source: 'runbook', where: { node: { roles: ['all'], interface: 'all' } } }],
    });
    const agentOn9400 = agent.replace('hostPort: 10250', 'hostPort: 9400');
    client = await TestClient.start({ 'agent.yaml': agentOn9400, 'ports.json': catalog }, { catalogs: ['ports.json'] }, { initializationOptions: { trusted: false } });
    await client.indexed();
    await client.waitForRules('agent.yaml', []);
    expect(client.messages.map((m) => m.message)).toContainEqual(expect.stringContaining('ports.json is in this workspace and will apply once it is trusted'));
    await client.connection.sendNotification('portolan/workspaceTrusted');
    await client.waitForRules('agent.yaml', ['host-port-reserved']);
  });

  it('asks for the settings again when the workspace is trusted, as VS Code gives restricted ones only then', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'portolan-outside-'));
    const catalogPath = join(outside, 'ports.json');
    writeFileSync(catalogPath, JSON.stringify({
      platform: 'acme',
      title: 'ACME',
      entries: [{ port: 9400, protocol: 'TCP', component: 'acme-agent', usage: 'metrics', source: 'https://example.com/acme/ports', where: { node: { roles: ['all'], interface: 'all' } } }],
    }));
    const agentOn9400 = agent.replace('hostPort: 10250', 'hostPort: 9400');
    // In restricted mode VS Code answers without the workspace's portolan.catalogs, which names a
    // catalog outside the workspace; once trusted, it answers with it.
    client = await TestClient.start({ 'agent.yaml': agentOn9400 }, { catalogs: [] }, { initializationOptions: { trusted: false } });
    await client.indexed();
    await client.waitForRules('agent.yaml', []);
    client.configuration = { catalogs: [catalogPath] };
    await client.connection.sendNotification('portolan/workspaceTrusted');
    await client.waitForRules('agent.yaml', ['host-port-reserved']);
    rmSync(outside, { recursive: true, force: true });
  });

  it('refuses a user catalog that takes a built-in platform id, and keeps running', async () => {
    const catalog = JSON.stringify({ platform: 'konvoy', title: 'Mine', entries: [] });
    client = await TestClient.start({ ...workspace, 'ports.json': catalog }, { catalogs: ['ports.json'] });
    await client.indexed();
    await client.waitFor('the duplicate platform message', () => client!.messages.some((m) => m.message.includes('"konvoy" is already the platform of catalog/konvoy.json')));
    await client.waitForRules('apps/agent.yaml', ['host-port-reserved']);
  });

  it('shuts down cleanly', async () => {
    const started = await TestClient.start({ 'a.yaml': service('a', 30080) });
    await started.indexed();
    expect(await started.shutdown()).toBe(0);
  });
});

