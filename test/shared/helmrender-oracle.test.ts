// The chart renderer against Helm itself: every chart of ../shared/realworld (each Chart.yaml
// that is not inside another chart's charts/) is rendered by a real helm v4
// (../shared/tools/helm-oracle.sh: `helm template rel <dir> --namespace ns --include-crds`) and
// by Portolan (service/helmrender with the function library), with its default values and with
// each of its ci/*.yaml values files (chart-testing's convention), and the documents are
// compared as objects, template by template (helmrender-compare.ts). Fields that differ between
// two runs of helm itself (random and time functions), and strings holding the day of the run,
// are masked.
//
// A chart helm refuses must be refused for the same reason: missing dependencies (the same
// names), or the same failing template. Each render is one test: a render that differs must be
// listed in helmrender-known-differences.json with its reason, and a listed render that now
// agrees fails too (so the list stays true). The figures are printed at the end.
//
// Each chart is rendered as the editor and the checker render it, with a RenderCache (values.yaml
// read entry by entry, parsed templates and fromYaml's readings kept), and its ci/*.yaml renders
// after its defaults, taking over the templates whose values did not change (helmrender/reuse.ts);
// each render is also compared with the same render made from scratch without a cache, source
// map and values' origins included.
//
// helm's outputs are cached in the system's temp folder, keyed by helm's version and a hash of
// each chart's files, so a second run takes seconds.

import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadChart, RenderCache, renderChart, type ChartRender } from '../../server/src/service/helmrender/index';
import { findHelm, helmRuns, profiles, REALWORLD, type Helm, type HelmRun } from './support-helm';
import { compareRenders, helmDocuments, parseYaml, randomMask, type Difference, type SourcedDoc } from './helmrender-compare';

const KNOWN: Record<string, string> = JSON.parse(readFileSync(join(__dirname, 'helmrender-known-differences.json'), 'utf8')) as Record<string, string>;

function portolanDocuments(render: ChartRender): SourcedDoc[] {
  const docs: SourcedDoc[] = render.crds.map((c) => ({ source: c.name, value: parseYaml(Buffer.from(c.file.data).toString('utf8')) }));
  for (const m of render.manifests) docs.push({ source: m.template, value: parseYaml(m.text) });
  return docs;
}

interface Outcome {
  chart: string;
  verdict: 'identical' | 'different' | 'both-refuse' | 'refusal-differs';
  detail: string;
}

function summarise(diffs: readonly Difference[]): string {
  return diffs
    .slice(0, 3)
    .map((d) => `${d.source}: helm ${d.onlyHelm.length} doc(s) [${(d.onlyHelm[0] ?? '').slice(0, 300)}] vs portolan ${d.onlyPortolan.length} [${(d.onlyPortolan[0] ?? '').slice(0, 300)}]`)
    .join('\n');
}

/**
 * Does Portolan see why helm refused the chart? The same missing dependencies; or a template error
 * whose message (after the template's name and position, which helm rewords) helm's ends with;
 * or a library chart, which helm does not install and which renders nothing here.
 */
function sameRefusal(helmError: string, render: ChartRender, missing: readonly (string | undefined)[], errors: readonly string[]): boolean {
  const helmMissing = /missing in charts\/ directory: (.*)/.exec(helmError)?.[1]?.split(', ');
  if (helmMissing) return JSON.stringify([...new Set(helmMissing)].sort()) === JSON.stringify([...new Set(missing)].sort());
  if (/library charts are not installable/.test(helmError)) return render.root.metadata.type === 'library' && render.manifests.length === 0;
  return errors.some((e) => helmError.includes(e.split(': ').pop()!));
}

/** What a render is, to compare one with another: each template's output, error and source map, origins by their place. */
function shape(render: ChartRender) {
  return render.templates.map((t) => ({
    name: t.name,
    output: t.output,
    error: t.error?.message,
    segments: t.segments.map((s) => [s.start, s.end, s.span.start, s.span.end, s.origin?.uri, s.origin?.span.start, s.origin?.span.end, s.origin?.value?.start]),
  }));
}

function check(helm: Helm, dir: string, files: Map<string, Uint8Array>, valuesFile: string | undefined, previous: ChartRender | undefined, cache: RenderCache): Outcome & { render: ChartRender } {
  const chart = relative(REALWORLD, dir) + (valuesFile ? ` with ${valuesFile}` : '');
  const [first, second] = helmRuns(helm, { dir, files, valuesFile });
  const values = valuesFile ? { files: [{ uri: valuesFile, text: Buffer.from(files.get(valuesFile)!).toString('utf8') }] } : {};
  const release = { name: 'rel', namespace: 'ns' };
  const render = renderChart(loadChart(files, { cache }), { release, values, cache, logReads: true, ...(previous ? { previous } : {}) });
  expect(shape(render), 'a render with a cache (and after the defaults, reusing their templates) differs from one made from scratch').toEqual(shape(renderChart(loadChart(files), { release, values })));
  return { ...judge(chart, render, first, second), render };
}

