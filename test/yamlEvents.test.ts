// Manifests read from js-yaml's events (parse/events.ts) give the port model the very nodes the
// `yaml` package's document model gives: the same values, keys and spans, node by node; and what
// only the `yaml` package reports (errors, duplicate keys, tags, aliases) is left to it.

import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readDocuments } from '../server/src/service/parse/events';
import { YamlNode, type YNode } from '../server/src/service/parse/node';

const MANIFEST = `# a Deployment and its Service
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: "front"}
  annotations:
    note: |
      two lines
      of text

    folded: >-
      one
      line
spec:
  replicas: 2
  template:
    spec:
      hostNetwork: true
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - containerPort: 8080   # the app
              name: http
            - containerPort: 0x1F90
              protocol: UDP
            -
          env:
            - {name: PORT, value: "8080"}
            - name: RATIO
              value: 1.5e3
          args: [--port, '9090', ~, null, .inf]
      nodeSelector:
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports:
    - port: 80
      targetPort: http
      nodePort:
  selector:
    app: web
`;

/** Every node of a tree as text: its kind, span, value and keys, depth first. */
function describeTree(node: YNode, text: string, path = '$'): string[] {
  const here = `${path} ${node.isMap ? 'map' : node.isSeq ? 'seq' : 'scalar'} ${JSON.stringify(text.slice(node.span.start, node.span.end))} ${JSON.stringify(node.scalar())} ${node.quoted} ${JSON.stringify(node.string())}`;
  const below = node.isMap
    ? node.entries().flatMap(([key, value]) => [`${path}.${key} key ${JSON.stringify(node.keySpan(key))}`, ...describeTree(value, text, `${path}.${key}`)])
    : node.items().flatMap((item, i) => describeTree(item, text, `${path}[${i}]`));
  return [here, ...below];
}

function throughYaml(text: string): string[] {
  return parseAllDocuments(text).flatMap((doc) => describeTree(YamlNode.root({ text, doc }, doc.contents, { start: doc.range[0], end: doc.range[2] }), text));
}

function throughEvents(text: string, uniqueKeys = true): string[] | undefined {
  return readDocuments(text, uniqueKeys)?.flatMap(({ root }) => describeTree(root, text));
}

describe('manifests read from events', () => {
  it('gives the nodes the yaml package gives: values, keys and spans', () => {
    const events = throughEvents(MANIFEST);
    expect(events).toBeDefined();
    expect(events).toEqual(throughYaml(MANIFEST));
    // A sample of what the comparison covers.
    expect(events).toContain('$.spec.template.spec.containers[0].ports[1].containerPort scalar "0x1F90" 8080 false "0x1F90"');
    expect(events).toContain('$.spec.template.spec.containers[0].env[0].value scalar "\\"8080\\"" "8080" true "8080"');
    expect(events).toContain('$.spec.ports[0].nodePort scalar "" null false undefined');
  });

  it('follows merge keys as the yaml package reads them without merging (a key named <<)', () => {
    const text = 'apiVersion: v1\nkind: Service\nspec:\n  "<<": {port: 1}\n';
    expect(throughEvents(text)).toEqual(throughYaml(text));
  });

  it.each([
    ['a syntax error', 'apiVersion: v1\nkind: [Service\n'],
    ['a key given twice', 'apiVersion: v1\nkind: Service\nkind: Pod\n'],
    ['a tag', 'apiVersion: v1\nkind: !!str Service\n'],
    ['an alias', 'base: &b {port: 1}\ncopy: *b\n'],
    ['a directive', '%YAML 1.2\n---\nkind: Service\n'],
    ['a key that is a collection', '? [a, b]\n: 1\n'],
  ])('leaves %s to the yaml package', (_, text) => {
    expect(readDocuments(text, true)).toBeUndefined();
  });

  it('reads a key given twice where the last one wins (a chart rendering)', () => {
    const text = 'apiVersion: v1\nkind: Service\nkind: Pod\n';
    expect(readDocuments(text, false)?.[0]?.root.get('kind')?.string()).toBe('Pod');
  });
});
