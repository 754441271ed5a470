// Hover on a template action shows what it rendered to with the chart's values: an include of a
// multi-line helper, a value through toYaml, each run of a range.

import { describe, expect, it } from 'vitest';
import { workspaceWithCursor } from '../support/cursor';

const chart = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 1.2.0\n',
  'chart/templates/_helpers.tpl': `
    {{- define "shop.labels" -}}
    app.kubernetes.io/name: {{ .Chart.Name }}
    app.kubernetes.io/instance: {{ .Release.Name }}
    {{- end }}
  `,
  'chart/values.yaml': `
    ports:
      - name: http
        containerPort: 8080
      - name: metrics
        containerPort: 9090
    replicas: 2
  `,
};

const deployment = (labels: string, ports: string) => `
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: {{ .Release.Name }}-shop
    labels:
      ${labels}
  spec:
    template:
      spec:
        containers:
          - name: shop
            image: example.com/shop:1.2.0
            ports:
              ${ports}
`;

function hover(template: string): string | undefined {
  const { workspace, uri, offset } = workspaceWithCursor({ ...chart, 'chart/templates/deployment.yaml': template });
  return workspace.hover(uri, offset)?.markdown;
}

describe('hover on a template action', () => {
  it('shows the lines an included helper printed', () => {
    const markdown = hover(deployment('{{- in$0clude "shop.labels" . | nindent 4 }}', '{{- toYaml .Values.ports | nindent 12 }}'));
    expect(markdown).toBe('**`{{ include "shop.labels" . | nindent 4 }}`** renders to\n\n```yaml\n    app.kubernetes.io/name: shop\n    app.kubernetes.io/instance: release-name\n```');
  });

  it('shows what toYaml made of the values', () => {
    const markdown = hover(deployment('app: shop', '{{- to$0Yaml .Values.ports | nindent 12 }}'));
    expect(markdown).toBe(
      '**`{{ toYaml .Values.ports | nindent 12 }}`** renders to\n\n```yaml\n            - containerPort: 8080\n              name: http\n            - containerPort: 9090\n              name: metrics\n```',
    );
  });

  it('shows each run of an action in a range', () => {
    const ports = `{{- range .Values.ports }}
              - name: {{ .name }}
                containerPort: {{ .contai$0nerPort }}
              {{- end }}`;
    const markdown = hover(deployment('app: shop', ports))!;
    expect(markdown.split('\n')[0]).toBe('**Port 8080/TCP in the pod network** of Deployment release-name-shop — it takes nothing on the node.');
    expect(markdown).toContain("**`{{ .containerPort }}`** runs 2 times with the chart's values; each:");
    expect(markdown).toContain('```yaml\n8080\n```');
    expect(markdown).toContain('```yaml\n9090\n```');
  });

  it('says when an action renders nothing', () => {
    const markdown = hover(deployment('app: shop{{ if .Values.mis$0sing }}\n      extra: "yes"{{ end }}', '- containerPort: 8080'));
    expect(markdown).toBeUndefined();
  });
});
