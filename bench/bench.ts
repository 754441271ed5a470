// Speed and memory figures for the engine, printed, with the targets they are held to. Not a
// test: timings vary with the machine, so this prints and judges, and CI does not run it.
//
//   npm run bench
//
// Figures: parsing and modelling a 5,000-line manifest (what one keystroke in that file costs),
// checking a workspace of 200 files after that (what republishing costs), the 13,000-line calico
// manifest from ../shared/corpus when it is there, and the heap the models of the workspace hold.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS, buildFileModel, checkModels, defaultSettings, selectCatalogs, type FileModel, type SourceFile } from '../server/src/service/index';

const TARGETS = { keystrokeMs: 50, workspaceCheckMs: 100, heapMbPer1000Lines: 2 };

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
          image: example.com/app-${i}:1.${i}
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
      nodePort: ${30000 + i}
`;
}

/** A manifest of about `lines` lines, made of Deployments and their Services. */
function manifest(lines: number, offset: number): string {
  const docs: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const doc = deployment(offset + i);
    docs.push(doc);
    count += doc.split('\n').length - 1;
  }
  return docs.join('');
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(runs: number, action: () => void): number {
  action(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    action();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

function report(label: string, value: number, unit: string, target?: number): void {
  const verdict = target === undefined ? '' : value <= target ? `  (target <= ${target} ${unit}: met)` : `  (target <= ${target} ${unit}: MISSED)`;
  console.log(`${label.padEnd(58)} ${value.toFixed(2).padStart(9)} ${unit}${verdict}`);
}

const catalog = selectCatalogs(BUILTIN_CATALOGS, BUILTIN_PLATFORMS, []);
const settings = defaultSettings(BUILTIN_PLATFORMS);
const big: SourceFile = { uri: 'big.yaml', text: manifest(5000, 0) };
const bigLines = big.text.split('\n').length;

console.log(`node ${process.version}, ${bigLines}-line manifest, median of 20 runs\n`);

const parseMs = time(20, () => buildFileModel(big));
report(`model one ${bigLines}-line file (parse + extract)`, parseMs, 'ms');

const others: FileModel[] = Array.from({ length: 199 }, (_, i) => buildFileModel({ uri: `f${i}.yaml`, text: manifest(100, 1000 + i * 3) }));
const workspaceLines = bigLines + others.length * 100;
const checkMs = time(20, () => checkModels([buildFileModel(big), ...others], catalog, settings));
report(`keystroke in it: re-model it + check 200 files (${workspaceLines} lines)`, checkMs, 'ms', TARGETS.keystrokeMs);
const bigModel = buildFileModel(big);
const checkOnlyMs = time(20, () => checkModels([bigModel, ...others], catalog, settings));
report('check 200 cached file models', checkOnlyMs, 'ms', TARGETS.workspaceCheckMs);

const calico = join(__dirname, '..', '..', 'shared', 'corpus', 'projectcalico__calico__manifests__calico-typha.yaml');
if (existsSync(calico)) {
  const text = readFileSync(calico, 'utf8');
  const calicoMs = time(20, () => checkModels([buildFileModel({ uri: 'calico.yaml', text })], catalog, settings));
  report(`calico-typha.yaml, ${text.split('\n').length} lines, model + check (mostly YAML parsing)`, calicoMs, 'ms');
}

const gc = (globalThis as { gc?: () => void }).gc;
if (gc) {
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept = Array.from({ length: 200 }, (_, i) => buildFileModel({ uri: `m${i}.yaml`, text: manifest(100, 5000 + i * 3) }));
  gc();
  const heldMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  report(`heap held by 200 file models (${kept.length * 100} lines), per 1,000 lines`, heldMb / ((kept.length * 100) / 1000), 'MB', TARGETS.heapMbPer1000Lines);
} else {
  console.log('(run with node --expose-gc for the memory figure)');
}
