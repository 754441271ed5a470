// Generated inputs for the benchmark: realistic manifests of a given length, and a workspace of
// many files mixing Deployments with Services, DaemonSets, and Helm charts.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function deployment(i: number): string {
  return `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 7}
  labels:
    app: app-${i}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
        - name: app
          image: example.com/app-${i}:1.${i % 50}
          ports:
            - name: http
              containerPort: ${8000 + (i % 100)}
            - name: metrics
              containerPort: 9090
          readinessProbe:
            httpGet:
              path: /ready
              port: http
---
apiVersion: v1
kind: Service
metadata:
  name: app-${i}
  namespace: team-${i % 7}
spec:
  type: NodePort
  selector:
    app: app-${i}
  ports:
    - name: http
      port: 80
      targetPort: http
      nodePort: ${30000 + (i % 2700)}
`;
}

function daemonSet(i: number): string {
  return `apiVersion: apps/v1
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
          image: example.com/agent:${i % 9}
          ports:
            - containerPort: ${20000 + i}
              hostPort: ${20000 + i}
`;
}

/** A manifest of about `lines` lines of Deployments and their Services, numbered from `offset`. */
export function manifest(lines: number, offset: number): string {
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const doc = deployment(offset + i);
    docs.push(doc);
    count += doc.split('\n').length - 1;
  }
  return docs.join('');
}

/** Writes `files` manifests under `root`: 70% apps, 20% agents, 10% in Helm charts. Returns how many. */
export function workspace(root: string, files: number): number {
  let written = 0;
  for (let i = 0; written < files; i++) {
    const kind = i % 10;
    if (kind < 7) {
      const dir = join(root, 'apps', `team-${i % 40}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `app-${i}.yaml`), deployment(i));
      written++;
    } else if (kind < 9) {
      const dir = join(root, 'agents');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `agent-${i}.yaml`), daemonSet(i));
      written++;
    } else {
      const chart = join(root, 'charts', `chart-${i}`);
      mkdirSync(join(chart, 'templates'), { recursive: true });
      writeFileSync(join(chart, 'Chart.yaml'), `apiVersion: v2\nname: chart-${i}\nversion: 0.1.0\n`);
      writeFileSync(join(chart, 'values.yaml'), `port: ${10000 + (i % 5000)}\nhostNetwork: false\n`);
      writeFileSync(
        join(chart, 'templates', 'deployment.yaml'),
        deployment(i).replace(/containerPort: \d+/, 'containerPort: {{ .Values.port }}').replace('    spec:\n      containers:', '    spec:\n      hostNetwork: {{ .Values.hostNetwork }}\n      containers:'),
      );
      written += 3;
    }
  }
  return written;
}
