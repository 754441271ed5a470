// Which files are Helm templates: those under a chart's `templates/` folder, a chart being a
// folder with a Chart.yaml. Paths use '/' and the caller says where the charts are.

/** `chartRoots` are the folders that hold a Chart.yaml, spelled as the path is (relative or absolute). */
export function isHelmTemplatePath(path: string, chartRoots: ReadonlySet<string>): boolean {
  const parts = path.split('/');
  for (let i = parts.length - 2; i >= 0; i--) {
    if (parts[i] !== 'templates') continue;
    const root = parts.slice(0, i).join('/');
    // A chart at the top of a relative path is '' or '.', as the caller spells it.
    if (chartRoots.has(root) || (root === '' && chartRoots.has('.'))) return true;
  }
  return false;
}
