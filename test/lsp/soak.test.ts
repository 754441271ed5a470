// A soak: 10,000 random edits across several open files through the real server over stdio.
// At the end it still answers a hover correctly, and its memory has stayed flat.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { cursor, TestClient } from './client';

const EDITS = Number(process.env.SOAK_EDITS ?? 10_000);

const manifest = (i: number) => `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent-${i}
spec:
  selector:
    matchLabels:
      app: agent-${i}
  template:
    metadata:
      labels:
        app: agent-${i}
    spec:
      containers:
        - name: agent
          image: example.com/agent:${i}
          ports:
            - containerPort: ${9000 + i}
              hostPort: ${9000 + i}
---
apiVersion: v1
kind: Service
metadata:
  name: agent-${i}
spec:
  type: NodePort
  selector:
    app: agent-${i}
  ports:
    - port: 80
      nodePort: ${30000 + i}
`;

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
}

let client: TestClient | undefined;
afterAll(async () => {
  await client?.shutdown().catch(() => undefined);
});

describe('the server under a soak of edits', () => {
  it(`takes ${EDITS} random edits across files and still answers`, async () => {
    const files = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}.yaml`, manifest(i)]));
    client = await TestClient.start(files);
    await client.indexed();
    const texts = new Map(Object.entries(files));
    for (const [name, text] of texts) await client.open(name, text);
    const pid = client.pid;

    // Random, reproducible edits: replace a small range with a bit of YAML-ish noise.
    const edits = fc.sample(
      fc.tuple(fc.nat(4), fc.nat(), fc.nat(6), fc.constantFrom('1', '0', ' ', ':', '\n', '- ', '{{', '}}', 'port: ', '"', '&a', '*a', '#', '')),
      { numRuns: EDITS, seed: 42 },
    );
    let startRss = 0;
    const readings: number[] = [];
    for (let i = 0; i < edits.length; i++) {
      const [file, at, length, inserted] = edits[i]!;
      const name = `f${file}.yaml`;
      const text = texts.get(name)!;
      const start = at % (text.length + 1);
      const end = Math.min(text.length, start + length);
      const before = text.slice(0, start).split('\n');
      const after = text.slice(0, end).split('\n');
      await client.change(name, { start: { line: before.length - 1, character: before.at(-1)!.length }, end: { line: after.length - 1, character: after.at(-1)!.length } }, inserted);
      // Keep the text from drifting into nothing or into megabytes: reset a file now and then.
      const next = text.slice(0, start) + inserted + text.slice(end);
      texts.set(name, next.length > 4000 || next.length < 200 ? manifest(file) : next);
      if (texts.get(name) !== next) await client.change(name, { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } }, texts.get(name)!);
      if ((i + 1) % 1000 === 0) {
        // A request is answered after every edit sent before it: the server has caught up.
        await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: client.uri(name) }, position: { line: 0, character: 0 } });
        readings.push(rssMb(pid));
        if (i + 1 === 2000) startRss = readings.at(-1)!;
      }
    }

    // Then a known text, and a hover that must be right.
    const known = cursor(manifest(7).replace('containerPort: 9007', 'containerPort: 90$007'));
    await client.change('f0.yaml', { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } }, known.text);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: client.uri('f0.yaml') }, position: known.position })) as Hover;
    expect((hover.contents as MarkupContent).value).toContain('**containerPort 9007/TCP**');
    const endRss = rssMb(pid);
    console.log(`soak: ${EDITS} edits; server RSS per 1,000 edits: ${readings.map((r) => r.toFixed(0)).join(', ')} MB; at the end ${endRss.toFixed(0)} MB`);
    // Flat: after warming up (2,000 edits) it grows by no more than garbage not yet collected.
    if (startRss > 0) expect(endRss).toBeLessThan(startRss + 40);
  }, 300_000);
});
