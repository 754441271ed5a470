// Every built-in catalog beyond the one selected by default has rule fixtures that select it (by
// name in the platforms, or in the cluster a fixture describes in its settings or cluster file):
// one where its reserved ports fire (a host-network pod on its node port, or a container added to
// its pod), and one where they stay quiet (its own pods on their own ports, pod-network
// look-alikes, the other protocol). test/rules.test.ts checks what each fixture finds.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from '../../server/src/service/catalog/builtin';
import { composeCluster } from '../../server/src/service/cluster/compose';
import { ClusterValidator } from '../../server/src/service/cluster/description';
import { isClusterFileName, parseClusterFile } from '../../server/src/service/cluster/file';
import { fixturesUnder, loadFixture, type Fixture } from '../support/fixture';

const ROOT = join(__dirname, '..', 'fixtures', 'rules');
const RULES = ['host-port-reserved', 'pod-port-reserved'];
const fixtures = fixturesUnder(ROOT)
  .map((path) => loadFixture(path, ROOT))
  .filter((fixture) => RULES.some((rule) => fixture.name.startsWith(`${rule}/`)));

const validator = new ClusterValidator(BUILTIN_CATALOGS);

/** The catalogs a fixture selects or describes (not those its node agents would add). */
function selected(fixture: Fixture): string[] {
  const clusterFile = fixture.files.find((file) => !file.uri.includes('/') && isClusterFileName(file.uri));
  const cluster = composeCluster({
    catalogs: BUILTIN_CATALOGS,
    settings: fixture.settings.cluster ?? {},
    ...(clusterFile ? { file: parseClusterFile(clusterFile, validator).description } : {}),
    platforms: fixture.settings.platforms ?? BUILTIN_PLATFORMS,
    defaultPlatforms: BUILTIN_PLATFORMS,
    agents: [],
  });
  return cluster.components.filter((c) => c.reasons.some((r) => r.kind !== 'default')).map((c) => c.platform);
}

function selecting(platform: string) {
  return fixtures.filter((fixture) => selected(fixture).includes(platform));
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
