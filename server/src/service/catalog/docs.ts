// docs/catalog.md, rendered from the built-in catalogs: a table per catalog, one row per entry,
// each with a link to the public page or file it comes from. scripts/catalog-docs.mjs writes it;
// test/catalog/docs.test.ts renders it again and fails when the file differs. Pure.

import { describePlace, describePort, escapeMarkdown } from './catalog';
import type { CatalogEntry, CatalogKind, LoadedCatalog } from './types';

const KIND_HEADINGS: Record<CatalogKind, string> = {
  distribution: 'Distributions',
  network: 'Network plugins',
  addon: 'Add-ons',
};

/** The whole page. `defaults`: the platforms of a cluster nothing describes. */
export function catalogDocs(catalogs: readonly LoadedCatalog[], defaults: readonly string[]): string {
  const lines: string[] = [
    '# The catalog of reserved ports',
    '',
    '<!-- Generated from catalog/*.json by scripts/catalog-docs.mjs; edit the catalog, then run `node scripts/catalog-docs.mjs`. -->',
    '',
    'Every port Portolan knows a platform component holds: on the host network of nodes (where a `hostNetwork: true` pod or a `hostPort` meets it) or inside the component\'s own pods (where a container added to the pod, or a Gateway listener, meets it). Each row links to the public page or file it comes from, with the version or date that source holds for.',
    '',
    `A check applies the catalogs of the cluster it assumes: a distribution, a network plugin and add-ons as the cluster file (\`.portolan.json\` or \`.portolan.yaml\` at the workspace root) or the \`portolan.cluster\` setting describes them, each by its platform id below; with no description, ${defaults.map((id) => `\`${id}\``).join(', ')} (upstream Kubernetes core), plus the network plugins and add-ons whose node agents the workspace holds (a calico-node DaemonSet, a MetalLB speaker). \`portolan.platforms\` (\`--platform\` on the command line) names further catalogs. A row with a version range applies when the range holds for the version the check assumes (\`"versions": { "kgateway": "2.0.2" }\` in the description, or \`kgateway@2.0.2\`); with no version named, when it holds for the newest versions.`,
    '',
    'How to read the columns:',
    '',
    '- **Where**: `all nodes`, `control-plane nodes` or `worker nodes` on the host network, on every address unless it says `localhost` (loopback only: it still blocks a bind of the same port on every address) or `node address` (the node\'s own address, or the one named); `inside … pods` for a port in the component\'s own pods.',
    '- **When**: a row with a condition holds only in that optional setup and reserves nothing by default; `NodePort range` rows are checked by the NodePort range rule; `where listeners land` rows tell where a Gateway listener binds, they reserve nothing against it.',
    '',
  ];
  const kinds: CatalogKind[] = ['distribution', 'network', 'addon'];
  lines.push('| Catalog | Platform id | Kind | Rows |', '| --- | --- | --- | --- |');
  for (const catalog of catalogs) {
    lines.push(`| [${escapeMarkdown(catalog.title)}](#${anchor(catalog)}) | \`${catalog.platform}\` | ${catalog.kind ?? ''} | ${catalog.entries.length} |`);
  }
  lines.push('');
  for (const kind of [...kinds, undefined]) {
    const group = catalogs.filter((catalog) => catalog.kind === kind);
    if (group.length === 0) continue;
    lines.push(`## ${kind === undefined ? 'Other catalogs' : KIND_HEADINGS[kind]}`, '');
    for (const catalog of group) lines.push(...catalogSection(catalog));
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function catalogSection(catalog: LoadedCatalog): string[] {
  const lines = [`### ${escapeMarkdown(catalog.title)}`, '', `<a id="${anchor(catalog)}"></a>Platform id \`${catalog.platform}\`${catalog.homepage ? ` · [documentation](${catalog.homepage})` : ''}`, ''];
  if (catalog.description) lines.push(cell(catalog.description), '');
  lines.push('| Port | Component | Usage | Where | Versions | When | Source |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const entry of catalog.entries) lines.push(row(entry));
  const notes = catalog.entries.flatMap((entry) => (entry.note ? [`- **${describePort(entry)} ${cell(entry.component)}**: ${cell(entry.note)}`] : []));
  if (notes.length > 0) lines.push('', '<details><summary>Notes</summary>', '', ...notes, '', '</details>');
  lines.push('');
  return lines;
}

function row(entry: CatalogEntry): string {
  const when = [entry.condition ? `only when ${entry.condition}` : '', entry.nodePortRange ? 'NodePort range' : '', entry.listenerPort ? 'where listeners land' : ''].filter(Boolean).join('; ');
  const source = `[${hostOf(entry.source)}](${entry.source})${entry.asOf ? ` (${cell(entry.asOf)})` : ''}`;
  return `| ${describePort(entry)} | ${cell(entry.component)} | ${cell(entry.usage)} | ${cell(describePlace(entry))} | ${entry.versions ? `\`${entry.versions.replace(/\|/g, '\\|')}\`` : 'all'} | ${cell(when)} | ${source} |`;
}

/** Markdown specials escaped, and no line break or pipe to end the table's cell. */
function cell(text: string): string {
  return escapeMarkdown(text.replace(/\s*\n\s*/g, ' '));
}

/** `kubernetes.io`, `github.com/cilium/cilium`: enough of the URL to tell sources apart. */
function hostOf(url: string): string {
  const match = /^https?:\/\/([^/]+)(\/[^/]+\/[^/]+)?/.exec(url);
  if (!match) return escapeMarkdown(url);
  return match[1] === 'github.com' && match[2] ? `github.com${match[2]}` : match[1]!;
}

function anchor(catalog: LoadedCatalog): string {
  return `catalog-${catalog.platform}`;
}
