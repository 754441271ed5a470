// The built bundle, run as a user runs it, on small folders written for each test.

import { readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliProjects } from '../support/cliProjects';

const { project, portolan } = cliProjects('portolan-cli-');

function service(name: string, nodePort: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: ${nodePort}\n`;
}

const CHART = {
  'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
  'chart/values.yaml': 'port: 8080\nimage: example.com/demo:1.0\n',
  'chart/templates/_helpers.tpl': `{{- define "demo.fullname" -}}{{ .Release.Name }}-demo{{- end }}
{{- define "demo.labels" -}}
app.kubernetes.io/name: demo
{{- end }}
`,
  'chart/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "demo.fullname" . }}
  labels:
    {{- include "demo.labels" . | nindent 4 }}
spec:
  template:
    spec:
      containers:
        - name: web
          image: "{{ .Values.image }}"
          ports:
            - containerPort: {{ .Values.port }}
              name: http
          {{- with .Values.resources }}
          resources: {{ toYaml . | nindent 12 }}
          {{- end }}
`,
};

describe('portolan check', () => {
  it('exits 0 on a clean manifest and prints the summary', () => {
    const root = project({ 'web.yaml': service('web', 30080) });
    const run = portolan(root, 'check');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('Cluster: kubernetes (default)\n1 files checked: 0 errors, 0 warnings, 0 infos, 0 hints\n');
  });

  it('exits 1 when a finding is an error, naming the file relative to the working folder', () => {
    const root = project({ 'apps/web.yaml': service('web', 80), 'notes.txt': 'not yaml' });
    const run = portolan(root, 'check', 'apps');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^Cluster: kubernetes \(default\)\napps\/web\.yaml:\d+:\d+: error node-port-out-of-range: /);
    expect(run.stdout).toMatch(/1 files checked: 1 errors, 0 warnings, 0 infos, 0 hints\n$/);
  });

  it('exits 0 when the rule that fires is turned down', () => {
    const root = project({ 'web.yaml': service('web', 80) });
    expect(portolan(root, 'check', '--rule', 'node-port-out-of-range=warning').status).toBe(0);
  });

  it('finds collisions across files', () => {
    const root = project({ 'a.yaml': service('a', 30080), 'b/b.yml': service('b', 30080) });
    const run = portolan(root, 'check', '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.version).toBe(1);
    expect(report.files).toBe(2);
    expect(report.findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`)).toEqual([
      'a.yaml node-port-conflict',
      'b/b.yml node-port-conflict',
    ]);
    expect(report.findings[0].related[0].file).toBe('b/b.yml');
  });

  it('writes SARIF', () => {
    const root = project({ 'web.yaml': service('web', 80) });
    const run = portolan(root, 'check', '--format=sarif');
    expect(run.status).toBe(1);
    const log = JSON.parse(run.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('web.yaml');
  });

  it('reads a Helm chart with template actions without parse errors', () => {
    const root = project(CHART);
    for (const target of ['.', 'chart', 'chart/templates/deployment.yaml']) {
      const run = portolan(root, 'check', '--format', 'json', target);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const report = JSON.parse(run.stdout);
      expect(report.findings).toEqual([]);
    }
  });

  it('skips .git and node_modules, and says which files are too large to analyse', () => {
    const root = project({
      '.git/x.yaml': service('git', 80),
      'node_modules/pkg/x.yaml': service('dep', 80),
      'big.yaml': `# ${'x'.repeat(6 * 1024 * 1024)}\n`,
    });
    const run = portolan(root, 'check');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Cluster: kubernetes \(default\)\nbig\.yaml:1:1: warning file-too-large: this file is 6\.0 MB, over the 5\.0 MB limit/);
    expect(run.stdout).toContain('1 files checked: 0 errors, 1 warnings');
    // A larger limit: the file is read (and holds nothing to report).
    expect(portolan(root, 'check', '--max-file-size', '10').stdout).toBe('Cluster: kubernetes (default)\n1 files checked: 0 errors, 0 warnings, 0 infos, 0 hints\n');
    expect(portolan(root, 'check', '--max-file-size', 'lots').status).toBe(2);
  });

  it('leaves out what --exclude matches, as the editor leaves out what portolan.exclude does', () => {
    const root = project({ 'a.yaml': service('a', 30080), 'vendor/b.yaml': service('b', 30080), 'c/b.generated.yaml': service('c', 30080) });
    expect(portolan(root, 'check').stdout).toContain('3 files checked: 3 errors');
    const run = portolan(root, 'check', '--exclude', 'vendor/**', '--exclude', '**/*.generated.yaml');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('Cluster: kubernetes (default)\n1 files checked: 0 errors, 0 warnings, 0 infos, 0 hints\n');
    // A file named on its own is read whatever the patterns say.
    expect(portolan(root, 'check', '--exclude', 'vendor/**', 'a.yaml', 'vendor/b.yaml').status).toBe(1);
  });

  it('applies a valid user catalog', () => {
    const catalog = {
      platform: 'mine',
      title: 'Mine',
      entries: [{ port: 9999, protocol: 'TCP', component: 'agent', usage: 'metrics', source: 'ops', where: { node: { roles: ['all'], interface: 'all' } } }],
    };
    const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx\n      ports:\n        - containerPort: 80\n          hostPort: 9999\n`;
    const root = project({ 'mine.json': JSON.stringify(catalog), 'pod.yaml': pod });
    expect(portolan(root, 'check', 'pod.yaml').status).toBe(0);
    const run = portolan(root, 'check', '--catalog', 'mine.json', 'pod.yaml');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('host-port-reserved');
  });

  describe('exits 2 when it cannot run', () => {
    it('on a missing path', () => {
      const run = portolan(project({}), 'check', 'nowhere');
      expect(run.status).toBe(2);
      expect(run.stderr).toBe('portolan: cannot read nowhere: no such file or folder\n');
      expect(run.stdout).toBe('');
    });

    it('on an unknown option', () => {
      const run = portolan(project({}), 'check', '--frobnicate');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^portolan: .*--frobnicate/);
    });

    it('on an unknown platform, listing the known ones', () => {
      const run = portolan(project({}), 'check', '--platform', 'tanzu');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^portolan: unknown platform "tanzu" \(known platforms: .*kgateway/);
    });

    it('on a bad catalog, naming the file and the field', () => {
      const bad = { platform: 'mine', title: 'Mine', entries: [{ port: 9999, protocol: 'TCPX', component: 'agent', usage: 'x', source: 'ops', where: { node: { roles: ['all'], interface: 'all' } } }] };
      const root = project({ 'bad.json': JSON.stringify(bad), 'web.yaml': service('web', 30080) });
      const run = portolan(root, 'check', '--catalog', 'bad.json');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^portolan: bad\.json: .*field "protocol": .*TCPX/);
      expect(run.stdout).toBe('');
    });

    it('on a catalog that is missing or not JSON', () => {
      const root = project({ 'broken.json': '{ nope' });
      expect(portolan(root, 'check', '--catalog', 'absent.json').stderr).toMatch(/^portolan: cannot read catalog absent\.json/);
      const run = portolan(root, 'check', '--catalog', 'broken.json');
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/^portolan: broken\.json: the catalog is not valid JSON/);
    });
  });

  it('prints help on stdout and exits 0', () => {
    const run = portolan(project({}), '--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: portolan check/);
  });
});

describe('charts under the values they will be installed with', () => {
  const chart = {
    'chart/Chart.yaml': 'apiVersion: v2\nname: metrics\nversion: 0.1.0\n',
    'chart/values.yaml': 'hostNetwork: false\ncontainerPort: 10250\n',
    'chart/templates/pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  hostNetwork: {{ .Values.hostNetwork }}\n  containers:\n    - name: m\n      image: example.com/m:1\n      ports:\n        - containerPort: {{ .Values.containerPort }}\n',
    'ci/prod.yaml': 'hostNetwork: true\n',
  };

  it('is quiet with the chart defaults', () => {
    expect(portolan(project(chart), 'check', 'chart').status).toBe(0);
  });

  it('reports on the template and the values key with --values', () => {
    const run = portolan(project(chart), 'check', 'chart', '--values', 'ci/prod.yaml', '--format', 'json');
    expect(run.status).toBe(1);
    const files = JSON.parse(run.stdout).findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`);
    expect(files).toEqual(['chart/templates/pod.yaml host-port-reserved', 'chart/values.yaml host-port-reserved']);
  });

  it('takes --set as helm does, and refuses a malformed one', () => {
    expect(portolan(project(chart), 'check', 'chart', '--set', 'hostNetwork=true').status).toBe(1);
    expect(portolan(project(chart), 'check', 'chart', '--set', 'hostNetwork=true,containerPort=10251').status).toBe(0);
    const bad = portolan(project(chart), 'check', 'chart', '--set', 'novalue');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--set novalue: key "novalue" has no value');
  });

  it('places findings in templates read as bytes, a byte order mark and non-ASCII text before them, on worker threads and on one', () => {
    const template = `\uFEFF# Ünïcödé: ${'é'.repeat(40)}\n${chart['chart/templates/pod.yaml']}`;
    const files = { ...chart, 'chart/values.yaml': 'hostNetwork: true\ncontainerPort: 10250\n', 'chart/templates/pod.yaml': template };
    const twin = Object.fromEntries(Object.entries(files).map(([name, text]) => [name.replace(/^chart\//, 'twin/'), text]));
    const root = project({ ...files, ...twin });
    for (const jobs of ['1', '2']) {
      const run = portolan(root, 'check', '--jobs', jobs, '--format', 'json');
      type Finding = { file: string; rule: string; range: { start: { line: number; character: number } } };
      const places = JSON.parse(run.stdout).findings.map((f: Finding) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}`);
      // Line 12 of the template (its comment first), at the action that prints containerPort.
      expect(places).toEqual(['chart/templates/pod.yaml:12:26 host-port-reserved', 'chart/values.yaml:2:16 host-port-reserved', 'twin/templates/pod.yaml:12:26 host-port-reserved', 'twin/values.yaml:2:16 host-port-reserved']);
    }
  });

  it('names a --values file that cannot be read', () => {
    const run = portolan(project(chart), 'check', 'chart', '--values', 'missing.yaml');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('missing.yaml');
  });
});

describe('charts rendered on worker threads', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');

  it('find on any number of threads what one thread finds, in the same order', () => {
    const one = portolan(examples, 'check', '.', '--format', 'json', '--jobs', '1');
    expect(one.status).toBe(1);
    expect(JSON.parse(one.stdout).findings.length).toBeGreaterThan(3);
    for (const jobs of ['2', '3']) {
      const many = portolan(examples, 'check', '.', '--format', 'json', '--jobs', jobs);
      expect({ status: many.status, stdout: many.stdout, stderr: many.stderr }).toEqual({ status: one.status, stdout: one.stdout, stderr: one.stderr });
    }
  });
});

describe('renders kept between checks (--cache)', () => {
  const examples = path.join(__dirname, '..', '..', 'examples');
  const chart = {
    'chart/Chart.yaml': 'apiVersion: v2\nname: metrics\nversion: 0.1.0\n',
    'chart/values.yaml': 'hostNetwork: true\ncontainerPort: 9100\n',
    'chart/templates/pod.yaml':
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  hostNetwork: {{ .Values.hostNetwork }}\n  containers:\n    - name: m\n      image: example.com/m:1\n      ports:\n        - containerPort: {{ .Values.containerPort }}\n',
    'ci/kubelet.yaml': 'containerPort: 10250\n',
  };

  it('find from the cache what a check without one finds, on any number of threads', () => {
    const root = project(Object.fromEntries(readdirTree(examples).map((name) => [name, readFileSync(path.join(examples, name), 'utf8')])));
    const uncached = portolan(root, 'check', '--format', 'json');
    const cacheFile = path.join(root, '.portolancache');
    // Filled by worker threads, then by the main thread; each time read back on the other.
    for (const [fill, read] of [['2', '1'], ['1', '2']]) {
      rmSync(cacheFile, { force: true });
      for (const jobs of [fill, read]) {
        const run = portolan(root, 'check', '--format', 'json', '--cache', '--jobs', jobs!);
        expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: uncached.status, stdout: uncached.stdout, stderr: uncached.stderr });
      }
    }
    // A check that renders nothing anew leaves the file as it was (a new one has a new inode).
    const written = statSync(cacheFile).ino;
    expect(portolan(root, 'check', '--cache').status).toBe(uncached.status);
    expect(statSync(cacheFile).ino).toBe(written);
  });

  it('render a chart again when its values change, or when other values are given', () => {
    const root = project(chart);
    expect(portolan(root, 'check', 'chart', '--cache').status).toBe(0);
    expect(portolan(root, 'check', 'chart', '--cache', '--values', 'ci/kubelet.yaml').status).toBe(1);
    expect(portolan(root, 'check', 'chart', '--cache').status).toBe(0);
    writeFileSync(path.join(root, 'chart/values.yaml'), 'hostNetwork: true\ncontainerPort: 10250\n');
    const run = portolan(root, 'check', 'chart', '--cache', '--format', 'json');
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`)).toEqual(['chart/templates/pod.yaml host-port-reserved', 'chart/values.yaml host-port-reserved']);
  });

  it('leave a file that is not a cache as it is, and the check runs without one', () => {
    const root = project({ ...chart, 'notes.txt': 'my notes\n' });
    const run = portolan(root, 'check', 'chart', '--cache-location', 'notes.txt');
    expect(run.status).toBe(0);
    expect(run.stderr).toBe(`portolan: warning: ${path.join(realpathSync(root), 'notes.txt')} is not a portolan cache; it is left as it is, and the check runs without a cache\n`);
    expect(readFileSync(path.join(root, 'notes.txt'), 'utf8')).toBe('my notes\n');
  });
});

describe("a chart's helpers", () => {
  it('reduces an include of a helper in _helpers.tpl to the value it prints', () => {
    const root = project({
      'chart/Chart.yaml': 'apiVersion: v2\nname: demo\nversion: 0.1.0\n',
      'chart/values.yaml': 'hostNetwork: true\nport: 10250\n',
      'chart/templates/_helpers.tpl': '{{- define "demo.port" -}}\n{{- .Values.port | default 8080 -}}\n{{- end -}}\n',
      'chart/templates/pod.yaml':
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: demo\nspec:\n  hostNetwork: {{ .Values.hostNetwork }}\n  containers:\n    - name: demo\n      image: example.com/demo:1\n      ports:\n        - containerPort: {{ include "demo.port" . }}\n',
    });
    const run = portolan(root, 'check', 'chart');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('chart/templates/pod.yaml:11:');
    expect(run.stdout).toContain('host-port-reserved: host-network containerPort 10250/TCP');
  });
});

describe('bad input to the checker', () => {
  it('says a binary file is not YAML text, once', () => {
    const root = project({});
    writeFileSync(path.join(root, 'blob.yaml'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0x0a, 0x3a, 0x5b]));
    const run = portolan(root, 'check', '--format', 'json');
    const findings = JSON.parse(run.stdout).findings;
    expect(findings.map((f: { rule: string; message: string }) => `${f.rule}: ${f.message}`)).toEqual(['parse-error: YAML does not parse: this file holds NUL bytes: it is binary, not YAML text, and is not analysed']);
    expect(run.status).toBe(1);
  });

  it('warns about a file that is not valid UTF-8 and reads the rest of it', () => {
    const root = project({});
    writeFileSync(path.join(root, 'latin1.yaml'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n' + service('s', 80))]));
    const run = portolan(root, 'check');
    expect(run.stderr).toContain('latin1.yaml is not valid UTF-8');
    expect(run.stdout).toContain('node-port-out-of-range');
  });

  it('reads a UTF-8 file after one that is not, whole', () => {
    const root = project({ 'b.yaml': `# café\n${service('b', 80)}` });
    writeFileSync(path.join(root, 'a.yaml'), Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from('\n' + service('a', 30080))]));
    const run = portolan(root, 'check', '--format', 'json');
    expect(run.stderr).toContain('a.yaml is not valid UTF-8');
    expect(run.stderr).not.toContain('b.yaml');
    expect(JSON.parse(run.stdout).findings.map((f: { file: string; rule: string }) => `${f.file} ${f.rule}`)).toEqual(['b.yaml node-port-out-of-range']);
  });

  it('skips a file too large to read, saying so, and checks the rest', () => {
    const root = project({ 'web.yaml': service('web', 80) });
    // Sparse: 65 MB on paper, nothing on the disk.
    writeFileSync(path.join(root, 'dump.yaml'), '');
    truncateSync(path.join(root, 'dump.yaml'), 65 * 1024 * 1024);
    const run = portolan(root, 'check');
    expect(run.stderr).toBe('portolan: warning: skipping dump.yaml: 65.0 MB is over the 64 MB limit\n');
    expect(run.stdout).toContain('web.yaml:');
  });

  it('follows links to folders and files, once each, and stops at a link that loops', () => {
    const root = project({ 'real/web.yaml': service('web', 80), 'other/api.yaml': service('api', 81) });
    symlinkSync(path.join(root, 'real'), path.join(root, 'linked'), 'dir');
    symlinkSync(path.join(root, 'other/api.yaml'), path.join(root, 'api-link.yaml'));
    symlinkSync(root, path.join(root, 'real/loop'), 'dir');
    const run = portolan(root, 'check', '--format', 'json');
    const files = JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file);
    // The folder is walked under the first name it is found by; a file link is a file of its own.
    expect(files).toEqual(['api-link.yaml', 'linked/web.yaml', 'other/api.yaml']);
  });

  it('stops at a dangling link only where it names a manifest', () => {
    const quiet = project({ 'web.yaml': service('web', 30080) });
    symlinkSync(path.join(quiet, 'gone.txt'), path.join(quiet, 'notes.txt'));
    expect(portolan(quiet, 'check').status).toBe(0);
    const broken = project({ 'web.yaml': service('web', 30080) });
    symlinkSync(path.join(broken, 'gone.yaml'), path.join(broken, 'app.yaml'));
    const run = portolan(broken, 'check');
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('portolan: cannot read app.yaml: no such file or folder\n');
  });

  it('says when a folder holds no manifests', () => {
    const root = project({ 'README.md': '# nothing here' });
    const run = portolan(root, 'check');
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('no *.yaml or *.yml files under .');
  });

  it('refuses a catalog that takes a built-in platform id', () => {
    const root = project({ 'mine.json': JSON.stringify({ platform: 'kgateway', title: 'Mine', entries: [] }), 'a.yaml': service('a', 30080) });
    const run = portolan(root, 'check', '--catalog', 'mine.json');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('mine.json: field "platform": "kgateway" is already the platform of catalog/kgateway.json');
  });
});

/** Every file under a folder, by path relative to it. */
function readdirTree(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
}
