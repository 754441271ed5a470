// Portolan's findings on its own rendering of a chart equal its findings on helm's rendering of
// it: every chart of ../shared/realworld that helm renders, with its defaults and with each of its
// ci/*.yaml files (the renders of helmrender-oracle.test.ts, whose cached helm outputs are read).
//
// Portolan's side is the chart rendered by service/helmrender and modelled template by template
// in template coordinates (charts/templateModels.ts, as charts/renderModels.ts does); helm's side
// is helm's output split by `# Source:` into manifests, each read as the plain YAML it is
// (model/extract.ts modelOfYaml) under its template's path. Both sets of models are checked
// alone, as the workspace checks a chart under one profile (check.ts checkModels), with the
// default settings and with loud ones (PASSES), and the findings on templates are compared as
// multisets of what does not depend on where they stand: rule, template, port, protocol,
// message. The models' port fields (what, whose, which value) are compared the same way, for the
// ports no rule speaks of. Findings repeated onto values keys exist on Portolan's side only and
// are not compared; a template helm renders and Portolan fails on is a failure here. No template
// helm renders may have a parse-error on Portolan's side, and no message may name a position.
// Each render is one test; the figures are printed at the end (FINDINGS_ORACLE_DUMP=<file>
// writes every render's outcome and findings).

import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { selectCatalogs, type Catalog } from '../../server/src/service/catalog/catalog';
import type { LoadedCatalog } from '../../server/src/service/catalog/types';
import { BUILTIN_CATALOGS, BUILTIN_PLATFORMS } from '../../server/src/service/catalog/builtin';
import { templateModel } from '../../server/src/service/charts/templateModels';
import { checkModels } from '../../server/src/service/check';
import { fileText, loadChart, RenderCache, renderChart } from '../../server/src/service/helmrender/index';
import { joined } from '../../server/src/service/model/documents';
import { modelOfYaml } from '../../server/src/service/model/extract';
import { describeWorkload } from '../../server/src/service/model/ports';
import { sitesOf, type PortSite } from '../../server/src/service/model/sites';
import type { FileModel } from '../../server/src/service/model/types';
import { defaultSettings, type Settings } from '../../server/src/service/settings';
import type { Diagnostic } from '../../server/src/service/types';
import { findHelm, helmManifests, helmRender, profiles, RELEASE, type Helm, type Profile } from './support-helm';

/**
 * Two passes over each render's models. The defaults, which real charts mostly satisfy; and a
 * loud one where findings stand for the models themselves: a catalog reserving every port on
 * every node (host-port-reserved on every hostPort and host-network containerPort, naming its
 * workload and where it lands) and a NodePort range of one port (node-port-out-of-range on
 * every nodePort a chart gives).
 */
interface Pass {
  name: string;
  settings: Settings;
  catalog: Catalog;
}

const everyPort: LoadedCatalog = {
  platform: 'every-port',
  title: 'Every port',
  fileName: 'every-port.json',
  entries: (['TCP', 'UDP', 'SCTP'] as const).map((protocol) => ({ range: { from: 1, to: 65535 }, protocol, component: 'everything', usage: 'every port', source: 'helm-findings-oracle.test.ts', where: { node: { roles: ['all'], interface: 'all' } } })),
};
const PASSES: Pass[] = [
  { name: 'defaults', settings: defaultSettings(BUILTIN_PLATFORMS), catalog: selectCatalogs(BUILTIN_CATALOGS, BUILTIN_PLATFORMS, []) },
  { name: 'loud', settings: { ...defaultSettings(BUILTIN_PLATFORMS), nodePortRange: { from: 1, to: 1 } }, catalog: selectCatalogs(BUILTIN_CATALOGS, BUILTIN_PLATFORMS, [everyPort]) },
];

/**
 * Renders whose findings differ for a reason outside the findings' reach, with that reason. A
 * listed render that now agrees fails, so the list stays true.
 */
const KNOWN: Record<string, string> = {};

/** A finding as compared: nothing that depends on coordinates. */
function key(d: Diagnostic): string {
  return [d.rule, d.uri, d.port ?? '', d.protocol ?? '', d.message].join(' | ');
}

