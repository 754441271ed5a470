// Values as Helm coalesces them: each case of cases.ts (a chart, -f files, --set and
// --set-string) gives the .Values and the enabled subcharts that helm v4 gives for it; values
// keep the place they were written (their origin).

import { describe, expect, it } from 'vitest';
import { VALUES_CASES } from './cases';
import { render, toJson } from './support';

describe('values coalesced as helm coalesces them', () => {
  for (const c of VALUES_CASES) {
    it(c.name, () => {
      const r = render(c.files, {
        values: {
          files: (c.valuesFiles ?? []).map((text, i) => ({ uri: `user-${i}.yaml`, text })),
          ...(c.set ? { set: c.set } : {}),
          ...(c.setString ? { setString: c.setString } : {}),
        },
      });
      expect(r.problems).toEqual([]);
      expect(toJson(r.values)).toEqual(c.values);
      expect(r.root.dependencies.map((d) => d.name).sort()).toEqual(c.subcharts);
    });
  }
});

describe('origins', () => {
  it('a value keeps the file and span where it was written, through a subchart and global', () => {
    const values = 'global:\n  region: eu\nsub:\n  port: 80\n';
    const r = render({
      'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n',
      'values.yaml': values,
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 1.0.0\n',
      'charts/sub/values.yaml': 'port: 8080\nname: sub\n',
    });
    const sub = r.values.get('sub') as Map<string, never>;
    const port = r.origins.get(sub, 'port')!;
    expect(port.uri).toBe('/chart/values.yaml');
    expect(values.slice(port.span.start, port.span.end)).toBe('port: 80');
    expect(r.origins.get(sub, 'name')?.uri).toBe('/chart/charts/sub/values.yaml');
    const region = r.origins.get(sub.get('global') as unknown as Map<string, never>, 'region')!;
    expect(values.slice(region.span.start, region.span.end)).toBe('region: eu');
  });

  it('--set values name the setting and the span of their entry', () => {
    const r = render({ 'Chart.yaml': 'apiVersion: v2\nname: app\nversion: 1.0.0\n', 'values.yaml': 'a: {b: 1}\n' }, { values: { set: [{ uri: 'portolan.helm.set[0]', text: 'x=1,a.b=2' }] } });
    const origin = r.origins.get(r.values.get('a')!, 'b')!;
    expect(origin.uri).toBe('portolan.helm.set[0]');
    expect('x=1,a.b=2'.slice(origin.span.start, origin.span.end)).toBe('a.b=2');
    expect(r.values.get('x')).toBe(1n);
  });
});
