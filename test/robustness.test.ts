// Bad input gets a finding or silence where silence is right, never an exception or a hang:
// malformed YAML, template noise, wrong types where ports belong, alias bombs, huge files.

import { describe, expect, it } from 'vitest';
import { checkFiles, type SourceFile } from '../server/src/service/index';

/** `helm`: the text is a template of a chart, rendered before it is read. */
function run(text: string, helm = false) {
  const files: SourceFile[] = helm ? [{ uri: 'chart/Chart.yaml', text: 'apiVersion: v2\nname: chart\nversion: 0.1.0\n' }, { uri: 'chart/templates/input.yaml', text }] : [{ uri: 'input.yaml', text }];
  return checkFiles(files);
}

const ALIAS_BOMB = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: bomb}',
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`),
  'spec:',
  '  containers: *i',
].join('\n');

describe('bad input', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing here\n# at all\n'],
    ['a bare scalar', 'hello'],
    ['binary noise', '\u0000\u0001\u0002\uFFFD\u0007{{[[::\n\t- -\n'],
    ['tabs as indentation', 'apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n'],
    ['an unterminated string', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: "web\n'],
    ['ports of the wrong shape', 'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - ports: 8080\n    - ports: [8080, {containerPort: [1]}]\n    - 7\n  hostNetwork: yes-please\n'],
    ['a spec that is a list', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  - template\n'],
    ['a kind that is a map', 'apiVersion: v1\nkind: {a: 1}\n'],
    ['an unknown anchor', 'apiVersion: v1\nkind: Pod\nspec: *nowhere\n'],
    ['a merge key chain', 'apiVersion: v1\nkind: Service\nbase: &b {port: 80}\nspec:\n  ports:\n    - <<: *b\n      name: http\n'],
  ])('survives %s', (_, text) => {
    expect(() => run(text)).not.toThrow();
    expect(() => run(text, true)).not.toThrow();
  });

  it('reports YAML errors as parse-error findings', () => {
    const found = run('apiVersion: v1\nkind: Service\nspec:\n  ports: [80\n');
    expect(found.map((d) => d.rule)).toContain('parse-error');
  });

  it('survives template noise: unclosed actions, comments, actions in keys', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name\n  {{/* a }} comment */}}\n  {{ $k }}: v\nspec:\n  ports:\n    - port: {{ "}}" }}\n';
    expect(() => run(text, true)).not.toThrow();
    expect(run(text, true).filter((d) => d.rule === 'port-invalid')).toEqual([]);
  });

  // The bomb expands to 9^9 nodes if followed, which would never end; read one step at a time it
  // takes milliseconds. The test's time limit is a runaway guard, not a speed test.
  it('defuses an alias bomb', { timeout: 30_000 }, () => {
    expect(() => run(ALIAS_BOMB)).not.toThrow();
  });

  it('follows a merge key to find a port', () => {
    const found = run('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nbase: &b {port: 70000}\nspec:\n  ports:\n    - <<: *b\n      name: http\n');
    expect(found.map((d) => d.rule)).toEqual(['port-invalid']);
  });

  it('reads a 1 MB line and 10,000 levels of nesting', { timeout: 30_000 }, () => {
    for (const text of [`apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${'x'.repeat(1_000_000)}\n`, `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`]) {
      expect(() => run(text)).not.toThrow();
    }
  });

  it('refuses an alias bomb with a finding instead of expanding it', () => {
    expect(run(ALIAS_BOMB).map((d) => d.rule)).toEqual(['yaml-too-complex']);
  });

  it('reads a 50,000-line file', () => {
    const doc = (i: number) =>
      `---\napiVersion: v1\nkind: Service\nmetadata:\n  name: s${i}\nspec:\n  type: NodePort\n  ports:\n    - port: 80\n      nodePort: ${30000 + (i % 2000)}\n`;
    const text = Array.from({ length: 5000 }, (_, i) => doc(i)).join('');
    const found = run(text);
    // 5,000 nodePorts over 2,000 numbers: every one of them is shared.
    expect(found.filter((d) => d.rule === 'node-port-conflict')).toHaveLength(5000);
  });
});