/** Places in messages (`templates/a.yaml:12`, `line 12`), which the two renderings put apart. */
const POSITIONAL = /\.(?:ya?ml|tpl|txt):\d+|\bline \d+|\bcolumn \d+/;

/**
 * A port field of a model as compared: what it is, whose it is and what it holds. The findings
 * come from these; comparing them too shows the two renderings agree on the ports no rule has
 * anything to say about (most of a quiet chart's).
 */
function siteKey(uri: string, site: PortSite): string {
  const owner =
    'workload' in site ? `${describeWorkload(site.workload)} ${'container' in site ? `container ${site.container.name ?? '?'}` : ''}`
    : 'service' in site ? `Service ${site.service.name ?? '?'}`
    : 'gateway' in site ? `Gateway ${site.gateway.name ?? '?'}`
    : '';
  return [site.kind, uri, owner, site.field.key, JSON.stringify(site.field.raw)].join(' | ');
}

function sitesOfAll(models: Map<string, FileModel>): string[] {
  return [...models].flatMap(([uri, model]) => sitesOf(model).map((site) => siteKey(uri, site)));
}

interface Outcome {
  id: string;
  verdict: 'compared' | 'helm-refuses' | 'portolan-fails';
  templates: number;
  /** Port fields of Portolan's models. */
  sites: number;
  /** Findings on Portolan's rendering, by pass. */
  findings: Record<string, number>;
  mismatches: string[];
  parseErrors: string[];
  positional: string[];
  /** Portolan's findings as compared, for FINDINGS_ORACLE_DUMP. */
  found: string[];
}

function multiset(list: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of list) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

/** What one side has more of than the other, with how many more. */
function excess(a: Map<string, number>, b: Map<string, number>, label: string): string[] {
  const out: string[] = [];
  for (const [k, n] of a) if (n > (b.get(k) ?? 0)) out.push(`only ${label}${n - (b.get(k) ?? 0) > 1 ? ` (${n - (b.get(k) ?? 0)}x)` : ''}: ${k}`);
  return out;
}

