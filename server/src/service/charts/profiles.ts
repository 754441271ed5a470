// The sets of values a chart is checked with. First the configuration the user installs: the
// chart's defaults, the values files the user names (`portolan.helm.valuesFiles`, the checker's
// `--values`, as `helm template -f`: a name inside each chart, `values-prod.yaml`, or a file's
// URI), and `--set`; findings and fixes land there. Then, as further configurations, each
// `ci/*.yaml` file of the chart (chart-testing's convention: what its authors install in CI) on
// top of it.

import { parseStrvals, type ValuesFile } from '../helmrender/index';
import { inFolder, relativeTo } from './layout';
import type { Profile } from './renderModels';

export interface HelmSettings {
  /** Values files: a file's URI as the workspace knows it, or a name inside each chart (`values-prod.yaml`). */
  valueFiles: string[];
  /** `--set` arguments, as helm takes them: `service.port=8080,hostNetwork=true`. */
  set: string[];
}

/** What is wrong with a `--set` argument, as helm would say it; undefined when helm takes it. */
export function setArgumentError(argument: string): string | undefined {
  const error = parseStrvals(argument, new Map());
  return error === undefined ? undefined : `--set ${argument}: ${error}`;
}

/** The profiles of the chart at `root`, whose files are `members`; `text` reads a file of the workspace. */
export function profilesOf(root: string, members: Iterable<string>, text: (uri: string) => string | undefined, helm: HelmSettings): Profile[] {
  const set = helm.set.map((argument) => ({ uri: '--set', text: argument }));
  const files: ValuesFile[] = [];
  for (const name of helm.valueFiles) {
    const uri = [name, inFolder(root, name)].find((candidate) => text(candidate) !== undefined);
    if (uri !== undefined) files.push({ uri, text: text(uri)! });
  }
  const profiles: Profile[] = [{ values: { files, set } }];
  const ci = [...members].filter((uri) => /^ci\/[^/]+\.ya?ml$/i.test(relativeTo(root, uri))).sort();
  for (const uri of ci) profiles.push({ name: relativeTo(root, uri), values: { files: [...files, { uri, text: text(uri) ?? '' }], set } });
  return profiles;
}
