// Loading a chart from its files as Helm's loader does: roles of files, subcharts as folders and
// as archives, .helmignore, Chart.yaml's fields, and problems instead of exceptions.

import { describe, expect, it } from 'vitest';
import { fileText, readChartArchive } from '../../server/src/service/helmrender/index';
import { chartFrom, tgz } from './support';

const CHART = 'apiVersion: v2\nname: app\nversion: 1.0.0\n';

describe('loading a chart', () => {
  it('sorts files into Chart.yaml, values, templates, CRDs and .Files (never Chart.lock)', () => {
    const c = chartFrom({
      'Chart.yaml': CHART,
      'values.yaml': 'a: 1\n',
      'values.schema.json': '{}',
      'Chart.lock': 'dependencies: []\n',
      'templates/deploy.yaml': 'kind: Deployment\n',
      'templates/_helpers.tpl': '{{ define "x" }}{{ end }}',
      'templates/NOTES.txt': 'hello',
      'crds/crd.yaml': 'kind: CustomResourceDefinition\n',
      'files/conf.ini': 'k=v\n',
      'README.md': '# app\n',
    });
    expect(c.problems).toEqual([]);
    expect(c.metadata.name).toBe('app');
    expect(c.values && fileText(c.values)).toBe('a: 1\n');
    expect(c.schema?.name).toBe('values.schema.json');
    expect(c.templates.map((t) => t.name)).toEqual(['templates/NOTES.txt', 'templates/_helpers.tpl', 'templates/deploy.yaml']);
    expect(c.crds.map((f) => f.name)).toEqual(['crds/crd.yaml']);
    // crds/ are also files, as in Helm.
    expect(c.files.map((f) => f.name)).toEqual(['README.md', 'crds/crd.yaml', 'files/conf.ini']);
    expect(c.templates[2]!.uri).toBe('/chart/templates/deploy.yaml');
  });

  it('loads subcharts from folders and from .tgz archives, skipping names that start with _ or .', () => {
    const c = chartFrom({
      'Chart.yaml': CHART,
      'charts/folder/Chart.yaml': 'apiVersion: v2\nname: folder\nversion: 0.1.0\n',
      'charts/folder/templates/a.yaml': 'a: 1\n',
      'charts/common-2.0.0.tgz': tgz('common', { 'Chart.yaml': 'apiVersion: v2\nname: common\nversion: 2.0.0\ntype: library\n', 'templates/_names.tpl': '{{ define "n" }}n{{ end }}', 'values.yaml': 'x: 1\n' }),
      'charts/_skipped/Chart.yaml': 'name: skipped\n',
      'charts/.hidden.tgz': 'not read',
    });
    expect(c.problems).toEqual([]);
    expect(c.subcharts.map((s) => [s.metadata.name, s.location])).toEqual([
      ['common', 'charts/common-2.0.0.tgz'],
      ['folder', 'charts/folder'],
    ]);
    const common = c.subcharts[0]!;
    expect(common.metadata.type).toBe('library');
    expect(common.templates.map((t) => [t.name, t.uri])).toEqual([['templates/_names.tpl', '/chart/charts/common-2.0.0.tgz!/templates/_names.tpl']]);
    expect(c.subcharts[1]!.templates[0]!.uri).toBe('/chart/charts/folder/templates/a.yaml');
  });

  it('applies the root .helmignore to every path, and never takes dot-files under templates/', () => {
    const c = chartFrom({
      'Chart.yaml': CHART,
      '.helmignore': '# comment\n*.bak\nsecret/\n/top.txt\n',
      'templates/a.yaml': 'a: 1\n',
      'templates/.editor.yaml': 'x\n',
      'templates/a.yaml.bak': 'old\n',
      'secret/key': 'k\n',
      'top.txt': 't\n',
      'files/top.txt': 'kept\n',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'charts/sub/values.yaml.bak': 'ignored by the root rules\n',
    });
    expect(c.templates.map((t) => t.name)).toEqual(['templates/a.yaml']);
    expect(c.files.map((f) => f.name)).toEqual(['.helmignore', 'files/top.txt']);
    expect(c.subcharts[0]!.files).toEqual([]);
  });

  it('reads every field of Chart.yaml, dependencies included', () => {
    const c = chartFrom({
      'Chart.yaml': `apiVersion: v2
name: app
version: 1.2.3
appVersion: 4.5
kubeVersion: ">=1.20"
description: d
type: application
keywords: [a, b]
maintainers: [{name: m, email: m@x, url: https://m}]
annotations: {k: v}
deprecated: true
dependencies:
  - name: db
    version: 1.x.x
    repository: oci://r
    alias: database
    condition: db.enabled,database.enabled
    tags: [backend]
    import-values: [data, {child: a, parent: b}]
`,
    });
    expect(c.metadata).toMatchObject({ apiVersion: 'v2', name: 'app', version: '1.2.3', appVersion: '4.5', kubeVersion: '>=1.20', description: 'd', type: 'application', keywords: ['a', 'b'], deprecated: true });
    expect(c.metadata.maintainers).toEqual([{ name: 'm', email: 'm@x', url: 'https://m' }]);
    expect(c.metadata.dependencies[0]).toMatchObject({ name: 'db', version: '1.x.x', repository: 'oci://r', alias: 'database', condition: 'db.enabled,database.enabled', tags: ['backend'] });
    expect(c.metadata.dependencies[0]!.importValues).toHaveLength(2);
  });

  it('reports what Helm refuses instead of throwing, and keeps the rest', () => {
    const c = chartFrom({ 'values.yaml': 'a: 1\n', 'templates/a.yaml': 'x\n', 'charts/bad.tgz': 'not gzip' });
    expect(c.problems.join('\n')).toMatch(/Chart.yaml file is missing/);
    expect(c.subcharts[0]!.problems.join('\n')).toMatch(/not a gzip archive/);
    expect(c.templates).toHaveLength(1);
  });

  it('drops a UTF-8 byte-order mark and reads v1 charts with requirements.yaml', () => {
    const c = chartFrom({ 'Chart.yaml': '\ufeffname: old\nversion: 1.0.0\n', 'requirements.yaml': 'dependencies:\n  - name: dep\n    version: 1.0.0\n' });
    expect(c.metadata.apiVersion).toBe('v1');
    expect(c.metadata.name).toBe('old');
    expect(c.metadata.dependencies.map((d) => d.name)).toEqual(['dep']);
    expect(c.files.map((f) => f.name)).toEqual(['requirements.yaml']);
  });
});

describe('chart archives', () => {
  it('drops the top folder, keeps only files, refuses paths that climb out', () => {
    const read = readChartArchive(tgz('app', { 'Chart.yaml': 'name: app\n', 'templates/x.yaml': 'x\n', '../../etc/passwd': 'no' }));
    expect([...read.files.keys()]).toEqual(['Chart.yaml', 'templates/x.yaml']);
    expect(read.top).toBe('app');
    expect(read.errors.join('\n')).toMatch(/parent directory/);
  });
});
