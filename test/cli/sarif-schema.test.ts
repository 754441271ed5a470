// The SARIF output validates against the OASIS SARIF 2.1.0 schema (shipped, offline, by
// @microsoft/jest-sarif), for a run with findings of every rule and related locations.

import Ajv from 'ajv-draft-04';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkWorkspace, describeCluster } from '../../server/src/service/index';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { rangeResolver } from '../../server/src/cli/format/positions';
import { loadFixture } from '../support/fixture';

const schemaPath = join(__dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');

describe('SARIF output', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const examples = join(__dirname, '..', '..', 'examples');
    const { files } = loadFixture(examples, examples);
    const clusterFile = files.find((f) => f.uri === '.portolan.json')!;
    const { diagnostics, cluster } = checkWorkspace(files, { clusterFile });
    expect(diagnostics.some((d) => d.related.length > 0)).toBe(true);
    // The cluster assumed rides in the run's property bag.
    const described = `Cluster: ${describeCluster(cluster, { platforms: '--platform', settings: 'settings', file: clusterFile.uri, path: (uri) => uri })}`;
    const log = JSON.parse(formatSarif(diagnostics, '0.1.0', rangeResolver(files), described));
    expect(log.runs[0].properties.cluster).toBe(described);
    const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.runs[0].results).toHaveLength(diagnostics.length);
  });
});
