// The checker over the whole of ../shared/realworld, as `portolan check .` runs there (each chart
// with its defaults and with each of its ci/*.yaml), held to the ledger beside this file: every
// finding at warning or error is written there with why it is real, and nothing else is found.
// A finding missing from the ledger is either noise (fix the engine) or a real problem (add it
// with its reason); an entry no longer found is removed. `node scripts/ledger.mjs` prints the
// current findings in ledger form.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCommandLine } from '../../server/src/cli/args';
import { collectFiles } from '../../server/src/cli/files';
import { checkFiles, type Diagnostic } from '../../server/src/service/index';
import { sharedPath } from '../support/shared';

const REALWORLD = sharedPath('realworld');
const LEDGER = join(__dirname, 'realworld-ledger.yaml');

interface Entry {
  rule: string;
  severity: 'error' | 'warning';
  /** Relative to realworld/, as the command line names it. */
  file: string;
  port?: number;
  /** A part of the finding's message that tells it from the others. */
  message: string;
  /** How many findings the entry stands for (default 1). */
  count?: number;
  /** Why it is real, on one line. */
  reason: string;
}

const loud = (d: Diagnostic) => d.severity === 'error' || d.severity === 'warning';
const describeFinding = (d: Diagnostic) => `${d.severity} ${d.rule} ${d.uri}${d.port !== undefined ? ` port ${d.port}` : ''}: ${d.message}`;
const describeEntry = (e: Entry) => `${e.severity} ${e.rule} ${e.file}${e.port !== undefined ? ` port ${e.port}` : ''}: …${e.message}…`;

function matches(entry: Entry, d: Diagnostic): boolean {
  return entry.rule === d.rule && entry.severity === d.severity && entry.file === d.uri && entry.port === d.port && d.message.includes(entry.message);
}

function readLedger(): Entry[] {
  const entries: unknown = parse(readFileSync(LEDGER, 'utf8'));
  if (!Array.isArray(entries)) throw new Error(`${LEDGER}: expected a list of entries`);
  return entries as Entry[];
}

/** Each difference between the findings and the ledger, one line each; empty when they agree. */
function compare(findings: readonly Diagnostic[], ledger: readonly Entry[]): string[] {
  const problems: string[] = [];
  const matchedBy = new Map<Entry, Diagnostic[]>(ledger.map((e) => [e, []]));
  for (const d of findings) {
    const entries = ledger.filter((e) => matches(e, d));
    if (entries.length === 0) problems.push(`not in the ledger: ${describeFinding(d)}`);
    else if (entries.length > 1) problems.push(`matched by ${entries.length} ledger entries (make their messages tell them apart): ${describeFinding(d)}`);
    else matchedBy.get(entries[0]!)!.push(d);
  }
  for (const [entry, found] of matchedBy) {
    const expected = entry.count ?? 1;
    if (found.length === 0) problems.push(`no longer found: ${describeEntry(entry)}`);
    else if (found.length !== expected) problems.push(`found ${found.length} times, the ledger says ${expected}: ${describeEntry(entry)}`);
  }
  return problems;
}

describe('the findings on ../shared/realworld', () => {
  const ledger = readLedger();
  let findings: Diagnostic[] = [];
  let fileCount = 0;

  beforeAll(() => {
    // The settings and the excluded paths `portolan check .` has, run from realworld/.
    const command = parseCommandLine(['check', '.']);
    if (command.kind !== 'check') throw new Error(`unexpected command ${command.kind}`);
    const { files } = collectFiles(command.paths, REALWORLD, command.exclude);
    fileCount = files.length;
    const started = performance.now();
    findings = checkFiles(files, { settings: command.settings });
    const seconds = (performance.now() - started) / 1000;

    const counts = new Map<string, number>();
    for (const d of findings) counts.set(`${d.severity} ${d.rule}`, (counts.get(`${d.severity} ${d.rule}`) ?? 0) + 1);
    const table = [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, n]) => `  ${String(n).padStart(5)} ${key}`);
    console.log(`realworld: ${fileCount} files checked in ${seconds.toFixed(1)} s; findings by rule:\n${table.join('\n')}`);
  }, 600_000);

  it('has a ledger whose entries are whole: rule, severity, file, message and a one-line reason', () => {
    for (const entry of ledger) {
      const where = JSON.stringify(entry);
      expect(typeof entry.rule, where).toBe('string');
      expect(['error', 'warning'], where).toContain(entry.severity);
      expect(entry.file, where).toMatch(/^[^/].*[^/]$/);
      expect(entry.message, where).toMatch(/\S/);
      expect(entry.reason, where).toMatch(/\S/);
      expect(entry.reason, where).not.toMatch(/\n|^TODO/);
      if (entry.port !== undefined) expect(Number.isInteger(entry.port), where).toBe(true);
      if (entry.count !== undefined) expect(Number.isInteger(entry.count) && entry.count > 1, where).toBe(true);
    }
  });

  it('reads the whole corpus', () => {
    expect(fileCount).toBeGreaterThan(4000);
  });

  it('finds at warning and error exactly what the ledger lists', () => {
    // The hint and information findings are not ledgered; their counts are printed above.
    expect(compare(findings.filter(loud), ledger), 'run `node scripts/ledger.mjs` to see the findings in ledger form').toEqual([]);
  });

  it('has at most 10 error-level findings, as issue 11 asks', () => {
    expect(findings.filter((d) => d.severity === 'error').map(describeFinding).length).toBeLessThanOrEqual(10);
  });
});
