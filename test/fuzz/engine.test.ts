// Property-based tests: whatever text the engine is fed (random text, generated manifests and
// charts with random template actions), it never throws, never answers with a range outside the
// document, and never runs away; hover, completion and quick fixes at any offset do the same.
// `npm test` runs a short fuzz; `npm run fuzz` a long one (FUZZ_RUNS cases per property), with
// the mutations of ../shared/corpus (test/shared/corpus-fuzz.test.ts). A failure's input is kept
// in regressions.ts.

import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkFeatures, checkInvariants, manifest, PROPERTY_RUNS, TIMEOUT_MS } from './generators';
import { REGRESSIONS } from './regressions';

/** Templates are rendered when they are in a chart. */
const CHART_YAML = { uri: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart\nversion: 0.1.0\n' };

describe('the engine under fuzzing', { timeout: TIMEOUT_MS }, () => {
  it('survives any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.boolean(), (text, helm) =>
        checkInvariants(helm ? [CHART_YAML, { uri: 'chart/templates/fuzz.yaml', text }] : [{ uri: 'fuzz.yaml', text }]),
      ),
      PROPERTY_RUNS,
    );
  });

  it('survives generated manifests and charts with template noise', () => {
    fc.assert(
      fc.property(fc.array(manifest, { minLength: 1, maxLength: 3 }), fc.boolean(), (texts, helm) =>
        checkInvariants([...(helm ? [CHART_YAML] : []), ...texts.map((text, i) => ({ uri: helm ? `chart/templates/t${i}.yaml` : `m${i}.yaml`, text }))]),
      ),
      PROPERTY_RUNS,
    );
  });

  it('answers hover, completion and quick fixes at any offset', () => {
    fc.assert(
      fc.property(manifest, fc.nat(), (text, at) => checkFeatures({ uri: 'm.yaml', text }, at % (text.length + 1))),
      PROPERTY_RUNS,
    );
  });

  it.each(REGRESSIONS.map((r) => [r.name, r]))('keeps regression %s fixed', (_, regression) => {
    checkInvariants(regression.files);
  });
});