function judge(chart: string, render: ChartRender, first: HelmRun, second: HelmRun): Outcome {
  const missing = render.problems.filter((p) => p.kind === 'missing-dependency').map((p) => p.dependency);
  const errors = render.templates.filter((t) => t.error).map((t) => t.error!.message);
  if (!first.ok) {
    return { chart, verdict: sameRefusal(first.error, render, missing, errors) ? 'both-refuse' : 'refusal-differs', detail: `helm: ${first.error.split('\n').find((l) => l.startsWith('Error:')) ?? first.error.trim()}\nportolan: missing [${missing.join(', ')}] errors [${errors.join(' | ')}]` };
  }
  if (errors.length) return { chart, verdict: 'different', detail: `portolan errors: ${errors.slice(0, 3).join(' | ')}` };
  const helmDocs = helmDocuments(first.output);
  const mask = randomMask(helmDocs, second.ok ? helmDocuments(second.output) : helmDocs, first.day);
  const diffs = compareRenders(helmDocs, portolanDocuments(render), mask);
  return diffs.length === 0 ? { chart, verdict: 'identical', detail: '' } : { chart, verdict: 'different', detail: summarise(diffs) };
}

function figures(label: string, list: readonly Outcome[]): string {
  const rendered = list.filter((o) => o.verdict === 'identical' || o.verdict === 'different');
  const identical = rendered.filter((o) => o.verdict === 'identical').length;
  return `${label}: ${identical} of ${rendered.length} that helm renders identical as objects (${((100 * identical) / Math.max(1, rendered.length)).toFixed(1)}%), ${list.filter((o) => o.verdict === 'both-refuse').length} refused by both for the same reason, ${list.filter((o) => o.verdict === 'refusal-differs').length} refused for different reasons`;
}

describe('charts rendered as helm renders them', () => {
  const outcomes: Outcome[] = [];
  let helm: Helm | undefined;
  const helmOnce = () => (helm ??= findHelm());

  afterAll(() => {
    const ids = new Set(outcomes.map((o) => o.chart));
    console.log([figures('charts with their defaults', outcomes.filter((o) => !o.chart.includes(' with '))), figures('with ci/*.yaml values', outcomes.filter((o) => o.chart.includes(' with ')))].join('\n'));
    if (process.env.HELMRENDER_ORACLE_DUMP) writeFileSync(process.env.HELMRENDER_ORACLE_DUMP, JSON.stringify(outcomes, null, 2));
    // A listed render that no longer exists is a stale entry too (checked once every render ran).
    if (ids.size === profiles().length) expect(Object.keys(KNOWN).filter((id) => !ids.has(id))).toEqual([]);
  });

  // Each chart's render with its defaults, which its ci/*.yaml renders (the next tests) reuse.
  const defaults = new Map<string, ChartRender>();
  const caches = new Map<string, RenderCache>();
  for (const p of profiles()) {
    const id = relative(REALWORLD, p.dir) + (p.valuesFile ? ` with ${p.valuesFile}` : '');
    it(id, () => {
      if (!caches.has(p.dir)) caches.set(p.dir, new RenderCache());
      const { render, ...outcome } = check(helmOnce(), p.dir, p.files, p.valuesFile, p.valuesFile ? defaults.get(p.dir) : undefined, caches.get(p.dir)!);
      if (!p.valuesFile) defaults.set(p.dir, render);
      if (p.valuesFile === [...p.files.keys()].filter((f) => /^ci\/[^/]+\.yaml$/.test(f)).sort().pop()) {
        defaults.delete(p.dir);
        caches.delete(p.dir);
      }
      outcomes.push(outcome);
      const differs = outcome.verdict === 'different' || outcome.verdict === 'refusal-differs';
      // A difference must be listed with its reason; a listed render that now agrees must leave the list.
      if (differs) expect(KNOWN[id], `not in helmrender-known-differences.json:\n${outcome.detail}`).toBeDefined();
      else expect(KNOWN[id], 'listed in helmrender-known-differences.json but renders as helm does').toBeUndefined();
    }, 120_000);
  }
});
