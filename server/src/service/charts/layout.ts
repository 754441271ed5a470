// Where the charts of a set of files are, from their paths alone: a folder holding a Chart.yaml is
// a chart; one reached from another chart through `charts/<name>/` is that chart's subchart and is
// rendered with it. Every file under a top-level chart belongs to it: its templates are rendered,
// its crds/ are plain manifests, and the rest (values, helpers, files/, ci/, archives) is data.

/** The folder part of a URI or path (`a/b` for `a/b/c.yaml`, '' for `c.yaml`). */
function folderOf(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return slash === -1 ? '' : uri.slice(0, slash);
}

/** `name` inside `folder` ('' is the top). */
export function inFolder(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`;
}

/** The path of a file relative to a folder that holds it. */
export function relativeTo(folder: string, uri: string): string {
  return folder === '' ? uri : uri.slice(folder.length + 1);
}

/** What a file is to the chart that holds it. */
export type ChartRole = 'template' | 'crd' | 'data';

export class ChartLayout {
  /** Folders holding a Chart.yaml. */
  private readonly charts = new Set<string>();
  /** roots(), once worked out (asked on every keystroke of a workspace of many charts). */
  private rootList: readonly string[] | undefined;

  constructor(uris: Iterable<string>) {
    for (const uri of uris) this.add(uri);
  }

  /** A file came: a Chart.yaml makes its folder a chart. */
  add(uri: string): void {
    if (uri === 'Chart.yaml' || uri.endsWith('/Chart.yaml')) {
      this.charts.add(folderOf(uri));
      this.rootList = undefined;
    }
  }

  /** The top-level charts: those that are not a subchart of another. */
  roots(): readonly string[] {
    this.rootList ??= [...this.charts].filter((chart) => this.parentOf(chart) === undefined).sort();
    return this.rootList;
  }

  /** The top-level chart a file belongs to, if any. */
  rootOf(uri: string): string | undefined {
    let chart: string | undefined;
    // The innermost chart folder above the file, then up through `charts/<name>` hops.
    for (let folder = folderOf(uri); ; folder = folderOf(folder)) {
      if (this.charts.has(folder)) {
        chart = folder;
        break;
      }
      if (folder === '') return undefined;
    }
    for (let parent = this.parentOf(chart); parent !== undefined; parent = this.parentOf(chart)) chart = parent;
    return chart;
  }

  /** What a file under a chart is: a template (rendered), a CRD (read as it is) or data. */
  roleOf(uri: string, root: string): ChartRole {
    const path = relativeTo(root, uri);
    // Through any number of subchart folders: `charts/a/charts/b/templates/x.yaml`.
    const own = path.replace(/^(?:charts\/[^/]+\/)*/, '');
    if (own.startsWith('templates/')) return 'template';
    if (own.startsWith('crds/') && /\.ya?ml$/i.test(own)) return 'crd';
    return 'data';
  }

  private parentOf(chart: string): string | undefined {
    const match = /^(?:(.*)\/)?charts\/[^/]+$/.exec(chart);
    if (!match) return undefined;
    const parent = match[1] ?? '';
    return this.charts.has(parent) ? parent : undefined;
  }
}
