// Which chart a template belongs to, and the values it renders with: the chart's values.yaml,
// for a subchart the parent's `<name>:` block and `global`, then the extra values files and the
// `--set` overrides the settings name, in Helm's order (later wins).

import type { SourceFile } from '../types';
import { isHelperFile, parseHelpers } from './helpers';
import { EMPTY_MAP, lookup, mergeValues, parseSet, parseValues, type Value } from './values';

export interface HelmSettings {
  /** Extra values files: a file's uri as the workspace knows it, or a name inside each chart (`values-prod.yaml`). */
  valueFiles: string[];
  /** `--set` arguments, as helm takes them: `service.port=8080,hostNetwork=true`. */
  set: string[];
}

/** The chart folder of a template (`charts/web` for `charts/web/templates/x.yaml`), or undefined. */
export function chartRootOf(uri: string): string | undefined {
  const at = uri.lastIndexOf('/templates/');
  if (at !== -1) return uri.slice(0, at);
  return uri.startsWith('templates/') ? '' : undefined;
}

function inChart(root: string, name: string): string {
  return root === '' ? name : `${root}/${name}`;
}

/** What a chart's templates render with: its values, and its helpers that reduce to one expression. */
export interface ChartContext {
  values?: Value;
  helpers: ReadonlyMap<string, string>;
}

/** Computes and remembers each chart's values and helpers for one set of files. */
export class ChartValues {
  private readonly parsed = new Map<string, Value>();
  private readonly charts = new Map<string, Value | undefined>();
  private helpers: Map<string, Map<string, string>> | undefined;

  constructor(
    private readonly file: (uri: string) => SourceFile | undefined,
    private readonly settings: HelmSettings,
    private readonly files: () => Iterable<SourceFile> = () => [],
  ) {}

  /** What a template renders with; undefined when it is in no chart. */
  forTemplate(uri: string): ChartContext | undefined {
    const root = chartRootOf(uri);
    if (root === undefined) return undefined;
    return { values: this.forChart(root), helpers: this.helpersOf(root) };
  }

  private helpersOf(root: string): ReadonlyMap<string, string> {
    if (!this.helpers) {
      this.helpers = new Map();
      for (const file of this.files()) {
        const chart = chartRootOf(file.uri);
        if (chart === undefined || !isHelperFile(file.uri)) continue;
        const known = this.helpers.get(chart) ?? new Map<string, string>();
        for (const [name, body] of parseHelpers(file.text)) known.set(name, body);
        this.helpers.set(chart, known);
      }
    }
    return this.helpers.get(root) ?? new Map();
  }

  forChart(root: string): Value | undefined {
    if (this.charts.has(root)) return this.charts.get(root);
    this.charts.set(root, undefined); // a chart nested in itself stops here
    let values = this.values(inChart(root, 'values.yaml'));
    const parent = /^(.*)\/charts\/([^/]+)$/.exec(root) ?? /^()charts\/([^/]+)$/.exec(root);
    if (parent) {
      const parentValues = this.forChart(parent[1]!);
      const own = lookup(parentValues, [parent[2]!]);
      const global = lookup(parentValues, ['global']);
      if (own || global) values = mergeValues(values ?? EMPTY_MAP, mergeValues(own ?? EMPTY_MAP, global ? { kind: 'map', entries: new Map([['global', global]]) } : EMPTY_MAP));
    }
    for (const name of this.settings.valueFiles) {
      const extra = this.values(name) ?? this.values(inChart(root, name));
      if (extra) values = mergeValues(values ?? EMPTY_MAP, extra);
    }
    for (const argument of this.settings.set) {
      const set = parseSet(argument);
      if (typeof set !== 'string') values = mergeValues(values ?? EMPTY_MAP, set);
    }
    this.charts.set(root, values);
    return values;
  }

  private values(uri: string): Value | undefined {
    if (this.parsed.has(uri)) return this.parsed.get(uri);
    const file = this.file(uri);
    if (!file) return undefined;
    const values = parseValues(uri, file.text);
    this.parsed.set(uri, values);
    return values;
  }
}
