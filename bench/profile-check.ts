// One-off: where a whole-workspace check spends its time (run with --cpu-prof).
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PortolanWorkspace } from '../server/src/service/index';
import { workspace } from './generate';

const root = mkdtempSync(join(tmpdir(), 'prof-'));
workspace(root, 10_000);
const ws = new PortolanWorkspace();
const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
for (const f of walk(root)) ws.update({ uri: relative(root, f), text: readFileSync(f, 'utf8'), helm: f.includes('/templates/') });
let t = performance.now();
ws.allDiagnostics();
console.log('first check', (performance.now() - t).toFixed(0), 'ms');
const uri = 'apps/team-0/app-0.yaml';
const text = readFileSync(join(root, uri), 'utf8');
for (let i = 0; i < 5; i++) {
  t = performance.now();
  ws.update({ uri, text: text.replace(/containerPort: (\d+)/, `containerPort: 80${i}`) });
  ws.allDiagnostics();
  console.log('keystroke check', (performance.now() - t).toFixed(0), 'ms');
}
