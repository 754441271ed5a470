// Every fixture under test/fixtures/rules is checked with the whole engine, and what it finds
// must be exactly what the fixture's annotations say: each expected finding, at its range, and
// nothing else. A fixture without annotations must stay quiet.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_PLATFORMS, checkFiles, defaultSettings, isClusterFileName, RULE_IDS, type Diagnostic } from '../server/src/service/index';
import { fixturesUnder, loadFixture, type Fixture } from './support/fixture';

const ROOT = join(__dirname, 'fixtures', 'rules');
const fixtures = fixturesUnder(ROOT).map((path) => loadFixture(path, ROOT));

function check(fixture: Fixture): Diagnostic[] {
  const settings = { ...defaultSettings(BUILTIN_PLATFORMS), ...fixture.settings };
  // A fixture's `.portolan.json` or `.portolan.yaml` is its workspace's cluster file.
  const clusterFile = fixture.files.find((file) => !file.uri.includes('/') && isClusterFileName(file.uri));
  return checkFiles(fixture.files, clusterFile ? { settings, clusterFile } : { settings });
}

function render(fixture: Fixture, uri: string, start: number, end: number): string {
  const text = fixture.files.find((f) => f.uri === uri)?.text ?? '';
  const line = text.slice(0, start).split('\n').length;
  return `${uri}:${line} "${text.slice(start, end)}"`;
}

describe('rule fixtures', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s', (_, fixture) => {
    const found = check(fixture);
    const actual = found.map((d) => `${d.rule} at ${render(fixture, d.uri, d.span.start, d.span.end)}`).sort();
    const expected = fixture.expected.map((e) => `${e.rule} at ${render(fixture, e.uri, e.start, e.end)}`).sort();
    expect(actual, found.map((d) => `${d.rule}: ${d.message}`).join('\n')).toEqual(expected);
    for (const expectation of fixture.expected) {
      if (!expectation.text) continue;
      const match = found.find((d) => d.uri === expectation.uri && d.rule === expectation.rule && d.span.start === expectation.start);
      expect(match?.message, expectation.where).toContain(expectation.text);
    }
  });

  it.each(RULE_IDS.map((id) => [id]))('%s has fixtures that fire and fixtures that stay quiet', (id) => {
    const mine = fixtures.filter((f) => f.name.startsWith(`${id}/`));
    expect(mine.some((f) => f.expected.some((e) => e.rule === id)), 'a fixture where it fires').toBe(true);
    expect(mine.some((f) => f.expected.every((e) => e.rule !== id)), 'a fixture where it stays quiet').toBe(true);
  });
});
