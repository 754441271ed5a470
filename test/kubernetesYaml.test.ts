// YAML as kubectl reads it: what go-yaml accepts and the `yaml` package alone does not, repaired
// without moving an offset.

import { describe, expect, it } from 'vitest';
import { checkFiles } from '../server/src/service/index';
import { joinQuotedScalars, withLineFeeds } from '../server/src/service/parse/kubernetesYaml';

const rules = (text: string) => checkFiles([{ uri: 'a.yaml', text }]).map((d) => d.rule);

describe('YAML as Kubernetes reads it', () => {
  it('reads lone carriage returns as line ends', () => {
    const text = 'apiVersion: v1\rkind: Service\rmetadata:\r  name: s\rspec:\r  ports:\r    - port: 80\r      nodePort: 8080\r';
    expect(withLineFeeds(text)).toHaveLength(text.length);
    expect(rules(text)).toEqual(['node-port-out-of-range']);
  });

  it('reads quoted scalars whose lines are indented no more than their key, or not at all', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    note: "first line\n    at the key\'s indent\nat column zero"\nspec:\n  ports:\n    - port: 80\n      nodePort: 8080\n';
    const joined = joinQuotedScalars(text)!;
    expect(joined).toHaveLength(text.length);
    expect(joined.indexOf('nodePort')).toBe(text.indexOf('nodePort'));
    expect(rules(text)).toEqual(['node-port-out-of-range']);
  });

  it('leaves a quote that never closes a parse error, once per document, with nothing read on its line', () => {
    expect(rules('apiVersion: v1\nkind: Service\nmetadata:\n  name: "s\nspec:\n  ports:\n    - port: 80\n')).toEqual(['parse-error']);
    expect(rules('apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n      targetPort: [8080\n')).toEqual(['parse-error']);
  });

  it('judges no targetPort by a workload whose YAML breaks before its ports are read', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: api',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: api',
      '  template:',
      '    metadata:',
      '      labels:',
      '        app: api',
      '    spec:',
      '      containers:',
      '        - name: api',
      '          image: example.com/api:1.0',
      '            ports:',
      '            - containerPort: 8080',
      '              name: http',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: api',
      'spec:',
      '  selector:',
      '    app: api',
      '  ports:',
      '    - port: 80',
      '      targetPort: http',
      '',
    ].join('\n');
    expect(rules(text)).toEqual(['parse-error']);
  });
});
