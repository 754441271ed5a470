// YAML read into Go values from js-yaml's events (goyaml.ts): the values Helm sees, the place of
// each entry as the editor shows it, and the forms it leaves to the `yaml` package.

import { describe, expect, it } from 'vitest';
import { Origins, type GoMap, type Value } from '../../server/src/service/gotemplate/index';
import { readGoYaml } from '../../server/src/service/helmfuncs/goyaml';
import { toJson } from '../helmrender/support';

const VALUES = `# a chart's values
image:
  repository: "bitnami/nginx"
  tag: 1.25   # the float Helm reads
  pullSecrets: []
service:
  type: ClusterIP
  ports: {http: 80, https: 443}
  nodePort:
ports:
  - 8080
  - name: metrics
    port: 9090
  # a comment between items
config: |
  listen 8080;

banner: >-
  folded
  text
keep: |+
  kept

defaults: &defaults
  replicas: 1
  annotations: {}
worker:
  <<: *defaults
  replicas: 3
copy: *defaults
`;

function read(text: string): { values: GoMap; origins: Origins; slice: (container: Value, key: string | number, part?: 'value') => string | undefined } {
  const origins = new Origins();
  const read = readGoYaml(text, { origins, uri: 'values.yaml', documents: 'single' });
  if (!read || !(read.value instanceof Map)) throw new Error('not read');
  const slice = (container: Value, key: string | number, part?: 'value') => {
    const origin = origins.get(container, key);
    const span = part ? origin?.value : origin?.span;
    return span && text.slice(span.start, span.end);
  };
  return { values: read.value, origins, slice };
}

describe('YAML from events', () => {
  it('reads the values Helm reads: YAML 1.1 scalars through JSON, merges and aliases copied', () => {
    const { values } = read(VALUES);
    expect(toJson(values)).toEqual({
      image: { repository: 'bitnami/nginx', tag: 1.25, pullSecrets: [] },
      service: { type: 'ClusterIP', ports: { http: 80, https: 443 }, nodePort: null },
      ports: [8080, { name: 'metrics', port: 9090 }],
      config: 'listen 8080;\n',
      banner: 'folded text',
      keep: 'kept\n\n',
      defaults: { replicas: 1, annotations: {} },
      worker: { replicas: 3, annotations: {} },
      copy: { replicas: 1, annotations: {} },
    });
    const copy = values.get('copy');
    expect(copy).not.toBe(values.get('defaults'));
  });

  it('records each entry from its key to the end of its value, as the editor shows it', () => {
    const { values, origins, slice } = read(VALUES);
    const image = values.get('image')!;
    expect(slice(image, 'repository')).toBe('repository: "bitnami/nginx"');
    expect(slice(image, 'repository', 'value')).toBe('"bitnami/nginx"');
    expect(slice(image, 'tag')).toBe('tag: 1.25');
    expect(slice(values.get('service')!, 'ports', 'value')).toBe('{http: 80, https: 443}');
    expect(slice((values.get('service') as GoMap).get('ports')!, 'https')).toBe('https: 443');
    // An empty value stands where it would be written.
    expect(slice(values.get('service')!, 'nodePort')).toBe('nodePort:');
    expect(slice(values.get('ports')!, 1)).toBe('name: metrics\n    port: 9090\n');
    // A block scalar from its indicator; its blank lines are the next key's unless kept.
    expect(slice(values, 'config', 'value')).toBe('|\n  listen 8080;\n');
    expect(slice(values, 'keep', 'value')).toBe('|+\n  kept\n\n');
    // A block collection ends with the line of its last value.
    expect(slice(values, 'image')).toBe('image:\n  repository: "bitnami/nginx"\n  tag: 1.25   # the float Helm reads\n  pullSecrets: []\n');
    // Merged entries keep the place they were written; an alias is the place of the alias.
    expect(slice(values.get('worker')!, 'annotations')).toBe('annotations: {}');
    expect(slice(values.get('worker')!, 'replicas')).toBe('replicas: 3');
    expect(slice(values, 'copy', 'value')).toBe('*defaults');
    expect(slice(values.get('copy')!, 'replicas')).toBe('replicas: 1');
    expect(origins.get(values.get('copy')!, 'replicas')?.path).toBe('copy.replicas');
  });

  it('moves every place by the offset of a part read alone', () => {
    const origins = new Origins();
    const read = readGoYaml('port: 80\n', { origins, uri: 'v.yaml', offset: 100, documents: 'single' });
    expect(origins.get(read!.value, 'port')).toEqual({ uri: 'v.yaml', span: { start: 100, end: 108 }, path: 'port', value: { start: 106, end: 108 } });
  });

  it('writes map keys as JSON has them', () => {
    const read = readGoYaml('1: a\n1.5: b\n0x10: c\ntrue: d\n"quoted": e\n', { documents: 'single' });
    expect([...(read!.value as GoMap).keys()]).toEqual(['1', '1.5', '16', 'true', 'quoted']);
  });

  it('reads an empty document as null, and the first document when told to', () => {
    expect(readGoYaml('', { documents: 'single' })).toEqual({ value: null });
    expect(readGoYaml('# only a comment\n', { documents: 'single' })).toEqual({ value: null });
    expect(toJson(readGoYaml('a: 1\n---\nb: 2\n', { documents: 'first' })!.value)).toEqual({ a: 1 });
  });

  it('refuses a document whose aliases expand it a billion times, as go-yaml v2 does', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    expect(readGoYaml(laughs, { documents: 'single' })).toEqual({ value: null, error: 'document contains excessive aliasing' });
    // Aliases used as charts use them are read.
    expect(readGoYaml(VALUES, { documents: 'single' })?.error).toBeUndefined();
  });

  it.each([
    ['a syntax error', 'a: [1, 2\n'],
    ['a tag it does not resolve', 'a: !!int "3"\n'],
    ['a directive', '%YAML 1.1\n---\na: 1\n'],
    ['a key that is a collection', '? [a, b]\n: 1\n'],
    ['a null key', '~: 1\n'],
    ['an infinity, which JSON cannot hold', 'a: .inf\n'],
    ['an alias to no anchor', 'a: *nowhere\n'],
    ['a second document where one is expected', 'a: 1\n---\nb: 2\n'],
  ])('leaves %s to the yaml package', (_, text) => {
    expect(readGoYaml(text, { documents: 'single' })).toBeUndefined();
  });
});
