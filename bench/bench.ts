// Speed and memory figures, printed as a table against their targets and written as JSON to
// artifacts/bench.json. Not a test: timings vary with the machine, so this measures and judges,
// and CI does not run it.
//
//   npm run bench            (builds dist/ first)
//
// 1. The engine against the bare `yaml` parse of the same text (calico-typha.yaml from
//    ../shared/corpus, and a generated 50,000-line manifest).
// 2. Keystroke latency through the real server over stdio: 200 edits of a 5,000-line manifest,
//    from didChange to the publishDiagnostics of that version.
// 3. A generated workspace of 10,000 manifests: time to index and check it, peak RSS, and the
//    keystroke latency inside it.
// 4. The same edits against yaml-language-server, when it runs here.
// 5. Cold start (process start to the initialize answer, with the code cache an earlier start
//    kept) and the size of the server's bundles.
// 6. The real corpus (../shared/realworld, charts.ts): the checker against `helm template` on the
//    five largest charts, files per second over the corpus, keystrokes in the largest chart.
//
//   PORTOLAN_BENCH=corpus npm run bench       (only 6)
//   PORTOLAN_BENCH=keystrokes npm run bench   (only 6's keystrokes in the largest chart)

import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS, buildFileModel, checkModels, defaultSettings, selectCatalogs, type SourceFile } from '../server/src/service/index';
import { keystrokes, peakRssMb, percentile, startServer } from './lsp';
import { corpusRows } from './charts';
import { manifest, workspace } from './generate';

const ROOT = join(__dirname, '..');
const SERVER = ['node', join(ROOT, 'dist', 'server.js'), '--stdio'];
const YAML_LS = join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
/** yaml-language-server's validationDelayMs (out/src/yamlSettings.js): it validates this long after an edit. */
const YAML_LS_DELAY_MS = 200;

interface Row {
  figure: string;
  value: number;
  unit: string;
  target?: number;
}
const rows: Row[] = [];

function record(figure: string, value: number, unit: string, target?: number): void {
  rows.push({ figure, value, unit, target });
  const verdict = target === undefined ? '' : value <= target ? `  target <= ${target}: met` : `  target <= ${target}: MISSED`;
  console.log(`${figure.padEnd(66)} ${value.toFixed(value < 10 ? 2 : 1).padStart(9)} ${unit}${verdict}`);
}

function median(action: () => void, runs: number): number {
  action();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    action();
    samples.push(performance.now() - started);
  }
  return percentile(samples, 50);
}

function engineAgainstParse(label: string, text: string): void {
  const catalog = selectCatalogs(BUILTIN_CATALOGS, BUILTIN_PLATFORMS, []);
  const settings = defaultSettings(BUILTIN_PLATFORMS);
  const file: SourceFile = { uri: 'bench.yaml', text };
  const parse = median(() => parseAllDocuments(text), 10);
  const engine = median(() => checkModels([buildFileModel(file)], catalog, settings), 10);
  record(`${label}: yaml parseAllDocuments`, parse, 'ms');
  record(`${label}: Portolan (parse, model, all rules)`, engine, 'ms');
  record(`${label}: engine / parse`, engine / parse, 'x', 1.5);
}

async function keystrokeLatency(label: string, command: string[], root: string, text: string, edits: number, settings: Record<string, unknown> = {}): Promise<number[] | undefined> {
  const file = join(root, 'edited.yaml');
  writeFileSync(file, text);
  try {
    const { server } = await startServer(command, root, settings);
    const latencies = await Promise.race([
      keystrokes(server, pathToFileURL(file).href, text, edits),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 120_000)),
    ]);
    await server.stop();
    if (!latencies) {
      console.log(`${label}: no diagnostics within 120 s`);
      return undefined;
    }
    record(`${label}: keystroke p50`, percentile(latencies, 50), 'ms');
    record(`${label}: keystroke p95`, percentile(latencies, 95), 'ms', command === SERVER ? 15 : undefined);
    record(`${label}: keystroke max`, Math.max(...latencies), 'ms', command === SERVER ? 50 : undefined);
    return latencies;
  } catch (error) {
    console.log(`${label}: could not run (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${new Date().toISOString()}\n`);
  const only = process.env.PORTOLAN_BENCH;
  if (only !== 'corpus' && only !== 'keystrokes') await synthetic();
  await corpusRows(ROOT, record, only === 'keystrokes' ? 'keystrokes' : 'all');

  mkdirSync(join(ROOT, 'artifacts'), { recursive: true });
  writeFileSync(join(ROOT, 'artifacts', 'bench.json'), JSON.stringify({ node: process.version, date: new Date().toISOString(), rows }, null, 2));
  console.log('\nwritten to artifacts/bench.json');
}

