// Every built-in catalog beyond the three selected by default has rule fixtures that select it:
// one where its reserved ports fire (a host-network pod on its node port, or a container added to
// its pod), and one where they stay quiet (its own pods on their own ports, pod-network
// look-alikes, the other protocol). test/rules.test.ts checks what each fixture finds.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from '../../server/src/service/catalog/builtin';
import { parsePlatformSelection } from '../../server/src/service/catalog/catalog';
import { fixturesUnder, loadFixture } from '../support/fixture';

const ROOT = join(__dirname, '..', 'fixtures', 'rules');
const RULES = ['host-port-reserved', 'pod-port-reserved'];
const fixtures = fixturesUnder(ROOT)
  .map((path) => loadFixture(path, ROOT))
  .filter((fixture) => RULES.some((rule) => fixture.name.startsWith(`${rule}/`)));

function selecting(platform: string) {
  return fixtures.filter((fixture) => (fixture.settings.platforms ?? []).some((selection) => parsePlatformSelection(selection).platform === platform));
}

describe('fixtures of the catalogs beyond the default selection', () => {
  const others = BUILTIN_CATALOGS.filter((catalog) => !BUILTIN_PLATFORMS.includes(catalog.platform));

  it.each(others.map((catalog) => [catalog.platform]))('%s has a fixture that fires and one that stays quiet', (platform) => {
    const mine = selecting(platform);
    const fires = mine.filter((fixture) => fixture.expected.some((e) => RULES.includes(e.rule)));
    const quiet = mine.filter((fixture) => fixture.expected.every((e) => !RULES.includes(e.rule)));
    expect(fires.map((f) => f.name), 'a fixture where it fires').not.toEqual([]);
    expect(quiet.map((f) => f.name), 'a fixture where it stays quiet').not.toEqual([]);
  });
});
