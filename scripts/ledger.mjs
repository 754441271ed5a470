// Prints the findings at warning and error that `portolan check .` reports over ../shared/realworld
// in the form of test/shared/realworld-ledger.yaml: an entry of the ledger that still matches keeps
// its message and reason; a finding no entry matches gets its whole message and a TODO reason
// (which the suite rejects until someone writes why it is real, or fixes the noise). On stderr: the
// counts by rule, and the entries no longer found. Build first (npm run build).
//
//   node scripts/ledger.mjs > /tmp/ledger.yaml && diff test/shared/realworld-ledger.yaml /tmp/ledger.yaml

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const REALWORLD = path.join(ROOT, '..', 'shared', 'realworld');
const LEDGER = path.join(ROOT, 'test', 'shared', 'realworld-ledger.yaml');
const CLI = path.join(ROOT, 'dist', 'cli.js');

for (const [what, where] of [['the corpus', REALWORLD], ['the command line (npm run build)', CLI]]) {
  if (!existsSync(where)) {
    process.stderr.write(`ledger: ${where} is missing: ${what} is needed\n`);
    process.exit(2);
  }
}

// The command line exits 1 when it finds errors; its JSON is on stdout either way.
let output;
try {
  output = execFileSync(process.execPath, [CLI, 'check', '.', '--format', 'json'], { cwd: REALWORLD, maxBuffer: 1 << 30, encoding: 'utf8' });
} catch (error) {
  if (error.status !== 1) throw error;
  output = error.stdout;
}
const { files, findings } = JSON.parse(output);
const ledger = existsSync(LEDGER) ? parse(readFileSync(LEDGER, 'utf8')) ?? [] : [];

const matches = (entry, f) =>
  entry.rule === f.rule && entry.severity === f.severity && entry.file === f.file && entry.port === f.port && f.message.includes(entry.message);

/** Entries in the order of their first finding, each with its count. */
const current = new Map();
for (const f of findings.filter((f) => f.severity === 'error' || f.severity === 'warning')) {
  const matching = ledger.filter((entry) => matches(entry, f));
  const key = matching.length === 1 ? matching[0] : JSON.stringify([f.rule, f.severity, f.file, f.port, f.message]);
  const known = current.get(key);
  if (known) {
    known.count = (known.count ?? 1) + 1;
    continue;
  }
  const base = matching.length === 1 ? matching[0] : { rule: f.rule, severity: f.severity, file: f.file, ...(f.port !== undefined ? { port: f.port } : {}), message: f.message };
  const reason = matching.length === 1 ? base.reason : `TODO: why is this real?${matching.length > 1 ? ` (${matching.length} entries match it)` : ''}`;
  const { count: _count, reason: _reason, ...fields } = base;
  current.set(key, { ...fields, reason });
}
// The reason last, for reading; the count before it.
const entries = [...current.values()].map(({ reason, ...fields }) => ({ ...fields, reason }));
process.stdout.write(stringify(entries, { lineWidth: 0 }));

const counts = new Map();
for (const f of findings) counts.set(`${f.severity} ${f.rule}`, (counts.get(`${f.severity} ${f.rule}`) ?? 0) + 1);
process.stderr.write(`ledger: ${files} files; findings by rule:\n`);
for (const [key, n] of [...counts].sort(([a], [b]) => (a < b ? -1 : 1))) process.stderr.write(`  ${String(n).padStart(5)} ${key}\n`);
const gone = ledger.filter((entry) => !current.has(entry));
for (const entry of gone) process.stderr.write(`ledger: no longer found: ${entry.rule} ${entry.file}: ${entry.message}\n`);
const todo = entries.filter((entry) => entry.reason.startsWith('TODO')).length;
if (todo > 0) process.stderr.write(`ledger: ${todo} entries need a reason\n`);
