// Helm charts rendered as `helm template` renders them, with a source map, in the service layer:
// the caller hands in a chart's files (chart-relative path to bytes or text, read however it
// likes; archives in charts/ are unpacked here) and gets back every template's output with its
// segments (../gotemplate's source map: template text, actions, and the values file and key
// that produced a value), the manifests split as Helm splits them, the CRDs, and problems as
// values (a missing dependency, a values file that does not parse, a template's error with its
// position).
//
//   const chart = loadChart(files, { uri: (p) => `${root}/${p}` });
//   const render = renderChart(chart, { release: { name: 'rel', namespace: 'ns' }, values: { files, set } });
//
// The functions are ../helmfuncs' (Go's builtins are the engine's), unless `library` gives others.
// A caller that renders often passes the same RenderCache to loadChart and renderChart.

export { loadChart, fileText, type ChartFile, type FileMap, type LoadedChart, type LoadOptions } from './load';
export { readChartArchive } from './archive';
export { ParseLibrary, RenderCache } from './cache';
export { parseHelmignore } from './helmignore';
export { readChartYaml, chartObject, type ChartMetadata, type Dependency } from './chartfile';
export { readValues } from './yamlvalues';
export { coalesceValues, mergeValues } from './coalesce';
export { parseStrvals, type StrvalsOptions } from './strvals';
export { userValues, type UserValues, type ValuesFile } from './uservalues';
export { isCompatibleRange } from './semver';
export { filesObject, compileGlob, type ToYaml } from './files';
export { capabilitiesObject, releaseObject, DEFAULT_API_VERSIONS, HELM_VERSION, type CapabilitiesOptions, type ReleaseOptions } from './objects';
export { splitManifests, type SplitDocument } from './split';
export { HELM_LIBRARY, renderChart, type ChartProblem, type ChartRender, type CrdFile, type HelmLibrary, type Manifest, type RenderedTemplate, type RenderError, type RenderOptions } from './render';
