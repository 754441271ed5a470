// Which files are Helm templates: those under a chart's `templates/` folder, a chart being a
// folder with a Chart.yaml. Paths use '/' and the caller says where the charts are.

/** `chartRoots` are the folders that hold a Chart.yaml. */
export function isHelmTemplatePath(path: string, chartRoots: ReadonlySet<string>): boolean {
  const parts = path.split('/');
  for (let i = parts.length - 2; i >= 1; i--) {
    if (parts[i] === 'templates' && chartRoots.has(parts.slice(0, i).join('/'))) return true;
  }
  return false;
}