function compare(helm: Helm, p: Profile): Outcome {
  const outcome: Outcome = { id: p.id, verdict: 'compared', templates: 0, sites: 0, findings: {}, mismatches: [], parseErrors: [], positional: [], found: [] };
  const run = helmRender(helm, p);
  if (!run.ok) return { ...outcome, verdict: 'helm-refuses' };

  // Portolan's own rendering, template by template, as renderChartModels models it (with the
  // release helm was given: its outputs are cached for that one).
  const cache = new RenderCache();
  const values = p.valuesFile ? { files: [{ uri: p.valuesFile, text: Buffer.from(p.files.get(p.valuesFile)!).toString('utf8') }] } : {};
  const render = renderChart(loadChart(p.files, { cache }), { release: RELEASE, values, cache });
  const failed = render.templates.filter((t) => t.error);
  // A template helm renders and Portolan fails on: a finding (template-error) helm's rendering
  // cannot have, and a difference of renders (helmrender-oracle.test.ts says which).
  if (failed.length) return { ...outcome, verdict: 'portolan-fails', mismatches: failed.map((t) => `Portolan fails on ${t.name}, which helm renders: ${t.error!.error.message}`) };
  const uriOf = new Map(render.templates.map((t) => [t.name, t.file.uri] as const));
  const own = new Map<string, FileModel>();
  for (const template of render.templates) {
    if (template.notes) continue;
    const manifests = render.manifests.filter((m) => m.template === template.name);
    own.set(template.file.uri, templateModel(template, manifests, fileText(template.file)));
  }

  // helm's rendering: each manifest read as plain YAML under its template's path; CRDs (crds/,
  // not templates) have no rendering of Portolan's to compare with.
  const bySource = new Map<string, string[]>();
  for (const { source, text } of helmManifests(run.output)) {
    if (!/(^|\/)templates\//.test(source)) continue;
    bySource.set(source, [...(bySource.get(source) ?? []), text]);
  }
  const theirs = new Map<string, FileModel>();
  for (const [source, texts] of bySource) {
    const uri = uriOf.get(source) ?? source.slice(source.indexOf('/') + 1);
    theirs.set(uri, joined(uri, texts.map((text) => modelOfYaml(uri, text)), true));
  }

  const templates = new Set([...bySource.keys()].map((s) => uriOf.get(s) ?? s.slice(s.indexOf('/') + 1)));
  const onTemplates = (ds: Diagnostic[]) => ds.filter((d) => own.has(d.uri) || theirs.has(d.uri));
  outcome.templates = templates.size;
  for (const pass of PASSES) {
    const ownFound = onTemplates(checkModels([...own.values()], pass.catalog, pass.settings));
    const helmFound = onTemplates(checkModels([...theirs.values()], pass.catalog, pass.settings));
    outcome.findings[pass.name] = ownFound.length;
    outcome.parseErrors.push(...ownFound.filter((d) => d.rule === 'parse-error' && templates.has(d.uri)).map(key));
    outcome.positional.push(...[...ownFound, ...helmFound].filter((d) => POSITIONAL.test(d.message)).map(key));
    outcome.found.push(...ownFound.map((d) => `${pass.name}: ${key(d)}`));
    const a = multiset(ownFound.map(key));
    const b = multiset(helmFound.map(key));
    outcome.mismatches.push(...[...excess(a, b, "on Portolan's rendering"), ...excess(b, a, "on helm's rendering")].map((m) => `${pass.name}: ${m}`));
  }
  const ownSites = sitesOfAll(own);
  outcome.sites = ownSites.length;
  const a = multiset(ownSites);
  const b = multiset(sitesOfAll(theirs));
  outcome.mismatches.push(...[...excess(a, b, "in Portolan's models"), ...excess(b, a, "in helm's models")].map((m) => `port fields: ${m}`));
  outcome.parseErrors = [...new Set(outcome.parseErrors)];
  outcome.positional = [...new Set(outcome.positional)];
  return outcome;
}

describe("Portolan's findings on its own rendering equal its findings on helm's", () => {
  const outcomes: Outcome[] = [];
  let helm: Helm | undefined;
  const all = profiles();

  afterAll(() => {
    const compared = outcomes.filter((o) => o.verdict === 'compared');
    const charts = new Set(compared.map((o) => o.id.split(' with ')[0]));
    const sum = (f: (o: Outcome) => number) => compared.reduce((n, o) => n + f(o), 0);
    console.log(
      [
        `findings against helm: ${charts.size} charts, ${compared.length} renders compared (${sum((o) => o.templates)} templates, ${sum((o) => o.sites)} port fields); findings compared on Portolan's rendering: ${PASSES.map((pass) => `${sum((o) => o.findings[pass.name] ?? 0)} with the ${pass.name}`).join(', ')}`,
        `  mismatches: ${sum((o) => o.mismatches.length)} in ${compared.filter((o) => o.mismatches.length).length} renders (${compared.filter((o) => o.mismatches.length && KNOWN[o.id]).length} known); false parse-errors: ${sum((o) => o.parseErrors.length)}; positional messages: ${sum((o) => o.positional.length)}`,
        `  not compared: ${outcomes.filter((o) => o.verdict === 'helm-refuses').length} renders helm refuses, ${outcomes.filter((o) => o.verdict === 'portolan-fails').length} renders helm makes and Portolan fails on (failures here)`,
      ].join('\n'),
    );
    if (process.env.FINDINGS_ORACLE_DUMP) writeFileSync(process.env.FINDINGS_ORACLE_DUMP, JSON.stringify(outcomes, null, 2));
    if (outcomes.length === all.length) expect(Object.keys(KNOWN).filter((id) => !outcomes.some((o) => o.id === id))).toEqual([]);
  });

  for (const p of all) {
    it(p.id, () => {
      helm ??= findHelm();
      const outcome = compare(helm, p);
      outcomes.push(outcome);
      expect(outcome.parseErrors, 'parse-error on a template helm renders').toEqual([]);
      expect(outcome.positional, 'a message that names a position').toEqual([]);
      if (outcome.verdict === 'helm-refuses') return;
      if (KNOWN[p.id]) expect(outcome.mismatches, `listed in KNOWN (${KNOWN[p.id]}) but the findings agree`).not.toEqual([]);
      else expect(outcome.mismatches).toEqual([]);
    }, 120_000);
  }
});