async function synthetic(): Promise<void> {

  const calico = join(ROOT, '..', 'shared', 'corpus', 'projectcalico__calico__manifests__calico-typha.yaml');
  if (existsSync(calico)) engineAgainstParse('calico-typha.yaml (13,077 lines)', readFileSync(calico, 'utf8'));
  engineAgainstParse('generated 50,000-line manifest', manifest(50_000, 0));

  const five = manifest(5000, 0);
  const editRoot = mkdtempSync(join(tmpdir(), 'portolan-bench-'));
  const ours = await keystrokeLatency('5,000-line file, Portolan', SERVER, editRoot, five, 200);

  const yamlRoot = mkdtempSync(join(tmpdir(), 'portolan-bench-yls-'));
  const theirs = existsSync(YAML_LS)
    ? await keystrokeLatency('5,000-line file, yaml-language-server', ['node', YAML_LS, '--stdio'], yamlRoot, five, 200, {
        yaml: { validate: true, schemaStore: { enable: false }, schemas: {} },
      })
    : undefined;
  if (ours && theirs) {
    record('yaml-language-server p50 / Portolan p50 (as the user waits)', percentile(theirs, 50) / percentile(ours, 50), 'x');
    // yaml-language-server waits validationDelayMs (200 ms) after an edit before it validates:
    // without that wait, what its validation itself costs.
    const work = percentile(theirs, 50) - YAML_LS_DELAY_MS;
    record('yaml-language-server p50 less its 200 ms delay / Portolan p50', work / percentile(ours, 50), 'x');
  }

  const big = mkdtempSync(join(tmpdir(), 'portolan-bench-ws-'));
  const count = workspace(big, 10_000);
  const started = performance.now();
  const { server } = await startServer(SERVER, big);
  let indexed = false;
  server.connection.onNotification('$/progress', (params: { value: { kind: string } }) => {
    if (params.value.kind === 'end') indexed = true;
  });
  while (!indexed) await new Promise((resolve) => setTimeout(resolve, 20));
  record(`${count}-file workspace: indexed and checked`, (performance.now() - started) / 1000, 's', 10);
  const editedInBig = manifest(300, 900_000);
  const latencies = await keystrokes(server, pathToFileURL(join(big, 'edited.yaml')).href, editedInBig, 50);
  record(`${count}-file workspace: keystroke p95`, percentile(latencies, 95), 'ms', 15);
  record(`${count}-file workspace: server peak RSS`, peakRssMb(server.process.pid!), 'MB', 400);
  await server.stop();

  // Starts in turns with and without the code cache an earlier start kept (Node's switch for its
  // compile cache turns the server's off too: a first start after an install or an update).
  const cold: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (const [samples, env] of [[cold, process.env], [first, { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' }]] as const) {
      const empty = mkdtempSync(join(tmpdir(), 'portolan-bench-cold-'));
      const { server: fresh, initializeMs } = await startServer(SERVER, empty, {}, env);
      samples.push(initializeMs);
      await fresh.stop();
    }
  }
  record('cold start: process start to initialize answer (median of 5)', percentile(cold, 50), 'ms', 300);
  record('cold start without the code cache (a first start; median of 5)', percentile(first, 50), 'ms', 300);
  // The server as shipped: its launcher (dist/server.js) and the server it loads.
  const serverBytes = ['server.js', 'languageServer.js'].reduce((sum, file) => sum + statSync(join(ROOT, 'dist', file)).size, 0);
  record('the server (dist/server.js and dist/languageServer.js) size', serverBytes / 1024 / 1024, 'MB', 1.5);
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
